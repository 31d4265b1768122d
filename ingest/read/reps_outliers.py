"""Reps far beyond the exercise's other sets: a digit OCR added or misread, doubted.

`3回` read as `83`, `13` as `183`: the reading is a set like any other, and nothing in
the row tells it is wrong. The exercise does: its other working sets show how many
reps this lifter does at that weight. A set of many reps (`_MANY`) at least `_TIMES`
the others' median is doubted (a finding) and kept as read: a person looks.
"""

from __future__ import annotations

from statistics import median

from ingest.read.findings import finding
from schema.models import Finding, SessionDraft, Where

_MANY = 30
_TIMES = 4


def outlier_reps(draft: SessionDraft) -> list[Finding]:
    """A doubt for each weighted set whose reps are many and `_TIMES` the others' median."""
    found: list[Finding] = []
    for index, exercise in enumerate(draft.exercises):
        weighted = [
            (i, s.reps)
            for i, s in enumerate(exercise.sets)
            if s.reps is not None and s.weight and s.set_type != "warmup"
        ]
        for i, reps in weighted:
            others = [r for j, r in weighted if j != i]
            if not others or reps < _MANY or reps < _TIMES * median(others):
                continue
            sentence = f"{reps} reps beside sets of {median(others):g}: a digit misread?"
            found.append(finding("reps.outlier", "doubt", sentence, Where(exercise=index, set=i)))
    return found
