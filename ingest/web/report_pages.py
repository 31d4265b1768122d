"""The operator loop in the browser: the unmapped-names page and its two actions.

Routes (mounted by `ingest.web.app.create_api`, which calls `router(settings)`):

* `GET  /reports/unmapped`       the page (server-rendered HTML, no build step)
* `GET  /reports/unmapped.json`  the same report as JSON
* `POST /aliases`                map a name to a catalogue key (form or JSON)
* `POST /ignored-names`          declare a name not an exercise (form or JSON)
* `POST /reports/session`        present the API token once; kept in a cookie

The POSTs refuse a browser's cross-site request (its `Origin` names another
host), so no other web page can make the operator's browser map or ignore.

When an API token is configured every route here needs it: as
`Authorization: Bearer`, `X-API-Token`, a `token` form field, or the cookie the
token form sets (HttpOnly, SameSite=Strict, so another site cannot post with
it). A browser without it gets the token form instead of the page.
After an action the name's rows are re-bound at once (`rebind_name`), so a
reload shows the effect; a form post is answered with a redirect back to the
page (post/redirect/get), a JSON post with a JSON result.
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ingest.web.report import ReportFilters, load_report
from ingest.web.report_html import Flash, PageOptions, render_locked_page, render_page
from schema.db import connection
from schema.errors import UnknownAliasKey
from schema.repo_aliases import add_alias, ignore_name
from schema.repo_report import catalogue_keys, rebind_name
from schema.settings import Settings

PAGE = "/reports/unmapped"
TOKEN_COOKIE = "liftlens_token"
PAGE_LIMIT = 100


def _db_url(settings: Settings) -> str:
    if not settings.database_url:
        raise HTTPException(503, "no database configured")
    return settings.database_url


def _presented_token(request: Request, form: dict[str, Any]) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return (
        request.headers.get("x-api-token")
        or (str(form["token"]) if form.get("token") else None)
        or request.cookies.get(TOKEN_COOKIE)
    )


def same_origin(origin: str | None, host: str | None) -> bool:
    """False when a browser says the request comes from another site.

    Without a token (the loopback default) any web page the operator visits
    could otherwise post a form to 127.0.0.1 and map names; browsers send
    `Origin` with every cross-site POST. No `Origin` at all is a script (curl).
    """
    if origin is None:
        return True
    return origin != "null" and host is not None and urlsplit(origin).netloc == host


def _check_origin(request: Request) -> None:
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "cross-site request refused")


def token_ok(settings: Settings, presented: str | None) -> bool:
    """True when no token is configured, or the presented one matches (constant time)."""
    if settings.api_token is None:
        return True
    return presented is not None and hmac.compare_digest(
        presented.encode(), settings.api_token.encode()
    )


async def form_or_json(request: Request) -> tuple[dict[str, Any], bool]:
    """The request's fields and whether they came from an HTML form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise HTTPException(400, "invalid JSON") from exc
        if not isinstance(body, dict):
            raise HTTPException(400, "expected a JSON object")
        return body, False
    if not kind:
        return {}, True
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}, True


def _back(form: dict[str, Any], **flash: str) -> RedirectResponse:
    # Only ever redirect to our own page: `next` is a path we wrote, never a URL.
    target = str(form.get("next") or PAGE)
    if not target.startswith("/") or target.startswith("//"):
        target = PAGE
    return RedirectResponse(f"{target.split('?')[0]}?{urlencode(flash)}", status_code=303)


def _flash_from(params: dict[str, str]) -> Flash | None:
    if "error" in params:
        return Flash(text=params["error"], ok=False)
    if "mapped" in params:
        return Flash(
            text=f"Mapped “{params['mapped']}” to {params.get('key', '?')}: "
            f"{params.get('rows', '0')} rows bound."
        )
    if "ignored" in params:
        return Flash(text=f"Ignored “{params['ignored']}”: {params.get('rows', '0')} rows.")
    if "unlocked" in params:
        return Flash(text="Token accepted: you can map and ignore names.")
    return None


def page_filters(params: dict[str, str]) -> tuple[ReportFilters, str | None]:
    """Filters from the page's query string; empty fields take defaults; the first problem."""
    problem: str | None = None
    values: dict[str, Any] = {}
    for field, low, high in (("min_count", 1, 1_000_000), ("limit", 1, 1000)):
        raw = params.get(field, "").strip()
        if not raw:
            continue
        if raw.isdigit() and low <= int(raw) <= high:
            values[field] = int(raw)
        else:
            problem = problem or f"{field} must be a whole number from {low} to {high}"
    raw_since = params.get("since", "").strip()
    if raw_since:
        try:
            values["since"] = date.fromisoformat(raw_since)
        except ValueError:
            problem = problem or "since must be a date (YYYY-MM-DD)"
    return ReportFilters(**{"limit": PAGE_LIMIT, **values}), problem


def build_router(settings: Settings) -> APIRouter:
    """The report page, its JSON, and the map / ignore endpoints."""
    router = APIRouter(tags=["report"])

    @router.get(PAGE, response_class=HTMLResponse)
    def unmapped_page(request: Request) -> HTMLResponse:
        """The unmapped-names page with the bound-share chart and per-name actions.

        Takes the filter form's fields (`min_count`, `since`, `limit`) leniently:
        a field left empty means its default, a bad one is reported on the page.
        """
        params = dict(request.query_params)
        filters, problem = page_filters(params)
        flash = Flash(text=problem, ok=False) if problem else _flash_from(params)
        options = PageOptions(actions=True, flash=flash, page_path=PAGE)
        if not token_ok(settings, _presented_token(request, {})):
            return HTMLResponse(render_locked_page(options), status_code=401)
        with connection(_db_url(settings)) as conn:
            report = load_report(conn, filters)
            keys = catalogue_keys(conn)
        return HTMLResponse(render_page(report, keys, options))

    @router.get(PAGE + ".json")
    def unmapped_json(
        request: Request,
        min_count: Annotated[int, Query(ge=1)] = 1,
        since: date | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_LIMIT,
    ) -> Response:
        """The report as JSON (the same document as `liftlens report unmapped --format json`)."""
        if not token_ok(settings, _presented_token(request, {})):
            return _refuse(False, {})
        with connection(_db_url(settings)) as conn:
            report = load_report(conn, ReportFilters(min_count=min_count, since=since, limit=limit))
        return Response(report.model_dump_json(), media_type="application/json")

    @router.post("/aliases")
    async def post_alias(request: Request) -> Response:
        """Map `name` to catalogue `key`, then bind that name's rows at once."""
        _check_origin(request)
        form, is_form = await form_or_json(request)
        if not token_ok(settings, _presented_token(request, form)):
            return _refuse(is_form, form)
        name, key = str(form.get("name") or "").strip(), str(form.get("key") or "").strip()
        if not name or not key:
            return _fail(is_form, form, 422, "both a name and a key are needed")
        try:
            with connection(_db_url(settings)) as conn:
                change = add_alias(conn, name, key, source="user")
                rows = rebind_name(conn, change.name_norm)
        except UnknownAliasKey as exc:
            return _fail(is_form, form, 422, f"{exc} ({exc.detail})" if exc.detail else str(exc))
        except ValueError as exc:
            return _fail(is_form, form, 422, str(exc))
        if is_form:
            return _back(form, mapped=change.name_norm, key=key, rows=str(rows))
        return JSONResponse(
            {"name_norm": change.name_norm, "key": key, "changed": change.changed, "rows": rows}
        )

    @router.post("/ignored-names")
    async def post_ignored(request: Request) -> Response:
        """Declare `name` not an exercise, then unbind that name's rows at once."""
        _check_origin(request)
        form, is_form = await form_or_json(request)
        if not token_ok(settings, _presented_token(request, form)):
            return _refuse(is_form, form)
        name = str(form.get("name") or "").strip()
        reason = str(form.get("reason") or "").strip() or None
        if not name:
            return _fail(is_form, form, 422, "a name is needed")
        try:
            with connection(_db_url(settings)) as conn:
                change = ignore_name(conn, name, reason)
                rows = rebind_name(conn, change.name_norm)
        except ValueError as exc:
            return _fail(is_form, form, 422, str(exc))
        if is_form:
            return _back(form, ignored=change.name_norm, rows=str(rows))
        return JSONResponse(
            {"name_norm": change.name_norm, "changed": change.changed, "rows": rows}
        )

    @router.post("/reports/session")
    async def post_session(request: Request) -> Response:
        """Check a token typed into the page and keep it in a strict same-site cookie."""
        _check_origin(request)
        form, _ = await form_or_json(request)
        token = str(form.get("token") or "")
        if settings.api_token is None or not token_ok(settings, token):
            return _back(form, error="That token is not the API token.")
        response = _back(form, unlocked="1")
        response.set_cookie(
            TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/", max_age=30 * 86400
        )
        return response

    return router


# `ingest.web.app.create_api` looks this name up to mount the report routes.
router = build_router


def _refuse(is_form: bool, form: dict[str, Any]) -> Response:
    if is_form:
        return _back(form, error="Enter the API token first.")
    raise HTTPException(401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"})


def _fail(is_form: bool, form: dict[str, Any], status: int, message: str) -> Response:
    if is_form:
        return _back(form, error=message)
    raise HTTPException(status, message)
