"""Is this picture a photo (sensor grain everywhere) or a screenshot (flat regions)?

A screenshot, even one a messenger recompressed or resampled, has regions of flat
colour: between its rows, inside cards and bars. A photo of a screen has none: the
camera's grain sits on every pixel. `grain_level` measures that: the high-pass
residue (each pixel against the mean of its 3x3 neighbourhood) averaged over 16 px
cells, taken at the flattest twentieth of the cells.

Measured (`grain_level` of the picture as read, after a photographed screen is
squared up): all 680 screenshots of the five gate corpora (clean, tall, crop,
messenger, resampled, story) 0.0, and 37 of fresh held-out renders 0.0; the
photographed screens 0.375-4.5 (45 of round 4) and 0.75-4.75 (23 fresh), those
whose screen was not found (read whole) 0.625-3.875 and 0.75-2.625.

A grainy picture read whole is read with Sauvola (local) thresholding
(`ingest.ocr.stage`): Tesseract's global threshold turns the grain of the surface
around the screen into lines of debris.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter

# Cell side for the averaging: big enough to average the grain, small enough that
# a screenshot has many cells with no glyph or edge in them.
_CELL = 16
# The flattest twentieth of the cells: a screenshot's gaps between rows (a dense
# spreadsheet, JPEG-recompressed, had 0.375 at the flattest tenth), a photo's grain.
_QUANTILE = 0.05
# Residues are stretched before averaging so that the cells' means keep an eighth of a
# grey level (the cells' means are rounded to whole levels).
_STRETCH = 8
# Above this grain level a picture is grainy (screenshots: 0, photos: 0.375 and more).
GRAINY = 0.25


def grain_level(img: Image.Image) -> float:
    """The grain of `img`: the mean 3x3 high-pass residue (grey levels) of its flattest
    cells; 0 for a screenshot's flat regions, about 1-5 for a photo."""
    gray = img.convert("L")
    width, height = gray.width - gray.width % _CELL, gray.height - gray.height % _CELL
    if width == 0 or height == 0:
        return 0.0
    gray = gray.crop((0, 0, width, height))
    residue = ImageChops.difference(gray, gray.filter(ImageFilter.BoxBlur(1)))
    cells = residue.point(lambda v: min(255, v * _STRETCH)).reduce(_CELL)
    hist = cells.histogram()
    wanted, seen = _QUANTILE * sum(hist), 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= wanted:
            return level / _STRETCH
    return 255 / _STRETCH
