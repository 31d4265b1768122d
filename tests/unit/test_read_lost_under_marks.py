"""What OCR lost under a mark, doubted: a set row (the gap after an exercise's last set, to
the next name, holds a row more than the gap from that name to its first set), a weight
cell (one set unloaded amid weighted ones), a note's line (a gap above its first exercise
line). Hand-made rows of word boxes, no OCR."""

from __future__ import annotations

import pytest

from ingest.read import detect
from ingest.read.set_doubts import lost_rows, weight_lost
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft, Where
from tests.unit.word_rows import line

pytestmark = pytest.mark.unit


def _page(after_last_set: int) -> OcrPage:
    """A shared workout: rows 45 apart, a name 70 below its exercise's last set,
    `after_last_set` more below the second exercise's last set."""
    rows = [
        (20, "40:Push day"),
        (55, "40:Friday, Nov 28, 2025 at 1:17pm"),
        (100, "40:Bench Press (Barbell)"),
        (145, "40:Set 1: 60 kg x 8"),
        (190, "40:Set 2: 60 kg x 8"),
        (260, "40:Romanian Deadlift (Barbell)"),
        (305, "40:Set 1: 67.5 kg x 8"),
        (350, "40:Set 2: 67.5 kg x 10"),
        (350 + after_last_set, "40:Reverse Fly (Cable)"),
        (395 + after_last_set, "40:Set 1: 40 kg x 4"),
        (440 + after_last_set, "40:Set 2: 40 kg x 11"),
        (520 + after_last_set, "40:@hevyapp"),
    ]
    lines = [line(spec, top=top) for top, spec in rows]
    return OcrPage(lines=lines, width=800, height=700, mean_conf=95)


def test_a_row_lost_before_the_next_name_sends_the_page_to_review() -> None:
    page = _page(after_last_set=70 + 45)
    draft = detect.parse_page(page)
    assert [len(e.sets) for e in draft.exercises] == [2, 2, 2]
    found = lost_rows(draft, page)
    assert [(f.kind, f.severity, f.where.exercise) for f in found] == [("sets.row_gap", "doubt", 1)]
    assert "sets.row_gap" in [f.kind for f in draft.findings]
    assert draft.needs_review


def test_names_at_the_page_s_usual_gap_raise_no_doubt() -> None:
    page = _page(after_last_set=70)
    draft = detect.parse_page(page)
    assert [len(e.sets) for e in draft.exercises] == [2, 2, 2]
    assert lost_rows(draft, page) == []
    assert not draft.needs_review


def _sets(*weights: float | None) -> SessionDraft:
    sets = [SetDraft(reps=8, weight=w, unit="lb" if w else None) for w in weights]
    return SessionDraft(layout="generic", exercises=[ExerciseDraft(raw_name="Ohp", sets=sets)])


def test_a_set_without_the_weight_its_exercise_s_sets_have_is_doubted() -> None:
    found = weight_lost(_sets(45.0, 45.0, None, 65.0))
    assert [(f.kind, f.severity, f.where) for f in found] == [
        ("weight.lost", "doubt", Where(exercise=0, set=2))
    ]


@pytest.mark.parametrize("weights", [(None, None, None), (45.0, None), (45.0, 45.0, 50.0)])
def test_bodyweight_sets_and_a_single_weighted_one_are_not_doubted(
    weights: tuple[float | None, ...],
) -> None:
    assert weight_lost(_sets(*weights)) == []


def _note(first_exercise_at: int) -> OcrPage:
    """A note of one line per exercise, 40 apart, under a title and a date."""
    rows = [(195, "40:Push day"), (235, "40:February 1st 2024")]
    texts = ["OHP 5x6 @ 34kg", "Cable fly 4x10 @ 30kg", "Leg press 165kg x11, 9, 8, 6"]
    rows += [(first_exercise_at + 40 * i, f"40:{text}") for i, text in enumerate(texts)]
    return OcrPage(lines=[line(s, top=t) for t, s in rows], width=800, height=500, mean_conf=95)


def test_a_line_lost_above_a_note_s_first_exercise_sends_it_to_review() -> None:
    page = _note(first_exercise_at=235 + 105)
    draft = detect.parse_page(page)
    assert [e.raw_name for e in draft.exercises] == ["OHP", "Cable fly", "Leg press"]
    assert [f.kind for f in lost_rows(draft, page)] == ["exercises.line_gap"]
    assert draft.needs_review


def test_a_note_s_first_exercise_a_line_and_a_margin_below_its_date_raises_no_doubt() -> None:
    page = _note(first_exercise_at=235 + 60)
    draft = detect.parse_page(page)
    assert [e.raw_name for e in draft.exercises] == ["OHP", "Cable fly", "Leg press"]
    assert lost_rows(draft, page) == []
    assert not draft.needs_review
