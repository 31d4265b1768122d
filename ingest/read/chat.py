"""A page of chat: the text of one bubble, read as a document in its own right.

A screenshot of a chat is chrome (a header with a back arrow, a name and an avatar;
day chips; an input bar; the keyboard) and bubbles. One bubble holds what was shared
(a Strong or Hevy share text, a note); everything else on the page is not part of it,
and its own stamps (a time, ticks, `Edited`) are not either. `bubble_document` returns
that bubble's lines as a page of their own, with the lines the bubble wrapped joined
again, for `ingest.read.detect` to read with its own layout detection.

Where the bubbles are comes from pixels (`ingest.ocr.bubbles`, recorded in
`OcrPage.settings["bubbles"]`). A page without them (OCR recorded before, text from
elsewhere) is read from its rows alone (`_text_bubble`): a block of rows sharing one
left edge, indented from the page's other rows, with a time stamped at its end.
Nothing here knows a messenger's colours or words.
"""

from __future__ import annotations

import re
from statistics import median

from schema.models import OcrLine, OcrPage, OcrWord

# A bubble holds at least this many rows of text to be a document.
MIN_ROWS = 3
# A row starting further right than this share of the bubble's text width is a
# stamp (`14:21 ✓✓` at a bubble's bottom right), not text: shared text is left-aligned.
STAMP_INDENT = 0.3
# A time on a row: a chat stamp (`07:32`, `9:15 PM`, `Read 9:41`).
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")

Box = tuple[int, int, int, int]


def bubble_document(page: OcrPage) -> OcrPage | None:
    """The rows of the page's document bubble as a page of their own, or None when the
    page shows no bubble holding `MIN_ROWS` rows."""
    lines = [line for line in page.lines if line.words]
    found: list[Box] = [
        (int(b[0]), int(b[1]), int(b[2]), int(b[3]))
        for b in page.settings.get("bubbles") or []
        if isinstance(b, list | tuple) and len(b) == 4
    ]
    candidates = [(box, _inside(lines, box)) for box in found if _alone(lines, box)]
    candidates = [(box, rows) for box, rows in candidates if len(rows) >= MIN_ROWS]
    if not found:
        text = _text_bubble(lines, page.width)
        candidates = [text] if text else []
    if not candidates:
        return None
    box, rows = max(candidates, key=lambda c: len(c[1]))
    return _as_page(page, box, document_rows(rows, box if found else None))


def _inside(lines: list[OcrLine], box: Box) -> list[OcrLine]:
    """The rows whose middle lies in the box, with only their words inside it."""
    left, top, right, bottom = box
    rows = []
    for line in lines:
        if not top <= (line.top + line.bottom) / 2 <= bottom:
            continue
        words = tuple(w for w in line.words if left <= (w.left + w.right) / 2 <= right)
        if words:
            rows.append(OcrLine(words=words))
    return rows


def _alone(lines: list[OcrLine], box: Box) -> bool:
    """Rows crossing the box's left or right edge are few (one misread glyph of the
    edge): a bubble stands on the page, where a coloured band of an app screen (a
    completed set) cuts through its rows."""
    left, top, right, bottom = box
    rows = [line for line in lines if top <= (line.top + line.bottom) / 2 <= bottom]
    crossing = sum(
        1
        for line in rows
        if any(w.left < left < w.right or w.left < right < w.right for w in line.words)
    )
    return crossing <= max(1, len(rows) // 10)


def document_rows(rows: list[OcrLine], box: Box | None = None) -> list[OcrLine]:
    """A bubble's rows without its stamps and edge debris, wrapped rows joined again.

    The bubble's text wraps at its right edge less the padding it keeps on the left;
    without its `box`, at the right edge of the widest row."""
    if not rows:
        return []
    rows = sorted(rows, key=lambda line: line.top)
    text_left = median(line.left for line in rows)
    limit = box[2] - (text_left - box[0]) if box else None
    height = median(line.bottom - line.top for line in rows)
    # Words wholly left of the text's edge are the bubble's own edge read as a glyph.
    rows = [_trimmed(line, text_left - height) for line in rows]
    if stamp := _stamp_beside(rows[-1], height):
        rows[-1] = OcrLine(words=rows[-1].words[:stamp])
    rows = [line for line in rows if line.words]
    width = max(line.right for line in rows) - text_left
    kept = [line for line in rows if line.left <= text_left + STAMP_INDENT * width]
    if limit is None:
        limit = max(line.right for line in kept)
    return _joined(kept, limit, height)


def _stamp_beside(line: OcrLine, height: float) -> int:
    """Where a stamp beside a row's text starts (`Pull-ups 2x13      8:48AM`: a time far
    right of the text, on its row), 0 if none."""
    words = line.words
    gaps = [i for i in range(1, len(words)) if words[i].left - words[i - 1].right > 3 * height]
    found = gaps and _TIME.search(" ".join(w.text for w in words[gaps[-1] :]))
    return gaps[-1] if found else 0


def _trimmed(line: OcrLine, edge: float) -> OcrLine:
    return OcrLine(words=tuple(w for w in line.words if w.right > edge))


def _joined(rows: list[OcrLine], limit: float, height: float) -> list[OcrLine]:
    """Rows with each wrapped continuation put back after its row.

    A row continues the one above when nothing parts them (a gap under a line's
    height), its first word could not have fitted on the row above within `limit`
    (the bubble's text edge, known to half a line), and it does not open an item of
    its own: it starts with a digit, a bracket or a small letter (`167.5x3 kg`,
    `(Barbell)`, `8:04pm`), or the row above ends on a comma. The geometry alone
    cannot tell a wrap from a new line whose first word was long.
    """
    joined: list[OcrLine] = []
    above: OcrLine | None = None  # the row as printed above, before any joining
    for line in rows:
        if above is not None and _continues(above, line, limit, height):
            joined[-1] = _append(joined[-1], line)
        else:
            joined.append(line)
        above = line
    return joined


def _continues(above: OcrLine, line: OcrLine, limit: float, height: float) -> bool:
    if line.top - above.bottom > height:
        return False
    first = line.words[0]
    wrapped = above.right + 0.3 * height + first.width > limit - 0.5 * height
    opens_item = first.text[:1].isupper() and not above.text.endswith(",")
    return wrapped and not opens_item


def _append(above: OcrLine, line: OcrLine) -> OcrLine:
    """`line`'s words moved onto `above`'s row, after its last word."""
    shift = above.right + round(0.3 * (above.bottom - above.top)) - line.left
    words = tuple(
        w.model_copy(update={"left": w.left + shift, "top": above.top}) for w in line.words
    )
    return OcrLine(words=above.words + words)


def _text_bubble(lines: list[OcrLine], width: int) -> tuple[Box, list[OcrLine]] | None:
    """Without pixels: the longest run of rows sharing one left edge, indented from a
    row elsewhere on the page, with a time stamped at its right just below it or
    beside its last row."""
    if not lines or width <= 0:
        return None
    ordered = sorted(lines, key=lambda line: line.top)
    height = median(line.bottom - line.top for line in ordered)
    runs: list[list[OcrLine]] = []
    for line in ordered:
        if runs and abs(line.left - runs[-1][0].left) <= height:
            runs[-1].append(line)
        else:
            runs.append([line])
    rows = max(runs, key=len)
    left = rows[0].left
    # A stamp may overlap the last row's box (a tall link): below is below its middle.
    below = [line for line in ordered if line.top > (rows[-1].top + rows[-1].bottom) / 2]
    stamped = bool(below) and _is_stamp(below[0], left, rows[-1].bottom, height)
    indented = any(line.left < left - 2 * height for line in ordered if line not in rows)
    if len(rows) < MIN_ROWS or not (stamped or _stamp_beside(rows[-1], height)) or not indented:
        return None
    box = (left, rows[0].top, max(line.right for line in rows), rows[-1].bottom)
    return box, [*rows, *below[:stamped]]


def _is_stamp(line: OcrLine, left: int, bottom: int, height: float) -> bool:
    """A short row with a time, right of a bubble's text edge, right under its text."""
    return (
        line.top - bottom <= 1.5 * height
        and line.left > left + 2 * height
        and len(line.words) <= 4
        and bool(_TIME.search(line.text))
    )


def _as_page(page: OcrPage, box: Box, rows: list[OcrLine]) -> OcrPage:
    """The rows as a page of their own: coordinates from the bubble's corner, the
    bubble's size, the page's OCR facts (no bubbles: it is one)."""
    left, top, right, bottom = box

    def moved(word: OcrWord) -> OcrWord:
        return word.model_copy(update={"left": word.left - left, "top": word.top - top})

    settings = {k: v for k, v in page.settings.items() if k != "bubbles"}
    settings["bubble"] = list(box)
    return page.model_copy(
        update={
            "lines": [OcrLine(words=tuple(moved(w) for w in line.words)) for line in rows],
            "width": right - left,
            "height": bottom - top,
            "settings": settings,
        }
    )
