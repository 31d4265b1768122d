"""Rows of ink the page pass returned no line for: found, read again, and put back.

Pure functions over the prepared page image and its `OcrPage` (no tesseract here);
`ingest.ocr.stage` reads the bands in the run that re-reads a page's script rows.

On a Japanese screen the English page pass can lose a whole row: a big bold title
(`全身`) between the navigation bar and the date came back as no line at all, so
nothing could read it again. A phone screen's rows stand apart as horizontal bands
of ink; a band of text height that no line of the page overlaps is such a lost row.
"""

from __future__ import annotations

import re
from statistics import median

from PIL import Image

from ingest.ocr.images import ink_cells
from ingest.ocr.rows import shifted_line
from schema.models import OcrLine, OcrPage

# A band is a lost row when its height is this share of the page's typical line or
# more (specks, rules and underlines are thinner) and at most `_TALLEST` times it
# (a photo, an avatar or a chart is taller than any title).
_SHORTEST = 0.6
_TALLEST = 3.0
_INKED = re.compile(rb"\x01+")
# A lost row's reading is kept when its words in the script are read this surely
# on average: icons and specks read as stray glyphs at low confidence, a big bold
# title shrunk with its page (`全身`) at 72 and up. Lost rows are rare: on the 90
# Japanese screens of four rendered corpora the page pass lost one.
KEEP_CONF = 70.0


def ink_bands(gray: Image.Image) -> list[tuple[int, int]]:
    """(top, bottom) of each run of pixel rows of `gray` (ink on white) holding ink."""
    data, cells = ink_cells(gray)
    rows = bytes(1 if any(data[y * cells : (y + 1) * cells]) else 0 for y in range(gray.height))
    return [m.span() for m in _INKED.finditer(rows)]


def lost_bands(page: OcrPage, gray: Image.Image, pad: int) -> list[tuple[int, int, int, int]]:
    """Page-wide boxes (grown by `pad`) of the bands of ink of text height that no line of
    `page` overlaps, between its first and last line."""
    lines = [ln for ln in page.lines if ln.words]
    if len(lines) < 2:
        return []
    typical = median(ln.bottom - ln.top for ln in lines)
    first, last = min(ln.top for ln in lines), max(ln.bottom for ln in lines)
    boxes = []
    for top, bottom in ink_bands(gray):
        height = bottom - top
        if not _SHORTEST * typical <= height <= _TALLEST * typical:
            continue
        if bottom <= first or top >= last:
            continue
        if any(ln.top < bottom and ln.bottom > top for ln in lines):
            continue
        boxes.append((0, max(0, top - pad), gray.width, min(gray.height, bottom + pad)))
    return boxes


def merge_lost(
    page: OcrPage,
    script: re.Pattern[str],
    read: list[tuple[tuple[int, int], list[OcrLine]]],
) -> int:
    """Put the lost rows whose script words were read surely (`KEEP_CONF`) into `page`,
    in their place from the top, with their other words read as surely (a set row's
    digits, not an icon's debris); returns how many. `read` holds each band's crop offset
    and the lines read from it."""
    added = 0
    for (dx, dy), lines in read:
        words = [w for line in lines for w in line.words]
        in_script = [w for w in words if script.search(w.text)]
        if not in_script or sum(w.conf for w in in_script) / len(in_script) < KEEP_CONF:
            continue
        kept = [w for w in words if w in in_script or w.conf >= KEEP_CONF]
        page.lines.append(shifted_line(kept, dx, dy))
        added += 1
    if added:
        page.lines.sort(key=lambda ln: (ln.top, ln.left))
    return added
