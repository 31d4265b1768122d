"""Re-parse: read stored screenshots again with the current reader (late parsing).

`start_reparse` records a run (`reparse_runs`) and queues one Celery task per
session; each task calls `reparse_session`, which

1. OCRs and parses the session's stored uploads again (outside any transaction);
   a stitched session's parts are combined as stitching does
   (`workers.reparse_parts`),
2. with the session locked, compares the new read with the current one and,
   if it differs, stores it as a new parse revision (`schema.repo_revisions`),
3. refreshes the corrected state: hand corrections are replayed on the new
   read and win; one that no longer fits sends the session back to review
   with the reason (`schema.corrected.apply`),
4. counts the session in the run with what changed, so `liftlens reparse`
   and the session page can show progress and a summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Celery

from schema import repo_uploads
from schema.corrected import ExerciseView, SessionView, SetView, apply, conflict_text
from schema.db import Connection, connection
from schema.errors import LiftlensError
from schema.models import OcrPage, SessionDraft
from schema.name_norm import normalise
from schema.read_diff import ReadChange, diff_reads
from schema.repo_corrections import load_events, load_read, refresh_state
from schema.repo_revisions import note_progress, start_run, store_revision
from schema.repo_stitch import parts_of
from schema.settings import Settings
from workers.celery_app import OCR_QUEUE, create_app
from workers.reparse_parts import combine_parts

log = logging.getLogger("liftlens.reparse")

REPARSE_TASK = "liftlens.reparse_session"
LOCK = "SELECT id FROM workout_sessions WHERE id = %s FOR UPDATE"
Parser = Callable[[bytes, Settings], tuple[OcrPage, SessionDraft]]


def _default_parser(data: bytes, settings: Settings) -> tuple[OcrPage, SessionDraft]:
    from ingest.read.files import parse_bytes

    return parse_bytes(data, settings)


def draft_view(session_id: int, upload_id: int, revision: int, draft: SessionDraft) -> SessionView:
    """A parsed draft as a session view (no row ids yet), to compare with the stored read."""
    exercises = [
        ExerciseView(
            pos=pos,
            raw_name=ex.raw_name,
            name=ex.raw_name,
            sets=[
                SetView(
                    ref=f"r{i}",
                    **s.model_dump(exclude={"unit", "weight"}),
                    # As stored: weights to the gram, no unit without a weight.
                    weight=None if s.weight is None else round(s.weight, 3),
                    unit=s.unit if s.weight is not None else None,
                )
                for i, s in enumerate(ex.sets)
            ],
        )
        for pos, ex in enumerate(draft.exercises)
    ]
    return SessionView(
        id=session_id,
        upload_id=upload_id,
        layout=draft.layout,
        revision=revision,
        title=draft.title,
        performed_on=draft.performed_on,
        duration_min=draft.duration_min,
        confidence=draft.confidence,
        read_needs_review=draft.needs_review,
        warnings=list(draft.warnings),
        read_findings=list(draft.findings),
        exercises=exercises,
    )


def start_reparse(conn: Connection, settings: Settings, session_ids: list[int], scope: str) -> int:
    """Record a run over `session_ids` and queue one task per session; returns the run id."""
    run_id = start_run(conn, scope, len(session_ids))
    if session_ids:
        app = create_app(settings)
        for session_id in session_ids:
            app.send_task(REPARSE_TASK, args=[run_id, session_id], queue=OCR_QUEUE, retry=False)
    return run_id


def reparse_session(
    settings: Settings, run_id: int | None, session_id: int, parse: Parser = _default_parser
) -> ReadChange:
    """Read one session's screenshot again and keep the new read if it differs (see above)."""
    assert settings.database_url is not None
    url = settings.database_url
    try:
        change = _reparse(url, settings, session_id, parse)
    except LiftlensError as exc:
        change = ReadChange(session_id=session_id, error=f"{type(exc).__name__}: {exc}")
    if run_id is not None:
        with connection(url, autocommit=True) as conn:
            note_progress(conn, run_id, change)
    if change.changed:
        from workers.names.bind import run_bind

        run_bind(url)  # the new read's names are undecided rows
    return change


def _read_parts(
    url: str, settings: Settings, session_id: int, parse: Parser
) -> tuple[list[tuple[int, OcrPage]], SessionDraft]:
    """OCR and parse every part of a session again (outside any transaction)."""
    with connection(url, autocommit=True) as conn:
        uploads = [p.upload_id for p in parts_of(conn, session_id)]
        blobs = [(u, repo_uploads.load_blob(conn, u)) for u in uploads]
    if not blobs or any(data is None for _, data in blobs):
        raise LiftlensError(f"session {session_id} has no stored screenshot to read again")
    pages: list[tuple[int, OcrPage]] = []
    drafts: list[SessionDraft] = []
    for upload_id, data in blobs:
        assert data is not None
        page, draft = parse(data, settings)
        pages.append((upload_id, page))
        drafts.append(draft)
    return pages, combine_parts(drafts, normalise)


def _reparse(url: str, settings: Settings, session_id: int, parse: Parser) -> ReadChange:
    pages, draft = _read_parts(url, settings, session_id, parse)
    with connection(url, autocommit=True) as conn, conn.transaction():
        if conn.execute(LOCK, (session_id,)).fetchone() is None:
            raise LiftlensError(f"session {session_id} is gone")
        read_now = load_read(conn, session_id)
        assert read_now is not None
        before = apply(read_now, load_events(conn, session_id))
        change = diff_reads(read_now, draft_view(session_id, read_now.upload_id, 0, draft))
        change.review_before = before.needs_review
        if not change.changed:
            change.review_after = before.needs_review
            return change
        store_revision(conn, session_id, pages, draft, normalise)
        after = refresh_state(conn, session_id)
    change.review_after = after.needs_review
    change.reasons = [conflict_text(c) for c in after.conflicts]
    return change


def register_reparse_task(app: Celery, settings: Settings) -> None:
    """Define the re-parse task on `app`."""

    @app.task(name=REPARSE_TASK)  # type: ignore[untyped-decorator]
    def reparse(run_id: int, session_id: int) -> dict[str, object]:
        change = reparse_session(settings, run_id, session_id)
        log.info("re-parse %s: session %s changed=%s", run_id, session_id, change.changed)
        return change.model_dump(mode="json")
