"""Parse revisions: a new read of a session stored beside the old one (see docs/corrections.md).

`store_revision` keeps the current read as a parse revision (its header in
`parse_revisions`, its exercise rows detached from the session and attached to
the revision) and makes the new read the session's current one. Corrections
are not touched: they apply to whatever read is current.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from psycopg.types.json import Jsonb
from pydantic import BaseModel

from schema.db import Connection
from schema.models import OcrPage, SessionDraft
from schema.queries import queries
from schema.read_diff import ReadChange
from schema.repo_sessions import insert_exercises, insert_ocr_run, read_columns

Q = queries("corrections")


class ReparseRun(BaseModel):
    """A row of `reparse_runs`: progress and per-session changes."""

    id: int
    scope: str
    total: int
    done: int
    failed: int
    changes: dict[str, Any]

    @property
    def finished(self) -> bool:
        """True when every session was re-read or failed."""
        return self.done + self.failed >= self.total


def store_revision(
    conn: Connection,
    session_id: int,
    pages: Sequence[tuple[int, OcrPage]],
    draft: SessionDraft,
    normalise: Callable[[str], str],
) -> None:
    """Make `draft` the session's current read, keeping the old one as a revision.

    `pages` are the OCR runs of the session's parts, `(upload id, page)` in part
    order. Run inside the caller's transaction, with the session locked. The new
    rows name the first part's upload as where they were read from (the parts'
    drafts were combined before, so which part showed a row is not kept).
    """
    kept = conn.execute(Q["supersede_read"], {"session_id": session_id}).fetchone()
    assert kept is not None
    conn.execute(Q["detach_exercises"], {"session_id": session_id, "revision_id": kept["id"]})
    runs = [insert_ocr_run(conn, upload_id, page) for upload_id, page in pages]
    conn.execute(
        Q["set_read"],
        {"session_id": session_id, "ocr_run_id": runs[0], **read_columns(draft)},
    )
    insert_exercises(conn, session_id, draft, normalise)
    provenance = {"session_id": session_id, "upload_id": pages[0][0]}
    conn.execute(queries("stitch")["mark_provenance"], provenance)


def sessions_in_scope(conn: Connection, scope: str, ids: list[int]) -> list[int]:
    """Session ids for `scope`: `ids` (those listed), `needs_review` or `all`."""
    rows = conn.execute(Q["sessions_to_reparse"], {"scope": scope, "ids": ids}).fetchall()
    return [int(r["id"]) for r in rows]


def start_run(conn: Connection, scope: str, total: int) -> int:
    """Record a re-parse run about to be queued; returns its id."""
    row = conn.execute(Q["start_reparse"], {"scope": scope, "total": total}).fetchone()
    assert row is not None
    return int(row["id"])


def note_progress(conn: Connection, run_id: int, change: ReadChange) -> None:
    """Count one session of a run as re-read (or failed) and keep what changed."""
    failed = change.error is not None
    conn.execute(
        Q["reparse_progress"],
        {
            "id": run_id,
            "done": 0 if failed else 1,
            "failed": 1 if failed else 0,
            "changes": Jsonb({str(change.session_id): change.model_dump(mode="json")}),
        },
    )


def get_run(conn: Connection, run_id: int) -> ReparseRun | None:
    """A re-parse run's progress."""
    row = conn.execute(Q["get_reparse"], {"id": run_id}).fetchone()
    return None if row is None else ReparseRun.model_validate(row)
