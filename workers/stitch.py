"""When a screenshot was taken, for stitching the scrolls of one workout together.

The phone's EXIF time (DateTimeOriginal, else DateTime, with its offset when
recorded) says when the screenshot was taken; without EXIF (most shares strip
it) the time the upload arrived stands in.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image, UnidentifiedImageError

EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
DATETIME = 0x0132


def _offset(text: object) -> timezone:
    if isinstance(text, str) and len(text) == 6 and text[0] in "+-":
        sign = 1 if text[0] == "+" else -1
        try:
            delta = timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))
        except ValueError:
            return UTC
        return timezone(sign * delta)
    return UTC


def exif_taken_at(data: bytes) -> datetime | None:
    """The EXIF time the image was taken, timezone-aware (UTC when no offset is recorded)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    inner = exif.get_ifd(EXIF_IFD)
    raw = inner.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=_offset(inner.get(OFFSET_TIME_ORIGINAL)))


def taken_at(data: bytes, arrived: datetime) -> datetime:
    """When the screenshot was taken: its EXIF time, else when it arrived."""
    return exif_taken_at(data) or arrived
