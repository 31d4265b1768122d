"""Generic set rows OCR garbled, from the real OCR text of tuning screenshots."""

from __future__ import annotations

import pytest

from ingest.read import common, generic
from schema.models import OcrPage, SetDraft

pytestmark = pytest.mark.unit


def sets_of(text: str) -> tuple[list[tuple[int | None, float | None, int | None, str]], bool]:
    """The first exercise's sets (reps, weight, duration, type) and the review flag."""
    draft = generic.parse(OcrPage.from_text(text))
    sets = [(s.reps, s.weight, s.duration_s, str(s.set_type)) for s in draft.exercises[0].sets]
    return sets, draft.needs_review


def test_a_trailing_s_is_kept_where_it_means_seconds() -> None:
    # Only right after a set's reps is the s a ghost: `3x60s` in a note is 60 seconds.
    assert common.normalize_set_text("3x60s") == "3 x 60s"
    assert common.normalize_set_text("20kg x 12 s") == "20 kg x 12 s"


def test_a_drop_set_is_no_evidence_of_a_lost_decimal_point() -> None:
    # generic_71000_016: `Set 1: 15 lb x 11` then a 2.5 lb drop set; 15 was read as 1.5.
    text = (
        "Pull\nMay 23, 2022\nSkullcrusher (EZ Bar)\nSet 1:15 1bx11\nSet 2: 2.5 lb x 1 @ 7.5 [Drop]"
    )
    sets, _ = sets_of(text)
    assert sets == [(11, 15.0, None, "working"), (1, 2.5, None, "drop")]


def test_a_drop_set_still_judges_another_drop_set() -> None:
    sets = [
        SetDraft(reps=8, weight=60.0, unit="kg"),
        SetDraft(reps=8, weight=30.0, unit="kg", set_type="drop"),
        SetDraft(reps=8, weight=25.0, unit="kg", set_type="drop"),
    ]
    assert common.fix_lost_decimals(sets) == []
    assert [s.weight for s in sets] == [60.0, 30.0, 25.0]


def test_heavy_sets_a_person_lifts_are_left_alone() -> None:
    sets = [SetDraft(reps=5, weight=w, unit="kg") for w in (405.0, 405.0)]
    assert common.fix_lost_decimals(sets) == []


def test_a_readable_date_row_wins_over_a_garbled_one() -> None:
    text = "Upper Body\nTue, 27 Jul 2021\nChin Up\n1 +20 kg x 11\nnote: A Jul 2021"
    draft = generic.parse(OcrPage.from_text(text))
    assert str(draft.performed_on) == "2021-07-27"
    assert not draft.needs_review


@pytest.mark.parametrize(
    ("rows", "seconds"),
    [
        ("1 10s\n2 33min\n3 10s", [10, 1980, 10]),  # 3min is still far above the others
        ("1 22min", [1320]),  # alone: no other hold to judge by
        ("1 30s\n2 11min 35s", [30, 695]),  # 11: a glued set number is as likely
    ],
)
def test_a_doubled_minutes_reading_without_support_is_left_flagged(
    rows: str, seconds: list[int]
) -> None:
    sets, review = sets_of(f"Core\n2025-06-16\nDead Hang\n{rows}")
    assert [s[2] for s in sets] == seconds
    assert review


def test_a_set_prefix_with_a_dot_keeps_its_weight_whole() -> None:
    # generic_69300_078: `Set 4: 55 kg` read `Set 4.55 kg`; `.55` was taken for a 5 read
    # twice after a decimal point (`127.55`), which left set 4 at 5 kg, silently.
    parsed = generic.parse_set_line("Set 4.55 kg x 15 @9,5")
    assert parsed is not None
    assert (parsed[0].reps, parsed[0].weight, parsed[0].rpe) == (15, 55.0, 9.5)
    doubled = generic.parse_set_line("Set 3: 127.55 kg x 7")
    assert doubled is not None and doubled[0].weight == 127.5


def test_a_lowercase_first_letter_before_an_equipment_bracket() -> None:
    # hevy_73000_162: `Lunge (Dumbbell)` read `lunge (Dumbbell)`, silently.
    assert generic.exercise_name("lunge (Dumbbell)") == "Lunge (Dumbbell)"
    assert generic.exercise_name("lunge dumbbell") == "lunge dumbbell"


def test_a_real_plus_45_beside_plus_10_is_kept() -> None:
    # generic_41000_136: `+45 lb` beside `+10 lb` is printed so; 4.5 times is no misread.
    sets, _ = sets_of("Back\n2025-06-16\nPull Up\n1 +10 lb x 9\n2 +45 lb x 7")
    assert [s[1] for s in sets] == [10.0, 45.0]


@pytest.mark.parametrize(
    "line",
    [
        "35 kg x S",  # generic_71000_191: 5 reps read as S
        "W 17.5|lbx8s",  # generic_70000_116: a ghost s after the reps
        "Set 2: ll reps",  # strong_40000_019: 11 in look-alike letters
        "1 Qreps",  # generic_46900_118: 9 read as Q
        "1 17.5kg x ll",  # strong_43100_085: 11 as two l
        "Ww 65lbx9Q",  # strong_43200_095: 9 or 99 reps?
        "2 ‘1min 35s",  # generic_71000_006: a stray quote before a time
        "3 12;reps",  # generic_72000_161: a mark after the reps
        "1 1/7 reps",  # generic_73000_406: a mark inside the reps
        "1 /7reps",  # strong_72000_374: a slash before the reps
        "1 $25kgx 14",  # generic_71000_036: 52.5 with its 5 as $ and the point lost
        "4 $2.5 kg x 6",  # strong_64000_145: 52.5 with its 5 as $
        "Set 3:22. 5kgx2@8",  # a space after the decimal point
        "2 92,kgx15@8",  # 92.5 with its last 5 lost
        "1 80lb x 14 @ B rpe",  # the RPE 8 read as B
        "W 27.5kgx11l",  # 11 reps or 111?
        "3 A4reps",  # a ghost letter before the reps
        "3 250lbxT1",  # a ghost letter after the cross
        "1 130 1\\b x 13",  # the l of lb read as `1\`
        "2 305Ib xX 3 @ Yrpe",  # the RPE 9 read as Y
        "2 1min Ss",  # 1min 5s with its 5 as S
        "1 (15kg x 8",  # 115 with its 1 as `(`
        "Set 1: 22:5 kg x 8",  # 22.5 with its point as a colon
    ],
)
def test_a_set_in_look_alike_letters_or_marks_is_never_read_silently(line: str) -> None:
    # No rule guesses these spellings: the row (or its RPE) stays unread, and the parse goes
    # to review.
    _, review = sets_of(f"Leg Day\n2025-05-18\nShrug (Dumbbell)\n40 kg x 10\n{line}\n40 kg x 12")
    assert review
