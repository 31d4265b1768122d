"""How dark each word's ink is against its own background: the evidence for grey text.

An input form shows what is not entered yet as grey placeholder text (a logging
screen's next set, `60  8` in light grey where a done set's `60  8` is black); OCR
reads both alike. The stage measures, per word, the contrast of its ink against
the background around it, on the prepared page (`ingest.ocr.images.preprocess`:
dark ink on a light background in every theme, so one measure serves light and
dark screens alike) and records it as `OcrWord.contrast`, 0 (no ink) to 1 (black
on white). The reader compares a row's cells with the page's other rows
(`ingest.read.placeholders`).

The box is grown by `_PAD` pixels so that a tight box still holds background; a
word's ink covers well under half its box, so the `_BACKGROUND` quantile of the
box's greys is its background and the `_INK` quantile its darkest strokes (the
cores of the strokes, not their anti-aliased edges). Cost: one crop and one
256-bin histogram per word, ~2 ms a page.
"""

from __future__ import annotations

import bisect
import itertools

from PIL import Image

from schema.models import OcrWord

_PAD = 2
_BACKGROUND = 0.9
_INK = 0.05


def word_contrast(word: OcrWord, gray: Image.Image) -> float | None:
    """The contrast of `word`'s ink on `gray` (the page OCR read, in the same pixels
    as the word's box: dark ink on a light background); None for an empty box."""
    box = (
        max(0, word.left - _PAD),
        max(0, word.top - _PAD),
        min(gray.width, word.right + _PAD),
        min(gray.height, word.bottom + _PAD),
    )
    if box[2] <= box[0] or box[3] <= box[1]:
        return None
    return ink_contrast(gray.crop(box).histogram())


def ink_contrast(histogram: list[int]) -> float:
    """The contrast of a word box's ink against its background, 0-1, from the box's
    grey histogram (dark ink on light): (background - ink) / background."""
    cumulative = list(itertools.accumulate(histogram))
    total = cumulative[-1]
    if not total:
        return 0.0
    background = _quantile(cumulative, total * _BACKGROUND)
    ink = _quantile(cumulative, total * _INK)
    return round(max(0, background - ink) / max(background, 1), 2)


def _quantile(cumulative: list[int], rank: float) -> int:
    """The grey level at which the cumulative histogram reaches `rank`."""
    return bisect.bisect_left(cumulative, rank)
