"""`schema.corrected.apply`: corrections replayed on a read, and what no longer fits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from schema.corrected import (
    CorrectionEvent,
    ExerciseView,
    SessionView,
    SetView,
    apply,
    conflict_text,
)
from schema.correction_values import clean_set, clean_value, duration_seconds

pytestmark = pytest.mark.unit


def _read(
    *, needs_review: bool = True, revision: int = 1, weights: tuple[float, ...] = (60, 70)
) -> SessionView:
    sets = [
        SetView(ref=f"r{i}", set_id=10 + i, weight=w, unit="kg", reps=5)
        for i, w in enumerate(weights)
    ]
    return SessionView(
        id=1,
        upload_id=1,
        layout="strong",
        revision=revision,
        title="Push",
        performed_on=date(2026, 1, 5),
        read_needs_review=needs_review,
        exercises=[
            ExerciseView(pos=0, exercise_id=5, raw_name="Bnch Pres", name="Bnch Pres", sets=sets)
        ],
    )


def _event(id: int, action: str, **kw: Any) -> CorrectionEvent:
    fields: dict[str, Any] = {"target": "set", "exercise_pos": 0, "client": "web", "revision": 1}
    fields.update(kw)
    return CorrectionEvent(id=id, session_id=1, action=action, **fields)


def test_an_edit_replaces_the_value_and_the_read_stays() -> None:
    read = _read()
    out = apply(read, [_event(1, "edit", set_ref="r1", field="weight", before=70, after=72.5)])
    assert [s.weight for s in out.exercises[0].sets] == [60, 72.5]
    assert out.exercises[0].sets[1].corrected == {"weight": 1}
    assert read.exercises[0].sets[1].weight == 70
    assert out.needs_review and not out.conflicts


def test_accept_clears_review_and_undo_brings_it_back() -> None:
    accept = _event(2, "accept", target="session", exercise_pos=None, after={"revision": 1})
    assert not apply(_read(), [accept]).needs_review
    undo = _event(3, "undo", target="session", exercise_pos=None, undoes=2)
    assert apply(_read(), [accept, undo]).needs_review


def test_an_accept_of_an_older_revision_does_not_clear_a_new_read() -> None:
    accept = _event(2, "accept", target="session", exercise_pos=None, after={"revision": 1})
    assert apply(_read(revision=2), [accept]).needs_review


def test_add_delete_and_reorder_sets() -> None:
    events = [
        _event(1, "add_set", after={"weight": 80, "unit": "kg", "reps": 3}),
        _event(2, "delete_set", set_ref="r0", before={"weight": 60, "unit": "kg", "reps": 5}),
        _event(3, "move_set", target="exercise", before=["r1", "c1"], after=["c1", "r1"]),
    ]
    out = apply(_read(needs_review=False), events)
    assert [(s.ref, s.weight) for s in out.exercises[0].sets] == [("c1", 80), ("r1", 70)]
    assert not out.conflicts and not out.needs_review


def test_a_new_read_that_changed_the_corrected_value_goes_back_to_review() -> None:
    edit = _event(1, "edit", set_ref="r1", field="weight", before=70, after=72.5)
    accept = _event(2, "accept", target="session", exercise_pos=None, after={"revision": 1})
    out = apply(_read(revision=2, needs_review=False, weights=(60, 75)), [edit, accept])
    assert out.exercises[0].sets[1].weight == 72.5  # the hand value wins
    assert out.needs_review
    (conflict,) = out.conflicts
    assert conflict.kind == "correction.read_changed"
    assert conflict.evidence["read"] == 75
    assert "says 75" in conflict_text(conflict)


def test_a_new_read_that_agrees_with_the_correction_is_no_conflict() -> None:
    edit = _event(1, "edit", set_ref="r1", field="weight", before=70, after=72.5)
    out = apply(_read(revision=2, needs_review=False, weights=(60, 72.5)), [edit])
    assert not out.conflicts and not out.needs_review


def test_a_correction_whose_row_vanished_is_reported() -> None:
    edit = _event(1, "edit", set_ref="r1", field="reps", before=5, after=6)
    out = apply(_read(revision=2, needs_review=False, weights=(60,)), [edit])
    assert [c.kind for c in out.conflicts] == ["correction.target_missing"]
    assert out.needs_review
    assert "is gone" in conflict_text(out.conflicts[0])


def test_session_and_name_edits() -> None:
    events = [
        _event(
            1,
            "edit",
            target="session",
            exercise_pos=None,
            field="performed_on",
            before="2026-01-05",
            after="2026-01-06",
        ),
        _event(2, "edit", target="exercise", field="name", before="Bnch Pres", after="Bench Press"),
    ]
    out = apply(_read(), events)
    assert out.performed_on == date(2026, 1, 6)
    assert out.exercises[0].name == "Bench Press"
    assert out.exercises[0].raw_name == "Bnch Pres"
    assert not out.conflicts


def test_values_are_checked() -> None:
    assert clean_value("set", "weight", "62,5") == 62.5
    assert clean_value("set", "weight", "") is None
    assert clean_value("set", "unit", "LB") == "lb"
    assert duration_seconds("1:35") == 95
    assert clean_set({"weight": "100", "reps": "5"}) == {
        "weight": 100.0,
        "reps": 5,
        "set_type": "working",
        "unit": "kg",
    }
    for target, field, raw in (
        ("set", "reps", "2.5"),
        ("set", "rpe", "11"),
        ("set", "set_type", "heavy"),
        ("session", "performed_on", "5 Jan"),
        ("exercise", "name", " "),
        ("set", "raw_line", "x"),
    ):
        with pytest.raises(ValueError):
            clean_value(target, field, raw)
