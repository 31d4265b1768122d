"""Notes findings fire on evidence of doubt, not on the form of a line."""

from __future__ import annotations

import pytest

from ingest.read import notes
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def _page(*rows: list[tuple[str, float]]) -> OcrPage:
    lines = []
    for i, row in enumerate(rows):
        words, x = [], 20
        for text, conf in row:
            words.append(
                OcrWord(text=text, left=x, top=40 * i, width=12 * len(text), height=24, conf=conf)
            )
            x += 12 * (len(text) + 1)
        lines.append(OcrLine(words=tuple(words)))
    return OcrPage(lines=lines, width=600, mean_conf=90.0)


def _kinds(page: OcrPage) -> list[str]:
    return [f.kind for f in notes.parse(page).findings]


DATE = [("Jun", 95.0), ("9", 95.0), ("2024", 95.0)]


def test_a_plate_load_glued_to_its_unit_read_unsure_is_no_doubt() -> None:
    # Tesseract doubts `245lb` for the l beside the 5, every digit right.
    page = _page(DATE, [("Bench", 96.0), ("245lb", 3.0), ("5x6", 93.0)])
    assert "line.low_confidence" not in _kinds(page)


@pytest.mark.parametrize(
    "row",
    [
        [("Bench", 96.0), ("243lb", 40.0), ("5x6", 93.0)],  # no bar carries 243 lb
        [("Bench", 96.0), ("745lb", 40.0), ("5x6", 93.0)],  # a 1 read as 7
        [("Bench", 96.0), ("245lb", 95.0), ("5x6", 50.0)],  # the set count itself unsure
    ],
)
def test_other_unsure_numbers_still_send_the_note_to_review(row: list[tuple[str, float]]) -> None:
    page = _page(DATE, row)
    draft = notes.parse(page)
    assert "line.low_confidence" in [f.kind for f in draft.findings]
    assert draft.needs_review
