"""The `liftlens` exit codes: one enum, its `--help` epilog, and the mapping from errors.

Every CLI failure exits through `ExitCode`; `tests/unit/test_exit_codes.py` checks that no
command passes a bare number to `typer.Exit` and that the README table matches this enum.
"""

from __future__ import annotations

from enum import IntEnum

import typer
from rich.console import Console

from schema.errors import (
    BrokerUnavailable,
    ConfigError,
    DatabaseUnavailable,
    InputRejected,
    LiftlensError,
    NotFound,
    OcrError,
    ParseError,
    ServiceBinaryMissing,
    ServiceStartError,
    TesseractMissing,
    UnknownAliasKey,
)


class ExitCode(IntEnum):
    """What a `liftlens` exit status means. 2 is also Click's own code for a bad command line."""

    OK = 0
    PARTIAL = 1
    USAGE = 2
    SERVICES_DOWN = 3
    INPUT = 4
    NOT_FOUND = 5
    FAILED = 6
    TERMINATED = 143

    @property
    def meaning(self) -> str:
        """One line for the table in the README and in `liftlens --help`."""
        return _MEANINGS[self]


_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.PARTIAL: "some inputs failed (unreadable, rejected or unfinished); the rest was done",
    ExitCode.USAGE: "bad arguments or options, or LIFTLENS_* settings that forbid the command",
    ExitCode.SERVICES_DOWN: "PostgreSQL, Redis or Tesseract not running, not reachable or missing",
    ExitCode.INPUT: "a given file, folder, catalogue, name or key cannot be used",
    ExitCode.NOT_FOUND: "no row with the id asked for",
    ExitCode.FAILED: "an operation broke off (a migration, a pipeline process, a service stop)",
    ExitCode.TERMINATED: "stopped by SIGTERM; embedded services were shut down first",
}

# Most specific first: the first class that matches decides.
_ERROR_CODES: tuple[tuple[type[LiftlensError], ExitCode], ...] = (
    (ConfigError, ExitCode.USAGE),
    (DatabaseUnavailable, ExitCode.SERVICES_DOWN),
    (BrokerUnavailable, ExitCode.SERVICES_DOWN),
    (ServiceStartError, ExitCode.SERVICES_DOWN),
    (ServiceBinaryMissing, ExitCode.SERVICES_DOWN),
    (TesseractMissing, ExitCode.SERVICES_DOWN),
    (NotFound, ExitCode.NOT_FOUND),
    (InputRejected, ExitCode.INPUT),
    (UnknownAliasKey, ExitCode.INPUT),
    (ParseError, ExitCode.INPUT),
    (OcrError, ExitCode.INPUT),
)


def exit_code_for(exc: LiftlensError) -> ExitCode:
    """The exit code of a command that stopped on `exc`."""
    for kind, code in _ERROR_CODES:
        if isinstance(exc, kind):
            return code
    return ExitCode.FAILED


def fail(console: Console, exc: LiftlensError) -> typer.Exit:
    """Print `exc` as an error line and return the `typer.Exit` to raise for it."""
    console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(exit_code_for(exc))


def exit_code_epilog() -> str:
    """The exit codes as plain lines, for the epilog of `liftlens --help`."""
    # Rich markup mode collapses single newlines, so each row is its own paragraph.
    rows = "\n\n".join(f"{c.value:>3}  {c.name:<13}  {c.meaning}" for c in ExitCode)
    return f"Exit codes:\n\n{rows}"
