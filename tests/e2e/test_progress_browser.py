"""Progress in a real headless Chromium, served by a real `liftlens api`.

From the index to an exercise: the chart marks the records, the sessions table
shows the corrected best set, pounds are one click away, and a phone needs no
sideways scrolling. Screenshots land in `test-artifacts/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from schema.db import connect
from schema.settings import Settings
from tests.e2e.browser import ARTIFACTS, close_pages
from tests.e2e.conftest import Proc, serve_api
from tests.export_seed import seed_history

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e


@pytest.fixture
def progress_api(settings: Settings, spawn: Callable[..., Proc]) -> Iterator[str]:
    """`liftlens api` on a free port over the export and progress history."""
    assert settings.database_url
    with connect(settings.database_url) as conn:
        seed_history(settings.database_url, conn)
    yield serve_api(settings, spawn)


def test_progress_pages_in_the_browser(progress_api: str, browser: Browser) -> None:
    from playwright.sync_api import expect

    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{progress_api}/progress")
        page.get_by_role("link", name="Bench Press (Barbell)").click()
        page.wait_for_url("**/progress/bench_press")
        chart = page.locator("svg.progress-chart")
        expect(chart).to_be_visible()
        expect(chart.locator("circle.pr")).to_have_count(2)
        rows = page.locator("table#sessions tr:not(:first-child)")
        expect(rows).to_have_count(3)
        # Newest first; the middle session's best set is the corrected 102.5 kg x 5.
        expect(rows.nth(1)).to_contain_text("102.5 kg × 5")
        expect(rows.nth(1)).to_contain_text("PR")
        expect(rows.nth(0)).to_contain_text("102.1 kg × 5")  # 225 lb
        page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)
        page.get_by_role("link", name="Show in lb").click()
        expect(rows.nth(0)).to_contain_text("225 lb × 5")
        expect(page.locator("table#sessions")).to_contain_text("e1RM lb")

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(f"{progress_api}/progress/bench_press")
        expect(phone.locator("svg.progress-chart")).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        phone.screenshot(path=str(ARTIFACTS / "progress-phone.png"), full_page=True)
    finally:
        close_pages(browser)
