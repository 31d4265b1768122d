"""A root command group that imports a command's module only when that command runs.

Every `liftlens` process used to import every command's dependencies (OCR and reader,
Celery, FastAPI, the matcher, ...) before doing anything: seconds per start, paid by every
worker and every short command. The group knows each command by name, the modules that
register it and its one-line help, so `liftlens --help` lists them all without importing
any, and `liftlens NAME` imports only what NAME needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a command comes from: the modules whose `register(app)` add it, and its help."""

    modules: tuple[str, ...]
    help: str


# Commands are registered once per process, on one app: a module may add to a group
# another module created (`bind_cmd` adds `aliases load/map/...`), and registering a
# module twice would add its commands twice.
_HOME = typer.Typer()
_REGISTERED: set[str] = set()


def load_command(name: str, entry: LazyCommand) -> Any:
    """Import and register `entry`'s modules (once per process); the command called `name`."""
    for module in entry.modules:
        if module not in _REGISTERED:
            importlib.import_module(module).register(_HOME)
            _REGISTERED.add(module)
    return typer.main.get_group(_HOME).commands.get(name)


class LazyGroup(TyperGroup):
    """A Typer group whose commands (`lazy`, in help order) are imported on first use."""

    lazy: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command name: those built already, then the lazy ones in table order."""
        return [*self.commands, *(name for name in self.lazy if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command to run; while the group's help is written, a stub with its help."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = self.lazy.get(cmd_name)
        if entry is None:
            return None
        if self._listing:
            return TyperCommand(name=cmd_name, help=entry.help)
        command = load_command(cmd_name, entry)
        if command is not None:
            self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The group's help, listing every command from the table (nothing imported)."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
