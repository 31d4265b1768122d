"""Split and merge sessions by hand: `POST /api/sessions/{id}/split` and `.../merge`.

* `POST /api/sessions/{id}/split` with `{"upload_id": N}` takes that screenshot's
  rows out of a stitched session into a session of its own; answers
  `{"session_id": id, "new_session_id": M}`.
* `POST /api/sessions/{id}/merge` with `{"other": M}` (or `{"session_id": M}`)
  folds session M into session id; answers `{"session_id": id, "merged": M}`.

The same rules as the report page's POSTs: a browser's cross-site request is
refused, and with an API token configured it must come as `Authorization:
Bearer`, `X-API-Token` or the page's token cookie.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from ingest.web.export_pages import presented_token
from ingest.web.report_pages import same_origin, token_ok
from schema.db import connection
from schema.repo_stitch import StitchError, merge_sessions, parts_of, split_part
from schema.settings import Settings


async def _guarded_body(request: Request, settings: Settings) -> dict[str, Any]:
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "cross-site request refused")
    if not token_ok(settings, presented_token(request)):
        raise HTTPException(
            401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )
    try:
        body = await request.json()
    except ValueError as exc:
        raise HTTPException(400, "invalid JSON") from exc
    if not isinstance(body, dict):
        raise HTTPException(400, "expected a JSON object")
    return body


def _whole(body: dict[str, Any], *names: str) -> int:
    for name in names:
        value = body.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    raise HTTPException(422, f"{names[0]} must be a positive whole number")


def build_router(settings: Settings) -> APIRouter:
    """The split and merge endpoints."""
    router = APIRouter(tags=["sessions"])

    def db_url() -> str:
        if not settings.database_url:
            raise HTTPException(503, "no database configured")
        return settings.database_url

    def split(session_id: int, upload_id: int) -> dict[str, Any]:
        with connection(db_url()) as conn:
            try:
                new_id = split_part(conn, session_id, upload_id)
            except StitchError as exc:
                raise HTTPException(409, str(exc)) from exc
            parts = {
                sid: [p.upload_id for p in parts_of(conn, sid)] for sid in (session_id, new_id)
            }
        return {"session_id": session_id, "new_session_id": new_id, "parts": parts}

    def merge(session_id: int, other: int) -> dict[str, Any]:
        with connection(db_url()) as conn:
            try:
                kept = merge_sessions(conn, session_id, other)
            except StitchError as exc:
                raise HTTPException(409, str(exc)) from exc
            parts = [p.upload_id for p in parts_of(conn, kept)]
        return {"session_id": kept, "merged": other, "parts": parts}

    @router.post("/api/sessions/{session_id}/split")
    async def post_split(session_id: int, request: Request) -> dict[str, Any]:
        """Take one screenshot (`upload_id`) out of a stitched session into its own session."""
        body = await _guarded_body(request, settings)
        upload_id = _whole(body, "upload_id")
        return await run_in_threadpool(split, session_id, upload_id)

    @router.post("/api/sessions/{session_id}/merge")
    async def post_merge(session_id: int, request: Request) -> dict[str, Any]:
        """Fold another session (`other`) into this one."""
        body = await _guarded_body(request, settings)
        other = _whole(body, "other", "session_id", "other_session_id")
        return await run_in_threadpool(merge, session_id, other)

    return router
