"""Rows of an OCR page read again as crops: which rows, their boxes, and the merge.

Pure functions over `OcrPage`s (no tesseract here); `ingest.ocr.stage` crops
the rows, reads them in one batched run and merges them back.
"""

from __future__ import annotations

import re
from statistics import median

from schema.models import OcrLine, OcrPage, OcrWord

# A row with a number read under this confidence is read again alone: on
# rendered screens the page pass reads '40kg' as 'A0kg' at 32, '-30lb' as
# '-30Ib' at 2, '1min' as 'Imin' at 14.
UNSURE_CONF = 50.0
# A tesseract run costs about a third of a page pass before it reads
# anything, so only pages with few unsure rows are worth it, and the
# worst rows first.
MAX_UNSURE_ROWS = 8
_DIGIT = re.compile(r"\d")


def unsure_rows(page: OcrPage) -> list[int]:
    """Indexes of the rows with a number read under `UNSURE_CONF`, at most `MAX_UNSURE_ROWS`.

    Only numbers: the other words English reads that unsure on an English
    screen are icons and menu dots ('wes' beside a name, 'Oo' for a tab
    icon), which read the same alone.
    """
    unsure = [
        (min(w.conf for w in line.words), i)
        for i, line in enumerate(page.lines)
        if any(w.conf < UNSURE_CONF and _DIGIT.search(w.text) for w in line.words)
    ]
    return sorted(i for _conf, i in sorted(unsure)[:MAX_UNSURE_ROWS])


def merge_rows(page: OcrPage, reread: dict[int, tuple[tuple[int, int], list[OcrLine]]]) -> int:
    """Put re-read rows into `page` where their median confidence is higher; returns how many.

    The median, not the mean: one stray mark read at 0 ('100/0' beside five
    confident numbers) must not outvote the rest.
    """
    replaced = 0
    for index, ((dx, dy), lines) in sorted(reread.items()):
        words = [w for line in lines for w in line.words]
        old = page.lines[index].words
        if not words or median(w.conf for w in words) <= median(w.conf for w in old):
            continue
        page.lines[index] = shifted_line(words, dx, dy)
        replaced += 1
    return replaced


def shifted_line(words: list[OcrWord], dx: int, dy: int) -> OcrLine:
    """Words read from a crop at offset (dx, dy), as one line in page coordinates."""
    return OcrLine(
        words=tuple(
            w.model_copy(update={"left": w.left + dx, "top": w.top + dy})
            for w in sorted(words, key=lambda w: w.left)
        )
    )


def row_box(line: OcrLine, pad: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The page-wide band of the line's row, grown by `pad` pixels vertically.

    Page-wide because the page pass can miss part of a line: on a Fleek
    screen English found only '바벨' of '바벨 컬' (as 'ube!'), so a crop of its
    box lost '컬'. A row of a phone screen holds one thing, so the band
    brings in nothing else.
    """
    return (0, max(0, line.top - pad), width, min(height, line.bottom + pad))


def lines_box(
    page: OcrPage, indexes: list[int], pad: int, width: int, height: int
) -> tuple[int, int, int, int] | None:
    """The page-wide band from the top of the first of the lines at `indexes` to the
    bottom of the last, grown by `pad` pixels vertically; None without lines."""
    lines = [page.lines[i] for i in indexes if page.lines[i].words]
    if not lines:
        return None
    top = min(line.top for line in lines)
    bottom = max(line.bottom for line in lines)
    return (0, max(0, top - pad), width, min(height, bottom + pad))
