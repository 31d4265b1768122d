"""Who may read and change sessions over HTTP: the report page's rules, shared.

* With an API token configured, every route needs it: `Authorization: Bearer`,
  `X-API-Token`, a `token` form field, or the strict same-site cookie the
  token form sets (`ingest.web.report_pages.TOKEN_COOKIE`).
* Every change (POST, PATCH, PUT, DELETE) refuses a browser's cross-site
  request: its `Origin` must name this host.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from ingest.web.report_pages import TOKEN_COOKIE, same_origin, token_ok
from schema.settings import Settings


def presented_token(request: Request, form: dict[str, Any] | None = None) -> str | None:
    """The token a request carries, wherever it carries it."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    given = (form or {}).get("token")
    return (
        request.headers.get("x-api-token")
        or (str(given) if given else None)
        or request.cookies.get(TOKEN_COOKIE)
    )


def may_read(settings: Settings, request: Request) -> bool:
    """True when the request may see sessions."""
    return token_ok(settings, presented_token(request))


def check_change(settings: Settings, request: Request, form: dict[str, Any] | None = None) -> None:
    """Raise 403 for a cross-site change and 401 without the token."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "cross-site request refused")
    if not token_ok(settings, presented_token(request, form)):
        raise HTTPException(
            401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )
