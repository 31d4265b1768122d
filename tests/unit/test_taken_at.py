"""When a screenshot was taken: its EXIF time, else when it arrived."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image

from workers.stitch import taken_at

ARRIVED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _png(**tags: str) -> bytes:
    image = Image.new("RGB", (8, 8), "white")
    exif = image.getexif()
    if "datetime" in tags:
        exif[0x0132] = tags["datetime"]
    if "original" in tags:
        exif[0x8769] = {0x9003: tags["original"], 0x9011: tags.get("offset", "")}
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def test_exif_datetime() -> None:
    assert taken_at(_png(datetime="2025:03:04 18:01:00"), ARRIVED) == datetime(
        2025, 3, 4, 18, 1, tzinfo=UTC
    )


def test_exif_original_with_its_offset() -> None:
    data = _png(original="2025:03:04 18:01:00", offset="+09:00")
    assert taken_at(data, ARRIVED) == datetime(
        2025, 3, 4, 18, 1, tzinfo=timezone(timedelta(hours=9))
    )


def test_no_exif_or_garbage_is_the_arrival() -> None:
    assert taken_at(_png(), ARRIVED) == ARRIVED
    assert taken_at(_png(datetime="yesterday"), ARRIVED) == ARRIVED
    assert taken_at(b"not an image", ARRIVED) == ARRIVED
