"""`liftlens bind` and `liftlens aliases load|map|ignore|unignore|list` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli.exit_codes import ExitCode
from ingest.cli.main import app
from schema.db import connect
from schema.name_norm import normalise
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(db_url: str, redis_url: str, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={
            "LIFTLENS_DATABASE_URL": db_url,
            "LIFTLENS_REDIS_URL": redis_url,
            "LIFTLENS_DATA_DIR": str(tmp_path / "data"),
        }
    )


def seed(db_url: str, names: list[str]) -> None:
    with connect(db_url, autocommit=True) as conn, conn.transaction():
        upload = conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size)"
            " VALUES (repeat('a', 64), 'cli', 'x.png', 1) RETURNING id"
        ).fetchone()
        assert upload is not None
        session = conn.execute(
            "INSERT INTO workout_sessions (upload_id, layout, confidence)"
            " VALUES (%s, 'strong', 0.9) RETURNING id",
            (upload["id"],),
        ).fetchone()
        assert session is not None
        for position, name in enumerate(names):
            conn.execute(
                "INSERT INTO session_exercises (session_id, position, raw_name, name_norm)"
                " VALUES (%s, %s, %s, %s)",
                (session["id"], position, name, normalise(name)),
            )


def bindings(db_url: str) -> dict[str, tuple[str | None, str | None]]:
    with connect(db_url) as conn:
        rows = conn.execute("SELECT raw_name, alias_key, bound_method FROM session_exercises")
        return {r["raw_name"]: (r["alias_key"], r["bound_method"]) for r in rows}


def test_bind_prints_a_summary_then_skips(cli: CliRunner, db_url: str) -> None:
    seed(db_url, ["Bench Press (Barbell)", "Zottman Wiggle"])
    first = cli.invoke(app, ["bind"])
    assert first.exit_code == 0, first.output
    assert "bind full: 2 names decided, 2 rows changed" in first.output
    assert bindings(db_url)["Bench Press (Barbell)"] == ("bench_press", "exact")
    again = cli.invoke(app, ["bind"])
    assert again.exit_code == 0 and "bind skipped: no new names" in again.output
    forced = cli.invoke(app, ["bind", "--all"])
    assert forced.exit_code == 0 and "bind full: 2 names decided, 0 rows changed" in forced.output


def test_map_then_bind_rebinds_the_rows(cli: CliRunner, db_url: str) -> None:
    seed(db_url, ["Zottman Wiggle", "Bench Press (Barbell)"])
    assert cli.invoke(app, ["bind"]).exit_code == 0
    mapped = cli.invoke(app, ["aliases", "map", "Zottman Wiggle", "hammer_curl"])
    assert mapped.exit_code == 0, mapped.output
    assert "mapped: 'zottman wiggle' -> hammer_curl" in mapped.output
    result = cli.invoke(app, ["bind"])
    assert "1 rows changed" in result.output
    assert bindings(db_url)["Zottman Wiggle"] == ("hammer_curl", "operator")


def test_map_to_an_unknown_key_lists_close_keys(cli: CliRunner) -> None:
    result = cli.invoke(app, ["aliases", "map", "Bench", "bench_pres"])
    assert result.exit_code == ExitCode.INPUT
    assert "unknown exercise key 'bench_pres'" in result.output
    assert "close keys:" in result.output and "bench_press" in result.output


def test_ignore_keeps_a_name_unbound(cli: CliRunner, db_url: str) -> None:
    seed(db_url, ["Rest Timer", "Squat"])
    ignored = cli.invoke(app, ["aliases", "ignore", "Rest Timer", "--reason", "app chrome"])
    assert ignored.exit_code == 0 and "ignored: 'rest timer'" in ignored.output
    assert cli.invoke(app, ["bind"]).exit_code == 0
    assert bindings(db_url)["Rest Timer"] == (None, "ignored")
    listed = cli.invoke(app, ["aliases", "list", "--ignored", "--json"])
    assert [json.loads(line) for line in listed.stdout.splitlines()] == [
        {"name_norm": "rest timer", "reason": "app chrome"}
    ]
    assert "no longer ignored" in cli.invoke(app, ["aliases", "unignore", "Rest Timer"]).output


def test_load_and_list(cli: CliRunner) -> None:
    loaded = cli.invoke(app, ["aliases", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert f"catalogue {load_catalogue().version} loaded" in loaded.output
    assert cli.invoke(app, ["aliases", "map", "Zottman Wiggle", "hammer_curl"]).exit_code == 0
    listed = cli.invoke(app, ["aliases", "list", "--source", "user", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line) for line in listed.stdout.splitlines()] == [
        {"alias_norm": "zottman wiggle", "key": "hammer_curl", "source": "user"}
    ]
    catalogue = cli.invoke(app, ["aliases", "list", "--source", "catalogue", "--json"])
    assert catalogue.exit_code == 0, catalogue.output
    assert "bench_press" in {json.loads(line)["key"] for line in catalogue.stdout.splitlines()}
    # The table (thousands of catalogue rows take rich seconds; the user's one shows it).
    table = cli.invoke(app, ["aliases", "list", "--source", "user"])
    assert table.exit_code == 0 and "hammer_curl" in table.output and "1 aliases" in table.output
