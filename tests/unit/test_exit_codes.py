"""Exit codes: every CLI failure goes through `ExitCode`, and the README table matches it."""

from __future__ import annotations

import ast
import re
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli.exit_codes import ExitCode, exit_code_for
from ingest.cli.main import app
from schema.errors import (
    BrokerUnavailable,
    ConfigError,
    DatabaseUnavailable,
    InputRejected,
    LiftlensError,
    MigrationError,
    NotFound,
    TesseractMissing,
    UnknownAliasKey,
)
from workers.runtime import _raise_on_sigterm

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "ingest" / "cli"
README_ROW = re.compile(r"^\| (\d+) \| `([A-Z_]+)` \| (.+) \|$")


def _is_typer_exit(call: ast.Call) -> bool:
    f = call.func
    return isinstance(f, ast.Attribute) and f.attr == "Exit" and ast.unparse(f.value) == "typer"


def bare_exits(source: str) -> list[str]:
    """`line: call` for each `typer.Exit(...)` whose argument is not `ExitCode.<MEMBER>` or
    `exit_code_for(...)`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _is_typer_exit(node)):
            continue
        args = [*node.args, *(k.value for k in node.keywords)]
        ok = len(args) == 1 and (
            (
                isinstance(args[0], ast.Attribute)
                and ast.unparse(args[0].value) == "ExitCode"
                and args[0].attr in ExitCode.__members__
            )
            or (isinstance(args[0], ast.Call) and ast.unparse(args[0].func) == "exit_code_for")
        )
        if not ok:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_every_typer_exit_in_the_cli_uses_the_enum() -> None:
    found = {p.name: hits for p in sorted(CLI.glob("*.py")) if (hits := bare_exits(p.read_text()))}
    assert found == {}
    assert sum(p.read_text().count("typer.Exit(") for p in CLI.glob("*.py")) > 10


def test_the_check_catches_a_bare_number() -> None:
    assert bare_exits("raise typer.Exit(2)") == ["1: typer.Exit(2)"]
    assert bare_exits("raise typer.Exit(code=ExitCode.NOPE)") != []
    assert bare_exits("raise typer.Exit()") != []  # the default 0 says nothing either
    assert bare_exits("raise typer.Exit(ExitCode.INPUT)\nraise typer.Exit(exit_code_for(e))") == []


def readme_table() -> list[tuple[int, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    return [
        (int(m[1]), m[2], m[3]) for line in section.splitlines() if (m := README_ROW.match(line))
    ]


def test_the_readme_table_matches_the_enum() -> None:
    assert readme_table() == [(c.value, c.name, c.meaning) for c in ExitCode]


def test_help_prints_the_table() -> None:
    # Rich wraps and pads to the terminal; compare with runs of whitespace as one space.
    out = " ".join(CliRunner().invoke(app, ["--help"]).stdout.split()) + " "
    assert "Exit codes:" in out
    for code in ExitCode:
        assert f" {code.value} {code.name} {code.meaning} " in out


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError("x"), ExitCode.USAGE),
        (DatabaseUnavailable("x"), ExitCode.SERVICES_DOWN),
        (BrokerUnavailable("x"), ExitCode.SERVICES_DOWN),
        (TesseractMissing("x"), ExitCode.SERVICES_DOWN),
        (InputRejected("x"), ExitCode.INPUT),
        (UnknownAliasKey("x"), ExitCode.INPUT),
        (NotFound("x"), ExitCode.NOT_FOUND),
        (MigrationError("x"), ExitCode.FAILED),
        (LiftlensError("x"), ExitCode.FAILED),
    ],
)
def test_errors_map_to_codes(error: LiftlensError, code: ExitCode) -> None:
    assert exit_code_for(error) is code


def test_sigterm_exits_with_the_documented_code() -> None:
    with pytest.raises(SystemExit) as stopped:
        _raise_on_sigterm(signal.SIGTERM, None)
    assert stopped.value.code == ExitCode.TERMINATED


def test_a_missing_catalogue_is_an_input_error() -> None:
    result = CliRunner().invoke(
        app, ["aliases", "match", "x", "--catalogue", "/nonexistent/catalogue.json"]
    )
    assert result.exit_code == ExitCode.INPUT
