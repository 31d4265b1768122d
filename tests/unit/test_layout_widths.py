"""Readings of an ambiguous set line chosen by the width the line takes (recorded boxes)."""

from __future__ import annotations

import pytest

from ingest.read import generic, hevy, strong
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

Box = tuple[str, int, int]  # text, left, width


def _page(rows: list[list[Box]]) -> OcrPage:
    lines = [
        OcrLine(
            words=tuple(
                OcrWord(text=t, left=x, top=50 * i, width=w, height=26, conf=90) for t, x, w in r
            )
        )
        for i, r in enumerate(rows)
    ]
    return OcrPage(lines=lines, width=828, height=50 * len(rows), mean_conf=90.0)


HEAD: list[list[Box]] = [[("UpperA", 45, 205)], [("2020-03-03", 44, 180)]]


def test_a_ghost_l_after_one_rep() -> None:
    # generic_40000_201: `67.5 kg × 1` read as `67.5kgx1l`; its width has room for one digit.
    rows = [
        *HEAD,
        [("Bicep", 44, 110), ("Curl", 171, 79), ("(Dumbbell)", 269, 227)],
        [("1", 62, 15), ("67.5kgx1l", 134, 201)],
        [("2", 61, 16), ("67.5kg", 134, 127), ("x", 280, 19), ("14", 320, 38)],
        [("3", 61, 16), ("67.5kg", 134, 127), ("x", 280, 19), ("12", 320, 37)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [1, 14, 12]
    assert draft.exercises[0].sets[0].raw_line == "1 67.5kgx1l"
    assert not draft.needs_review


def test_eleven_reps_whose_width_has_room_for_two_digits() -> None:
    # generic_45500_074: `100 kg × 11` read as `100kgx1l`: two digits wide, so 11.
    rows = [
        *HEAD,
        [("Seated", 43, 126), ("Leg", 186, 61), ("Curl", 264, 71)],
        [("1", 62, 13), ("100kg", 135, 101), ("x", 254, 16), ("15", 288, 34)],
        [("2", 61, 13), ("100kgx", 135, 135), ("14", 288, 35)],
        [("3", 62, 13), ("100kgx1l", 135, 187)],
        [("4", 60, 16), ("100kgx", 135, 135), ("14", 288, 35)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [15, 14, 11, 14]


def test_a_ghost_letter_before_the_weight() -> None:
    # hevy_41000_137: `45kg x 9` read as `A45kg x 9`; the box is as wide as `95kg`.
    rows = [
        [("Morning", 40, 150), ("Workout", 200, 150)],
        [("Saturday,", 40, 120), ("Mar", 170, 50), ("20,", 230, 40), ("2021", 280, 60)],
        [("Bent", 43, 76), ("Over", 131, 77), ("Row", 220, 72), ("(Dumbbell)", 304, 179)],
        [("Ww", 47, 35), ("32.5kg", 167, 95), ("x", 275, 15), ("8", 301, 16)],
        [("Ww", 47, 35), ("A45kg", 167, 68), ("x", 247, 15), ("9", 273, 16)],
        [("1", 59, 16), ("95kg", 167, 68), ("x", 247, 15), ("10", 274, 33)],
        [("3", 58, 16), ("95kg", 167, 68), ("x", 247, 15), ("15", 274, 33)],
        [("4", 57, 18), ("95kg", 167, 68), ("x", 247, 15), ("14", 274, 33)],
    ]
    draft = hevy.parse(_page(rows))
    sets = draft.exercises[0].sets
    assert [(s.weight, s.set_type) for s in sets[:2]] == [(32.5, "warmup"), (45.0, "warmup")]


def test_no_reference_no_change() -> None:
    # Nothing on the page has the shape of either reading: the old reading and its flag stay.
    rows = [*HEAD, [("Curl", 44, 79)], [("1", 62, 15), ("67.5kgx1l", 134, 201)]]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [11]
    assert draft.needs_review


def test_a_q_after_the_reps() -> None:
    # generic_46000_050: `9 reps` read as `9Qreps`, as wide as the other one-digit lines.
    rows = [
        *HEAD,
        [("Triceps", 44, 130), ("Dip", 190, 60)],
        [("1", 62, 15), ("6reps", 134, 100)],
        [("2", 61, 16), ("18", 134, 38), ("reps", 190, 80)],
        [("3", 61, 16), ("9Qreps", 134, 101)],
        [("4", 61, 16), ("15", 134, 38), ("reps", 190, 80)],
        [("5", 61, 16), ("4reps", 134, 99)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [6, 18, 9, 15, 4]


def test_a_point_lost_on_every_set_of_an_exercise_needs_review() -> None:
    # generic_46500_066: `47.5 kg` read as `475kg` on all three sets; `475kgx8` is exactly
    # as wide as `92.5kgx3` on the same page.
    rows = [
        *HEAD,
        [("Preacher", 44, 150), ("Curl", 210, 80)],
        [("1", 53, 11), ("475kgx8", 116, 147)],
        [("2", 52, 13), ("475kgx", 116, 121), ("12", 251, 28)],
        [("3", 52, 13), ("475kgx2", 116, 147)],
        [("Arnold", 44, 120), ("Press", 180, 100)],
        [("1", 53, 11), ("92.5kgx3", 116, 147)],
        [("2", 52, 13), ("92.5", 116, 56), ("kg", 184, 28), ("x", 222, 9), ("14", 249, 28)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.weight for s in draft.exercises[0].sets] == [475.0, 475.0, 475.0]
    assert draft.needs_review
    assert any("decimal point lost?" in w for w in draft.warnings)


def test_a_weight_with_no_digit_left_is_read_when_context_and_width_agree() -> None:
    # generic_41000_152: `77.5 kg x 13` read as `WiASIKg xX 13`, as wide as `77.5kg`.
    rows = [
        *HEAD,
        [("Incline", 44, 130), ("Bench", 190, 100)],
        [("1", 56, 10), ("77.5kg", 122, 88), ("x4", 221, 34)],
        [("2", 54, 12), ("77.5kgx2", 122, 133)],
        [("3.", 55, 11), ("77.5kgx8", 122, 133)],
        [("4", 54, 12), ("WiASIKg", 122, 88), ("xX", 221, 12), ("13", 244, 28)],
        [("Press", 44, 100)],
        [("1", 56, 10), ("102.5", 123, 67), ("kg", 200, 26), ("x", 236, 11), ("15", 260, 28)],
        [("2", 54, 12), ("102.5", 123, 67), ("kg", 200, 26), ("x", 236, 11), ("10", 260, 28)],
    ]
    draft = generic.parse(_page(rows))
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [
        (77.5, 4),
        (77.5, 2),
        (77.5, 8),
        (77.5, 13),
    ]
    assert draft.needs_review


def test_a_weight_with_no_digit_left_stays_unread_when_the_width_disagrees() -> None:
    rows = [
        *HEAD,
        [("Incline", 44, 130), ("Bench", 190, 100)],
        [("1", 56, 10), ("77.5kg", 122, 88), ("x4", 221, 34)],
        [("2", 54, 12), ("77.5kgx2", 122, 133)],
        [("3.", 55, 11), ("77.5kgx8", 122, 133)],
        [("4", 54, 12), ("WiASIKg", 122, 140), ("xX", 273, 12), ("13", 296, 28)],
        [("Press", 44, 100)],
        [("1", 56, 10), ("102.5", 123, 67), ("kg", 200, 26), ("x", 236, 11), ("15", 260, 28)],
        [("2", 54, 12), ("102.5", 123, 67), ("kg", 200, 26), ("x", 236, 11), ("10", 260, 28)],
    ]
    draft = generic.parse(_page(rows))
    assert len(draft.exercises[0].sets) == 3
    assert any("unreadable set line" in w for w in draft.warnings)


def test_digit_width_from_glued_set_lines() -> None:
    # generic_50000_061: every set read as one glued word, so no number word gives a digit's
    # width; `37,5kgx15` and `37,5kgx1` lines differ by one digit and give it. `x1l` is as
    # wide as `37,5kgx1`: one rep, not 11.
    rows = [
        [("Lower", 65, 219), ("Body", 314, 178)],
        [("2024-02-24", 63, 260)],
        [("Skullcrusher", 63, 378), ("(EZ", 464, 94), ("Bar)", 583, 120)],
        [("1", 89, 21), ("37,5kgx15", 193, 310)],
        [("2", 87, 23), ("37,5kgx15", 193, 310)],
        [("3", 87, 24), ("37,5kgx1l", 193, 278)],
        [("4", 86, 26), ("37,5kgx1", 193, 278)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [15, 15, 1, 1]


def test_a_ghost_letter_judged_by_a_line_with_other_digit_counts() -> None:
    # hevy_50000_167: `45lb x 11` read as `A45lb x 11` (and `45lb x 7` as `A5lb x 7`). No
    # line reads `00lbx00`, but `275|b x 3` has the same letters and as many digits; the
    # RPE after some sets takes no part in the width.
    rows = [
        [("Full", 70, 127), ("Body", 230, 189), ("A", 441, 52)],
        [("Wednesday,", 66, 257), ("Aug", 338, 81), ("21,", 439, 60), ("2024", 520, 102)],
        [("Lateral", 69, 185), ("Raise", 278, 152), ("(Dumbbell)", 451, 303)],
        [("1", 91, 27), ("275|b", 261, 132), ("x", 412, 26), ("3", 456, 27)],
        [("2", 90, 27), ("275|b", 261, 132), ("x", 412, 26), ("1", 458, 25)],
        [("Romanian", 69, 277), ("Deadlift", 370, 212), ("(Barbell)", 602, 234)],
        [("1", 91, 27), ("A45lb", 259, 103), ("x", 380, 26), ("11", 427, 56)],
        [
            *[("2", 90, 27), ("A45lb", 259, 103), ("x", 380, 26), ("11", 427, 56)],
            *[("@", 505, 48), ("9", 576, 26), ("rpe", 624, 75)],
        ],
        [("3", 89, 28), ("A5lb", 259, 103), ("x", 380, 26), ("7", 426, 25)],
        [("4", 89, 30), ("A5lb", 259, 103), ("x", 380, 26), ("2", 426, 25)],
    ]
    draft = hevy.parse(_page(rows))
    sets = draft.exercises[1].sets
    assert [(s.weight, s.reps, s.rpe) for s in sets] == [
        (45.0, 11, None),
        (45.0, 11, 9.0),
        (45.0, 7, None),
        (45.0, 2, None),
    ]


def test_a_ghost_o_before_the_reps() -> None:
    # generic_50000_096: `65 lb × 6` read as `65|lbxo6`, as wide as `65lbx3`.
    rows = [
        [("Arms", 65, 197)],
        [("Wed,", 67, 112), ("16", 206, 51), ("Feb", 281, 78), ("2022", 380, 113)],
        [("Cable", 68, 170), ("Crossover", 263, 311)],
        [("1", 94, 25), ("65lbx3", 210, 223)],
        [("2", 93, 28), ("65lox3", 210, 223)],
        [("3", 94, 25), ("65|lbxo6", 210, 224)],
        [("T", 65, 38), ("Bar", 127, 103), ("Row", 255, 126)],
        [("1", 96, 23), ("210Ibxi1", 210, 257)],
        [("2", 94, 24), ("210\\lbx5", 210, 257)],
    ]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [3, 3, 6]


def test_eleven_reps_confirmed_by_the_width_is_no_guess() -> None:
    # hevy_50000_197: `135 kg × 11` read as `135 kgx1l`, as wide as `105 kg x11`: 11 reps,
    # and the width rules out 1, so the parse needs no review for it.
    rows = [
        [("Morning", 41, 161), ("Workout", 219, 169)],
        [("Monday,", 40, 89), ("Jun", 138, 33), ("19,", 184, 29), ("2023", 224, 52)],
        [("Standing", 40, 132), ("Calf", 185, 58), ("Raise", 255, 79)],
        [("1", 54, 14), ("135", 154, 44), ("kgx1l", 210, 91)],
        [("2", 53, 14), ("135", 154, 44), ("kg", 210, 28), ("x7", 250, 35)],
        [("Front", 41, 77), ("Squat", 130, 86), ("(Barbell)", 228, 129)],
        [("1", 54, 14), ("105", 154, 44), ("kg", 210, 28), ("x11", 250, 51)],
        [("2", 53, 14), ("105", 154, 44), ("kg", 213, 24), ("x4", 257, 29)],
    ]
    draft = hevy.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [11, 7]
    assert not any("trailing l" in w for w in draft.warnings)
    assert not draft.needs_review


def test_a_column_set_apart_takes_no_part_in_the_width() -> None:
    # strong_41000_183: the 1RM column stands at the right edge whatever the set's digits;
    # `S55\lbx7` is as wide as `55lbx6`, not `555`.
    rows = [
        [("Push", 40, 100)],
        [("Tuesday", 40, 120), ("5", 170, 15), ("July", 195, 60), ("2022", 265, 70)],
        [("Hammer", 40, 110), ("Curl", 160, 60), ("(Dumbbell)", 230, 160), ("1RM", 744, 40)],
        [("W", 60, 20), ("20lbx9", 134, 158), ("26", 745, 39)],
        [("1", 60, 14), ("55lbx6", 135, 157), ("66", 745, 39)],
        [("2", 60, 14), ("S55\\lbx7", 135, 156), ("68", 745, 39)],
        [("3", 60, 14), ("60lbx", 134, 121), ("12", 276, 37), ("84", 745, 39)],
    ]
    draft = strong.parse(_page(rows))
    assert [s.weight for s in draft.exercises[0].sets] == [20.0, 55.0, 55.0, 60.0]
