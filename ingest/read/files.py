"""From a file (or its bytes) to a parsed session, without a database.

`parse_bytes` is the pure-ish stage the Celery worker calls; `parse_file`
is what `liftlens parse` prints: the contract dict, or an error
line for a file that cannot be read. Neither raises on bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.ocr.stage import ocr_bytes
from ingest.read.detect import parse_page
from schema.errors import InputRejected, LiftlensError
from schema.models import OcrPage, SessionDraft
from schema.settings import Settings


def parse_bytes(data: bytes, settings: Settings) -> tuple[OcrPage, SessionDraft]:
    """OCR and parse one image's bytes. Raises `LiftlensError` subclasses only."""
    page = ocr_bytes(data, settings)
    if not page.lines:
        draft = SessionDraft(layout="unknown", needs_review=True, warnings=list(page.warnings))
        return page, draft
    # OCR-level warnings (e.g. a second language pass) travel with the session: every
    # layout renders them first (`findings.conclude`).
    return page, parse_page(page)


def parse_file(path: Path, settings: Settings) -> dict[str, Any]:
    """The `liftlens parse --json` object for one file: the contract dict or an error line."""
    name = str(path)
    try:
        data = _read(path, max_bytes=settings.max_upload_bytes)
        _page, draft = parse_bytes(data, settings)
    except LiftlensError as exc:
        return {"file": name, "error": str(exc), "error_type": type(exc).__name__}
    return {"file": name, **draft.contract_dict()}


def _read(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes; unreadable or oversized files become `InputRejected`."""
    try:
        if not path.is_file():
            raise InputRejected(f"not a file: {path}")
        size = path.stat().st_size
        if size > max_bytes:
            # Checked before reading so a huge file is never pulled into memory.
            raise InputRejected(f"file too large: {size} bytes, the limit is {max_bytes} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise InputRejected(f"cannot read {path}", detail=exc.strerror or str(exc)) from exc
