"""The lazy root group: `liftlens --help` imports no command, yet lists them all as they are."""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ingest.cli import lazy
from ingest.cli.exit_codes import ExitCode
from ingest.cli.main import COMMANDS, app

pytestmark = pytest.mark.unit

CLI = Path(__file__).resolve().parents[2] / "ingest" / "cli"
# What a command may need but `liftlens --help` must not import.
HEAVY = ("celery", "psycopg", "fastapi", "rapidfuzz", "PIL", "pydantic_settings", "ingest.read")


def _first_paragraph(command: typer.core.TyperCommand | typer.core.TyperGroup) -> str:
    return " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())


def _load_all() -> dict[str, object]:
    return {name: lazy.load_command(name, entry) for name, entry in COMMANDS.items()}


def test_importing_the_cli_imports_no_command_dependency() -> None:
    code = "import sys, json, ingest.cli.main; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)], loaded


def test_every_registered_command_is_in_the_table_with_its_own_help() -> None:
    loaded = _load_all()
    for name, command in loaded.items():
        assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup), name
        assert _first_paragraph(command) == COMMANDS[name].help, name
    # Nothing a module registers is missing from the table.
    assert set(typer.main.get_group(lazy._HOME).commands) == set(COMMANDS)


def test_every_module_with_register_is_in_the_table() -> None:
    tabled = {m for entry in COMMANDS.values() for m in entry.modules}
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text())
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            assert f"ingest.cli.{path.stem}" in tabled, path.name


def test_help_lists_every_command_with_its_help() -> None:
    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    rows = [line.strip("│ ") for line in out.stdout.splitlines() if line.startswith("│ ")]
    listed = {row.split()[0]: " ".join(row.split()[1:]) for row in rows if not row.startswith("-")}
    assert listed == {name: entry.help for name, entry in COMMANDS.items()}


def test_an_unknown_command_is_a_usage_error() -> None:
    out = CliRunner().invoke(app, ["no-such-command"])
    assert out.exit_code == ExitCode.USAGE, out.output
    assert "No such command" in out.output


def test_a_group_loads_the_commands_another_module_adds_to_it() -> None:
    # `aliases load/map/...` come from bind_cmd, `aliases match` from aliases_cmd.
    out = CliRunner().invoke(app, ["aliases", "--help"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    for sub in ("match", "load", "map", "ignore", "unignore", "list"):
        assert f" {sub} " in out.stdout, sub


def test_api_refuses_a_public_host_without_a_token_before_loading_the_web_app() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from ingest.cli.main import app; "
        "r = CliRunner().invoke(app, ['api', '--host', '0.0.0.0']); "
        "print(r.exit_code, 'fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "LIFTLENS_API_TOKEN"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == [str(int(ExitCode.USAGE)), "False", "False"], out
