"""Which rows of a page are read again, and how re-read rows are merged (no tesseract)."""

from __future__ import annotations

import pytest

from ingest.ocr.rows import MAX_UNSURE_ROWS, merge_rows, unsure_rows
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def line(*words: tuple[str, float], top: int = 0) -> OcrLine:
    return OcrLine(
        words=tuple(
            OcrWord(text=t, conf=c, left=60 * i, top=top, width=50, height=20)
            for i, (t, c) in enumerate(words)
        )
    )


def page(*lines: OcrLine) -> OcrPage:
    return OcrPage(lines=list(lines), engine="tesseract", languages="eng", width=400, height=900)


def test_rows_with_an_unsure_number_are_read_again() -> None:
    p = page(
        line(("Bench", 96), ("Press", 95), ("wes", 31), top=0),  # menu dots: not a number
        line(("3", 96), ("A0kg", 32), ("x", 90), ("8", 95), top=50),
        line(("Oo", 30), ("Oo", 30), top=100),  # tab icons
        line(("2", 96), ("40kg", 91), ("x", 90), ("8", 95), top=150),
        line(("Rest", 95), ("Timer:", 93), ("Imin", 14), ("30s", 90), top=200),
        line(("4", 96), ("-30Ib", 2), top=250),
    )
    assert unsure_rows(p) == [1, 5]


def test_at_most_the_worst_rows_are_read_again() -> None:
    rows = [line(("1", 96), ("6Okg", float(c)), top=30 * c) for c in range(20)]
    picked = unsure_rows(page(*rows))
    assert picked == list(range(MAX_UNSURE_ROWS))


def test_a_re_read_row_replaces_the_page_row_only_when_surer() -> None:
    p = page(line(("3", 96), ("A0kg", 32), ("x", 40), ("8", 95), top=50))
    better = [line(("3", 96), ("40kg", 93), ("x", 92), ("8", 95))]
    assert merge_rows(p, {0: ((0, 40), better)}) == 1
    assert p.lines[0].text == "3 40kg x 8"
    assert p.lines[0].words[0].top == 40
    worse = [line(("3", 20), ("AOkg", 10))]
    assert merge_rows(p, {0: ((0, 40), worse)}) == 0
