"""Fleek's cells as OCR spells them, and the screen's own totals held against the parse."""

from __future__ import annotations

import pytest

from ingest.read import fleek
from schema.models import OcrPage, SessionDraft

pytestmark = pytest.mark.unit

HEAD = "가슴\n2026.02.07\n"


def parse(text: str) -> SessionDraft:
    return fleek.parse(OcrPage.from_text(HEAD + text))


def reps_of(draft: SessionDraft) -> list[int | None]:
    return [s.reps for s in draft.exercises[0].sets]


def kinds(draft: SessionDraft) -> set[str]:
    return {f.kind for f in draft.findings}


def test_cells_as_ocr_spells_them() -> None:
    # `10※×` (a mark before the X), `12K` (the X read as K), `37-5` (a point read as -).
    draft = parse("스쿼트\nMAX Weight: 40kg\n30 37-5 40\n10※× 12K 8X\n")
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(30, 10), (37.5, 12), (40, 8)]
    assert "cell.letters_as_digits" in kinds(draft)  # the `12K` is a guess, for review
    assert draft.needs_review


@pytest.mark.parametrize(
    ("row", "total", "reps"),
    [
        ("127 22", 39, [17, 22]),  # fleek_1_005: `17 22` recorded as `127 _ 22`
        ("19 8 23-25 6", 81, [19, 8, 23, 25, 6]),  # fleek_1_025: two cells run together
        ("16 iS) 6", 27, [16, 5, 6]),  # fleek_42000_010: `5` recorded as `iS)`
        ("22 10 8 6 23", 69, [22, 10, 8, 6, 23]),
    ],
)
def test_one_doubtful_bodyweight_cell_is_what_total_reps_leaves(
    row: str, total: int, reps: list[int]
) -> None:
    draft = parse(f"풀업\nTotal Reps: {total}\n{row}\n")
    assert reps_of(draft) == reps
    assert not draft.needs_review


@pytest.mark.parametrize(("row", "total"), [("15 15 15", 50), ("127 127", 29)])
def test_reps_that_do_not_add_up_go_to_review(row: str, total: int) -> None:
    # `127 127` adding up to 29 is 17 + 12 or 12 + 17: no way to tell.
    draft = parse(f"풀업\nTotal Reps: {total}\n{row}\n")
    assert "reps.total_disagrees" in kinds(draft)
    assert draft.needs_review


def _volume_screen(volume: int, cell: str = "tS") -> str:
    return (
        f"238 KCAL 54 min {volume} kg\n1 EXERCISES 3 sets 30 reps\n"
        f"덤벨 컬\nMAX Weight: 7.5kg\n{cell} 7.5 7.5\n6X 12X 12X\n"
    )


def test_an_unreadable_weight_gets_what_the_session_volume_leaves() -> None:
    # fleek_66000_004: `7.5` recorded as `tS` (conf 86); MAX Weight 7.5kg, 225 kg in all.
    draft = parse(_volume_screen(225))
    assert [s.weight for s in draft.exercises[0].sets] == [7.5, 7.5, 7.5]
    assert "cell.by_totals" in kinds(draft)


def test_a_volume_no_plausible_load_fills_is_a_doubt() -> None:
    draft = parse(_volume_screen(300))  # 20 kg for the cell: over the MAX
    assert "session.totals_disagree" in kinds(draft)
    assert draft.needs_review
