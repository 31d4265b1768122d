"""Exports over HTTP: `GET /export.csv?format=strong-csv|hevy-csv` and `GET /export.json`.

Both take `since=YYYY-MM-DD` and `key=KEY` like `liftlens export`, and the same
token as the report page (bearer header, `X-API-Token`, or the page's cookie)
when one is configured.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from ingest.export.document import export_document, to_text
from ingest.export.trackers import tracker_csv
from ingest.web.report_pages import TOKEN_COOKIE, token_ok
from schema.db import connection
from schema.repo_export import load_export
from schema.settings import Settings


def presented_token(request: Request) -> str | None:
    """The token a request carries: bearer header, `X-API-Token`, or the page's cookie."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-token") or request.cookies.get(TOKEN_COOKIE)


def require(settings: Settings, request: Request) -> str:
    """The database URL, once the request has shown the token (401 otherwise)."""
    if not token_ok(settings, presented_token(request)):
        raise HTTPException(
            401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )
    if not settings.database_url:
        raise HTTPException(503, "no database configured")
    return settings.database_url


def build_router(settings: Settings) -> APIRouter:
    """The export routes."""
    router = APIRouter(tags=["export"])

    def csv_text(url: str, fmt: str, since: date | None, key: str | None) -> list[str]:
        with connection(url) as conn:
            return list(tracker_csv(load_export(conn, since, key), fmt))

    def json_text(url: str, since: date | None, key: str | None) -> str:
        with connection(url) as conn:
            return to_text(export_document(conn, since, key))

    @router.get("/export.csv")
    async def export_csv(
        request: Request,
        format: Literal["strong-csv", "hevy-csv"] = "strong-csv",
        since: date | None = None,
        key: Annotated[str | None, Query(max_length=200)] = None,
    ) -> StreamingResponse:
        """Sessions as corrected, in Strong's or Hevy's CSV format."""
        url = require(settings, request)
        chunks = await run_in_threadpool(csv_text, url, format, since, key)
        name = f"liftlens-{format.removesuffix('-csv')}.csv"
        return StreamingResponse(
            iter(chunks),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.get("/export.json")
    async def export_json(
        request: Request,
        since: date | None = None,
        key: Annotated[str | None, Query(max_length=200)] = None,
    ) -> Response:
        """Everything as JSON (`liftlens import-json` reads an unfiltered one back)."""
        url = require(settings, request)
        text = await run_in_threadpool(json_text, url, since, key)
        return Response(text, media_type="application/json")

    return router
