"""The unmapped report against real PostgreSQL: grouping, filters, summary, quick re-bind, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from typer.testing import CliRunner

from ingest.cli.main import app
from ingest.web.report import ReportFilters, load_report
from schema.db import Connection, connect
from schema.name_norm import normalise
from schema.repo_aliases import add_alias, ignore_name, load_catalogue_into_db
from schema.repo_report import (
    bind_summary,
    bound_share_history,
    catalogue_keys,
    rebind_name,
    unmapped_groups,
)
from schema.settings import Settings
from tests.seed import add_session
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    """A connection to a database holding the catalogue and four sessions."""
    with connect(db_url, autocommit=True) as c:
        load_catalogue_into_db(c, load_catalogue())
        add_session(c, ["Zercher Squat", "Bench Press (Barbell)", "Foo Bar"], date(2026, 1, 3), "a")
        add_session(c, ["zercher squats", "Cossack Squat"], date(2026, 1, 20), "b")
        add_session(c, ["Zercher  Squat", "Cossack Squat"], date(2026, 2, 7), "c")
        add_session(c, ["Zercher Squat"], None, "d")  # no date on screen: ingest day counts
        # What a bind run would have done for the catalogue name.
        c.execute(
            "UPDATE session_exercises SET alias_key = 'bench_press', bound_method = 'exact' "
            "WHERE name_norm = %s",
            (normalise("Bench Press (Barbell)"),),
        )
        yield c


def test_groups_by_normalised_name_by_impact(conn: Connection) -> None:
    page = unmapped_groups(conn)
    assert [g.name_norm for g in page.groups] == ["zercher squat", "cossack squat", "foo bar"]
    assert page.total_groups == 3
    zercher = page.groups[0]
    assert (zercher.occurrences, zercher.sessions) == (4, 4)
    # Commonest spelling first; every spelling kept byte for byte.
    assert zercher.raw_names == ["Zercher Squat", "Zercher  Squat", "zercher squats"]
    assert zercher.first_seen == date(2026, 1, 3)
    assert zercher.last_seen is not None and zercher.last_seen >= date(2026, 2, 7)
    cossack = page.groups[1]
    assert (cossack.first_seen, cossack.last_seen) == (date(2026, 1, 20), date(2026, 2, 7))
    # "zercher squat" is a catalogue alias: no bind has run yet, so it is pending.
    assert [g.pending_key for g in page.groups] == ["zercher_squat", None, None]


def test_filters_min_count_since_limit(conn: Connection) -> None:
    assert [g.name_norm for g in unmapped_groups(conn, min_count=2).groups] == [
        "zercher squat",
        "cossack squat",
    ]
    since = unmapped_groups(conn, since=date(2026, 1, 15))
    assert {g.name_norm: g.occurrences for g in since.groups}["cossack squat"] == 2
    assert "foo bar" not in {g.name_norm for g in since.groups}
    limited = unmapped_groups(conn, limit=1)
    assert len(limited.groups) == 1 and limited.total_groups == 3


def test_ignored_and_pending_names(conn: Connection) -> None:
    ignore_name(conn, "Foo Bar", "not an exercise")
    add_alias(conn, "Cossack Squat", "goblet_squat")
    page = unmapped_groups(conn)
    assert [g.name_norm for g in page.groups] == ["zercher squat", "cossack squat"]
    assert page.groups[1].pending_key == "goblet_squat"
    summary = bind_summary(conn)
    assert (summary.rows_total, summary.rows_bound) == (8, 1)
    assert (summary.unmapped_rows, summary.unmapped_names) == (6, 2)


def test_rebind_name_binds_only_that_name_and_records_events(conn: Connection) -> None:
    raw_before = conn.execute("SELECT id, raw_name FROM session_exercises ORDER BY id").fetchall()
    assert rebind_name(conn, "Zercher Squat") == 0  # no operator decision yet: nothing to do
    add_alias(conn, "zercher squat", "zercher_squat")
    assert rebind_name(conn, "Zercher Squat") == 4
    assert rebind_name(conn, "Zercher Squat") == 0  # idempotent
    rows = conn.execute(
        "SELECT alias_key, bound_method FROM session_exercises WHERE name_norm = 'zercher squat'"
    ).fetchall()
    assert {(r["alias_key"], r["bound_method"]) for r in rows} == {("zercher_squat", "operator")}
    events = conn.execute(
        "SELECT old_key, new_key, method, catalogue_version FROM binding_events"
    ).fetchall()
    assert len(events) == 4
    assert {(e["old_key"], e["new_key"], e["method"]) for e in events} == {
        (None, "zercher_squat", "operator")
    }
    assert events[0]["catalogue_version"] == load_catalogue().version
    assert "cossack squat" in {g.name_norm for g in unmapped_groups(conn).groups}
    # Ignoring a mapped name unbinds its rows, again with events.
    ignore_name(conn, "Zercher Squat", None)
    assert rebind_name(conn, "Zercher Squat") == 4
    again = conn.execute(
        "SELECT DISTINCT alias_key, bound_method FROM session_exercises "
        "WHERE name_norm = 'zercher squat'"
    ).fetchall()
    assert again == [{"alias_key": None, "bound_method": "ignored"}]
    assert conn.execute("SELECT count(*) AS n FROM binding_events").fetchone() == {"n": 8}
    raw_after = conn.execute("SELECT id, raw_name FROM session_exercises ORDER BY id").fetchall()
    assert raw_after == raw_before


def test_history_and_keys(conn: Connection) -> None:
    assert bound_share_history(conn) == []
    for total, bound in ((10, 2), (10, 5), (12, 9)):
        conn.execute(
            "INSERT INTO bind_runs (mode, finished_at, rows_total, rows_bound) "
            "VALUES ('incremental', now(), %s, %s)",
            (total, bound),
        )
    conn.execute("INSERT INTO bind_runs (mode) VALUES ('full')")  # still running: not shown
    history = bound_share_history(conn)
    assert [(p.rows_total, p.rows_bound) for p in history] == [(10, 2), (10, 5), (12, 9)]
    keys = catalogue_keys(conn)
    assert len(keys) == len(load_catalogue().exercises)
    assert "zercher_squat" in {k.key for k in keys}


def test_load_report_suggests_for_shown_names(conn: Connection) -> None:
    report = load_report(conn, ReportFilters(limit=2))
    assert [r.name_norm for r in report.rows] == ["zercher squat", "cossack squat"]
    zercher = report.rows[0]
    assert zercher.suggestions and zercher.suggestions[0].alias_key == "zercher_squat"
    assert len(zercher.suggestions) <= 3
    assert report.summary.unmapped_names == 3 and report.summary.shown_names == 2


def _cli(settings: Settings, *args: str) -> str:
    env = {
        "LIFTLENS_DATABASE_URL": str(settings.database_url),
        "LIFTLENS_REDIS_URL": str(settings.redis_url),
        "LIFTLENS_DATA_DIR": str(settings.data_dir),
    }
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_report_formats(conn: Connection, settings: Settings) -> None:
    doc = json.loads(_cli(settings, "report", "unmapped", "--format", "json", "--min-count", "2"))
    assert [r["name_norm"] for r in doc["rows"]] == ["zercher squat", "cossack squat"]
    assert doc["rows"][0]["raw_names"][0] == "Zercher Squat"
    csv_text = _cli(settings, "report", "unmapped", "--format", "csv", "--since", "2026-01-15")
    assert csv_text.splitlines()[0].startswith("name_norm,raw_names,occurrences")
    table = _cli(settings, "report", "unmapped")
    assert "zercher squat" in table and "distinct unmapped names" in table
    html = _cli(settings, "report", "unmapped", "--format", "html", "--limit", "1")
    assert html.startswith("<!doctype html>") and "<form" not in html


def test_cli_sessions_list_and_show(conn: Connection, settings: Settings) -> None:
    lines = _cli(settings, "sessions", "list", "--json").splitlines()
    sessions = [json.loads(line) for line in lines]
    assert len(sessions) == 4
    first = next(s for s in sessions if s["title"] == "Session a")
    assert (first["exercises"], first["bound"]) == (3, 1)
    shown = _cli(settings, "sessions", "show", str(first["id"]))
    assert "Bench Press (Barbell)" in shown and "bench_press" in shown
    assert "60 kg × 5" in shown
    doc = json.loads(_cli(settings, "sessions", "show", str(first["id"]), "--json"))
    assert doc["exercises"][0]["raw_name"] == "Zercher Squat"
    assert _cli(settings, "sessions", "list").count("Session") >= 4
