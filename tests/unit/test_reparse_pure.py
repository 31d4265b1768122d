"""Re-parse's pure parts: what a new read changed, and a stitched session's parts combined."""

from __future__ import annotations

import pytest

from schema.models import ExerciseDraft, SessionDraft, SetDraft
from schema.read_diff import diff_reads
from workers.reparse import draft_view
from workers.reparse_parts import combine_parts

pytestmark = pytest.mark.unit


def _draft(*exercises: tuple[str, list[float]], review: bool = False) -> SessionDraft:
    return SessionDraft(
        layout="strong",
        title="Legs",
        needs_review=review,
        exercises=[
            ExerciseDraft(raw_name=n, sets=[SetDraft(weight=w, unit="kg", reps=5) for w in ws])
            for n, ws in exercises
        ],
    )


def test_diff_counts_sets_added_removed_and_changed() -> None:
    old = draft_view(1, 1, 1, _draft(("Squat", [100, 100, 100]), ("Lunge", [20])))
    new = draft_view(1, 1, 2, _draft(("Squat", [100, 110]), ("Lunge", [20, 20]), ("Calf", [50])))
    change = diff_reads(old, new)
    assert change.changed
    assert (change.sets_added, change.sets_removed, change.sets_changed) == (2, 1, 1)
    assert (change.exercises_added, change.exercises_removed, change.renamed) == (1, 0, 0)
    assert not diff_reads(old, old).changed


def test_a_new_review_flag_alone_is_a_change() -> None:
    old = draft_view(1, 1, 1, _draft(("Squat", [100])))
    new = draft_view(1, 1, 2, _draft(("Squat", [100]), review=True))
    assert diff_reads(old, new).changed


def test_parts_are_combined_as_stitching_does() -> None:
    first = _draft(("Squat", [100, 100]), ("Lunge", [20]))
    second = _draft(("Lunge", [20, 22]), ("Calf", [50]), review=True)
    combined = combine_parts([first, second], str.lower)
    assert [(e.raw_name, [s.weight for s in e.sets]) for e in combined.exercises] == [
        ("Squat", [100, 100]),
        ("Lunge", [20, 22]),
        ("Calf", [50]),
    ]
    assert combined.needs_review
    assert combine_parts([first], str.lower) is first
