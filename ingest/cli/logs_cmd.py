"""`liftlens logs [CHILD] [-f]`: the log files of the children of `liftlens up`."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode

TAIL_LINES = 40


def log_files(data_dir: Path) -> dict[str, Path]:
    """Child name -> log file, for every log that exists under the data directory."""
    found = {p.stem: p for p in sorted((data_dir / "logs").glob("*.log"))}
    for service in ("postgres", "redis"):
        server_log = data_dir / service / "server.log"
        if server_log.exists():
            found[service] = server_log
    return found


def _tail(path: Path, lines: int) -> list[str]:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 200 * lines))
        return fh.read().decode(errors="replace").splitlines()[-lines:]


def _follow(files: dict[str, Path], prefix: bool) -> None:
    offsets = {name: path.stat().st_size for name, path in files.items()}
    while True:
        for name, path in files.items():
            try:
                size = path.stat().st_size
            except OSError:
                continue
            if size < offsets[name]:
                offsets[name] = 0  # rotated or truncated
            if size > offsets[name]:
                with path.open("rb") as fh:
                    fh.seek(offsets[name])
                    chunk = fh.read(size - offsets[name])
                offsets[name] = size
                for line in chunk.decode(errors="replace").splitlines():
                    typer.echo(f"[{name}] {line}" if prefix else line)
        time.sleep(0.5)


def logs(
    ctx: typer.Context,
    child: str = typer.Argument(None, help="worker-1, beat, watch, api, postgres, redis."),
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new lines."),
    lines: int = typer.Option(TAIL_LINES, "--lines", "-n", help="Lines to show from each log."),
) -> None:
    """Show the logs of `liftlens up`'s children (all of them when CHILD is omitted)."""
    data_dir = settings_from(ctx).data_dir.resolve()
    files = log_files(data_dir)
    if child is not None:
        if child not in files:
            known = ", ".join(files) or "none yet"
            console.print(f"[red]error:[/red] no log for {child!r} in {data_dir} (known: {known})")
            raise typer.Exit(ExitCode.INPUT)
        files = {child: files[child]}
    if not files:
        console.print(f"no logs in {data_dir / 'logs'} yet; `liftlens up` writes them")
        return
    prefix = len(files) > 1
    for name, path in files.items():
        for line in _tail(path, lines):
            typer.echo(f"[{name}] {line}" if prefix else line)
    if follow:
        try:
            _follow(files, prefix)
        except KeyboardInterrupt:
            return
