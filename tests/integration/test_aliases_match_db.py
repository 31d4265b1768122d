"""`liftlens aliases match` uses the operators' aliases and ignores when a database is set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ingest.cli.main import app
from schema.db import connect
from schema.repo_aliases import add_alias, ensure_catalogue, ignore_name
from workers.embedded import free_port
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration


def _match(env: dict[str, str], *names: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["aliases", "match", *names, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_operator_decisions_win_with_a_database(db_url: str) -> None:
    with connect(db_url) as conn:
        ensure_catalogue(conn, load_catalogue())
        add_alias(conn, "Zottman Wiggle", "hammer_curl")
        ignore_name(conn, "Rest Timer")
        conn.commit()
    rows = _match({"LIFTLENS_DATABASE_URL": db_url}, "Zottman Wiggle", "Rest Timer")
    assert [(r["alias_key"], r["method"]) for r in rows] == [
        ("hammer_curl", "operator"),
        (None, "ignored"),
    ]
    # Without a database: the shipped catalogue alone.
    plain = _match({"LIFTLENS_DATABASE_URL": ""}, "Zottman Wiggle")
    assert plain[0]["method"] != "operator"


def test_an_unreachable_database_falls_back_to_the_catalogue() -> None:
    env = {"LIFTLENS_DATABASE_URL": f"postgresql://x@127.0.0.1:{free_port()}/none"}
    rows = _match(env, "Bench Press (Barbell)")
    assert rows[0]["alias_key"] == "bench_press"
