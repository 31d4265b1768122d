"""Shared CLI plumbing: the settings loaded once per invocation, and the console."""

from __future__ import annotations

import typer
from rich.console import Console

from schema.settings import Settings

console = Console(stderr=True)


def settings_from(ctx: typer.Context) -> Settings:
    """The Settings loaded by the root callback (loaded here if the root did not run)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj
