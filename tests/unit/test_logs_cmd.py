"""`liftlens logs`: the children's log files under the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli.exit_codes import ExitCode
from ingest.cli.main import app

pytestmark = pytest.mark.unit


def _data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "logs" / "worker-1.log").write_text("one\ntwo\nthree\n")
    (data / "logs" / "beat.log").write_text("tick\n")
    (data / "redis").mkdir()
    (data / "redis" / "server.log").write_text("Ready to accept connections\n")
    return data


def test_one_child_shows_its_last_lines(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    result = CliRunner().invoke(
        app, ["logs", "worker-1", "-n", "2"], env={"LIFTLENS_DATA_DIR": str(data)}
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["two", "three"]


def test_all_children_are_prefixed_and_servers_included(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    result = CliRunner().invoke(app, ["logs"], env={"LIFTLENS_DATA_DIR": str(data)})
    assert result.exit_code == 0, result.output
    assert "[beat] tick" in result.stdout
    assert "[redis] Ready to accept connections" in result.stdout
    assert "[worker-1] three" in result.stdout


def test_an_unknown_child_names_the_known_ones(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    result = CliRunner().invoke(app, ["logs", "nope"], env={"LIFTLENS_DATA_DIR": str(data)})
    assert result.exit_code == ExitCode.INPUT
    assert "worker-1" in result.output
