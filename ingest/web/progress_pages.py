"""Progress in the browser: `/progress` (exercises by recent activity) and `/progress/{key}`.

`/progress/{key}` is server-rendered HTML with an inline SVG chart
(`?unit=lb` shows pounds); `/progress/{key}.json` is the same data as JSON. The
same token as the report page applies when one is configured. The pages share a
small pool of connections, as the sessions pages do: a connect, and planning the
queries afresh on a new connection, cost more than a long history's sums.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from ingest.progress.load import load_progress
from ingest.progress.render import index_page, progress_page
from ingest.progress.stats import Progress
from ingest.web.export_pages import require
from ingest.web.session_db import SessionDb
from schema.repo_progress import keys_by_activity
from schema.settings import Settings

Unit = Literal["kg", "lb"]


def build_router(settings: Settings) -> APIRouter:
    """The progress routes."""
    router = APIRouter(tags=["progress"])
    db = SessionDb(settings.database_url)
    router.add_event_handler("shutdown", db.close)

    def progress_of(key: str) -> Progress:
        with db.connection() as conn:
            progress = load_progress(conn, key)
        if not progress.sessions:
            raise HTTPException(404, f"no working sets bound to {key!r}")
        return progress

    def index() -> str:
        with db.connection() as conn:
            return index_page(keys_by_activity(conn))

    @router.get("/progress", response_class=HTMLResponse)
    async def progress_index(request: Request) -> HTMLResponse:
        """Exercises with history, most recently trained first."""
        require(settings, request)
        return HTMLResponse(await run_in_threadpool(index))

    @router.get("/progress/{key}.json")
    async def progress_json(key: str, request: Request) -> dict[str, Any]:
        """One exercise's progress as JSON (kilograms)."""
        require(settings, request)
        progress = await run_in_threadpool(progress_of, key)
        return {**progress.model_dump(mode="json"), "best_e1rm_kg": progress.best_e1rm_kg}

    @router.get("/progress/{key}", response_class=HTMLResponse)
    async def progress_html(key: str, request: Request, unit: Unit = "kg") -> HTMLResponse:
        """One exercise's progress: chart, sessions, weekly volume."""
        require(settings, request)
        progress = await run_in_threadpool(progress_of, key)
        return HTMLResponse(progress_page(progress, unit))

    return router
