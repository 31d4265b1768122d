"""Transposed tables: a row of values over a row of counts, one set per column."""

from __future__ import annotations

import pytest

from ingest.read.transposed import pair_columns, split_run_together
from schema.models import OcrWord

pytestmark = pytest.mark.unit


def cell(text: str, centre: int, width: int = 40) -> OcrWord:
    return OcrWord(text=text, left=centre - width // 2, top=0, width=width, height=20, conf=95.0)


def texts(columns: list[tuple[OcrWord | None, OcrWord | None]]) -> list[tuple[str | None, ...]]:
    return [tuple(w.text if w else None for w in column) for column in columns]


def test_a_lost_cell_leaves_a_hole_in_its_own_column() -> None:
    top = [cell("20", 100), cell("40", 250), cell("60", 400)]
    bottom = [cell("12X", 100), cell("5X", 400)]
    assert texts(pair_columns(top, bottom)) == [("20", "12X"), ("40", None), ("60", "5X")]


def test_a_mark_squeezed_between_two_columns_is_no_set() -> None:
    top = [cell("30", 100), cell("8", 175, 10), cell("30", 250), cell("30", 400)]
    bottom = [cell("5X", 100), cell("10X", 250), cell("6X", 400)]
    assert texts(pair_columns(top, bottom)) == [("30", "5X"), ("30", "10X"), ("30", "6X")]


def test_two_counts_run_together_are_two_cells() -> None:
    top = [cell("15", 100), cell("22.5", 250), cell("30", 400)]
    bottom = split_run_together([cell("6X", 100), cell("12X-15X", 325, 190)])
    assert texts(pair_columns(top, bottom)) == [("15", "6X"), ("22.5", "12X"), ("30", "15X")]
    assert [w.text for w in split_run_together([cell("37-5", 100)])] == ["37-5"]
