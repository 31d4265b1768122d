"""Repairs of note lines whose set spec OCR broke (real OCR words and boxes)."""

from __future__ import annotations

import pytest

from ingest.read import notes
from ingest.read.date_repairs import looks_like_date
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def line(top: int, *words: tuple[str, int, int]) -> OcrLine:
    """A line from (text, left, width) as Tesseract boxed them."""
    return OcrLine(
        words=tuple(
            OcrWord(text=t, left=left, top=top, width=width, height=30, conf=95)
            for t, left, width in words
        )
    )


# notes_41000_162: `Leg extension 2x12 50 lb` read `212` (111 px: four characters wide).
EXTENSION = line(300, ("Leg", 61, 78), ("extension", 156, 207), ("212", 380, 111), ("50", 513, 48))
INCLINE = line(360, ("Incline", 61, 144), ("DB", 224, 61), ("press", 302, 115), ("2x10", 436, 101))
# notes_40000_118: `Face pulls 2x3 30 kg` read `23` (85 px) beside `30` (49 px).
FACE_PULLS = line(300, ("Face", 57, 97), ("pulls", 172, 100), ("23", 291, 85), ("30", 396, 49))
CABLE_FLY = line(240, ("Cable", 56, 121), ("fly", 195, 50), ("1x15", 265, 98), ("22.5", 383, 89))
# notes_40000_003: `Side plank 1x30s` read `130s`.
SIDE_PLANK = line(300, ("Side", 57, 81), ("plank", 153, 104), ("130s", 275, 117))
SHRUGS = line(240, ("Shrugs", 57, 132), ("2x5", 205, 65), ("7.5", 288, 54), ("kg", 359, 43))


def test_a_speck_between_the_set_count_and_the_x() -> None:
    # notes_43300_092: `OHP 3 x 15 @ 40 lb` read `OHP 3.x 15 @ 40 lb`.
    draft = notes.parse(OcrPage.from_text("Dec 31, 2025\nOHP 3.x 15 @ 40 lb\n"))
    assert [
        (e.raw_name, len(e.sets), e.sets[0].reps, e.sets[0].weight) for e in draft.exercises
    ] == [("OHP", 3, 15, 40.0)]


def test_a_day_glued_to_the_weekday_as_letters_is_no_date_and_doubted() -> None:
    # notes_43300_158: `Fri 11 Apr 2025` read `Frill Apr 2025`: no day is guessed.
    draft = notes.parse(OcrPage.from_text("Pull day\nFrill Apr 2025\nRDL 5x3 @ 110 kg\n"))
    assert draft.performed_on is None
    assert draft.title == "Pull day"
    assert draft.needs_review


def test_a_set_count_read_with_low_confidence_needs_review() -> None:
    # notes_43600_090: `OHP 3 x 6 12.5kg` read `OHP 8 x 6` with the 8 at 67%.
    date = line(100, ("2026/08/11", 38, 200))
    ohp = OcrLine(
        words=tuple(
            OcrWord(text=t, left=left, top=200, width=30, height=30, conf=c)
            for t, left, c in [("OHP", 38, 92), ("8", 110, 67), ("x", 140, 96), ("6", 170, 93)]
        )
    )
    draft = notes.parse(OcrPage(lines=[date, ohp], mean_conf=93))
    assert draft.exercises[0].sets[0].reps == 6
    assert draft.needs_review


def test_names_all_in_lowercase_stay_as_typed() -> None:
    draft = notes.parse(OcrPage.from_text("2026/07/06\nsquat 5x5 100kg\ndips 3x6\n"))
    assert [e.raw_name for e in draft.exercises] == ["squat", "dips"]


def test_a_ghost_s_before_a_weight_sends_the_read_to_review() -> None:
    # notes_50000_178: `Leg extension 1x10 @ 50kg` read `@ S50kg` (S at 51%): 550 kg, a doubt.
    draft = notes.parse(OcrPage.from_text("Apr 28, 2026\nLeg extension 1x10 @ S50kg\n"))
    assert draft.needs_review
    assert any("heavier than a person lifts" in w for w in draft.warnings)
    # An `S` that makes a weight a person lifts stays a 5 (`S5kg`: 55 kg).
    draft = notes.parse(OcrPage.from_text("Apr 28, 2026\nSquat 3x5 @ S5kg\n"))
    assert draft.exercises[0].sets[0].weight == 55.0


def test_a_name_word_read_with_low_confidence_needs_review() -> None:
    # notes_63000_096: `RDL 1 x 10 @ 60 kg` read `RDI. 1 x 10 @ 60 kg`, `RDI.` at 72%; a
    # misread the dot does not give away (`RDI`) is only seen in the word's confidence.
    date = line(100, ("2025-11-25", 38, 200))

    def rdl(conf: float) -> OcrLine:
        words = [("RDI", 38, conf), ("1", 130, 72.0), ("x", 160, 89.0), ("10", 190, 93.0)]
        return OcrLine(
            words=tuple(
                OcrWord(text=t, left=left, top=200, width=30, height=30, conf=c)
                for t, left, c in words
            )
        )

    doubtful = notes.parse(OcrPage(lines=[date, rdl(72.0)], mean_conf=93))
    assert [e.raw_name for e in doubtful.exercises] == ["RDI"]
    assert doubtful.needs_review
    assert any("low confidence" in w for w in doubtful.warnings)
    assert not notes.parse(OcrPage(lines=[date, rdl(92.0)], mean_conf=93)).needs_review


@pytest.mark.parametrize(
    ("line", "name"),
    [
        # notes_64000_108: `RDL 3x10 @ 135 lb` read `RDI. 3x10 @ 135 Ib` (89%: no doubt shown).
        ("RDI. 3x10 @ 135 Ib", "RDI"),
        # notes_64000_138: `Leg extension 1X3 @ 70 lb` read `l.eg extension`.
        ("l.eg extension 1X3 @ 70 Ib", "l.eg extension"),
    ],
)
def test_an_l_read_as_a_letter_and_its_foot_as_a_dot_is_a_doubt(line: str, name: str) -> None:
    draft = notes.parse(OcrPage.from_text(f"2024-10-07\n{line}\nDeadlift 3 x 8 225 Ib\n"))
    assert [e.raw_name for e in draft.exercises] == [name, "Deadlift"]
    assert draft.needs_review
    assert any("a letter and a dot" in w for w in draft.warnings)


def test_the_edit_stamp_with_a_garbled_word_is_not_the_title() -> None:
    # notes_64500_120: `Edited 4:01 AM` read `Fdited 4:01 AM`; the note has no title.
    draft = notes.parse(
        OcrPage.from_text("< Notes\nFdited 4:01 AM\nOctober 21st 2025\nRDL 2x8 @ 315 lb\n")
    )
    assert draft.title is None
    assert draft.performed_on is not None and draft.performed_on.isoformat() == "2025-10-21"


def boxed(top: int, *words: tuple[str, int, int, float]) -> OcrLine:
    """A line from (text, left, width, conf) as Tesseract boxed and scored them."""
    return OcrLine(
        words=tuple(
            OcrWord(text=t, left=left, top=top, width=width, height=30, conf=conf)
            for t, left, width, conf in words
        )
    )


# notes_70000_153: the date `4 Jul 2026` read `A Jul 2026`; `2026` (106 px) is wide enough
# to pass for `20x26` with its x lost.
GARBLED_DATE = boxed(402, ("A", 60, 25, 86), ("Jul", 96, 63, 86), ("2026", 178, 106, 97))
PUSHDOWN = boxed(
    494,
    ("Tricep", 59, 141, 91),
    ("pushdown", 217, 226, 95),
    ("3x15", 461, 103, 92),
    ("@", 584, 38, 92),
    ("15", 644, 48, 97),
    ("kg", 710, 52, 97),
)
DIPS = boxed(648, ("Dips", 61, 95, 90), ("1x8", 178, 100, 90))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Jul 2026", True),
        ("Thu 20 Mar 2025", True),
        ("Decline bench 2026", False),  # `Dec` inside a word is no month
        ("Jul 3x10 2026", False),  # a set spec: an exercise line
    ],
)
def test_a_month_and_a_year_make_a_date_line(text: str, expected: bool) -> None:
    assert looks_like_date(text) is expected


def test_a_garbled_date_line_is_the_date_not_twenty_sets() -> None:
    draft = notes.parse(OcrPage(lines=[GARBLED_DATE, PUSHDOWN, DIPS], mean_conf=93))
    assert [(e.raw_name, len(e.sets)) for e in draft.exercises] == [
        ("Tricep pushdown", 3),
        ("Dips", 1),
    ]
    # The day is no longer guessed from its letters: no date, and the parse is reviewed.
    assert draft.performed_on is None
    assert draft.needs_review


def test_a_date_line_past_repair_is_no_exercise_either() -> None:
    unreadable = boxed(402, ("Ax", 60, 40, 86), ("Jul", 96, 63, 86), ("2026", 178, 106, 97))
    draft = notes.parse(OcrPage(lines=[unreadable, PUSHDOWN, DIPS], mean_conf=93))
    assert [e.raw_name for e in draft.exercises] == ["Tricep pushdown", "Dips"]
    assert draft.performed_on is None
    assert draft.needs_review


def test_a_status_bar_with_a_garbled_battery_is_no_title() -> None:
    # notes_75000_388: the status bar `3:41 71%` read `3:41 7TA%` became the title.
    draft = notes.parse(OcrPage.from_text("3:41 7TA%\n4 Sep 2026\nSquat 5x5 100kg\n"))
    assert draft.title is None
    assert len(draft.exercises) == 1
