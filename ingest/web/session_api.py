"""The JSON API for the same edits as the session page, for other clients.

* `GET    /api/sessions?review=needs_review&limit=&offset=`   the corrected list
* `GET    /api/sessions/{id}`                  the corrected session and its corrections
* `PATCH  /api/sessions/{id}`                  `{"title": ..., "performed_on": "YYYY-MM-DD"}`
* `PATCH  /api/sessions/{id}/exercises/{pos}`  `{"name": ...}`
* `PATCH  /api/sets/{set_id}`                  a read set by its row id: any of weight,
  unit, reps, set_type, rpe, distance, distance_unit, duration_s
* `PATCH  /api/sessions/{id}/sets/{pos}/{ref}` any set, read (`r3`) or added (`c17`)
* `DELETE /api/sets/{set_id}`, `DELETE /api/sessions/{id}/sets/{pos}/{ref}`
* `POST   /api/sessions/{id}/sets`             `{"exercise_pos": 0, "weight": 100, ...}`
* `PUT    /api/sessions/{id}/exercises/{pos}/order`  `{"order": ["r1", "c17", "r0"]}`
* `POST   /api/sessions/{id}/accept`, `POST /api/corrections/{id}/undo`
* `POST   /api/reparse` `{"ids": [...]}` or `{"scope": "needs_review"|"all"}`;
  `GET /api/reparse/{run}` its progress and what changed per session

Each change answers `{"corrections": [...], "session": {...}}`: the events it
recorded (none when nothing changed) and the corrected session after it.
Errors: 404 no such row, 409 an undo that must wait, 422 a value that does
not fit. Corrections made here are recorded with client `api`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from ingest.web import session_edits as edits
from ingest.web.report_pages import form_or_json
from ingest.web.session_access import check_change, may_read
from ingest.web.session_db import SessionDb
from schema.corrected import CorrectionEvent, SessionView
from schema.db import Connection
from schema.errors import NotFound
from schema.repo_corrections import CorrectionRefused, load_events, set_address, undo
from schema.repo_revisions import get_run, sessions_in_scope
from schema.repo_session_list import list_sessions
from schema.settings import Settings

Change = Callable[[Connection, dict[str, Any], dict[str, str]], tuple[int, list[CorrectionEvent]]]


def session_json(view: SessionView, events: list[CorrectionEvent]) -> dict[str, Any]:
    """A corrected session with its correction events, as the API answers it."""
    body = view.model_dump(mode="json")
    body["sets"] = view.set_count
    body["corrections"] = [e.model_dump(mode="json") for e in events]
    return body


def _events(*found: CorrectionEvent | None) -> list[CorrectionEvent]:
    return [e for e in found if e is not None]


def build_api_router(settings: Settings, db: SessionDb) -> APIRouter:
    """The JSON routes."""
    router = APIRouter(prefix="/api", tags=["sessions-api"])

    guard_read = _read_routes(router, settings, db)

    def change(method: str, path: str, do: Change) -> None:
        async def handle(request: Request) -> JSONResponse:
            body, _ = await form_or_json(request)
            check_change(settings, request, body)
            params = {k: str(v) for k, v in request.path_params.items()}
            try:
                with db.connection() as conn:
                    session_id, made = do(conn, body, params)
                    view = edits.corrected(conn, session_id)
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from exc
            except CorrectionRefused as exc:
                raise HTTPException(409, str(exc)) from exc
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from exc
            return JSONResponse(
                {
                    "corrections": [e.model_dump(mode="json") for e in made],
                    "session": session_json(view, []),
                }
            )

        router.add_api_route(path, handle, methods=[method], include_in_schema=False)

    change("PATCH", "/sessions/{session_id}", _patch_session)
    change("PATCH", "/sessions/{session_id}/exercises/{pos}", _patch_exercise)
    change("PATCH", "/sets/{set_id}", _patch_set)
    change("PATCH", "/sessions/{session_id}/sets/{pos}/{ref}", _patch_set)
    change("DELETE", "/sets/{set_id}", _delete_set)
    change("DELETE", "/sessions/{session_id}/sets/{pos}/{ref}", _delete_set)
    change("POST", "/sessions/{session_id}/sets", _add_set)
    change("PUT", "/sessions/{session_id}/exercises/{pos}/order", _order)
    change("POST", "/sessions/{session_id}/accept", _accept)
    change("POST", "/corrections/{correction_id}/undo", _undo)
    _reparse_routes(router, settings, db, guard_read)
    return router


def _read_routes(router: APIRouter, settings: Settings, db: SessionDb) -> Callable[[Request], None]:
    """The GET routes; returns the read check the others share."""

    def guard_read(request: Request) -> None:
        if not may_read(settings, request):
            raise HTTPException(401, "missing or wrong API token")

    @router.get("/sessions")
    def api_list(
        request: Request, review: str = "", limit: int = 100, offset: int = 0
    ) -> JSONResponse:
        """Sessions as corrected, newest workout first."""
        guard_read(request)
        flag = {"needs_review": True, "done": False}.get(review)
        with db.connection() as conn:
            listing = list_sessions(
                conn, needs_review=flag, limit=min(max(limit, 1), 1000), offset=max(offset, 0)
            )
        return JSONResponse(listing.model_dump(mode="json"))

    @router.get("/sessions/{session_id}")
    def api_session(session_id: int, request: Request) -> JSONResponse:
        """One session as corrected, with every correction event."""
        guard_read(request)
        with db.connection() as conn:
            try:
                view = edits.corrected(conn, session_id)
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from exc
            return JSONResponse(session_json(view, load_events(conn, session_id)))

    return guard_read


def _reparse_routes(
    router: APIRouter, settings: Settings, db: SessionDb, guard_read: Callable[[Request], None]
) -> None:
    @router.post("/reparse", status_code=202)
    async def api_reparse(request: Request) -> JSONResponse:
        """Queue a re-parse: `{"ids": [...]}`, `{"scope": "needs_review"}` or `{"scope": "all"}`."""
        body, _ = await form_or_json(request)
        check_change(settings, request, body)
        ids = [int(i) for i in body.get("ids") or []]
        scope = "ids" if ids else str(body.get("scope") or "")
        if scope not in ("ids", "needs_review", "all"):
            raise HTTPException(422, "give ids, or scope needs_review or all")
        from workers.reparse import start_reparse

        with db.connection() as conn:
            chosen = sessions_in_scope(conn, scope, ids)
            run_id = start_reparse(conn, settings, chosen, scope)
        return JSONResponse(
            {"run": run_id, "sessions": chosen, "status_url": f"/api/reparse/{run_id}"}, 202
        )

    @router.get("/reparse/{run_id}")
    def api_reparse_run(run_id: int, request: Request) -> JSONResponse:
        """A re-parse run's progress and, per session, what changed."""
        guard_read(request)
        with db.connection() as conn:
            run = get_run(conn, run_id)
        if run is None:
            raise HTTPException(404, f"no re-parse run {run_id}")
        return JSONResponse({**run.model_dump(mode="json"), "finished": run.finished})


def _address(conn: Connection, params: dict[str, str]) -> tuple[int, int, str]:
    if "set_id" in params:
        return set_address(conn, int(params["set_id"]))
    return int(params["session_id"]), int(params["pos"]), params["ref"]


def _patch_session(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    sid = int(params["session_id"])
    return sid, edits.edit_fields(conn, sid, "session", body, "api")


def _patch_exercise(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    sid, pos = int(params["session_id"]), int(params["pos"])
    return sid, edits.edit_fields(conn, sid, "exercise", body, "api", exercise_pos=pos)


def _patch_set(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    sid, pos, ref = _address(conn, params)
    return sid, edits.edit_fields(conn, sid, "set", body, "api", exercise_pos=pos, set_ref=ref)


def _delete_set(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    del body
    sid, pos, ref = _address(conn, params)
    return sid, _events(edits.delete_set(conn, sid, pos, ref, "api"))


def _add_set(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    sid = int(params["session_id"])
    if not isinstance(body.get("exercise_pos"), int):
        raise ValueError("exercise_pos (the exercise's position, from 0) is needed")
    return sid, _events(edits.add_set(conn, sid, int(body["exercise_pos"]), body, "api"))


def _order(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    sid, pos = int(params["session_id"]), int(params["pos"])
    order = body.get("order")
    if not isinstance(order, list):
        raise ValueError("order (a list of set references) is needed")
    return sid, _events(edits.reorder(conn, sid, pos, [str(r) for r in order], "api"))


def _accept(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    del body
    sid = int(params["session_id"])
    return sid, _events(edits.accept(conn, sid, "api"))


def _undo(
    conn: Connection, body: dict[str, Any], params: dict[str, str]
) -> tuple[int, list[CorrectionEvent]]:
    del body
    event = undo(conn, int(params["correction_id"]), "api")
    return event.session_id, [event]
