"""Headless Chromium for the browser tests: one browser serves the whole session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


def chromium_or_skip() -> str:
    """Debian's chromium; a skip without it, but a failure on CI (which installs it)."""
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI (.ci/system-deps.sh installs it)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    return path


def close_pages(browser: Browser) -> None:
    """Close what a test opened (each `new_page` has its own context), keep the browser."""
    for context in browser.contexts:
        context.close()
