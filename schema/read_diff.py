"""What a new read changed, compared with the old one (pure): for re-parse summaries.

Exercises are matched by position and sets by their reference (`r<N>`, the
reader's position), the same way corrections find their rows in a new read.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from schema.corrected import SET_FIELDS, ExerciseView, SessionView, SetView

HEADER_FIELDS = ("layout", "title", "performed_on", "duration_min")


class ReadChange(BaseModel):
    """How one session's read changed, and its review state before and after."""

    session_id: int
    changed: bool = False
    header: list[str] = Field(default_factory=list)
    exercises_added: int = 0
    exercises_removed: int = 0
    renamed: int = 0
    sets_added: int = 0
    sets_removed: int = 0
    sets_changed: int = 0
    review_before: bool = False
    review_after: bool = False
    reasons: list[str] = Field(default_factory=list)
    error: str | None = None


def _values(s: SetView) -> tuple[object, ...]:
    return tuple(getattr(s, f) for f in SET_FIELDS)


def _sets(change: ReadChange, old: ExerciseView | None, new: ExerciseView | None) -> None:
    old_sets = {s.ref: s for s in old.sets} if old else {}
    new_sets = {s.ref: s for s in new.sets} if new else {}
    change.sets_added += len(new_sets.keys() - old_sets.keys())
    change.sets_removed += len(old_sets.keys() - new_sets.keys())
    change.sets_changed += sum(
        1
        for ref in old_sets.keys() & new_sets.keys()
        if _values(old_sets[ref]) != _values(new_sets[ref])
    )


def diff_reads(old: SessionView, new: SessionView) -> ReadChange:
    """The differences between two reads of a session (review states left False)."""
    change = ReadChange(session_id=new.id)
    change.header = [f for f in HEADER_FIELDS if getattr(old, f) != getattr(new, f)]
    old_ex = {e.pos: e for e in old.exercises}
    new_ex = {e.pos: e for e in new.exercises}
    change.exercises_added = len(new_ex.keys() - old_ex.keys())
    change.exercises_removed = len(old_ex.keys() - new_ex.keys())
    change.renamed = sum(
        1 for p in old_ex.keys() & new_ex.keys() if old_ex[p].raw_name != new_ex[p].raw_name
    )
    for pos in old_ex.keys() | new_ex.keys():
        _sets(change, old_ex.get(pos), new_ex.get(pos))
    change.changed = bool(
        change.header
        or change.exercises_added
        or change.exercises_removed
        or change.renamed
        or change.sets_added
        or change.sets_removed
        or change.sets_changed
        or old.warnings != new.warnings
        or old.read_needs_review != new.read_needs_review
    )
    return change
