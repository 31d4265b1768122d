"""Image loading with validation before decoding, and preprocessing for OCR.

`load_image` is the door every screenshot goes through: it reads only the
header first, so a corrupt file, an animation or a decompression bomb is
rejected with a human reason (`InputRejected`) before any pixels are decoded.

Accepted formats: PNG, JPEG, WebP, GIF, BMP and TIFF, each as a single still
image. Everything else (ICO, PDF, SVG, PSD, ...) is rejected: screenshots come
as PNG/JPEG (sometimes WebP/GIF after a messenger), and a narrow allow-list
keeps the rarely exercised Pillow decoders out of reach of uploaded bytes.

`preprocess` turns a loaded image into what Tesseract reads best: upright,
grayscale, dark text on a light background, text tall enough. What it did is
returned as a dict and recorded in `OcrPage.settings`.
"""

from __future__ import annotations

import functools
import io
import re
import statistics
import struct
import warnings
import zlib
from typing import Any

from PIL import Image, ImageChops, ImageFilter, ImageMath, ImageOps, UnidentifiedImageError

from schema.errors import InputRejected

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"})

# Exceptions Pillow raises on broken data while decoding (truncated streams,
# bad chunk CRCs, nonsense headers). Caught only around open()/load().
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)

# Tesseract reads text best when a line of ink (ascender to descender) is
# about 32 px tall (capitals ~22 px); pages are scaled once towards that
# height, unless it is already within a factor of `MIN_SCALE_STEP`.
# Measured tesseract CPU on 3x retina screens by line height: as drawn (45-52
# px) 0.96 s, 40 px 0.87 s, 32 px 0.79 s, 26 px 0.80 s, 20 px 0.86 s, with
# mean word confidence falling below 32 px. Lines under `SMALL_LINE_PX` grow
# to 32 px (measured before: parsed fully right on 88 renders 82 with a 32 px
# target against 80 at 40); without it a 750 px screen (24 px lines) read
# '1:15' as '1:01:15'. Lines of 26-38 px are read as they are.
TARGET_LINE_PX = 32
SMALL_LINE_PX = 26
MIN_SCALE_STEP = 1.2
MAX_UPSCALE = 3.0
# The local background is found on cells of 1/`BG_CELLS` of the page width
# (26 px on a 1242 px screen), each taking the median of `BG_WINDOW` x
# `BG_WINDOW` cells (130 px): wider than the strokes of a bold 100 px title,
# whose ink a finer grid took for a dark region and inverted.
BG_CELLS = 48
# A run of ink rows in one column of the page more than this many times the
# typical run is an edge, not text.
EDGE_RUNS = 4
BG_WINDOW = 5
_EXIF_ORIENTATION = 0x0112


def load_image(data: bytes, *, max_bytes: int, max_pixels: int) -> Image.Image:
    """Decode `data` into a loaded PIL image, or raise `InputRejected` with the reason.

    The checks run cheapest first: size in bytes, the header (format, frame
    count, pixel count), and only then the pixel data.
    """
    if not data:
        raise InputRejected("empty file (0 bytes)")
    if len(data) > max_bytes:
        raise InputRejected(f"file too large: {len(data)} bytes, the limit is {max_bytes} bytes")

    img = _open_header(data, max_pixels=max_pixels)
    fmt = img.format or "unknown"
    if fmt not in ACCEPTED_FORMATS:
        raise InputRejected(
            f"unsupported image format {fmt}; accepted: {', '.join(sorted(ACCEPTED_FORMATS))}"
        )
    width, height = img.size
    if width <= 0 or height <= 0:
        raise InputRejected(f"image has no pixels ({width}x{height})")
    if width * height > max_pixels:
        raise InputRejected(
            f"image too large: {width}x{height} = {width * height} pixels, "
            f"the limit is {max_pixels} (possible decompression bomb)"
        )
    frames = _frame_count(img)
    if frames > 1:
        kind = "multi-page" if fmt == "TIFF" else "animated"
        raise InputRejected(f"{kind} {fmt} with {frames} frames; only a single still image is read")

    try:
        img.load()
    except _DECODE_ERRORS as exc:
        raise InputRejected(f"truncated or corrupt {fmt} image", detail=str(exc)) from exc
    return img


def _open_header(data: bytes, *, max_pixels: int) -> Image.Image:
    """Image.open (header only) with Pillow's failures translated to `InputRejected`."""
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own global limit; ours (max_pixels) decides instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow's own guard fires inside open() for headers far above its
        # global limit, before we see the size; the verdict is the same as ours.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{found.group(1)} pixels" if found else "more pixels than Pillow allows"
        raise InputRejected(
            f"image too large: {pixels}, the limit is {max_pixels} (possible decompression bomb)"
        ) from exc
    except UnidentifiedImageError as exc:
        raise InputRejected(f"not an image ({_sniff(data)})") from exc
    except _DECODE_ERRORS as exc:
        raise InputRejected("corrupt image header", detail=str(exc)) from exc


def _frame_count(img: Image.Image) -> int:
    """Number of frames/pages, read from the header where the format allows."""
    try:
        if not getattr(img, "is_animated", False):
            return 1
        return int(getattr(img, "n_frames", 2))
    except _DECODE_ERRORS:
        # A broken second frame still means "more than one frame".
        return 2


def _sniff(data: bytes) -> str:
    """A short human hint at what the bytes are, for the rejection message."""
    head = data[:512]
    if head.startswith(b"%PDF"):
        return "looks like a PDF document"
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html")):
        return "looks like SVG/XML/HTML text"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unrecognised binary data"
    return "looks like a text file"


def preprocess(img: Image.Image) -> tuple[Image.Image, dict[str, Any]]:
    """Prepare a loaded image for Tesseract; returns the new image and what was done.

    Measured on a rendered dev corpus of 165 screens (every dev screen, 15
    each; parsed fully right / CPU against bare `tesseract --psm 6` in
    English): before 35 / 1.61x, now 63 / 1.12x, none lost (Strong 3 -> 18
    of 30, Hevy 2 -> 15 of 45: blue names and links, orange badges).

    * EXIF orientation: for phone photos of screens; free when absent.
    * Ink on white (`ink_on_white`): one grey channel with dark text on a
      light background everywhere: dark themes, dark cards and saturated
      bubbles inverted region by region, coloured text (blue names, orange
      badges, links) taken by its darkest channel. Tesseract's own per-line
      inversion retry is switched off (it cost 11% more CPU).
    * One rescale to `TARGET_LINE_PX` (`scale_factor`) from the measured
      line height (`estimate_line_height`, vertical edges left out):
      retina screens shrink (area average, which also smooths JPEG noise),
      small text grows (Lanczos).
    * JPEG input read at its own scale: a 3x3 median filter, which wipes
      out ringing and block noise around glyphs (fully right on 35 rendered
      JPEGs 74% -> 91%). Not on a shrunk page (area averaging already
      smoothed the noise), nor on small text that grows: recompressed
      (messenger) screens have 1-2 px strokes, which the median ate ('+5'
      read '*5'); on 30 of them eng found 340 of 353 set numbers with it
      and 352 without.
    * Not done: autocontrast (+20% CPU); sharpening and binarisation
      (tesseract's Otsu does as well on rendered screens).
    """
    done: dict[str, Any] = {"input_size": list(img.size), "input_mode": img.mode}
    # Read before exif_transpose, which returns an image without a format.
    is_jpeg = img.format == "JPEG"
    # exif_transpose copies the image even when nothing turns; ask first.
    if img.getexif().get(_EXIF_ORIENTATION, 1) != 1:
        img = ImageOps.exif_transpose(img)
        done["exif_rotated"] = True
    done["upright_size"] = list(img.size)

    gray = ink_on_white(img, done)
    line_px = estimate_line_height(gray)
    done["line_px"] = line_px
    factor = scale_factor(line_px)
    if is_jpeg and factor == 1.0:  # text tall enough that a 3x3 median keeps its strokes
        gray = gray.filter(ImageFilter.MedianFilter(3))
        done["median_filter"] = 3
    if factor != 1.0:
        size = (round(gray.width * factor), round(gray.height * factor))
        method = Image.Resampling.BOX if factor < 1 else Image.Resampling.LANCZOS
        gray = gray.resize(size, method)
        done["scale"] = round(factor, 3)
    done["size"] = list(gray.size)
    return gray, done


def ink_on_white(img: Image.Image, done: dict[str, Any]) -> Image.Image:
    """One grey channel with dark ink on a light background, region by region.

    Each region's background colour (`background_colours`) picks one of
    three greys (`INK_MAPS`). On a light background, a pixel's darkest
    channel: blue (0, 122, 255) and orange (255, 149, 0) text come out near
    black, where luminance made orange a light grey that binarised to white.
    On a dark grey one (a dark theme, a dark card), the lightest channel,
    inverted, which keeps coloured names on it. On a saturated one (a
    blue or green chat bubble with white text), the darkest channel,
    inverted: there the lightest channel is as bright as the white text,
    and the bubble came out as one black block. `done` gets the share of
    the page that is not read in the first grey.
    """
    flat = _flatten(img)
    channels = [flat] if flat.mode == "L" else flat.split()
    low = functools.reduce(ImageChops.darker, channels)
    choice = _map_choice(background_colours(flat))
    counts = choice.histogram()
    done["dark_share"] = round(1 - counts[0] / (choice.width * choice.height), 3)
    used = [m for m in range(len(INK_MAPS)) if counts[m]]
    if used == [0]:
        return low

    # Only the greys a region uses are made: each is a pass over the full page.
    def gray(m: int) -> Image.Image:
        if m == 1:
            return ImageOps.invert(functools.reduce(ImageChops.lighter, channels))
        return ImageOps.invert(low) if m == 2 else low

    if len(used) == 1:
        done["inverted"] = True
        return gray(used[0])
    done["inverted_regions"] = True
    full = choice.resize(low.size, Image.Resampling.NEAREST)
    out = gray(used[0])
    for m in used[1:]:
        out = Image.composite(gray(m), out, full.point(lambda v, m=m: 255 if v == m else 0))
    return out


# The greys a region can be read in, by index: its darkest channel (light
# backgrounds), its lightest channel inverted (dark grey ones), its darkest
# channel inverted (saturated ones). A region takes the one in which its
# background is lightest; a later one only when lighter by `MAP_MARGIN`: a
# dark grey background is as light in the last as in the second, but only
# the second keeps blue and orange text on it. Not luminance: the cells of a
# blue bubble (10, 132, 255) crossed by text average near its threshold
# (luminance 133 at (51, 152, 248)), and half of them were read as light.
INK_MAPS = ("darkest", "lightest inverted", "darkest inverted")
MAP_MARGIN = 48


def _map_choice(colours: Image.Image) -> Image.Image:
    """Per background cell, its index into `INK_MAPS` (mode L, same size).

    With `low` and `high` a cell's darkest and lightest channel, the three greys
    are `low`, `255 - high` and `255 - low`; the rule above, in Pillow's arithmetic
    (a per-cell loop in Python cost 20-60 ms a page).
    """
    channels = [colours] if colours.mode == "L" else colours.convert("RGB").split()
    low = functools.reduce(ImageChops.darker, channels)
    high = functools.reduce(ImageChops.lighter, channels)
    reach = 255 - MAP_MARGIN

    def pick(a: dict[str, Any]) -> Any:
        # The second grey beats the first; then the third beats whichever won.
        second = (a["low"] + a["high"]) <= reach
        third_over_second = (a["high"] - a["low"]) >= MAP_MARGIN
        third_over_first = a["low"] * 2 <= reach
        return second * (1 + third_over_second) + (1 - second) * third_over_first * 2

    picked = ImageMath.lambda_eval(pick, low=low, high=high)
    if not isinstance(picked, Image.Image):  # only for operands that are not images
        raise TypeError("image arithmetic returned no image")
    return picked.convert("L")


def background_colours(img: Image.Image) -> Image.Image:
    """The page's local background colour on a coarse grid of cells.

    The page is averaged into cells (`BG_CELLS` across), then each cell
    takes the median of its `BG_WINDOW` x `BG_WINDOW` neighbourhood, per
    channel: text covers a minority of any such window, so what is left is
    the background.
    """
    cell = max(1, img.width // BG_CELLS)
    cells = (max(1, img.width // cell), max(1, img.height // cell))
    small = img.resize(cells, Image.Resampling.BOX)
    if small.mode == "L":
        return small.filter(ImageFilter.MedianFilter(BG_WINDOW))
    return Image.merge(
        "RGB", [c.filter(ImageFilter.MedianFilter(BG_WINDOW)) for c in small.split()]
    )


def scale_factor(line_px: int) -> float:
    """How much to scale a page whose text lines are `line_px` tall (1.0: leave it).

    Lines taller than `TARGET_LINE_PX` by more than `MIN_SCALE_STEP` shrink
    to it; lines under `SMALL_LINE_PX` grow to it (at most `MAX_UPSCALE`
    times); anything between is read as it is.
    """
    if not line_px:
        return 1.0
    if line_px > TARGET_LINE_PX * MIN_SCALE_STEP or line_px < SMALL_LINE_PX:
        return min(MAX_UPSCALE, TARGET_LINE_PX / line_px)
    return 1.0


def _flatten(img: Image.Image) -> Image.Image:
    """An 8-bit RGB or grey image; transparency is flattened onto white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if img.mode.startswith("I") or img.mode == "F":
        # 16/32-bit grayscale: stretch the used range into 8 bits; a plain
        # convert("L") would clip everything above 255 to white.
        wide = img.convert("F")
        extrema = wide.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        scale = 255.0 / (high - low) if high > low else 1.0
        return wide.point(lambda v: (v - low) * scale).convert("L")
    return img if img.mode in ("L", "RGB") else img.convert("RGB")


def ink_cells(gray: Image.Image, hist: list[int] | None = None) -> tuple[bytes, int]:
    """Where `gray` (dark text on a light background; `hist` its histogram, if known)
    holds ink, as a grid of its pixel rows by a few columns: the grid's bytes, row by
    row (1: ink), and its number of columns.

    A pixel is ink when it is clearly darker than the background, the most common grey
    level (grey secondary text included). Each row is box-averaged down to a few cells:
    one ink pixel among <= 64 still leaves a non-zero cell, and only ~32 bytes per row
    reach Python.
    """
    hist = hist if hist is not None else gray.histogram()
    background = max(range(256), key=hist.__getitem__)
    threshold = max(1, background - 40)
    ink = gray.point(lambda v: 255 if v < threshold else 0)
    cells = max(1, min(32, gray.width // 64 + 1))
    narrow = ink.resize((cells, gray.height), Image.Resampling.BOX).point(lambda v: 1 if v else 0)
    return narrow.tobytes(), cells


def estimate_line_height(gray: Image.Image, hist: list[int] | None = None) -> int:
    """Median height in pixels of the horizontal bands that contain ink (0 if none).

    Expects dark text on a light background (`hist` is its histogram, if known).
    A row "has ink" if any of its cells does (`ink_cells`); runs of such rows are
    text lines.
    """
    data, cells = ink_cells(gray, hist)
    columns = [[m.span() for m in _INKED.finditer(data[x::cells])] for x in range(cells)]
    typical = _median_run([end - start for spans in columns for start, end in spans])
    if not typical:
        return 0
    # A run far taller than the typical one in its column is a vertical edge
    # (a chat bubble's border, a card's side, a scroll bar), not text: left
    # in, it would join every line beside it into one.
    marks = bytearray(gray.height)
    for spans in columns:
        for start, end in spans:
            if end - start <= EDGE_RUNS * typical:
                marks[start:end] = b"\x01" * (end - start)
    return _median_run(
        [end - start for end, start in ((m.end(), m.start()) for m in _INKED.finditer(marks))]
    )


_INKED = re.compile(rb"\x01+")


def _median_run(lengths: list[int]) -> int:
    """The median of the run lengths of 4 or more (rules and specks are not text); 0 if none."""
    runs = [r for r in lengths if r >= 4]
    return int(statistics.median(runs)) if runs else 0
