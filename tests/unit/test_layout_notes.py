"""Notes-shorthand layout: every line and date form, OCR noise, chrome lines, detection."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.render import notes as notes_builder
from ingest.read import notes
from schema.models import OcrLine, OcrPage, OcrWord, SessionDraft

pytestmark = pytest.mark.unit

NOTE = """\
9:41 87%
< Notes
Share Done
Edited 9:14 PM
Push day
2026-02-07
Bench press 3x8 @ 60kg
Squat 5x5 100kg
Pull-ups 3x10
DB curls 3 x 12 @ 15 lb
Plank 3x60s
felt strong today
"""


def parse_text(text: str) -> SessionDraft:
    return notes.parse(OcrPage.from_text(text))


def one_exercise(line: str) -> tuple[str, list[tuple[int | None, float | None, str | None]]]:
    draft = parse_text(f"2026-02-07\n{line}")
    assert len(draft.exercises) == 1, (line, draft.warnings)
    ex = draft.exercises[0]
    return ex.raw_name, [(s.reps, s.weight, s.unit) for s in ex.sets]


def test_whole_note() -> None:
    draft = parse_text(NOTE)
    assert draft.layout == "notes"
    assert draft.title == "Push day"
    assert draft.performed_on == date(2026, 2, 7)
    assert [e.raw_name for e in draft.exercises] == [
        "Bench press",
        "Squat",
        "Pull-ups",
        "DB curls",
        "Plank",
    ]
    assert [len(e.sets) for e in draft.exercises] == [3, 5, 3, 3, 3]
    assert draft.warnings == []
    assert not draft.needs_review
    assert draft.confidence > 0.9


@pytest.mark.parametrize(
    ("line", "name", "sets"),
    [
        ("Bench press 3x8 @ 60kg", "Bench press", [(8, 60.0, "kg")] * 3),
        ("Squat 5x5 100kg", "Squat", [(5, 100.0, "kg")] * 5),
        ("Pull-ups 3x10", "Pull-ups", [(10, None, None)] * 3),
        ("DB curls 3 x 12 @ 15 lb", "DB curls", [(12, 15.0, "lb")] * 3),
        ("Deadlift 1x5 @ 140 kg", "Deadlift", [(5, 140.0, "kg")]),
        ("OHP 3x8 40kg", "OHP", [(8, 40.0, "kg")] * 3),
        ("Dips 3x12", "Dips", [(12, None, None)] * 3),
        ("OHP 3×8 40kg", "OHP", [(8, 40.0, "kg")] * 3),
        ("Incline DB press 4X10 @ 22.5kg", "Incline DB press", [(10, 22.5, "kg")] * 4),
        ("Leg press 2 x 15 @ 62,5 kg", "Leg press", [(15, 62.5, "kg")] * 2),
        ("Bench 60kg 3x8", "Bench", [(8, 60.0, "kg")] * 3),
        ("Pull-ups 3x8 +10kg", "Pull-ups", [(8, 10.0, "kg")] * 3),
        ("Squat: 3x5 225 lbs", "Squat", [(5, 225.0, "lb")] * 3),
    ],
)
def test_line_forms(line: str, name: str, sets: list[tuple[int, float | None, str | None]]) -> None:
    assert one_exercise(line) == (name, sets)


@pytest.mark.parametrize(
    ("line", "sets"),
    [
        ("DB curls 3x12 @ 15 |b", [(12, 15.0, "lb")] * 3),
        ("DB curls 3x12 @ 15 Ib", [(12, 15.0, "lb")] * 3),
        ("Squat 3}x5 100kg", [(5, 100.0, "kg")] * 3),
        ("Bench press 3x8 © 60kg", [(8, 60.0, "kg")] * 3),
        ("Bench press 3x8 @ 60 kq", [(8, 60.0, "kg")] * 3),
        ("Dips3x5", [(5, None, None)] * 3),
        ("Bench press 3xB @ 60kg", None),
        ("OHP 2x 312.5 kg", None),
    ],
)
def test_ocr_noise(line: str, sets: list[tuple[int, float, str]] | None) -> None:
    if sets is None:
        draft = parse_text(f"2026-02-07\n{line}")
        assert draft.exercises == []
        assert draft.needs_review
    else:
        assert one_exercise(line)[1] == sets


def test_timed_sets() -> None:
    draft = parse_text("2026-02-07\nPlank 3x60s")
    sets = draft.exercises[0].sets
    assert [(s.reps, s.duration_s, s.weight) for s in sets] == [(None, 60, None)] * 3


def test_lost_decimal_point() -> None:
    draft = parse_text("2026-02-07\nLeg press 3x8 @ 625kg")
    assert [s.weight for s in draft.exercises[0].sets] == [62.5] * 3
    assert draft.needs_review


def test_weight_without_unit_takes_the_notes_unit() -> None:
    draft = parse_text("2026-02-07\nSquat 3x5 225 lb\nBench 3x8 135")
    assert [(s.weight, s.unit) for s in draft.exercises[1].sets] == [(135.0, "lb")] * 3
    # The note states one unit: taking it is no guess, but the warning says it was taken.
    assert any("assumed lb" in w for w in draft.warnings)
    assert not draft.needs_review
    mixed = parse_text("2026-02-07\nSquat 3x5 100 kg\nRow 3x5 225 lb\nBench 3x8 135")
    assert mixed.needs_review


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-07",
        "2026/02/07",
        "2026.02.07",
        "Feb 7 2026",
        "Feb 7, 2026",
        "February 7th 2026",
        "7 Feb 2026",
        "Sat 7 Feb 2026",
        "Saturday, February 7, 2026",
        "Sat, 7 Feb 2026",
        "13/2/2026",
        "February L7th 2026",
    ],
)
def test_date_forms(text: str) -> None:
    expected = date(2026, 2, 13) if text.startswith("13/") else date(2026, 2, 7)
    if "L7" in text:
        expected = date(2026, 2, 17)
    draft = parse_text(f"{text}\nSquat 5x5 100kg")
    assert draft.performed_on == expected
    assert draft.warnings == []


@pytest.mark.parametrize(("text", "reason"), [("7/2/2026", "ambiguous"), ("Sat 7 Feb", "year")])
def test_ambiguous_or_yearless_dates_are_not_guessed(text: str, reason: str) -> None:
    draft = parse_text(f"{text}\nSquat 5x5 100kg")
    assert draft.performed_on is None
    assert draft.needs_review
    assert any(reason in w for w in draft.warnings)


def test_builder_date_forms_all_parse() -> None:
    day = date(2025, 11, 23)
    for form in range(8):
        assert parse_text(notes_builder.format_date(day, form) + "\nDips 3x12").performed_on == day


def test_non_data_lines_never_become_exercises() -> None:
    draft = parse_text(NOTE)
    names = {e.raw_name for e in draft.exercises}
    for chrome in ("< Notes", "Share Done", "Edited 9:14 PM", "9:41 87%", "felt strong today"):
        assert chrome not in names


def test_title_may_follow_the_date() -> None:
    draft = parse_text("< Notes\nFeb 7 2026\nLeg day\nSquat 5x5 100kg")
    assert draft.title == "Leg day"
    assert parse_text("Feb 7 2026\nSquat 5x5 100kg").title is None


def test_a_misread_exercise_line_is_not_the_title() -> None:
    draft = parse_text("Feb 7 2026\nSide plank 145s\nDips 3x12")
    assert draft.title is None
    assert draft.needs_review
    assert any("Side plank 145s" in w for w in draft.warnings)


def test_a_spoiled_date_is_not_the_title() -> None:
    draft = parse_text("Push\nApril 1Zth 2024\nDips 3x12")
    assert draft.title == "Push"
    assert draft.performed_on is None
    assert draft.needs_review


def test_title_with_glued_letter() -> None:
    assert parse_text("UpperA\n2026-02-07\nSquat 5x5 100kg").title == "Upper A"


def test_word_boxes_from_separate_blocks_are_rejoined() -> None:
    # Tesseract may put `3x8 @ 60kg` in another block than the name on the same row.
    def w(text: str, left: int, top: int) -> OcrWord:
        return OcrWord(text=text, left=left, top=top, width=12 * len(text), height=30)

    page = OcrPage(
        lines=[
            OcrLine(words=(w("2026-02-07", 40, 100),)),
            OcrLine(words=(w("Bench", 40, 200), w("press", 130, 200))),
            OcrLine(words=(w("3x8", 260, 202), w("@", 310, 202), w("60kg", 340, 202))),
        ]
    )
    draft = notes.parse(page)
    assert [(e.raw_name, len(e.sets)) for e in draft.exercises] == [("Bench press", 3)]


STRONG_TEXT = """\
Push Day
Monday, July 19, 2021 at 10:45 AM
Bench Press (Barbell)
Set 1: 60 kg × 8
Set 2: 60 kg × 8
link.strong.app
"""

HEVY_TEXT = """\
Morning workout
Tuesday, Feb 7, 2026 at 7:32pm
Squat (Barbell)
Set 1: 100 kg x 5
@hevyapp
"""

FLEEK_TEXT = """\
가슴 이두
2026.02.07
238 KCAL 54 min 7402 kg
바벨 벤치 프레스
MAX Weight: 60kg | 1RM: 81kg
20 40 60 60
12X 10X 5X 5X
"""


def test_other_apps_set_lines_are_not_shorthand() -> None:
    assert parse_text("Set 5: 25 lb x 5\nSet 4: 205 16 x 1").exercises == []


def test_score_separates_notes_from_other_layouts() -> None:
    assert notes.score(OcrPage.from_text(NOTE)) >= 0.8
    for other in (STRONG_TEXT, HEVY_TEXT, FLEEK_TEXT):
        assert notes.score(OcrPage.from_text(other)) <= 0.2
    assert notes.score(OcrPage()) == 0.0


def test_builder_screens_parse_from_their_own_text() -> None:
    for seed in range(40):
        screen = notes_builder.build(random.Random(seed))
        text = "\n".join(" ".join(c.text for c in row.cells) for row in screen.rows)
        got = parse_text(text).contract_dict()
        for key in ("layout", "title", "performed_on", "exercises"):
            assert got[key] == screen.expected[key], (seed, key)


_TEXT = st.text(
    alphabet=st.sampled_from(list("Benchpress SquatxX×@ 0123456789.,:/-kglbIs|}<\nFebSat")),
    max_size=300,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    page = OcrPage.from_text(text)
    draft = notes.parse(page)
    assert 0.0 <= draft.confidence <= 1.0
    assert 0.0 <= notes.score(page) <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_unicode(text: str) -> None:
    notes.parse(OcrPage.from_text(text))
    notes.score(OcrPage.from_text(text))
