"""The unmapped-names page in a real headless Chromium, served by a real `liftlens api`.

Open the report, map a name by clicking one of its suggestions, map another
by typing a catalogue key (the `<datalist>` field), reload: both are gone.
Screenshots of the page land in `test-artifacts/` (desktop and phone width).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

import httpx
import pytest

from schema.db import connect
from schema.repo_aliases import load_catalogue_into_db
from schema.settings import Settings
from tests.e2e.browser import ARTIFACTS, close_pages
from tests.e2e.conftest import Proc, serve_api
from tests.seed import add_session
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

# (names, date): three bind runs see the bound share grow, for the chart.
BATCHES = [
    [
        (
            ["Bench Press (Barbell)", "Seal Row", "Cossack Squat", "Squat (Barbell)"],
            date(2026, 1, 5),
        ),
        (["Seal Row", "Jefferson Curl", "Deadlift (Barbell)"], date(2026, 1, 8)),
    ],
    [
        (
            ["Seal Row", "Tempo Squat", "Overhead Press (Barbell)", "Lat Pulldown (Cable)"],
            date(2026, 1, 12),
        ),
        (["Copenhagen Plank", "Cossack Squat", "Romanian Deadlift (Barbell)"], date(2026, 1, 15)),
    ],
    [
        (
            ["Bench Press (Barbell)", "Incline Bench Press (Dumbbell)", "Face Pull (Cable)"],
            date(2026, 1, 19),
        ),
        (["Squat (Barbell)", "Leg Press", "Tempo Squat", "Seal Row"], date(2026, 1, 22)),
    ],
]


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    """Sessions arriving in three batches, each followed by a bind run."""
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        load_catalogue_into_db(conn, load_catalogue())
        for b, batch in enumerate(BATCHES):
            for s, (names, on) in enumerate(batch):
                add_session(conn, names, on, f"{b}-{s}")
            run_bind(conn)
    return settings


@pytest.fixture
def api_base(seeded: Settings, spawn: Callable[..., Proc]) -> Iterator[str]:
    """`liftlens api` on a free loopback port."""
    yield serve_api(seeded, spawn)


def test_map_a_name_in_the_browser_reload_it_is_gone(api_base: str, browser: Browser) -> None:
    from playwright.sync_api import expect

    url = f"{api_base}/reports/unmapped"
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url)
        rows = page.locator("table.unmapped tbody tr")
        expect(rows.first).to_have_attribute("data-name", "seal row")  # most rows first
        names = rows.evaluate_all("trs => trs.map(t => t.dataset.name)")
        assert set(names) == {
            "seal row",
            "cossack squat",
            "tempo squat",
            "jefferson curl",
            "copenhagen plank",
        }
        assert page.locator(".chart svg polyline").count() == 1
        page.screenshot(path=str(ARTIFACTS / "report-unmapped-before.png"), full_page=True)

        # Pick the first suggestion of "seal row".
        seal = page.locator('tr[data-name="seal row"]')
        chip = seal.locator("button.chip").first
        key = chip.locator("xpath=..").locator('input[name="key"]').get_attribute("value")
        assert key
        chip.click()
        page.wait_for_url("**/reports/unmapped?mapped=*")
        expect(page.locator(".flash.ok")).to_contain_text(f"to {key}: 4 rows bound")
        page.reload()
        expect(page.locator('tr[data-name="seal row"]')).to_have_count(0)

        # Type any catalogue key for "cossack squat" (the datalist field) and press Map.
        cossack = page.locator('tr[data-name="cossack squat"]')
        cossack.locator('input[name="key"][list="catalogue-keys"]').fill("lateral_lunge")
        cossack.get_by_role("button", name="Map").click()
        page.wait_for_url("**/reports/unmapped?mapped=*")
        page.reload()
        expect(page.locator('tr[data-name="cossack squat"]')).to_have_count(0)
        expect(page.locator("table.unmapped tbody tr")).to_have_count(3)
        page.screenshot(path=str(ARTIFACTS / "report-unmapped.png"), full_page=True)

        # The filter form, with its date left empty.
        page.locator('form.filters input[name="min_count"]').fill("2")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/reports/unmapped?min_count=2*")
        names = rows.evaluate_all("trs => trs.map(t => t.dataset.name)")
        assert names == ["tempo squat"]

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(url)
        expect(phone.locator('tr[data-name="tempo squat"]')).to_be_visible()
        # No sideways scrolling on a phone.
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        phone.screenshot(path=str(ARTIFACTS / "report-unmapped-phone.png"), full_page=True)
    finally:
        close_pages(browser)
    after = httpx.get(f"{url}.json", timeout=10).json()
    assert {r["name_norm"] for r in after["rows"]} == {
        "tempo squat",
        "jefferson curl",
        "copenhagen plank",
    }
