"""Repairs of one exercise's sets against each other, in the order they run.

Each repair changes the sets in place and returns one sentence per change; here each
becomes a finding of the repair's kind and severity (a value guessed from the other
sets is a `guess`, a value left alone but out of pattern a `doubt`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.read.common import fix_lost_decimals
from ingest.read.findings import finding
from ingest.read.repairs import flag_outliers
from ingest.read.set_types import (
    fix_lost_badges,
    fix_o_badge_drops,
    flag_unknown_badges,
)
from schema.models import ExerciseDraft, Finding, SetDraft, Severity, Where

Repair = Callable[[list[SetDraft]], list[str]]

# (kind, severity, repair): the table of set repairs, run in this order.
REPAIRS: tuple[tuple[str, Severity, Repair], ...] = (
    ("weight.lost_point", "guess", fix_lost_decimals),
    ("badge.o_as_number", "guess", fix_o_badge_drops),
    ("badge.unreadable", "guess", flag_unknown_badges),
    ("badge.lost", "guess", fix_lost_badges),
    ("value.outlier", "doubt", flag_outliers),
)

# Marks no exercise name holds (`Re @platcas` for `Leg Press`): the header is garbled.
_NOT_A_NAME = re.compile(r"[@#$%^*=<>{}\[\]|~\\§©®]")


def repair_exercise(exercise: ExerciseDraft, index: int) -> list[Finding]:
    """Run every set repair over one exercise; the findings they make."""
    where = Where(exercise=index)
    found: list[Finding] = []
    if _NOT_A_NAME.search(exercise.raw_name):
        sentence = f"exercise name outside the exercise's pattern: {exercise.raw_name!r}"
        found.append(finding("name.garbled", "doubt", sentence, where))
    for kind, severity, repair in REPAIRS:
        found.extend(finding(kind, severity, s, where) for s in repair(exercise.sets))
    return found
