"""Hevy share text and app screens (a SET / WEIGHT & REPS table), from plain text."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read import hevy
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

SHARE = """\
Morning Workout
Tuesday, Feb 7, 2026 at 7:32pm
Bench Press (Barbell)
Warm-up Set: 20 kg x 10
Set 1: 60 kg x 10
Set 2: 60 kg x 8 @ 8.5 rpe
Drop Set: 40 kg x 12
Failure Set: 60 kg x 3
Push Up
Set 1: 10 reps
Plank
Set 1: 1min 53s
Set 2: 45s
@hevyapp
https://hevy.com/workout/abc123
"""


def test_share_text() -> None:
    draft = hevy.parse(OcrPage.from_text(SHARE))
    assert draft.layout == "hevy"
    assert draft.title == "Morning Workout"
    assert draft.performed_on == date(2026, 2, 7)
    assert [e.raw_name for e in draft.exercises] == ["Bench Press (Barbell)", "Push Up", "Plank"]
    bench = draft.exercises[0].sets
    assert [(s.weight, s.reps, s.set_type) for s in bench] == [
        (20.0, 10, "warmup"),
        (60.0, 10, "working"),
        (60.0, 8, "working"),
        (40.0, 12, "drop"),
        (60.0, 3, "failure"),
    ]
    assert bench[2].rpe == 8.5
    assert draft.exercises[1].sets[0].reps == 10
    assert [s.duration_s for s in draft.exercises[2].sets] == [113, 45]
    assert not draft.needs_review


def _cells(top: int, *cells: tuple[str, int]) -> list[OcrLine]:
    # One OcrLine per cell, as tesseract returns columns in separate blocks.
    lines = []
    for text, left in cells:
        words = tuple(
            OcrWord(text=t, left=left + 70 * i, top=top, width=60, height=28)
            for i, t in enumerate(text.split())
        )
        lines.append(OcrLine(words=words))
    return lines


def test_app_table_with_badges_in_a_separate_column() -> None:
    lines = [
        *_cells(10, ("2:24", 60), ("62%", 700)),
        *_cells(90, ("Afternoon Workout", 40)),
        *_cells(140, ("Tuesday, Feb 15, 2022 at 9:30pm", 40)),
        *_cells(200, ("Duration", 40), ("Volume", 300), ("Sets", 560)),
        *_cells(240, ("1h 47min", 40), ("17,242 lb", 300), ("21", 560)),
        *_cells(300, ("Triceps Rope Pushdown", 40)),
        *_cells(350, ("SEE", 40), ("WEIGHT & REPS", 160)),
        *_cells(400, ("Ww", 60), ("137.5 ID x 9", 160)),
        *_cells(450, ("1", 60), ("280 Ib x 1", 160)),
        *_cells(500, ("D", 60), ("260 |b x 11", 160)),
        *_cells(550, ("2", 60), ("90IDbx9@8rpe", 160)),
        *_cells(600, ("Home Workout Profile", 40)),
    ]
    page = OcrPage(lines=lines, width=828, height=1400, mean_conf=88)
    draft = hevy.parse(page)
    assert draft.title == "Afternoon Workout"
    assert [e.raw_name for e in draft.exercises] == ["Triceps Rope Pushdown"]
    sets = draft.exercises[0].sets
    assert [(s.weight, s.unit, s.reps, s.set_type, s.rpe) for s in sets] == [
        (137.5, "lb", 9, "warmup", None),
        (280.0, "lb", 1, "working", None),
        (260.0, "lb", 11, "drop", None),
        (90.0, "lb", 9, "working", 8.0),
    ]
    assert hevy.score(page) > 0.9


def test_score_needs_hevy_markers() -> None:
    assert hevy.score(OcrPage.from_text(SHARE)) > 0.9
    assert hevy.score(OcrPage.from_text("Squat\nSet 1: 100 kg x 5")) < 0.3


def test_a_hevy_workout_without_a_date_needs_review() -> None:
    page = OcrPage.from_text("Upper A\nSquat (Barbell)\nSET WEIGHT & REPS\n1 100 kg x 5\n")
    draft = hevy.parse(page)
    assert draft.performed_on is None
    assert draft.needs_review
