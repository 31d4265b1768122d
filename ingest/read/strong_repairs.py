"""Strong's estimated 1RM column: `1 130 kg x 3 143` (Epley: 130 * (1 + 3/30) = 143).

Other apps print no such column, so set rows that agree with it mark a Strong screen
(`strong.one_rm_rows`), and a row read again from the other sets is kept only when
its own 1RM agrees (`agrees_with_one_rm`).
"""

from __future__ import annotations

import re

from ingest.read.common import normalize_set_text
from ingest.read.one_rm import one_rm_estimate
from schema.models import Finding, SetDraft

# An app-screen set row: `1 130 kg x 3 143`, `W 20lbx9 26`; the last number is Strong's 1RM.
ONE_RM_ROW = re.compile(
    r"(?P<w>\d+(?:[.,]\d+)?) (?P<u>kg|lb) x (?P<r>\d{1,2})(?: @ \d+(?:[.,]\d+)?)? (?P<orm>\d{1,4})$"
)


def agrees_with_one_rm(s: SetDraft) -> bool:
    """True when the set's row ends in a 1RM (`3 A7T5kgx3 52`) that its weight and reps
    round to: the row's own check on a weight read from elsewhere."""
    m = _TRAILING_ONE_RM.search(normalize_set_text(s.raw_line))
    if not (m and s.weight and s.reps):
        return False
    return abs(one_rm_estimate(s.weight, s.reps) - int(m.group(1))) <= 0.5


# The 1RM column after the reps of an app row (`... x3 52`).
_TRAILING_ONE_RM = re.compile(r"x\s?\d{1,2}(?:\s?@\s?\d+(?:[.,]\d)?)?\s(\d{1,4})$")


def repair_sets(sets: list[SetDraft]) -> list[Finding]:
    """Strong's own repairs of one exercise's sets, in place: one finding per change,
    pointing at its set. The app's hook into the engine; empty today, as the engine's table
    (`ingest.read.exercise_repairs`) and the 1RM re-read cover what Strong needs."""
    del sets
    return []
