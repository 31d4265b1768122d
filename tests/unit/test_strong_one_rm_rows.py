"""Strong app rows OCR garbled past reading, read back through their 1RM column."""

from __future__ import annotations

import pytest

from ingest.read import strong
from ingest.read.strong_one_rm_rows import set_from_one_rm
from schema.models import OcrPage, SetDraft, Unit

pytestmark = pytest.mark.unit


def _sets(weight: float, unit: Unit = "kg", *reps: int) -> list[SetDraft]:
    return [SetDraft(weight=weight, unit=unit, reps=r) for r in reps]


@pytest.mark.parametrize(
    ("row", "others", "expected"),
    [
        # The weight read from the row, a letter for a digit: B0 is 30 or 80, the 1RM says 30.
        ("Ww B0kg x7 37", [], ("warmup", 30.0, "kg", 7)),
        ("W 35kgx1l1l 48", [], ("warmup", 35.0, "kg", 11)),
        # Nothing of the set left: the exercise's one working weight and the 1RM.
        ("1 fle/sm| ean le7, 245", _sets(175, "lb", 8, 12), ("working", 175.0, "lb", 12)),
        ("3 PRS UKGEXES 149", _sets(127.5, "kg", 12, 6, 12), ("working", 127.5, "kg", 5)),
    ],
)
def test_a_garbled_row_is_read_from_its_1rm(
    row: str, others: list[SetDraft], expected: tuple[object, ...]
) -> None:
    found = set_from_one_rm(row, others)
    assert found is not None
    s, warning = found
    assert (s.set_type, s.weight, s.unit, s.reps) == expected
    assert "(guess)" in warning and s.raw_line == row


def test_no_reading_when_the_1rm_fits_several_sets_or_no_weight() -> None:
    # 5 kg: 1RM 7 fits 11 to 15 reps; nothing in the row decides.
    assert set_from_one_rm("2 Skg xx 7", _sets(5, "kg", 12, 12)) is None
    # A warm-up takes no weight from the working sets (it is lighter).
    assert set_from_one_rm("W fle/sm| 42", _sets(60, "kg", 8, 8)) is None
    # `x3` beside a 1RM of 90 for 47.5 kg (27 reps): the row contradicts the reading.
    assert set_from_one_rm("3 A7T5kgx3 90", _sets(47.5, "kg", 7, 1)) is None
    # Working sets of two weights: none stands in for the lost one.
    assert set_from_one_rm("2 ean le7 81", _sets(60, "kg", 8) + _sets(70, "kg", 5)) is None


def test_a_garbled_first_set_joins_the_exercise_below_its_header() -> None:
    # strong_70000_079: set 1 garbled right under its header, the 1RM column read well.
    text = (
        "Chest & Triceps\nTuesday 12 September 2023 at 15:02\n"
        "Bench Press (Barbell) 1RM\n1 60 kg x 8 76\n2 60 kg x 8 76\n"
        "Face Pull (Cable) 1RM\n1 fle/sm| ean le7, 245\n2 175 lb x 8 222\n3 175 lb x 12 245\n"
    )
    draft = strong.parse(OcrPage.from_text(text))
    face_pull = draft.exercises[1]
    assert [(s.weight, s.reps) for s in face_pull.sets] == [(175, 12), (175, 8), (175, 12)]
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(60, 8), (60, 8)]
    assert draft.needs_review


def test_one_word_of_the_tab_bar_and_a_shouted_prs_still_say_strong() -> None:
    # strong_71000_304: a short screen whose tab bar OCR garbled but for `Measure`.
    text = (
        "2:58 25%\nUpper Body\nSunday 11 April 2021 at 13.07\nIh4/m 4.554 kg 4PRS\n"
        "Cycling\n1 2 mi {| 1:09:15\nDead Hang\na 0:40\n2 1:40\n"
        "Prohie bérstary Workoul § xer es Measure\n"
    )
    assert strong.score(OcrPage.from_text(text)) >= 0.65
