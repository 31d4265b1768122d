"""`submit()`: the one door in for every screenshot (watched folder, HTTP, CLI).

Hash the bytes, check the limits, keep the bytes in PostgreSQL, insert the
upload once per sha256, and enqueue OCR only for a new upload. Outcomes are
typed results, not exceptions; only an unreachable database or broker raises
(retryable errors: the caller keeps the file and tries again later).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from ingest.ocr.images import load_image
from schema import repo_uploads
from schema.db import Connection
from schema.errors import BrokerUnavailable, InputRejected
from schema.models import UploadStatus
from schema.settings import Settings

Enqueue = Callable[[int], None]
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


class Queued(BaseModel):
    """A new upload, stored and on the queue."""

    kind: Literal["queued"] = "queued"
    upload_id: int
    status: UploadStatus = "queued"


class Duplicate(BaseModel):
    """These bytes were submitted before; `upload_id` is the earlier upload."""

    kind: Literal["duplicate"] = "duplicate"
    upload_id: int
    status: UploadStatus


class Rejected(BaseModel):
    """Not a usable screenshot; recorded as a `rejected` upload with the reason."""

    kind: Literal["rejected"] = "rejected"
    upload_id: int | None
    reason: str
    status: UploadStatus = "rejected"


SubmitResult = Queued | Duplicate | Rejected


def safe_name(name: str) -> str:
    """The file name as a label only: no directories, no control characters, bounded length.

    Names are never used to build paths on the server, but `../../etc/passwd`
    should not even look like one in the records.
    """
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE.sub("", unicodedata.normalize("NFC", base)).strip().lstrip(".")
    return (base or "unnamed")[:255]


def submit(
    conn: Connection,
    data: bytes,
    *,
    original_name: str,
    source: str,
    settings: Settings,
    enqueue: Enqueue,
) -> SubmitResult:
    """Store a screenshot once and queue it for OCR.

    `conn` must be in autocommit mode: each step below is its own transaction.
    The bytes are committed before anything is enqueued, so a caller may
    delete or move its file once this returns. Raises DatabaseUnavailable or
    BrokerUnavailable (both retryable) when a service is down; with the broker
    down the upload stays recorded without a task and the next submit of the
    same bytes (or the reaper) enqueues it.
    """
    sha = hashlib.sha256(data).hexdigest()
    name = safe_name(original_name)
    width = height = None
    reason = None
    try:
        img = load_image(
            data, max_bytes=settings.max_upload_bytes, max_pixels=settings.max_image_pixels
        )
        width, height = img.size
    except InputRejected as exc:
        reason = str(exc)
    status: UploadStatus = "rejected" if reason else "queued"
    with conn.transaction():
        upload_id = repo_uploads.insert_upload(
            conn,
            sha256=sha,
            source=source,
            original_name=name,
            byte_size=len(data),
            width=width,
            height=height,
            status=status,
            last_error=reason,
        )
        if upload_id is not None and len(data) <= settings.max_upload_bytes:
            # Rejected files are kept too (unless over the size limit): nothing is lost.
            repo_uploads.store_blob(conn, upload_id, data)
    if upload_id is None:
        existing = repo_uploads.get_upload_by_sha(conn, sha)
        assert existing is not None
        if existing.status == "queued" and existing.enqueued_at is None:
            _enqueue(conn, existing.id, enqueue)
        return Duplicate(upload_id=existing.id, status=existing.status)
    if reason is not None:
        return Rejected(upload_id=upload_id, reason=reason)
    _enqueue(conn, upload_id, enqueue)
    return Queued(upload_id=upload_id)


def _enqueue(conn: Connection, upload_id: int, enqueue: Enqueue) -> None:
    try:
        enqueue(upload_id)
    except BrokerUnavailable:
        raise
    except Exception as exc:  # kombu/redis raise many types; all mean "not queued"
        raise BrokerUnavailable(
            "cannot queue the upload: Redis is unreachable", detail=str(exc)
        ) from exc
    with conn.transaction():
        repo_uploads.mark_enqueued(conn, upload_id)
