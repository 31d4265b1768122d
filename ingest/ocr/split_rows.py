"""Rows of a screen the page pass split into lines, joined again before they are re-read.

Pure functions over `OcrPage`s (no tesseract here). Tesseract sometimes cuts one tall
row (a bold name in another script) into two lines; a crop of either line clips the
glyphs, where a crop of the whole row reads right. `ingest.ocr.stage` joins them on a
page that needs another script, before choosing the lines to read again.
"""

from __future__ import annotations

from ingest.ocr.english_words import english_word
from schema.models import OcrLine, OcrPage, OcrWord

# A line the page pass cut from the row above it: overlapping it by this share of its
# height, or touching it (closer than `_TOUCHING` of its height) and shorter than
# `_FRAGMENT` of it. Rows of a phone screen stand apart, and two set rows that touch
# are as tall as each other.
_OVERLAP = 1 / 3
_TOUCHING = 0.1
_FRAGMENT = 0.75


def join_split_lines(page: OcrPage) -> OcrPage:
    """`page` with every line the page pass cut from the row above it joined to it,
    when neither reads as English: one row of the screen, read again as one.

    On a Fleek screen the page pass cut the name '딥스' into 'CLA' (443-467 px) and 'o—'
    (468-485 px), and '덤벨 컬' into '던 벤 커' and 'oe 2'; each line's crop then clips
    the glyphs ('디스' at 27) where the whole row reads right.
    """
    rows: list[list[OcrWord]] = []
    for line in sorted((ln for ln in page.lines if ln.words), key=lambda ln: ln.top):
        if rows and _cut_from(line, rows[-1]) and _debris(line, rows[-1]):
            rows[-1].extend(line.words)
        else:
            rows.append(list(line.words))
    lines = [OcrLine(words=tuple(sorted(r, key=lambda w: w.left))) for r in rows]
    return page.model_copy(update={"lines": lines})


def _cut_from(line: OcrLine, above: list[OcrWord]) -> bool:
    """Whether `line` is a piece of the row whose words are `above` (see `_OVERLAP`)."""
    top, bottom = min(w.top for w in above), max(w.bottom for w in above)
    height = max(1, line.bottom - line.top)
    overlap = bottom - line.top
    if overlap >= _OVERLAP * height:
        return True
    return overlap >= -_TOUCHING * height and height <= _FRAGMENT * (bottom - top)


def _debris(line: OcrLine, above: list[OcrWord]) -> bool:
    """Whether neither line reads as English: a label row (`MAX Weight: 40kg`) under a
    name stands on its own however close."""
    return not all(map(english_word, line.words)) and not all(map(english_word, above))
