"""Set-line spelling repairs (`ingest.read.set_text`) and the review flag on guessed repairs."""

from __future__ import annotations

import pytest

from ingest.read import common, generic
from schema.models import OcrPage, SetDraft

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 290 \\bx 4", (290.0, "lb", 4, None, None)),  # `\b` for `lb`
        ("1 127.55kgx7@9.5", (127.5, "kg", 7, None, None)),  # the 5 after the point read twice
        ("2 45|lobx8", (45.0, "lb", 8, None, None)),  # generic_61000_036: an `o` inside `lb`
        ("F 295Iib x 14", (295.0, "lb", 14, None, None)),  # hevy_62000_023: `lb` as `Iib`
    ],
)
def test_spelling_repairs(line: str, expected: tuple[object, ...]) -> None:
    parsed = generic.parse_set_line(line)
    assert parsed is not None, line
    s = parsed[0]
    assert (s.weight, s.unit, s.reps, s.duration_s, s.distance) == expected


def test_plus_read_as_four_twice_in_one_exercise() -> None:
    weights = [412.5, 10.0, 20.0, 10.0, 412.5]
    sets = [SetDraft(reps=8, weight=w, unit="kg") for w in weights]
    common.fix_lost_decimals(sets)
    assert [s.weight for s in sets] == [12.5, 10.0, 20.0, 10.0, 12.5]


def test_garbled_set_row_with_glued_cross_is_not_a_header() -> None:
    text = "Shoulders\n2024-04-27\nCable Crossover\nWw A25kgx5S\n1 92.5kgx14\n2 92.5kgx13"
    draft = generic.parse(OcrPage.from_text(text))
    assert [e.raw_name for e in draft.exercises] == ["Cable Crossover"]
    assert draft.needs_review


def test_a_guessed_repair_needs_review() -> None:
    text = "Pull\n2025-07-15\nPull Up\n1 412.5 kg x 19\n2 +10kg x 12\n3 +20kgx 15\n4 +10kg x 16"
    draft = generic.parse(OcrPage.from_text(text))
    assert [s.weight for s in draft.exercises[0].sets] == [12.5, 10.0, 20.0, 10.0]
    assert draft.needs_review


def test_a_clean_parse_needs_no_review() -> None:
    text = "Pull\n2025-07-15\nPull Up\n1 +12.5 kg x 19\n2 +10kg x 12\n3 +20kgx 15"
    assert not generic.parse(OcrPage.from_text(text)).needs_review


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("115 |1bx9", (115.0, "lb", 9, None, None)),  # `|1b` for `lb`
        ("Set 1:85 ]lbx5", (85.0, "lb", 5, None, None)),  # `]lb` for `lb`
        ("2 _。 1min 5s", (None, None, None, 65, None)),  # stray marks between columns
        ("Set 1: Lmin", (None, None, None, 60, None)),  # `1min` with its 1 read as L
        ("Set 1: min 5s", (None, None, None, 65, None)),  # the 1 of `1min` lost
        ("4 Amin 35s", (None, None, None, 95, None)),  # 1 read as A
        ("1 120kgx1l", (120.0, "kg", 11, None, None)),  # `1l` after one digit is 11
    ],
)
def test_more_spelling_repairs(line: str, expected: tuple[object, ...]) -> None:
    parsed = generic.parse_set_line(line)
    assert parsed is not None, line
    s = parsed[0]
    assert (s.weight, s.unit, s.reps, s.duration_s, s.distance) == expected


def test_a_ghost_mark_after_the_reps_needs_review() -> None:
    text = "Legs\n2025-09-08\nLeg Curl (Machine)\nW 17.5kgx5\nW 27.5kgx11l\n1 47.5 kg x 12"
    draft = generic.parse(OcrPage.from_text(text))
    assert draft.needs_review


@pytest.mark.parametrize("line", ["2 135 lbx5 @Qrpe", "Set 3: 135 lb x 5 @ Orpe"])
def test_rpe_nine_read_as_a_letter_is_left_unread_and_flagged(line: str) -> None:
    parsed = generic.parse_set_line(line)
    assert parsed is not None
    assert (parsed[0].reps, parsed[0].rpe) == (5, None)
    draft = generic.parse(OcrPage.from_text(f"Legs\n2026-02-07\nSquat (Barbell)\n{line}"))
    assert draft.needs_review


def test_signed_weight_with_its_plus_read_as_four() -> None:
    sets = [SetDraft(reps=8, weight=w, unit="lb", raw_line=f"+{w:g} lb") for w in (40, 40, 45)]
    sets.append(SetDraft(reps=4, weight=425.0, unit="lb", raw_line="4 +425|bx4"))
    common.fix_lost_decimals(sets)
    assert sets[-1].weight == 25.0  # not 42.5: the printed `+` says the 4 is a second `+`


def test_a_value_far_outside_the_exercise_needs_review() -> None:
    text = "Arms\n2025-05-23\nDead Hang\n1 1min 25s\n2 1min 5s\n3 40s\n4 22min"
    draft = generic.parse(OcrPage.from_text(text))
    # `22min` (the 2 of `2min` read twice) is far outside the other holds: flagged.
    assert draft.needs_review
    text = "Arms\n2025-05-23\nDead Hang\n1 1min 25s\n2 1min 5s\n3 40s\n4 47min"
    draft = generic.parse(OcrPage.from_text(text))
    assert draft.exercises[0].sets[-1].duration_s == 2820
    assert draft.needs_review


def test_garbled_row_between_sets_of_one_weight_is_not_an_exercise() -> None:
    text = (
        "Legs\n2021-09-20\nSquat (Barbell)\nSet 1: 137.5 kg x 5\nSee oie a Kec le\n"
        "Failure Set: 137.5 kg x 15"
    )
    draft = generic.parse(OcrPage.from_text(text))
    assert [e.raw_name for e in draft.exercises] == ["Squat (Barbell)"]
    assert len(draft.exercises[0].sets) == 2
    assert draft.needs_review


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("W 92.5|1bx11", (92.5, "lb", 11, "warmup")),  # `|1b`: not the weight's last digit
        ("3 85|lIbx2@7.5", (85.0, "lb", 2, "working")),  # `lb` as three bars
        ("Set1:52.5kgx9@9", (52.5, "kg", 9, "working")),  # set number glued to `Set`
        ("1 250ilb x 5 291", (250.0, "lb", 5, "working")),  # a ghost i before `lb`
        ("2 +15kg~x 10 20", (15.0, "kg", 10, "working")),  # a tilde before the cross
        ("1 12,5 kg « 5 15", (12.5, "kg", 5, "working")),  # the cross read as «
        ("W 65/1bx8 82", (65.0, "lb", 8, "warmup")),  # `/1b` for `lb`
        ("1 7Olbx5@9 82", (70.0, "lb", 5, "working")),  # 0 read as O before the unit
        ("W?2: 45 kg x 5 [Warm-up] 52", (45.0, "kg", 5, "warmup")),  # a stray mark in `W2:`
        ("W /70\\|bx6 84", (70.0, "lb", 6, "warmup")),  # a stray slash after the badge
    ],
)
def test_glued_prefixes_and_bar_units(line: str, expected: tuple[object, ...]) -> None:
    parsed = generic.parse_set_line(line, one_rm_column=True)
    assert parsed is not None, line
    s = parsed[0]
    assert (s.weight, s.unit, s.reps, s.set_type) == expected


def test_doubtful_times_and_heavy_drop_sets_need_review() -> None:
    text = "Core\n2026-02-07\nSide Plank\nSet 1: 35s\nSet 2: 305s"
    assert generic.parse(OcrPage.from_text(text)).needs_review
    text = "Core\n2026-02-07\nWall Sit\nSet 1: 11:25\nSet 2: 0:50"
    assert generic.parse(OcrPage.from_text(text)).needs_review
    sets = [SetDraft(reps=9, weight=12.5, unit="kg") for _ in range(3)]
    sets.append(SetDraft(reps=7, weight=25.0, unit="kg", set_type="drop"))
    common.fix_lost_decimals(sets)
    assert sets[-1].weight == 2.5  # a drop set is lighter than the working sets


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seated Cable Row - V Grip (Cable) 1R™m", "Seated Cable Row - V Grip (Cable)"),
        ("Lat. Pulldown (Cable)", "Lat Pulldown (Cable)"),
    ],
)
def test_name_debris(text: str, name: str) -> None:
    assert generic.exercise_name(text) == name


@pytest.mark.parametrize(
    "sets",
    ["1 1825kgx7\n2 1825kgx3\n3 132.5 kg x 14", "1 11:55"],
)
def test_implausible_weights_and_holds_need_review(sets: str) -> None:
    draft = generic.parse(OcrPage.from_text(f"Legs\n2026-02-07\nIncline Press\n{sets}"))
    assert draft.needs_review
