"""The HTTP upload queue: `create_api(settings)` builds the FastAPI app.

Routes: `POST /uploads` (multipart field `file`), `GET /uploads/{id}`,
`GET /health`; the sessions pages and their JSON API
(`ingest.web.session_pages`, `ingest.web.session_api`). Every upload goes through `submit()`,
like the watched folder and the CLI.

* The size limit is enforced while the body is read (`ingest.sources.upload_form`):
  reading stops at the limit and the answer is 413.
* One PostgreSQL connection per request: uploads are rare and slow (OCR takes
  seconds), a connect costs milliseconds, and there is no pool to go stale
  when PostgreSQL restarts.
* A bearer token (`LIFTLENS_API_TOKEN`) guards every route but `/health`
  when set; `ingest.web.bind_check` refuses to serve beyond loopback without one.
* The operator report page, if `ingest.web.report_pages` exists, is mounted behind
  the same token (`require_token`).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import psycopg
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ingest.sources.broker_probe import ping_redis, redis_probe
from ingest.sources.submit import Duplicate, Enqueue, Queued, Rejected, safe_name, submit
from ingest.sources.upload_form import FileFieldReader, FormError, TooLarge
from ingest.web import export_pages, progress_pages, stitch_api
from ingest.web.report_pages import build_router
from ingest.web.session_pages import build_router as build_session_router
from schema import repo_sessions, repo_uploads
from schema.db import Connection, connect
from schema.errors import BrokerUnavailable, DatabaseUnavailable
from schema.models import SessionRecord
from schema.settings import Settings

log = logging.getLogger("liftlens.api")

RETRY_AFTER_S = 5


# ---- access -------------------------------------------------------------------------


def require_token(settings: Settings) -> Callable[[str | None], None]:
    """A FastAPI dependency enforcing `Authorization: Bearer <LIFTLENS_API_TOKEN>` when set."""
    expected = settings.api_token.encode() if settings.api_token else None

    def check(authorization: Annotated[str | None, Header()] = None) -> None:
        if expected is None:
            return
        scheme, _, given = (authorization or "").partition(" ")
        # compare_digest: the time taken says nothing about how much of the token matched.
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
            raise HTTPException(
                status_code=401,
                detail="missing or wrong bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check


# ---- services -----------------------------------------------------------------------


class _Services:
    """How a request reaches PostgreSQL and Redis. Built without I/O; used per request."""

    def __init__(self, settings: Settings) -> None:
        if settings.database_url is None or settings.redis_url is None:
            raise ValueError("create_api needs settings with resolved service URLs")
        self.settings = settings
        self.database_url = settings.database_url
        self.redis = redis_probe(settings.redis_url)
        self._enqueue: Enqueue | None = None

    def enqueue(self) -> Enqueue:
        if self._enqueue is None:
            from workers.celery_app import create_app, enqueuer

            self._enqueue = enqueuer(create_app(self.settings))
        return self._enqueue

    def db(self) -> Iterator[Connection]:
        conn = connect(self.database_url, autocommit=True, timeout_s=3)
        try:
            yield conn
        finally:
            conn.close()

    def ping_redis(self) -> None:
        ping_redis(self.redis)

    def ping_db(self) -> None:
        with connect(self.database_url, autocommit=True, timeout_s=2) as conn:
            conn.execute("SELECT 1")


def _db(request: Request) -> Iterator[Connection]:
    """A connection for one request (a FastAPI dependency), closed when it is answered."""
    svc: _Services = request.app.state.services
    yield from svc.db()


DB = Annotated[Connection, Depends(_db)]


# ---- the app ------------------------------------------------------------------------


def create_api(settings: Settings) -> FastAPI:
    """The FastAPI app for `settings` (with resolved database and Redis URLs)."""
    svc = _Services(settings)
    app = FastAPI(title="liftlens", summary="Workout screenshots in, training data out.")
    app.state.services = svc
    guarded = [Depends(require_token(settings))]
    app.include_router(_uploads_router(svc), dependencies=guarded)
    app.include_router(_health_router(svc))
    # The report pages check the token themselves: a browser cannot send a bearer
    # header, so they also accept the token from a strict same-site cookie.
    app.include_router(build_router(settings))
    app.include_router(build_session_router(settings))
    app.include_router(stitch_api.build_router(settings))
    app.include_router(export_pages.build_router(settings))
    app.include_router(progress_pages.build_router(settings))
    _add_error_handlers(app)
    return app


def _unavailable(service: str, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": str(exc), "service": service},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def _add_error_handlers(app: FastAPI) -> None:
    async def database_down(request: Request, exc: Exception) -> JSONResponse:
        del request
        return _unavailable("postgresql", exc)

    async def broker_down(request: Request, exc: Exception) -> JSONResponse:
        del request
        return _unavailable("redis", exc)

    app.add_exception_handler(DatabaseUnavailable, database_down)
    app.add_exception_handler(psycopg.OperationalError, database_down)
    app.add_exception_handler(BrokerUnavailable, broker_down)


# ---- uploads and sessions -----------------------------------------------------------


def _uploads_router(svc: _Services) -> APIRouter:
    router = APIRouter()
    limit = svc.settings.max_upload_bytes

    @router.post("/uploads", status_code=202)
    async def post_upload(request: Request) -> JSONResponse:
        """Queue one screenshot (multipart field `file`)."""
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
            return _too_large(limit)
        try:
            reader = FileFieldReader(
                request.headers.get("content-type"), field_name="file", limit=limit
            )
            async for chunk in request.stream():
                reader.feed(chunk)
            part = reader.result()
        except TooLarge:
            return _too_large(limit)
        except FormError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return await run_in_threadpool(_store, svc, part.data, part.filename)

    @router.get("/uploads/{upload_id}", name="get_upload")
    def get_upload(upload_id: int, conn: DB) -> dict[str, Any]:
        """An upload's status, error, attempts, timestamps and, once parsed, its session."""
        upload = repo_uploads.get_upload(conn, upload_id)
        if upload is None:
            raise HTTPException(404, f"no upload {upload_id}")
        body: dict[str, Any] = {
            "upload_id": upload.id,
            "status": upload.status,
            "error": upload.last_error,
            "attempts": upload.attempts,
        }
        body.update(upload.model_dump(mode="json", exclude={"id", "last_error"}))
        session_id = repo_sessions.session_id_for_upload(conn, upload_id)
        session = repo_sessions.get_session(conn, session_id) if session_id else None
        body["session"] = _summary(session) if session else None
        return body

    return router


def _too_large(limit: int) -> JSONResponse:
    # Connection: close, because the rest of the body is deliberately left unread.
    return JSONResponse(
        {"error": f"file too large: the limit is {limit} bytes", "limit": limit},
        status_code=413,
        headers={"Connection": "close"},
    )


def _store(svc: _Services, data: bytes, filename: str) -> JSONResponse:
    """Submit the bytes (in a worker thread: psycopg and kombu block) and shape the answer."""
    label = safe_name(filename)
    # Ask Redis first: with the broker down, answer 503 now and record nothing.
    svc.ping_redis()
    with connect(svc.database_url, autocommit=True, timeout_s=3) as conn:
        result = submit(
            conn,
            data,
            original_name=filename,
            source="http",
            settings=svc.settings,
            enqueue=svc.enqueue(),
        )
        reason = result.reason if isinstance(result, Rejected) else None
        if isinstance(result, Duplicate) and result.status == "rejected":
            earlier = repo_uploads.get_upload(conn, result.upload_id)
            reason = f"same bytes as rejected upload {result.upload_id}: " + (
                (earlier.last_error if earlier else None) or "rejected"
            )
    body: dict[str, Any] = {
        "upload_id": result.upload_id,
        "status": result.status,
        "status_url": f"/uploads/{result.upload_id}" if result.upload_id is not None else None,
    }
    if isinstance(result, Queued):
        log.info("upload %s: queued %r (%d bytes)", result.upload_id, label, len(data))
        return JSONResponse(body, status_code=202)
    if reason is not None:
        log.warning("upload %s: rejected %r: %s", result.upload_id, label, reason)
        return JSONResponse({**body, "status": "rejected", "reason": reason}, status_code=422)
    log.info("upload %s: %r is a duplicate", result.upload_id, label)
    return JSONResponse({**body, "duplicate": True}, status_code=200)


def _summary(session: SessionRecord) -> dict[str, Any]:
    return {
        "session_id": session.id,
        "session_url": f"/sessions/{session.id}",
        "layout": session.layout,
        "title": session.title,
        "performed_on": session.performed_on.isoformat() if session.performed_on else None,
        "duration_min": session.duration_min,
        "confidence": session.confidence,
        "needs_review": session.needs_review,
        "warnings": session.warnings,
        "exercises": [e.raw_name for e in session.exercises],
        "sets": sum(len(e.sets) for e in session.exercises),
    }


# ---- health -------------------------------------------------------------------------


def _health_router(svc: _Services) -> APIRouter:
    router = APIRouter()

    @router.get("/health")
    def health() -> JSONResponse:
        """PostgreSQL and Redis reachable? 200 if both, 503 naming the ones that are not."""
        checks: dict[str, dict[str, Any]] = {}
        for name, probe in (("postgresql", svc.ping_db), ("redis", svc.ping_redis)):
            try:
                probe()
                checks[name] = {"ok": True}
            except Exception as exc:  # any failure of a probe means "down", with the reason
                checks[name] = {"ok": False, "error": str(exc)}
        down = [name for name, check in checks.items() if not check["ok"]]
        return JSONResponse(
            {"status": "unavailable" if down else "ok", "down": down, **checks},
            status_code=503 if down else 200,
        )

    return router
