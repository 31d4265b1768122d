"""Progress over HTTP and in the terminal: every spelling bound to the key, corrections applied."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ingest.cli.main import app
from ingest.web.app import create_api
from schema.db import connect
from schema.repo_aliases import add_alias
from schema.repo_corrections import CorrectionDraft, record
from schema.repo_report import rebind_name
from schema.settings import Settings
from tests.e2e.conftest import liftlens_env
from tests.export_seed import seed_history

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        seed_history(settings.database_url, conn)
    return settings


def test_progress_counts_every_spelling_and_follows_a_rebind(seeded: Settings) -> None:
    assert seeded.database_url
    with TestClient(create_api(seeded)) as client:
        body = client.get("/progress/bench_press.json").json()
        assert body["spellings"] == ["Bench Press", "Bench Press (Barbell)", "bench press"]
        sessions = body["sessions"]
        assert [s["day"] for s in sessions] == ["2025-12-01", "2026-01-05", "2026-01-09"]
        # 102.5 kg x 5 is the correction of a read 100; the 40 kg warm-up is left out.
        assert sessions[1]["best_weight_kg"] == 102.5 and sessions[1]["e1rm_kg"] == 119.6
        assert sessions[1]["volume_kg"] == 812.5 and sessions[1]["sets"] == 2
        # 225 lb x 5 normalised to kg: no record after 119.6.
        assert sessions[2]["top_weight_kg"] == 102.058 and not sessions[2]["pr"]
        assert [s["pr"] for s in sessions] == [True, True, False]
        assert body["weeks"][-1] == {"week": "2026-01-05", "volume_kg": 2057.6, "sessions": 2}

        page = client.get("/progress/bench_press")
        assert page.status_code == 200 and "<svg" in page.text and 'class="pr"' in page.text
        assert "lb" in client.get("/progress/bench_press?unit=lb").text
        index = client.get("/progress").text
        assert '<a href="/progress/bench_press">' in index
        assert client.get("/progress/no_such_key").status_code == 404

        with connect(seeded.database_url) as conn:
            add_alias(conn, "bench press", "incline_bench_press", source="user")
            rebind_name(conn, "bench press")
            conn.commit()
        again = client.get("/progress/bench_press.json").json()
        # "Bench Press" and "bench press" are one normalised name: both left the key.
        assert again["spellings"] == ["Bench Press (Barbell)"]
        assert [s["day"] for s in again["sessions"]] == ["2026-01-05"]


def test_a_corrected_title_and_date_show_without_a_replay(seeded: Settings) -> None:
    assert seeded.database_url
    with connect(seeded.database_url) as conn:
        early = conn.execute("SELECT id FROM workout_sessions WHERE performed_on = '2025-12-01'")
        sid = int(early.fetchone()["id"])  # type: ignore[index]
        for field, after in (("title", "Bench Only"), ("performed_on", "2025-11-30")):
            fix = CorrectionDraft(action="edit", target="session", field=field, after=after)
            record(conn, sid, fix, "api")
        conn.commit()
    with TestClient(create_api(seeded)) as client:
        first = client.get("/progress/bench_press.json").json()["sessions"][0]
    assert (first["day"], first["title"], first["e1rm_kg"]) == ("2025-11-30", "Bench Only", 105.0)


def test_progress_needs_the_token_when_one_is_set(seeded: Settings) -> None:
    guarded = seeded.model_copy(update={"api_token": "s3cret"})
    with TestClient(create_api(guarded)) as client:
        assert client.get("/progress/bench_press").status_code == 401
        ok = client.get("/progress/bench_press", headers={"X-API-Token": "s3cret"})
        assert ok.status_code == 200


def test_cli_table_with_sparkline(seeded: Settings) -> None:
    done = CliRunner().invoke(
        app,
        ["progress", "bench_press", "--unit", "lb"],
        env={**liftlens_env(seeded), "COLUMNS": "120"},
        catch_exceptions=False,
    )
    assert done.exit_code == 0, done.output
    assert "Bench Press (Barbell) (bench_press)" in done.stdout
    assert "PR" in done.stdout and "e1RM" in done.stdout
    assert any(ch in done.stdout for ch in "▁▂▃▄▅▆▇█")
    assert "225 lb × 5" in done.stdout
