"""A note's sets listed one by one, and the `x` OCR lost inside such a list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.read import notes
from ingest.read.set_lists import listed, restore_crosses
from schema.models import OcrPage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "restored"),
    [
        # r3 held-out notes, as OCR read them.
        ("385x3, 3905 Ib", "385x3, 390x5 Ib"),
        ("2101, 215x2, 220x1, 225x2 Ib", "210x1, 215x2, 220x1, 225x2 Ib"),
        ("77.5x1, 87.5x3, 97.55 kg", "77.5x1, 87.5x3, 97.5x5 kg"),
        ("180*1, 185x2, 1901, 1955 Ib", "180*1, 185x2, 190x1, 195x5 Ib"),
        ("1102, 115x3 Ib", "110x2, 115x3 Ib"),
        ("210xS, 215x3 Ib", "210x5, 215x3 Ib"),
    ],
)
def test_a_lost_x_is_put_back_where_the_other_weights_say(raw: str, restored: str) -> None:
    text, guesses = restore_crosses(raw)
    assert text == restored
    changed = sum(a != b for a, b in zip(raw.split(", "), restored.split(", "), strict=True))
    assert len(guesses) == changed


@pytest.mark.parametrize(
    "raw",
    [
        "102,5x8, 110x6",  # a decimal comma, not two items
        "135, 155, 185x5",  # weights ramping to one set of 5: no cut comes near 185
        "3x8 @ 60kg",  # one item
        "140x5, 150x3, 160x1 kg",  # whole
        "160, 170",  # no whole item to compare with
    ],
)
def test_a_list_with_nothing_lost_is_left_alone(raw: str) -> None:
    assert restore_crosses(raw) == (raw, [])


def test_listed_reads_pairs_and_reps_lists() -> None:
    assert listed("140 x 5, 150 x 3 kg") == ([(5, 140.0), (3, 150.0)], "kg")
    assert listed("40 kg 8/8/7") == ([(8, 40.0), (8, 40.0), (7, 40.0)], "kg")
    assert listed("3 x 8") is None


@given(
    st.lists(st.tuples(st.integers(20, 300), st.integers(1, 15)), min_size=2, max_size=6),
    st.sampled_from(["kg", "lb", ""]),
)
def test_a_whole_list_is_never_changed(items: list[tuple[int, int]], unit: str) -> None:
    raw = ", ".join(f"{w}x{r}" for w, r in items) + (f" {unit}" if unit else "")
    assert restore_crosses(raw) == (raw, [])


@given(st.integers(60, 300), st.integers(1, 9), st.integers(1, 9), st.integers(0, 3))
def test_one_lost_x_between_close_weights_is_restored(
    weight: int, first: int, lost: int, step: int
) -> None:
    heavier = weight + 5 * step
    text, guesses = restore_crosses(f"{weight}x{first}, {heavier}{lost} kg")
    assert text == f"{weight}x{first}, {heavier}x{lost} kg"
    assert len(guesses) == 1


def test_a_note_line_with_a_lost_x_keeps_its_exercise_and_is_reviewed() -> None:
    page = OcrPage.from_text("2026/08/14\nLeg press 385x3, 3905 Ib\nDeadlift 3 x 8 @170\n")
    draft = notes.parse(page)
    assert [e.raw_name for e in draft.exercises] == ["Leg press", "Deadlift"]
    assert [(s.reps, s.weight) for s in draft.exercises[0].sets] == [(3, 385.0), (5, 390.0)]
    assert draft.needs_review
    assert any(f.kind == "sets.cross_restored" for f in draft.findings)


def test_a_load_glued_to_the_name_is_the_load() -> None:
    draft = notes.parse(OcrPage.from_text("Jun 25 2025\nRDL145kg 4x3\nDips 3x15\n"))
    ex = draft.exercises[0]
    assert ex.raw_name == "RDL"
    assert [(s.reps, s.weight, s.unit) for s in ex.sets] == [(3, 145.0, "kg")] * 4


def test_a_list_without_a_unit_keeps_weights_that_end_in_10() -> None:
    # `110x5` in a list is 110 x 5, not 1 lb x 5 (`lb` read as `10` is a one-set-line misread).
    draft = notes.parse(OcrPage.from_text("2026-06-29\nBench 110x5, 120x3\nRDL 2101, 215x2\n"))
    assert [[(s.reps, s.weight) for s in e.sets] for e in draft.exercises] == [
        [(5, 110.0), (3, 120.0)],
        [(1, 210.0), (2, 215.0)],
    ]
