"""Readings of an ambiguous set line chosen by the width the line takes (recorded boxes)."""

from __future__ import annotations

import pytest

from ingest.read import generic
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


def test_no_reference_no_change() -> None:
    # Nothing on the page has the shape of either reading: the old reading and its flag stay.
    rows = [*HEAD, [("Curl", 44, 79)], [("1", 62, 15), ("67.5kgx1l", 134, 201)]]
    draft = generic.parse(_page(rows))
    assert [s.reps for s in draft.exercises[0].sets] == [11]
    assert draft.needs_review


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
