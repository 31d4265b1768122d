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

import io
import re
import statistics
import struct
import warnings
import zlib
from typing import Any

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from schema.errors import InputRejected

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"})

# Exceptions Pillow raises on broken data while decoding (truncated streams,
# bad chunk CRCs, nonsense headers). Caught only around open()/load().
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)

# Tesseract reads text best when a line of ink (ascender to descender) is
# about 30-40 px tall; shorter lines are upscaled. Measured on 50 rendered
# screens (word recall / CPU per image): no upscaling 0.868 / 0.373 s, a
# 32 px target 0.874 / 0.376 s, 40 px 0.881 / 0.380 s, 48 px 0.878 / 0.478 s;
# but end to end (`liftlens parse` fully right on 88 fresh renders) 32 px
# gave 82 and 40 px 80: upscaled JPEG artefacts sometimes merge set rows.
TARGET_LINE_PX = 32
MAX_UPSCALE = 3.0
# Below this share of dark pixels an image is light-mode; above, dark-mode.
DARK_SHARE = 0.5
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

    Each step was measured on 25 rendered screenshots of all layouts (word
    recall of the drawn text / tesseract CPU per image; all steps: 0.865 /
    0.43 s):

    * EXIF orientation: for phone photos of screens; free when absent.
    * Alpha flattened onto white, then grayscale: one channel is what
      tesseract binarises anyway, and a third of the bytes to hand over.
    * Dark-mode inversion: without it recall drops to 0.746 (Hevy dark
      screens 0.52); tesseract's own per-line inversion retry gets 0.863 but
      costs 11% more CPU, so ours runs and tesseract's is switched off.
    * Upscaling when text lines are short (see TARGET_LINE_PX): +1.3 points
      of recall for +2% CPU.
    * JPEG input only: a 3x3 median filter on the grayscale image, which
      wipes out the ringing and block noise around glyphs. Measured on 35
      rendered JPEGs: images parsed fully right 74% -> 91%, and tesseract
      is faster on the cleaner page; on PNGs it thins strokes and hurt.
    * Not done: autocontrast (0.855, +20% CPU); sharpening and binarisation
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

    gray = _to_gray(img)
    if is_jpeg:
        gray = gray.filter(ImageFilter.MedianFilter(3))
        done["median_filter"] = 3
    hist = gray.histogram()
    dark_share = sum(hist[:128]) / (sum(hist) or 1)
    done["dark_share"] = round(dark_share, 3)
    if dark_share > DARK_SHARE:
        gray = ImageOps.invert(gray)
        hist = hist[::-1]
        done["inverted"] = True

    line_px = estimate_line_height(gray, hist)
    done["line_px"] = line_px
    if line_px and line_px < TARGET_LINE_PX:
        factor = min(MAX_UPSCALE, TARGET_LINE_PX / line_px)
        if factor >= 1.2:
            size = (round(gray.width * factor), round(gray.height * factor))
            gray = gray.resize(size, Image.Resampling.LANCZOS)
            done["upscale"] = round(factor, 2)

    done["size"] = list(gray.size)
    return gray, done


def _to_gray(img: Image.Image) -> Image.Image:
    """Single-channel 8-bit image; transparency is flattened onto white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    if img.mode.startswith("I") or img.mode == "F":
        # 16/32-bit grayscale: stretch the used range into 8 bits; a plain
        # convert("L") would clip everything above 255 to white.
        wide = img.convert("F")
        extrema = wide.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        scale = 255.0 / (high - low) if high > low else 1.0
        return wide.point(lambda v: (v - low) * scale).convert("L")
    return img.convert("L")


def estimate_line_height(gray: Image.Image, hist: list[int] | None = None) -> int:
    """Median height in pixels of the horizontal bands that contain ink (0 if none).

    Expects dark text on a light background (`hist` is its histogram, if known).
    A row "has ink" if any pixel in it is clearly darker than the background;
    runs of such rows are text lines.
    """
    hist = hist if hist is not None else gray.histogram()
    # The background is the most common grey level; ink is anything clearly
    # darker (grey secondary text included).
    background = max(range(256), key=hist.__getitem__)
    threshold = max(1, background - 40)
    ink = gray.point(lambda v: 255 if v < threshold else 0)
    # Box-average each row down to a few cells: one ink pixel among <= 64
    # still leaves a non-zero cell, and only ~32 bytes per row reach Python.
    cells = max(1, min(32, gray.width // 64 + 1))
    narrow = ink.resize((cells, gray.height), Image.Resampling.BOX)
    data = narrow.tobytes()
    marks = [any(data[y * cells : (y + 1) * cells]) for y in range(gray.height)]
    runs: list[int] = []
    length = 0
    for marked in marks:
        if marked:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    runs = [r for r in runs if r >= 4]  # rules and specks are not text
    if not runs:
        return 0
    return int(statistics.median(runs))
