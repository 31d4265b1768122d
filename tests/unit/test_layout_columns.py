"""The badge column found from word boxes, and set types checked against the other sets."""

from __future__ import annotations

import pytest

from ingest.read import generic, hevy
from ingest.read.set_types import (
    fix_o_badge_drops,
    flag_unknown_badges,
)
from schema.models import OcrLine, OcrPage, OcrWord, SetDraft

pytestmark = pytest.mark.unit

Box = tuple[str, int, int]  # text, left, width


def _word(text: str, left: int, width: int, top: int) -> OcrWord:
    return OcrWord(text=text, left=left, top=top, width=width, height=35)


def _page(rows: list[list[Box]]) -> OcrPage:
    lines = [
        OcrLine(words=tuple(_word(t, x, w, 70 * i) for t, x, w in r)) for i, r in enumerate(rows)
    ]
    return OcrPage(lines=lines, width=1125, height=70 * len(rows), mean_conf=90.0)


# generic_1_036 as recorded: `1  1min 35s` read as one word `11min` over both columns.
GLUED = [
    [("Chest", 59, 187), ("&", 273, 45), ("Triceps", 342, 237)],
    [("Nov", 60, 74), ("5,", 152, 32), ("2022", 204, 98)],
    [("Dead", 60, 131), ("Hang", 216, 133)],
    [("11min", 84, 208), ("35s", 314, 77)],
    [("Triceps", 56, 189), ("Rope", 269, 130), ("Pushdown", 422, 270)],
    [("1", 84, 20), ("27.5kgx2", 183, 251)],
    [("2", 83, 20), ("27.5kgx8", 183, 252)],
    [("3", 83, 21), ("27.5kgx1", 183, 251)],
]


def test_set_number_glued_across_the_badge_column_is_read_apart() -> None:
    draft = generic.parse(_page(GLUED))
    hang = draft.exercises[0]
    assert hang.raw_name == "Dead Hang"
    assert [s.duration_s for s in hang.sets] == [95]
    assert hang.sets[0].raw_line == "11min 35s"
    assert any("glued to the set" in w for w in draft.warnings)


def test_a_long_time_in_the_set_column_is_kept() -> None:
    # `11min 35s` printed in the set column (no badge glued to it) is eleven minutes.
    rows = [list(r) for r in GLUED]
    rows[3] = [("1", 84, 20), ("11min", 183, 109), ("35s", 314, 77)]
    draft = generic.parse(_page(rows))
    assert [s.duration_s for s in draft.exercises[0].sets] == [695]


def test_no_badge_column_no_change() -> None:
    draft = generic.parse(OcrPage.from_text("Push\nNov 5, 2022\nDead Hang\n11min 35s\n"))
    assert [s.duration_s for s in draft.exercises[0].sets] == [695]


def _set(raw: str, weight: float, set_type: str = "working") -> SetDraft:
    return SetDraft(reps=5, weight=weight, unit="kg", set_type=set_type, raw_line=raw)


def test_o_badge_at_the_same_weight_is_a_set_number() -> None:
    # hevy_1_037: set 5 read as `o`, which reads as a D (drop) badge.
    sets = [_set("4, 82.5kg x 4", 82.5), _set("o 82.5kg xX 1 @ 7.5 rpe", 82.5, "drop")]
    warnings = fix_o_badge_drops(sets)
    assert sets[1].set_type == "working"
    assert len(warnings) == 1


@pytest.mark.parametrize(
    ("raw", "weight"),
    [("o 72.5kg x 8", 72.5), ("D 82.5kg x 8", 82.5)],
)
def test_a_lighter_o_or_a_real_d_stays_a_drop(raw: str, weight: float) -> None:
    sets = [_set("4 82.5kg x 4", 82.5), _set(raw, weight, "drop")]
    assert fix_o_badge_drops(sets) == []
    assert sets[1].set_type == "drop"


def test_hevy_o_badge_parse_needs_review() -> None:
    page = OcrPage.from_text(
        "Leg Day\nFriday, Jul 30, 2021 at 10:14am\nHip Thrust (Barbell)\n"
        "1 82.5kg x 9\n4, 82.5kg x 4\no 82.5kg xX 1 @ 7.5 rpe\n"
    )
    draft = hevy.parse(page)
    assert [s.set_type for s in draft.exercises[0].sets] == ["working"] * 3
    assert draft.needs_review


def test_numbers_starting_some_rows_of_a_page_without_badges_are_no_column() -> None:
    # generic_46500_138: no badge column; `5 lb x 7` and `1 mi | 56:45` start with a number,
    # and `12.5 Ib x 9` must not be read as set 1 of 2.5 lb.
    rows = [
        [("UpperA", 45, 205)],
        [("2020-03-03", 44, 180)],
        [("Incline", 44, 130), ("Press", 190, 100)],
        [("12.5", 84, 70), ("Ib", 165, 30), ("x", 205, 15), ("9", 230, 16)],
        [("25lbx15@8", 84, 200)],
        [("25|lbx4@9", 84, 190)],
        [("5", 84, 16), ("lb", 110, 30), ("x", 150, 15), ("7", 175, 16)],
        [("Running", 44, 150)],
        [("1", 84, 16), ("mi", 110, 30), ("|", 150, 5), ("56:45", 165, 90)],
        [("10", 84, 33), ("mi", 127, 30), ("|", 167, 5), ("22:00", 182, 90)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.weight for s in draft.exercises[0].sets] == [12.5, 25.0, 25.0, 5.0]
    assert not any("glued" in w for w in draft.warnings)


@pytest.mark.parametrize(
    ("raws", "flagged"),
    [
        (["1 70kg x 5", "2 70kg x 3", "所 70kg x 8"], True),  # hevy_46500_059: an F
        (["1 17.5 kg x 6", "é -15 kg x 18"], True),  # last: a number or a badge
        (["al 70kg x 5", "2 70kg x 15"], False),  # set 1 before set 2
        (["1 100 lb x 6", "必 100Ibx15@9", "3 100 lbx4@9"], False),  # set 2 between 1 and 3
        (["W 20kg x 5", "1 45kg x 3", "D 40kg x 8"], False),  # known badges
        (["1 97.5kg x 6", "2 97.5kg x 2", "3 97.5kg x 6", "4h 97.5kg x 3"], False),  # a 4
        (["1 95kgx9@8", "2 95 kg x5", "3) 95 kg x5"], False),  # generic_61000_070: a 3
        (["1 14 reps", "2 13 reps", "3 9 reps", "4 9 reps", "S) 6 reps"], False),  # S for 5
        # generic_40000_166: sets 2 and 3 garbled, placed by set 1 and set 4.
        (["1 +30 Ib x 10", "rz +30 Ib x 10", "S +40 Ib x 13", "4 +30lbx5"], False),
        (["1 112.5kgx5", "2 112.5kgx8", "a 112.5kgx3"], True),  # hevy_41000_081: an F?
        (["1 70kg x 5", "2 70kg x 5", "所 60kg x 8", "3 70kg x 5"], True),  # a D between
    ],
)
def test_unreadable_badges_are_flagged_unless_placed(raws: list[str], flagged: bool) -> None:
    sets = [_set(raw, 70.0) for raw in raws]
    assert bool(flag_unknown_badges(sets)) is flagged
