"""A working set whose weight OCR garbled into letters, read from the other sets."""

from __future__ import annotations

import pytest

from ingest.read import generic
from ingest.read.garbled_weights import (
    weight_from_other_sets,
)
from schema.models import OcrPage, SetDraft

pytestmark = pytest.mark.unit


def _sets(weight: float, unit: str, n: int) -> list[SetDraft]:
    return [
        SetDraft(reps=5, weight=weight, unit=unit, raw_line=f"{weight:g}{unit}x5") for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("text", "weight", "unit", "reps"),
    [
        ("3 7Wkgx7", 75.0, "kg", 7),  # generic_40000_201: the 5 read as W
        ("2 Ad0lbx3", 40.0, "lb", 3),  # generic_45500_092: the 4 as A and a ghost d
        ("3 BO0lbx 10", 30.0, "lb", 10),  # generic_1_041: the 3 as B and a ghost O
    ],
)
def test_garbled_weight_takes_the_other_sets_weight(
    text: str, weight: float, unit: str, reps: int
) -> None:
    found = weight_from_other_sets(text, _sets(weight, unit, 3))
    assert found is not None
    s, warning = found
    assert (s.weight, s.unit, s.reps, s.raw_line) == (weight, unit, reps, text)
    assert "like the other sets" in warning


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        ("4 WiASIKg xX 13", _sets(77.5, "kg", 3)),  # no digit of the weight survived
        ("3 7Wkgx7", _sets(75.0, "kg", 1)),  # one other set is too little to go by
        ("3 7Wkgx7", _sets(75.0, "kg", 2) + _sets(80.0, "kg", 1)),  # the others differ
        ("3 7Wkgx7", _sets(75.0, "lb", 3)),  # another unit
        ("3 9Wkgx7", _sets(75.0, "kg", 3)),  # a digit the weight does not have
        ("7S lbxas", _sets(215.0, "lb", 3)),  # reps unreadable too
    ],
)
def test_no_guess_without_enough_evidence(text: str, sets: list[SetDraft]) -> None:
    assert weight_from_other_sets(text, sets) is None


def test_garbled_weight_in_a_page_needs_review() -> None:
    page = "Pull\n2020-03-03\nLat Pulldown (Cable)\n1 75kgx2\n2 75kgx10\n3 7Wkgx7\n4 75kgx 14\n"
    draft = generic.parse(OcrPage.from_text(page))
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [
        (75.0, 2),
        (75.0, 10),
        (75.0, 7),
        (75.0, 14),
    ]
    assert not any("unreadable" in w for w in draft.warnings)
    assert draft.needs_review


def test_a_weight_with_no_digit_left_stays_unread_and_flagged() -> None:
    # `77.5 kg x 13` read as `WiASIKg xX 13`: nothing of the row says 77.5.
    page = "Pull\n2020-03-03\nIncline Bench\n1 77.5kgx4\n2 77.5kgx2\n3 77.5kgx8\n4 WiASIKg xX 13\n"
    draft = generic.parse(OcrPage.from_text(page))
    assert len(draft.exercises[0].sets) == 3
    assert any("unreadable set line" in w for w in draft.warnings)
    assert draft.needs_review
