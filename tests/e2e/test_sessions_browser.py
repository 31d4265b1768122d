"""The sessions pages in a real headless Chromium, served by a real `liftlens api`.

1. A Strong screenshot read by a worse reader (weights of 100 kg and more lose their
   first digit, flagged) is in review: open it from the list, fix a weight beside the
   screenshot, accept. The Strong CSV export shows the fix, the audit shows before
   and after, and the database still holds what OCR read.
2. A workout stitched from three screenshots: split one off on the page, then merge
   it back by number.

Screenshots of the pages land in `test-artifacts/`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from schema import repo_stitch
from schema.db import connect
from schema.repo_aliases import load_catalogue_into_db
from schema.settings import Settings
from tests.e2e.browser import ARTIFACTS, close_pages
from tests.e2e.conftest import Proc, serve_api
from tests.reparse_seed import SAMPLE, upload_sample, worse_parser
from tests.stitch_seed import EXPECTED, PARTS, content, draft, store_part
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue
from workers.process import process_upload

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e


@pytest.fixture
def doubted(settings: Settings) -> int:
    """A Strong session read by the worse reader: in review, weights 17.5 instead of 117.5."""
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        load_catalogue_into_db(conn, load_catalogue())
        upload_id = upload_sample(conn, SAMPLE)
    outcome = process_upload(settings, upload_id, parse=worse_parser)
    assert outcome.status == "needs_review" and outcome.session_id
    run_bind(settings.database_url)
    return outcome.session_id


@pytest.fixture
def api_base(settings: Settings, spawn: Callable[..., Proc]) -> Iterator[str]:
    yield serve_api(settings, spawn)


def test_fix_a_weight_accept_and_export(
    settings: Settings, doubted: int, api_base: str, browser: Browser
) -> None:
    from playwright.sync_api import expect

    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{api_base}/sessions?review=needs_review")
        page.locator(f'tr[data-session="{doubted}"] a').first.click()
        page.wait_for_url(f"**/sessions/{doubted}")
        expect(page.locator("#review-state")).to_have_text("needs review")
        assert (
            page.locator("section.shot img").first.evaluate("i => i.complete && i.naturalWidth") > 0
        )
        first = page.locator('article.exercise[data-pos="0"] tr[data-ref="r0"]')
        expect(first.locator('input[name="weight"]')).to_have_value("17.5")
        # The doubted row is highlighted, with its reason on the row below.
        expect(first).to_have_class("doubt")
        expect(first.locator("xpath=following-sibling::tr[1]")).to_contain_text("lost a digit")
        page.screenshot(path=str(ARTIFACTS / "session-before.png"), full_page=True)

        first.locator('input[name="weight"]').fill("117.5")
        first.get_by_role("button", name="Save").click()
        page.wait_for_url("**/sessions/*?ok=*")
        expect(page.locator(".flash")).to_have_text("Saved 1 change.")
        fixed = page.locator('article.exercise[data-pos="0"] tr[data-ref="r0"]')
        expect(fixed.locator('input[name="weight"]')).to_have_value("117.5")

        page.locator("#accept").click()
        page.wait_for_url("**/sessions/*?ok=*")
        expect(page.locator("#review-state")).to_have_text("ok")
        audit = page.locator("table.audit tbody tr")
        expect(audit).to_have_count(2)
        weight_row = audit.filter(has_text="weight")
        expect(weight_row.locator("td.before")).to_have_text("17.5")
        expect(weight_row.locator("td.after")).to_have_text("117.5")
        page.screenshot(path=str(ARTIFACTS / "session-after.png"), full_page=True)
        page.goto(f"{api_base}/sessions")
        page.screenshot(path=str(ARTIFACTS / "sessions-list.png"), full_page=True)

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(f"{api_base}/sessions/{doubted}")
        # No sideways scrolling of the page on a phone (a set table scrolls in its card).
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        phone.screenshot(path=str(ARTIFACTS / "session-phone.png"), full_page=True)
    finally:
        close_pages(browser)

    exported = httpx.get(f"{api_base}/export.csv", params={"format": "strong-csv"}, timeout=30)
    assert exported.status_code == 200, exported.text
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    first_sets = [r for r in rows if r["Set Order"] == "1"]
    assert first_sets and first_sets[0]["Weight"] in ("117.5", "117.50")
    assert settings.database_url
    with connect(settings.database_url) as conn:
        read = conn.execute(
            "SELECT e.raw_name, s.weight FROM session_exercises e "
            "JOIN exercise_sets s ON s.exercise_id = e.id "
            "WHERE e.position = 0 AND s.position = 0"
        ).fetchone()
        assert read is not None
        assert read["raw_name"] == "Kettlebell Swing" and float(read["weight"]) == 17.5


def test_split_a_stitched_session_and_merge_it_back(
    settings: Settings, api_base: str, browser: Browser
) -> None:
    from playwright.sync_api import expect

    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        for i in (2, 0, 1):
            sid = store_part(conn, f"part{i}", draft(PARTS[i]), minute=i)
        uploads = [p.upload_id for p in repo_stitch.parts_of(conn, sid)]
    assert len(uploads) == 3
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{api_base}/sessions/{sid}")
        expect(page.locator("figure.part")).to_have_count(3)
        page.locator(f'figure.part[data-upload="{uploads[2]}"] button.split').click()
        page.wait_for_url("**/sessions/*?ok=*")
        new_id = int(page.url.split("/sessions/")[1].split("?")[0])
        assert new_id != sid
        expect(page.locator(".flash")).to_contain_text(f"as session {new_id}")
        expect(page.locator("figure.part")).to_have_count(1)
        expect(page.locator("button.split")).to_have_count(0)  # one part: nothing to split
        with connect(settings.database_url) as conn:
            assert len(content(conn)) == 2

        page.goto(f"{api_base}/sessions/{sid}")
        expect(page.locator("figure.part")).to_have_count(2)
        page.locator('form.merge input[name="other"]').fill(str(new_id))
        page.locator("#merge").click()
        page.wait_for_url(f"**/sessions/{sid}?ok=*")
        expect(page.locator("figure.part")).to_have_count(3)
        page.screenshot(path=str(ARTIFACTS / "session-merged.png"), full_page=True)
    finally:
        close_pages(browser)
    with connect(settings.database_url) as conn:
        assert content(conn) == EXPECTED
        assert [p.upload_id for p in repo_stitch.parts_of(conn, sid)] == uploads


def test_reparse_from_the_page_with_a_worker(
    settings: Settings,
    doubted: int,
    api_base: str,
    start_worker: Callable[..., Proc],
    browser: Browser,
) -> None:
    from playwright.sync_api import expect

    start_worker()  # today's reader, real Tesseract
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{api_base}/sessions/{doubted}")
        page.locator("#reparse").click()
        page.wait_for_url("**/sessions/*?reparse=*")
        # The page reloads itself until the worker has read the screenshot again.
        expect(page.locator("#reparse-run")).to_contain_text("a new read (2)", timeout=120_000)
        # The worse reader's doubt is gone with its read (Tesseract may still doubt a badge).
        expect(page.get_by_text("lost a digit")).to_have_count(0)
        weights = page.locator('article.exercise[data-pos="0"] input[name="weight"]')
        expect(weights.first).to_have_value("117.5")
        page.screenshot(path=str(ARTIFACTS / "session-reparsed.png"), full_page=True)
    finally:
        close_pages(browser)
