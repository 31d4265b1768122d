"""Fleek's set cells as OCR spells them (no tesseract)."""

from __future__ import annotations

import pytest

from ingest.read.fleek_cells import number, reps_value

pytestmark = pytest.mark.unit


def test_a_mark_between_a_count_and_its_x_is_dropped() -> None:
    # fleek_40000_090: `10X` recorded as `10※×` (conf 59), which hid the whole reps row.
    assert reps_value("10※×") == 10


def test_an_x_read_as_k_is_rescued() -> None:
    # fleek_50000_130: `12X` recorded as `12K` (conf 8).
    assert reps_value("12K") is None
    assert reps_value("12K", rescue=True) == 12
    assert reps_value("KK", rescue=True) is None


def test_a_point_read_as_a_dash_in_a_weight_cell() -> None:
    # fleek_70000_065: 37.5 read `37-5`.
    assert number("37-5") == 37.5
    assert number("37-4") is None
