"""`liftlens aliases match`: the contract in docs/architecture.md, without a database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ingest.cli import aliases_cmd
from ingest.cli.exit_codes import ExitCode
from ingest.cli.main import app
from schema.settings import Settings

pytestmark = pytest.mark.unit

runner = CliRunner()
CONTRACT_KEYS = {"raw_name", "alias_key", "score", "method", "suggestions"}


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_json_from_arguments() -> None:
    result = runner.invoke(
        app, ["aliases", "match", "Bench Press (Barbell)", "Incline DB Press", "Leg Day", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert [r["raw_name"] for r in rows] == ["Bench Press (Barbell)", "Incline DB Press", "Leg Day"]
    assert all(set(r) == CONTRACT_KEYS for r in rows)
    assert rows[0]["alias_key"] == "bench_press"
    assert rows[0]["method"] == "exact"
    assert rows[1]["alias_key"] == "incline_bench_press_dumbbell"
    assert rows[2]["alias_key"] is None
    assert rows[2]["method"] == "unmapped"


def test_ambiguous_name_lists_its_candidates_and_scores() -> None:
    result = runner.invoke(app, ["aliases", "match", "Shoulder Press", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = _lines(result.stdout)
    assert set(row) == CONTRACT_KEYS
    assert (row["alias_key"], row["method"]) == (None, "ambiguous")
    candidates = row["suggestions"]
    assert isinstance(candidates, list) and len(candidates) >= 2
    assert {"overhead_press_dumbbell", "overhead_press_machine"} <= {
        c["alias_key"] for c in candidates
    }
    assert all({"alias_key", "display_name", "score"} <= set(c) for c in candidates)
    assert row["score"] == candidates[0]["score"]
    table = runner.invoke(app, ["aliases", "match", "Shoulder Press"])
    assert "ambiguous" in table.stdout and "overhead_press_dumbbell" in table.stdout


def test_json_from_stdin_one_name_per_line() -> None:
    result = runner.invoke(
        app, ["aliases", "match", "--json"], input="RDL\n\n바벨 벤치 프레스\n  Pull-Ups  \n"
    )
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert [r["raw_name"] for r in rows] == ["RDL", "바벨 벤치 프레스", "  Pull-Ups  "]
    assert [r["alias_key"] for r in rows] == ["romanian_deadlift", "bench_press", "pullup"]


def test_non_ascii_is_printed_as_is() -> None:
    result = runner.invoke(app, ["aliases", "match", "ベンチプレス", "--json"])
    assert "ベンチプレス" in result.stdout


def test_table_without_json() -> None:
    result = runner.invoke(app, ["aliases", "match", "Romanian Deadlift (Barbell)"])
    assert result.exit_code == 0, result.output
    assert "romanian_deadlift" in result.stdout
    assert "exact" in result.stdout


def test_operator_overrides_seam(monkeypatch: pytest.MonkeyPatch) -> None:
    def overrides(settings: Settings) -> tuple[dict[str, str], set[str]]:
        del settings
        return {"bench press": "close_grip_bench_press"}, {"warm up set"}

    monkeypatch.setattr(aliases_cmd, "load_operator_overrides", overrides)
    result = runner.invoke(app, ["aliases", "match", "Bench Press", "Warm Up Set", "--json"])
    rows = _lines(result.stdout)
    assert [(r["alias_key"], r["method"]) for r in rows] == [
        ("close_grip_bench_press", "operator"),
        (None, "ignored"),
    ]
    result = runner.invoke(app, ["aliases", "match", "Bench Press", "--json", "--no-operator"])
    assert _lines(result.stdout)[0]["alias_key"] == "bench_press"


def test_seam_is_empty_without_database() -> None:
    assert aliases_cmd.load_operator_overrides(Settings(database_url=None)) == ({}, set())


def test_missing_catalogue_is_an_error() -> None:
    result = runner.invoke(app, ["aliases", "match", "x", "--catalogue", "/nonexistent/cat.json"])
    assert result.exit_code == ExitCode.INPUT


def test_help_mentions_stdin_and_json() -> None:
    result = runner.invoke(app, ["aliases", "match", "--help"])
    assert result.exit_code == 0
    assert "--json" in result.stdout
    assert "standard input" in result.stdout
