"""Set lines of the generic and Hevy layouts as OCR garbled them on rendered screens.

Every case is the recorded OCR text of a real rendered screenshot.
"""

from __future__ import annotations

import pytest

from ingest.read import generic
from ingest.read.generic import exercise_name
from ingest.read.rows import parse_set_line
from schema.models import OcrPage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # `1  1min 15s`: the seconds glued to `min`, whose 1 is read as I.
        ("1 Imin15s", (None, None, None, 75, None, "working")),
        # Hevy's orange `F` badge read as `E`.
        ("E 17.5kg x 9", (9, 17.5, "kg", None, None, "failure")),
        # Set number 4 read as `4h`, which alone reads as four hours.
        ("4h 97.5kg x 3", (3, 97.5, "kg", None, None, "working")),
        # Set number 1 read as three lowercase letters.
        ("ale 150lb x 15 @ 9.5 rpe", (15, 150.0, "lb", None, 9.5, "working")),
        # hevy_46700_195: `1min` with its 1 read as T.
        ("Set 2: Tmin", (None, None, None, 60, None, "working")),
        # gh45200 renders: the F badge read as `EF`; `2min 5s` with a ghost n.
        ("EF 35 kg x5", (5, 35.0, "kg", None, None, "failure")),
    ],
)
def test_badge_and_symbol_misreads(line: str, expected: tuple[object, ...]) -> None:
    parsed = parse_set_line(line)
    assert parsed is not None, line
    s = parsed[0]
    assert (s.reps, s.weight, s.unit, s.duration_s, s.rpe, s.set_type) == expected


@pytest.mark.parametrize("line", ["Run 5 km | 28:30", "Day 3", "Leg Day 2"])
def test_words_before_a_number_are_no_badge(line: str) -> None:
    assert parse_set_line(line) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # hevy_45000_057 (a serif font): the capital L read as `l` and as `I.`.
        ("Hanging leg Raise", "Hanging Leg Raise"),
        ("Lying I.eg Curl (Machine)", "Lying Leg Curl (Machine)"),
        # hevy_46900_187: one letter of an equipment suffix misread.
        ("Skullcrusher (fZ Bar)", "Skullcrusher (EZ Bar)"),
        # hevy_45200_131: a stray dot before the equipment suffix.
        ("Hip Thrust. (Barbell)", "Hip Thrust (Barbell)"),
        ("Curl (Dumbbells)", "Curl (Dumbbells)"),
        # Names written in lowercase stay as shown.
        ("leg press", "leg press"),
        ("Seated Cable Row - V Grip (Cable)", "Seated Cable Row - V Grip (Cable)"),
    ],
)
def test_capital_l_misread_in_a_title_case_name(text: str, name: str) -> None:
    assert exercise_name(text) == name


@pytest.mark.parametrize(
    ("line", "distance", "seconds"),
    [
        # hevy_45500_027: `1 mi | 19:45` with the `|` lost; the 1 of 19 is no separator.
        ("1 1 mi 19:45", 1.0, 1185),
        # The `|` read as a 1 glued to the time (`128:30`) or apart (`1 28:30`).
        ("5 mi 128:30", 5.0, 1710),
        ("5 mi 1 28:30", 5.0, 1710),
        ("5 km 1:02:05", 5.0, 3725),
    ],
)
def test_distance_separator_read_as_one(line: str, distance: float, seconds: int) -> None:
    parsed = parse_set_line(line)
    assert parsed is not None
    assert (parsed[0].distance, parsed[0].duration_s) == (distance, seconds)


@pytest.mark.parametrize(
    "line",
    [
        "Set 3:97.5kg x4 @/rpe",  # hevy_46000_111: the 7 read as `/`
        "1 80lb x 14 @ B rpe",  # hevy_46300_187: the 8 read as B
    ],
)
def test_an_rpe_in_a_mark_is_left_unread_and_flagged(line: str) -> None:
    parsed = parse_set_line(line)
    assert parsed is not None
    assert parsed[0].rpe is None
    assert any(n.severity != "note" for n in parsed[1])


def test_title_with_its_capital_l_read_as_l() -> None:
    # hevy_46700_185: the title `Lower B` read as `lower B`.
    text = "lower B\nFriday, Mar 18, 2022 at 8:02pm\nSit Up\n1 5 reps\n2 8 reps\n"
    page = OcrPage.from_text(text)
    assert generic.parse(page).title == "Lower B"


def test_a_header_with_marks_no_name_holds_needs_review() -> None:
    # hevy_45200_093: the header `Leg Press` read as `Re @platcas`.
    text = "Lower B\nFriday, Mar 18, 2022 at 8:02pm\nRe @platcas\n1 100kg x 5\n2 100kg x 8\n"
    draft = generic.parse(OcrPage.from_text(text))
    assert draft.exercises[0].raw_name == "Re @platcas"
    assert draft.needs_review


def test_rpe_ten_with_the_r_of_rpe_read_as_a_one_is_doubted() -> None:
    # hevy_45700_027: `@ 10 rpe` read as `@ 101rpe` is no RPE: a doubt; `@29` stays 9 (the
    # @ read as a 2).
    first = parse_set_line("4 77.5kg x8 @ 101rpe")
    second = parse_set_line("2 60kg x 5 @29")
    assert first is not None and second is not None
    assert (first[0].rpe, second[0].rpe) == (None, 9.0)
    assert [(f.kind, f.severity) for f in first[1]] == [("set.text_ignored", "doubt")]
