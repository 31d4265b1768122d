"""Size limits: no module over 400 lines; no function in `ingest/read` over 60 lines.

A function may go over the limit only when it is a table of rules and says so with a
`# shape: table of rules` comment on the line of its `def` (or the line above it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("ingest", "workers", "schema")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
FUNCTION_ROOMS = ("ingest/read",)
TABLE_MARK = "# shape: table of rules"


def _modules(rooms: tuple[str, ...]) -> list[Path]:
    return sorted(p for room in rooms for p in (ROOT / room).rglob("*.py"))


def _rel(path: Path) -> str:
    return (path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).as_posix()


def long_modules(paths: list[Path], limit: int = MAX_MODULE_LINES) -> list[str]:
    """`path: N lines` for each module longer than `limit` lines."""
    found = []
    for path in paths:
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{_rel(path)}: {count} lines")
    return found


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """`name (line L): N lines` for each function longer than `limit`, unless marked a table."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - first + 1
        marked = any(TABLE_MARK in lines[i - 1] for i in (first - 1, node.lineno) if i >= 1)
        if length > limit and not marked:
            found.append(f"{node.name} (line {node.lineno}): {length} lines")
    return found


def _function_report(paths: list[Path]) -> list[str]:
    return [
        f"{_rel(p)}: {hit}" for p in paths for hit in long_functions(p.read_text(encoding="utf-8"))
    ]


def test_modules_fit() -> None:
    assert long_modules(_modules(CHECKED)) == []


def test_reader_functions_fit() -> None:
    assert _function_report(_modules(FUNCTION_ROOMS)) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    long_body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"def long():\n{long_body}\n"
    assert long_functions(source) == [f"long (line 1): {MAX_FUNCTION_LINES + 1} lines"]
    assert long_functions(f"{TABLE_MARK}\n{source}") == []
    assert long_functions(source.replace("():", "():  " + TABLE_MARK)) == []
    module = tmp_path / "big.py"
    module.write_text("x = 1\n" * MAX_MODULE_LINES)
    assert long_modules([module]) == []
    module.write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    assert long_modules([module]) == [f"{module.as_posix()}: {MAX_MODULE_LINES + 1} lines"]
