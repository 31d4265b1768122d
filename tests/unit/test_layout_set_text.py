"""Set-line spelling repairs (`ingest.layouts.set_text`) and the review flag on guessed repairs."""

from __future__ import annotations

import pytest

from ingest.layouts import common, generic
from schema.models import OcrPage, SetDraft

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 290 \\bx 4", (290.0, "lb", 4, None, None)),  # `\b` for `lb`
        ("5 17/reps", (None, None, 17, None, None)),  # a stray slash before `reps`
        ("2 +/7,5kg x 8", (7.5, "kg", 8, None, None)),  # a stray slash after the sign
        ("4 60kgxl 62", (60.0, "kg", 1, None, None)),  # one rep read as `l`
        ("1 Smi| 32:05", (None, None, None, 1925, 5.0)),  # 5 read as S before `mi`
        ("1 127.55kgx7@9.5", (127.5, "kg", 7, None, None)),  # the 5 after the point read twice
        ("5-10 kg x 13", (-10.0, "kg", 13, None, None)),  # badge glued to the minus sign
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
