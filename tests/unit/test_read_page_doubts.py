"""A card's icon before every name is stripped; a lone one, a lost sign on an assisted
weight and a status bar's clock as title are doubted. Hand-made drafts and OCR rows.

Pins: most names (at least 2) of a page beginning with one short icon token (`O`, `O)`,
`CO)`, `@`) lose it, and an equipment suffix it cost its `)` gets it back; real short
name parts (`T Bar Row`, `V Squat`, `A1`) are never stripped; one icon token on one name
is a doubt, not a repair; an assisted exercise with no negative weight is doubted; a
title `PM` is doubted.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read import detect
from ingest.read.name_doubts import chrome_title, icon_column
from ingest.read.set_doubts import assisted_sign
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft

pytestmark = pytest.mark.unit

TODAY = date(2026, 2, 8)


def draft_of(*names: str, title: str | None = None) -> SessionDraft:
    exercises = [ExerciseDraft(raw_name=n) for n in names]
    return SessionDraft(layout="hevy", title=title, exercises=exercises)


@pytest.mark.parametrize(
    ("names", "stripped"),
    [
        (["O Chin Up", "O Plank", "O Crunch"], ["Chin Up", "Plank", "Crunch"]),
        (["O) Leg Press", "O Cycling", "Triceps Dip"], ["Leg Press", "Cycling", "Triceps Dip"]),
        (["CO) Push Up", "CO) Arnold Press (Dumbbell"], ["Push Up", "Arnold Press (Dumbbell)"]),
        (["@ Hack Squat", "@ Lateral Raise"], ["Hack Squat", "Lateral Raise"]),
    ],
)
def test_an_icon_column_before_the_names_is_stripped(names: list[str], stripped: list[str]) -> None:
    draft = draft_of(*names)
    assert icon_column(draft) == []
    assert [e.raw_name for e in draft.exercises] == stripped


@pytest.mark.parametrize(
    "names",
    [
        ["T Bar Row", "V Squat", "Z Press"],
        ["A1 Bench Press", "A2 Row", "B1 Curl"],
        ["Chin Up (Assisted)", "Plank", "Crunch"],
    ],
)
def test_real_short_name_parts_are_kept_and_not_doubted(names: list[str]) -> None:
    draft = draft_of(*names)
    assert icon_column(draft) == []
    assert [e.raw_name for e in draft.exercises] == names


def test_a_lone_icon_token_is_doubted_not_stripped() -> None:
    draft = draft_of("O) Leg Press", "Cycling", "Triceps Dip")
    found = icon_column(draft)
    assert [(f.kind, f.severity, f.where.exercise) for f in found] == [("name.icon", "doubt", 0)]
    assert draft.exercises[0].raw_name == "O) Leg Press"


def test_an_assisted_exercise_with_no_minus_is_doubted() -> None:
    lost = ExerciseDraft(raw_name="Pull Up (Assisted)", sets=[SetDraft(reps=9, weight=35.0)])
    kept = ExerciseDraft(raw_name="Dip (Assisted)", sets=[SetDraft(reps=9, weight=-35.0)])
    body = ExerciseDraft(raw_name="Chin Up (Assisted)", sets=[SetDraft(reps=9)])
    plain = ExerciseDraft(raw_name="Pull Up", sets=[SetDraft(reps=9, weight=35.0)])
    draft = SessionDraft(layout="generic", exercises=[lost, kept, body, plain])
    assert [(f.kind, f.where.exercise) for f in assisted_sign(draft)] == [
        ("weight.assisted_sign", 0)
    ]


def test_a_lost_sign_on_an_assisted_page_sends_the_read_to_review() -> None:
    page = OcrPage.from_text("Back\n2026-02-07\nPull Up (Assisted)\n35 lb x 9\n45 lb x 8")
    draft = detect.parse_page(page, today=TODAY)
    assert draft.exercises[0].sets[0].weight == 35.0
    assert draft.needs_review


@pytest.mark.parametrize(("title", "doubted"), [("PM", True), ("a.m.", True), ("Pull day", False)])
def test_a_lone_time_word_as_title_is_doubted(title: str, doubted: bool) -> None:
    assert bool(chrome_title(draft_of("Squat", title=title))) is doubted
