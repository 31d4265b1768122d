"""Repository for uploads and their bytes."""

from __future__ import annotations

from schema.db import Connection
from schema.models import Upload, UploadStatus
from schema.queries import queries

Q = queries("uploads")


def insert_upload(
    conn: Connection,
    *,
    sha256: str,
    source: str,
    original_name: str,
    byte_size: int,
    width: int | None = None,
    height: int | None = None,
    status: UploadStatus = "queued",
    last_error: str | None = None,
) -> int | None:
    """Insert a new upload; None when an upload with the same sha256 already exists."""
    row = conn.execute(
        Q["insert_upload"],
        {
            "sha256": sha256,
            "source": source,
            "original_name": original_name,
            "byte_size": byte_size,
            "width": width,
            "height": height,
            "status": status,
            "last_error": last_error,
        },
    ).fetchone()
    return None if row is None else int(row["id"])


def store_blob(conn: Connection, upload_id: int, data: bytes) -> None:
    """Keep the screenshot's bytes beside its upload row."""
    conn.execute(Q["insert_blob"], {"upload_id": upload_id, "bytes": data})


def get_upload(conn: Connection, upload_id: int) -> Upload | None:
    """The upload with this id, or None."""
    row = conn.execute(Q["get_upload"], {"id": upload_id}).fetchone()
    return None if row is None else Upload.model_validate(row)


def get_upload_by_sha(conn: Connection, sha256: str) -> Upload | None:
    """The upload with these bytes, or None."""
    row = conn.execute(Q["get_upload_by_sha"], {"sha256": sha256}).fetchone()
    return None if row is None else Upload.model_validate(row)


def load_blob(conn: Connection, upload_id: int) -> bytes | None:
    """The stored bytes of an upload (None if it has none, e.g. rejected as too large)."""
    row = conn.execute(Q["load_blob"], {"id": upload_id}).fetchone()
    return None if row is None else bytes(row["bytes"])


def mark_enqueued(conn: Connection, upload_id: int) -> None:
    """Record that an OCR task for this upload is on the queue."""
    conn.execute(Q["mark_enqueued"], {"id": upload_id})


def claim(conn: Connection, upload_id: int) -> Upload | None:
    """Move a queued (or abandoned processing) upload to processing; None if already finished."""
    row = conn.execute(Q["claim"], {"id": upload_id}).fetchone()
    return None if row is None else Upload.model_validate(row)


def finish(
    conn: Connection, upload_id: int, status: UploadStatus, error: str | None = None
) -> Upload | None:
    """Set a final status (done, needs_review, failed) with its reason."""
    row = conn.execute(Q["finish"], {"id": upload_id, "status": status, "error": error}).fetchone()
    return None if row is None else Upload.model_validate(row)


def note_retry(conn: Connection, upload_id: int, error: str) -> None:
    """Back to queued with the transient fault that will be retried."""
    conn.execute(Q["note_retry"], {"id": upload_id, "error": error})


def stale_uploads(
    conn: Connection, *, processing_s: float, queued_s: float, limit: int = 500
) -> list[int]:
    """Ids of uploads stuck in processing, or queued without a live task."""
    rows = conn.execute(
        Q["stale_uploads"],
        {"processing_s": processing_s, "queued_s": queued_s, "limit": limit},
    ).fetchall()
    return [int(r["id"]) for r in rows]


def requeue(conn: Connection, upload_id: int) -> None:
    """Put an unfinished upload back to queued (the reaper's step before re-enqueueing)."""
    conn.execute(Q["requeue"], {"id": upload_id})


def retry_failed(conn: Connection, upload_id: int | None = None) -> list[int]:
    """Reset failed uploads (one, or all) to queued; returns their ids for enqueueing."""
    return [int(r["id"]) for r in conn.execute(Q["retry_failed"], {"id": upload_id}).fetchall()]


def counts_by_status(conn: Connection) -> dict[str, int]:
    """Number of uploads per status."""
    return {str(r["status"]): int(r["n"]) for r in conn.execute(Q["counts_by_status"]).fetchall()}
