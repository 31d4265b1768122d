"""A sample screenshot read by the reader in-process, and a worse reader rule, for re-parse tests.

The reader runs on the recorded OCR of a sample (no Tesseract). The worse reader
(`worse_parser`) loses the first digit of weights of 100 kg and more and flags it
as a guess on that set.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.read.detect import parse_page
from ingest.read.findings import conclude, finding
from schema.db import Connection
from schema.models import OcrPage, SessionDraft, Where
from schema.settings import Settings

SCREENS = Path(__file__).resolve().parents[1] / "fixtures" / "screens"
SAMPLE = "strong_1_004"  # Kettlebell Swing 117.5 kg x 3, x 15, ...


def recorded_parser(data: bytes, settings: Settings) -> tuple[OcrPage, SessionDraft]:
    """The recorded OCR of the sample whose bytes these are, through the current reader."""
    del settings
    for path in SCREENS.glob("*.ocr.json"):
        stem = path.name.removesuffix(".ocr.json")
        image = next(SCREENS.glob(f"{stem}.[pj][np]g"))
        if image.read_bytes() == data:
            page = OcrPage.model_validate_json(path.read_text("utf-8"))
            return page, parse_page(page)
    raise AssertionError("no recorded OCR for these bytes")


def worse_parser(data: bytes, settings: Settings) -> tuple[OcrPage, SessionDraft]:
    """The sample read by a worse reader: 117.5 is read as 17.5 (and flagged as a guess)."""
    page, draft = recorded_parser(data, settings)
    for pos, exercise in enumerate(draft.exercises):
        for position, s in enumerate(exercise.sets):
            if s.weight is not None and s.weight >= 100:
                s.weight = round(s.weight - 100, 3)
                sentence = f"weight in {s.raw_line!r} lost a digit?"
                where = Where(exercise=pos, set=position, field="weight")
                draft.findings.append(finding("weight.lost_digit", "guess", sentence, where))
    return page, conclude(draft, page)


def upload_sample(conn: Connection, name: str) -> int:
    """Store a sample screenshot as a queued upload with its bytes; returns the upload id."""
    image = next(SCREENS.glob(f"{name}.[pj][np]g"))
    data = image.read_bytes()
    row = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size, status, enqueued_at) "
        "VALUES (%s, 'cli', %s, %s, 'queued', now()) RETURNING id",
        (hashlib.sha256(data).hexdigest(), image.name, len(data)),
    ).fetchone()
    assert row is not None
    conn.execute("INSERT INTO upload_blobs VALUES (%s, %s)", (row["id"], data))
    return int(row["id"])
