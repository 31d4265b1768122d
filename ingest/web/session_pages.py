"""The sessions in the browser: the list, one session beside its screenshot, and its edits.

Routes (mounted by `ingest.web.app.create_api` through `ingest.web.sessions.router`):

* `GET  /sessions`                   the list (`?review=needs_review|done`, `?page=`)
* `GET  /sessions/{id}`              the session page; JSON (the read) for non-browsers
* `GET  /uploads/{id}/image`         the stored screenshot bytes
* `POST /sessions/{id}/edit`         title and date
* `POST /sessions/{id}/exercises/{pos}/name`, `.../exercises/{pos}/sets` (add a set)
* `POST /sessions/{id}/sets/{pos}/{ref}` (save), `.../move`, `.../delete`
* `POST /sessions/{id}/accept`, `POST /sessions/{id}/reparse`, `POST /corrections/{id}/undo`
* `POST /sessions/{id}/split` (`upload_id`), `POST /sessions/{id}/merge` (`other`): split a
  screenshot off a stitched session, merge another session in (`schema.repo_stitch`)

Every POST is a plain HTML form answered with a redirect back to the session
page (post/redirect/get) carrying a one-line message; they work without
JavaScript. Access follows `ingest.web.session_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ingest.web import session_edits as edits
from ingest.web.report_pages import form_or_json
from ingest.web.session_access import check_change, may_read
from ingest.web.session_api import build_api_router
from ingest.web.session_db import SessionDb
from ingest.web.session_html import render_list, render_locked, render_session
from schema import repo_sessions, repo_uploads
from schema.db import Connection
from schema.errors import LiftlensError
from schema.repo_corrections import load_events, undo
from schema.repo_revisions import get_run
from schema.repo_session_list import list_sessions
from schema.repo_stitch import merge_sessions, parts_of, split_part
from schema.settings import Settings

PER_PAGE = 100
_REVIEW = {"needs_review": True, "done": False}
_IMAGE_TYPES = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"RIFF", "image/webp"))

Action = Callable[[Connection, dict[str, Any]], str]


def _locked(path: str) -> HTMLResponse:
    return HTMLResponse(render_locked(path), status_code=401)


def _back(path: str, message: str, ok: bool) -> RedirectResponse:
    joiner = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joiner}{urlencode({'ok' if ok else 'error': message})}", 303)


def _flash(request: Request) -> tuple[str, bool] | None:
    params = request.query_params
    if "error" in params:
        return params["error"], False
    return (params["ok"], True) if "ok" in params else None


def image_type(data: bytes) -> str:
    """The media type of stored screenshot bytes, by their first bytes."""
    return next((kind for magic, kind in _IMAGE_TYPES if data.startswith(magic)), "image/png")


def wants_html(request: Request) -> bool:
    """True for a browser asking for a page (its Accept names text/html)."""
    return "text/html" in request.headers.get("accept", "")


def build_router(settings: Settings) -> APIRouter:
    """The page routes (list, session, image) and the form actions."""
    router = APIRouter(tags=["sessions"])
    db = SessionDb(settings.database_url)
    router.add_event_handler("shutdown", db.close)

    @router.get("/sessions", response_class=HTMLResponse)
    def sessions_page(request: Request, review: str = "", page: int = 1) -> Response:
        """The sessions list, newest workout first, filterable by review state."""
        if not may_read(settings, request):
            return _locked("/sessions")
        page = max(1, page)
        with db.connection() as conn:
            listing = list_sessions(
                conn,
                needs_review=_REVIEW.get(review),
                limit=PER_PAGE,
                offset=(page - 1) * PER_PAGE,
            )
        review = review if review in _REVIEW else ""
        return HTMLResponse(render_list(listing, review=review, page=page, per_page=PER_PAGE))

    @router.get("/sessions/{session_id}")
    def session_page(session_id: int, request: Request) -> Response:
        """The session page for a browser; for other clients the session as read (JSON)."""
        if not may_read(settings, request):
            if wants_html(request):
                return _locked(f"/sessions/{session_id}")
            raise HTTPException(401, "missing or wrong API token")
        with db.connection() as conn:
            if not wants_html(request):
                record = repo_sessions.get_session(conn, session_id)
                if record is None:
                    raise HTTPException(404, f"no session {session_id}")
                return JSONResponse(record.model_dump(mode="json"))
            try:
                view = edits.corrected(conn, session_id)
            except LiftlensError as exc:
                raise HTTPException(404, str(exc)) from exc
            events = load_events(conn, session_id)
            upload_ids = session_uploads(conn, session_id, view.upload_id)
            run_id = request.query_params.get("reparse", "")
            run = get_run(conn, int(run_id)) if run_id.isdigit() else None
        html = render_session(
            view, events, flash=_flash(request), upload_ids=upload_ids, reparse=run
        )
        return HTMLResponse(html)

    _image_route(router, settings, db)
    _form_routes(router, settings, db)
    router.include_router(build_api_router(settings, db))
    return router


def _image_route(router: APIRouter, settings: Settings, db: SessionDb) -> None:
    @router.get("/uploads/{upload_id}/image")
    def upload_image(upload_id: int, request: Request) -> Response:
        """The screenshot exactly as uploaded (the stored bytes)."""
        if not may_read(settings, request):
            raise HTTPException(401, "missing or wrong API token")
        with db.connection() as conn:
            data = repo_uploads.load_blob(conn, upload_id)
        if data is None:
            raise HTTPException(404, f"upload {upload_id} has no stored image")
        headers = {"Cache-Control": "private, max-age=3600"}
        return Response(data, media_type=image_type(data), headers=headers)


def session_uploads(conn: Connection, session_id: int, first: int) -> list[int]:
    """The uploads whose screenshots make up a session, in part order."""
    return [p.upload_id for p in parts_of(conn, session_id)] or [first]


def _form_routes(router: APIRouter, settings: Settings, db: SessionDb) -> None:
    def post(path: str, action: Action, *, back: str | None = None) -> None:
        async def handle(request: Request) -> Response:
            form, _ = await form_or_json(request)
            check_change(settings, request, form)
            params = {k: str(v) for k, v in request.path_params.items()}
            form = {**form, **params}
            own = f"/sessions/{params.get('session_id', '')}"
            try:
                with db.connection() as conn:
                    message = action(conn, form)
            except (LiftlensError, ValueError) as exc:
                return _back(_safe_next(form.get("next"), back or own), str(exc), ok=False)
            return _back(_safe_next(form.get("next"), back or own), message, ok=True)

        router.add_api_route(path, handle, methods=["POST"], include_in_schema=False)

    base = "/sessions/{session_id}"
    post(base + "/edit", _edit_session)
    post(base + "/exercises/{pos}/name", _rename)
    post(base + "/exercises/{pos}/sets", _add_set)
    post(base + "/sets/{pos}/{ref}", _save_set)
    post(base + "/sets/{pos}/{ref}/move", _move_set)
    post(base + "/sets/{pos}/{ref}/delete", _delete_set)
    post(base + "/accept", _accept)
    post(base + "/reparse", _reparser(settings))
    post(base + "/split", _split)
    post(base + "/merge", _merge)
    post("/corrections/{correction_id}/undo", _undo, back="/sessions")


def _safe_next(value: Any, default: str) -> str:
    # Only ever redirect to our own pages: `next` is a path we wrote, never a URL.
    text = str(value or "")
    return text if text.startswith("/") and not text.startswith("//") else default


def _changed(count: int) -> str:
    return f"Saved {count} change{'s' if count != 1 else ''}." if count else "Nothing changed."


def _edit_session(conn: Connection, form: dict[str, Any]) -> str:
    fields: dict[str, Any] = {k: form[k] for k in ("title", "performed_on") if k in form}
    return _changed(len(edits.edit_fields(conn, int(form["session_id"]), "session", fields, "web")))


def _rename(conn: Connection, form: dict[str, Any]) -> str:
    sid, pos = int(form["session_id"]), int(form["pos"])
    done = edits.edit_fields(
        conn, sid, "exercise", {"name": form.get("name")}, "web", exercise_pos=pos
    )
    return _changed(len(done))


def _save_set(conn: Connection, form: dict[str, Any]) -> str:
    sid, pos, ref = int(form["session_id"]), int(form["pos"]), str(form["ref"])
    done = edits.edit_fields(conn, sid, "set", form, "web", exercise_pos=pos, set_ref=ref)
    return _changed(len(done))


def _add_set(conn: Connection, form: dict[str, Any]) -> str:
    edits.add_set(conn, int(form["session_id"]), int(form["pos"]), form, "web")
    return "Set added."


def _move_set(conn: Connection, form: dict[str, Any]) -> str:
    step = -1 if str(form.get("step")) == "-1" else 1
    sid, pos, ref = int(form["session_id"]), int(form["pos"]), str(form["ref"])
    moved = edits.move_set(conn, sid, pos, ref, step, "web")
    return "Set moved." if moved else "The set is at the end already."


def _delete_set(conn: Connection, form: dict[str, Any]) -> str:
    edits.delete_set(conn, int(form["session_id"]), int(form["pos"]), str(form["ref"]), "web")
    return "Set deleted (the read keeps it; Undo brings it back)."


def _accept(conn: Connection, form: dict[str, Any]) -> str:
    done = edits.accept(conn, int(form["session_id"]), "web")
    return "Accepted: the session left review." if done else "Accepted already."


def _undo(conn: Connection, form: dict[str, Any]) -> str:
    event = undo(conn, int(form["correction_id"]), "web")
    return f"Correction {event.undoes} undone."


def _split(conn: Connection, form: dict[str, Any]) -> str:
    """Split a part off (`schema.repo_stitch.split_part`); the redirect goes to the new session."""
    sid = int(form["session_id"])
    with conn.transaction():
        new_id = split_part(conn, sid, int(form.get("upload_id") or 0))
    form["next"] = f"/sessions/{new_id}"
    return f"Split off from session {sid} as session {new_id}."


def _merge(conn: Connection, form: dict[str, Any]) -> str:
    raw = str(form.get("other") or "").strip().lstrip("#")
    if not raw.isdigit():
        raise ValueError("give the number of the session to merge into this one")
    with conn.transaction():
        merge_sessions(conn, int(form["session_id"]), int(raw))
    return f"Session {raw} merged into this one."


def _reparser(settings: Settings) -> Action:
    def reparse(conn: Connection, form: dict[str, Any]) -> str:
        from workers.reparse import start_reparse

        sid = int(form["session_id"])
        run = start_reparse(conn, settings, [sid], scope="web")
        form["next"] = f"/sessions/{sid}?reparse={run}"
        return f"Re-parse {run} queued: the workers read the screenshot again."

    return reparse
