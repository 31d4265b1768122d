"""Strong share text and app screens, from plain text (no Tesseract)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read import strong
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

SHARE = """\
Push Day
Monday, July 19, 2021 at 10:45 AM

Bench Press (Barbell)
W: 20 kg × 10
W1: 20 kg × 5 [Warm-up]
Set 1: 60 kg × 3
Set 2: 100 kg × 5 @ 8.5
Set 3: 62.5 kg × 13 [Failure]
Set 4: 62,5 kg × 8 [Drop]

Squat (Barbell)
Set 1: 135 lb × 3

Pull Up
Set 1: 5 reps
Set 2: +35 lb × 8
Set 3: -20 kg × 8

Running
Set 1: 8 mi | 0:30
Set 2: 5 km | 28:30

Plank
Set 1: 1:30
https://link.strong.app/abcdefgh
"""


def test_share_text_every_set_form() -> None:
    draft = strong.parse(OcrPage.from_text(SHARE))
    assert draft.layout == "strong"
    assert draft.title == "Push Day"
    assert draft.performed_on == date(2021, 7, 19)
    assert [e.raw_name for e in draft.exercises] == [
        "Bench Press (Barbell)",
        "Squat (Barbell)",
        "Pull Up",
        "Running",
        "Plank",
    ]
    bench = draft.exercises[0].sets
    assert [(s.weight, s.unit, s.reps, s.set_type) for s in bench] == [
        (20.0, "kg", 10, "warmup"),
        (20.0, "kg", 5, "warmup"),
        (60.0, "kg", 3, "working"),
        (100.0, "kg", 5, "working"),
        (62.5, "kg", 13, "failure"),
        (62.5, "kg", 8, "drop"),
    ]
    assert bench[3].rpe == 8.5
    assert [(s.weight, s.unit, s.reps) for s in draft.exercises[1].sets] == [(135.0, "lb", 3)]
    pull = draft.exercises[2].sets
    assert [(s.weight, s.unit, s.reps) for s in pull] == [
        (None, None, 5),
        (35.0, "lb", 8),
        (-20.0, "kg", 8),
    ]
    run = draft.exercises[3].sets
    assert [(s.distance, s.distance_unit, s.duration_s) for s in run] == [
        (8.0, "mi", 30),
        (5.0, "km", 28 * 60 + 30),
    ]
    assert draft.exercises[4].sets[0].duration_s == 90
    assert not draft.needs_review
    assert draft.confidence > 0.9


def test_european_date_form() -> None:
    page = OcrPage.from_text(
        "Legs\nWednesday 13 August 2025 at 07:32\nSquat (Barbell)\nSet 1: 100 kg × 5"
    )
    draft = strong.parse(page)
    assert draft.performed_on == date(2025, 8, 13)
    assert draft.title == "Legs"


def _row(top: int, *cells: tuple[str, int]) -> OcrLine:
    words = []
    for text, left in cells:
        for i, token in enumerate(text.split()):
            words.append(OcrWord(text=token, left=left + 60 * i, top=top, width=50, height=30))
    return OcrLine(words=tuple(words))


def test_app_screen_skips_status_summary_nav_and_1rm_column() -> None:
    lines = [
        _row(10, ("9:41", 60), ("87%", 1000)),
        _row(100, ("Full Body A", 50)),
        _row(150, ("Sunday, November 16, 2025 at 11:24 AM", 50)),
        _row(200, ("1h 38m", 50), ("16,100 kg", 350), ("1 PRs", 700)),
        _row(250, ("Top 36%", 50)),
        _row(300, ("Kettlebell Swing", 50), ("1RM", 1000)),
        _row(350, ("WwW", 70), ("17.5 kg x 8", 170), ("22", 1000)),
        _row(400, ("1", 70), ("122.5 kg x 13", 170), ("176", 1000)),
        _row(450, ("F", 70), ("1225kgx6", 170), ("147", 1000)),
        _row(500, ("Profile History Workout Exercises Measure", 50)),
    ]
    page = OcrPage(lines=lines, width=1080, height=1800, mean_conf=90)
    draft = strong.parse(page)
    assert draft.title == "Full Body A"
    assert [e.raw_name for e in draft.exercises] == ["Kettlebell Swing"]
    sets = draft.exercises[0].sets
    assert [(s.weight, s.reps, s.set_type) for s in sets] == [
        (17.5, 8, "warmup"),
        (122.5, 13, "working"),
        (122.5, 6, "failure"),
    ]
    assert any("decimal point" in w for w in draft.warnings)


def test_score_prefers_strong_markers() -> None:
    assert strong.score(OcrPage.from_text(SHARE)) > 0.9
    assert strong.score(OcrPage.from_text("Bench\n60 kg x 8")) < 0.3


def test_garbled_row_between_numbered_sets_is_not_an_exercise() -> None:
    text = (
        "Core\n2024-03-13\nPlank\nSet 1: 0:50\nSet 2: 1:10\nSC mUso.\nSet 4: 1:25\n"
        "Triceps Rope Pushdown\nSet 1: 17.5 kg x 11"
    )
    draft = strong.parse(OcrPage.from_text(text))
    assert [e.raw_name for e in draft.exercises] == ["Plank", "Triceps Rope Pushdown"]
    assert [s.duration_s for s in draft.exercises[0].sets] == [50, 70, 85]
    assert draft.needs_review  # set 3 is missing


def test_one_rm_glued_to_the_equipment_and_long_holds() -> None:
    text = "Core\n2024-03-13\nRow - V Grip (Cable)1RM\n1 20 kg x 5 23\nSide Plank\n1 22min"
    draft = strong.parse(OcrPage.from_text(text))
    assert [e.raw_name for e in draft.exercises] == ["Row - V Grip (Cable)", "Side Plank"]
    assert draft.needs_review  # a 22 minute plank is a misread


# An app screen whose `1RM` header, date time and navigation bar OCR garbled
# (strong_41000_131): the 1RM column still marks it as Strong, not generic.
GARBLED_APP_SCREEN = """\
4:54 39%
Upper Body
Wednesday 19 March 2025 at 16 59
Ih 5im 19,930 kg 6 PRs
Bench Press (Barbell) 1RM
WwW 65 kg x 6 78
Ww 47.5 kg x 12 66
1 107.5kgx7@7 133
2 107.5kg x9 140
Chin Up
1 9 reps
2 13 reps
Prohie Hieslory Workout bxerceses Measure
"""


def test_one_rm_column_marks_a_strong_screen() -> None:
    from ingest.read.detect import parse_page

    page = OcrPage.from_text(GARBLED_APP_SCREEN)
    assert strong.one_rm_rows([line.text for line in page.lines]) == 4
    draft = parse_page(page)
    assert draft.layout == "strong"
    assert draft.exercises[0].sets[2].reps == 7


def test_numbers_after_a_set_that_are_no_1rm_do_not_count() -> None:
    lines = ["1 100 kg x 5 20", "2 100 kg x 5", "Set 1: 60 kg x 8"]
    assert strong.one_rm_rows(lines) == 0


def test_date_time_with_a_lost_colon_still_scores() -> None:
    for time in ("2159", "21 59", "1/25", "21:59"):
        page = OcrPage.from_text(f"friday 25 April 2025 at {time}\nSquat\n")
        assert strong.score(page) == pytest.approx(0.3), time
