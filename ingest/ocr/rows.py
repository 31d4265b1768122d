"""Rows of an OCR page read again as crops: their boxes, and the merge.

Pure functions over `OcrPage`s (no tesseract here); `ingest.ocr.stage` crops
the rows, reads them in one batched run and merges them back.

Not done: reading again every row with a number under confidence 50 on
English screens ('A0kg' at 32, '-30Ib' at 2). On 61 rendered dev screens it
read 109 rows in one extra run per page, changed the text of 19 pages and
no parse ('lb' also became 'Ib'), for 25% more CPU: a tesseract run costs
about a third of a page pass before it reads anything. Done instead: only
a set table's rows whose value cells the page pass garbled
(`ingest.ocr.table_rows`).
"""

from __future__ import annotations

from statistics import median

from schema.models import OcrLine, OcrPage, OcrWord


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


def line_box(line: OcrLine, pad: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The line's own box, grown by its height on either side and by `pad` pixels above
    and below: a probe's crop (`ingest.ocr.stage._probe`), which only has to show
    whether the script is there. Read with jpn, the page-wide band of a short line
    cost 3-4 times its own box (a story's debris read 'Cet sda)' at the left of a
    1080 px row)."""
    reach = line.bottom - line.top
    right = max(w.right for w in line.words) if line.words else width
    return (
        max(0, line.left - reach),
        max(0, line.top - pad),
        min(width, right + reach),
        min(height, line.bottom + pad),
    )


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
