"""`liftlens api`: serve the HTTP upload API with uvicorn, in the foreground until SIGTERM."""

from __future__ import annotations

import logging
import sys

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import fail
from ingest.web.bind_check import check_bind
from schema.errors import LiftlensError
from workers.runtime import services


def api(
    ctx: typer.Context,
    host: str = typer.Option(None, "--host", help="Address to listen on (LIFTLENS_API_HOST)."),
    port: int = typer.Option(None, "--port", help="Port (LIFTLENS_API_PORT)."),
) -> None:
    """Serve POST /uploads, GET /uploads/{id}, GET /sessions/{id} and GET /health.

    Listening beyond loopback requires LIFTLENS_API_TOKEN; clients then send
    'Authorization: Bearer <token>' (not needed for /health).
    """
    settings = settings_from(ctx)
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        check_bind(host, settings.api_token)  # before any service is started or web module loaded
        import uvicorn

        from ingest.web.app import create_api

        with services(settings, on_event=console.print) as urls:
            app = create_api(urls.apply(settings))
            # uvicorn handles SIGINT/SIGTERM itself: it finishes requests, then returns here.
            uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    except LiftlensError as exc:
        raise fail(console, exc) from exc


def register(app: typer.Typer) -> None:
    """Add `api` to the root app."""
    app.command()(api)
