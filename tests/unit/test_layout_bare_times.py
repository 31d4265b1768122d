"""Hold times whose unit letters OCR read as digits, and headers over a garbled first set."""

from __future__ import annotations

import pytest

from ingest.read import generic
from ingest.read.bare_times import letters_as_digits, time_style
from schema.models import OcrPage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("texts", "style"),
    [
        (["1 1min 20s", "2 60kg x 8"], True),
        (["Set 1: 45s"], True),
        (["1 1010 20s"], True),  # the seconds still show their s
        (["1 1:05", "2 1:55"], False),
        (["2 60kg x 8", "1 355"], None),
        (["1 45s", "2 1:05"], None),
    ],
)
def test_time_style_of_a_page(texts: list[str], style: bool | None) -> None:
    assert time_style(texts) is style


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1 1000", 60),  # generic_41000_188: `1min` in dark mode
        ("1 1010 20s", 80),  # generic_41000_188: `1min 20s`
        ("2 355", 35),  # generic_41000_188: `35s`, the s read as 5
        ("11010 35s", 95),
    ],
)
def test_letters_read_as_digits(text: str, seconds: int) -> None:
    found = letters_as_digits(text)
    assert found is not None
    assert found[0] == seconds
    assert "guess" in found[1]


@pytest.mark.parametrize("text", ["1 60", "2 1234", "1 065", "3 7Wkgx7"])
def test_other_numbers_are_no_letter_time(text: str) -> None:
    assert letters_as_digits(text) is None


PAGE = """Upper A
30 May 2020
Chin Up
1 +7.5kgx13
2 +7.5kg x15
Hollow Body Hold
1 1000
2 355
Goblet Squat (Kettlebell)
W 55kgx5
1 120 kg x 14
Plank
1 1010 20s
"""


def test_garbled_hold_times_keep_their_exercises() -> None:
    # generic_41000_188 as recorded: both timed exercises had only garbled rows.
    draft = generic.parse(OcrPage.from_text(PAGE))
    names = [e.raw_name for e in draft.exercises]
    assert names == ["Chin Up", "Hollow Body Hold", "Goblet Squat (Kettlebell)", "Plank"]
    assert [s.duration_s for s in draft.exercises[1].sets] == [60, 35]
    assert [s.duration_s for s in draft.exercises[3].sets] == [80]
    assert draft.needs_review


def test_unreadable_first_set_keeps_its_header_without_guessing() -> None:
    # generic_45000_034: `35s` read as `355` on a page with no other time: 35 s or 3:55.
    page = "Arms\n27 November 2020\nCurl\n1 70 kg x 12\nPlank\n1 355\nSit Up\n1 19 reps\n"
    draft = generic.parse(OcrPage.from_text(page))
    assert [e.raw_name for e in draft.exercises] == ["Curl", "Plank", "Sit Up"]
    assert draft.exercises[1].sets == []
    assert draft.needs_review


def test_garbled_date_after_the_title_opens_no_exercise() -> None:
    page = "Push\n2O2O-O3-O3x\nCurl\n1 70 kg x 12\n2 70 kg x 10\n"
    draft = generic.parse(OcrPage.from_text(page))
    assert [e.raw_name for e in draft.exercises] == ["Curl"]
    assert draft.title == "Push"
