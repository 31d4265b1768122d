"""What `liftlens up` supervises: child `liftlens` processes and the embedded servers.

Both kinds look the same to the supervisor (`Runnable`): start, alive, exit
code, stop, a log file. A child process's output goes to its log file under
`<data_dir>/logs/`; with `--verbose` it is also shown, prefixed with its name,
and its ERROR lines are always shown (at most one per child every few seconds).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from workers.embedded import EmbeddedPostgres, EmbeddedRedis
from workers.service_state import ServiceName, record_service

ERROR_MARKERS = (" ERROR", " CRITICAL", "ERROR/", "CRITICAL/", "Traceback")
# The watcher is quiet; its warnings (a rejected file, a symlink left alone) are news.
WARNING_MARKERS = (*ERROR_MARKERS, " WARNING")
ERROR_ECHO_EVERY_S = 10.0


class Runnable(Protocol):
    """Anything the supervisor can start and watch (stopping is the stack's, in order)."""

    name: str

    def start(self) -> None:
        """Start (again)."""

    def alive(self) -> bool:
        """True while it runs."""

    def exit_code(self) -> int | None:
        """The last exit code (negative: killed by that signal)."""

    def pid(self) -> int | None:
        """The process id, while running."""

    def log_path(self) -> Path:
        """Where its output goes."""


def _pump(
    stream: IO[bytes],
    log: Path | None,
    prefix: str,
    write: Callable[[str], None],
    markers: tuple[str, ...] | None,
) -> None:
    """Copy lines to the log file; hand to `write` those with a marker (all when None)."""
    last_echo = 0.0
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("ab")) if log is not None else None
        for raw in iter(stream.readline, b""):
            if out is not None:
                out.write(raw)
                out.flush()
            line = raw.decode(errors="replace").rstrip()
            if markers is None:
                write(f"{prefix} {line}")
            elif any(m in line for m in markers):
                now = time.monotonic()
                # Workers repeat their errors while a service is down: one line in a while.
                if markers is WARNING_MARKERS or now - last_echo >= ERROR_ECHO_EVERY_S:
                    last_echo = now
                    write(f"{prefix} {line}")
    stream.close()


@dataclass
class ProcessChild:
    """`liftlens ARGS` in its own process group (Ctrl-C reaches only the supervisor)."""

    name: str
    args: list[str]
    env: dict[str, str]
    logs_dir: Path | None
    write: Callable[[str], None]
    verbose: bool = False
    popen: subprocess.Popen[bytes] | None = None
    reader: threading.Thread | None = field(default=None)

    def start(self) -> None:
        """Start the process; its output is pumped to its log file."""
        if self.logs_dir is not None:
            self.logs_dir.mkdir(parents=True, exist_ok=True)
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "ingest.cli", *self.args],
            env={**self.env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.popen.stdout is not None
        self.reader = threading.Thread(
            target=_pump,
            args=(
                self.popen.stdout,
                self.logs_dir and self.log_path(),
                f"[{self.name}]",
                self.write,
                None if self.verbose else self._markers(),
            ),
            daemon=True,
        )
        self.reader.start()

    def _markers(self) -> tuple[str, ...]:
        return WARNING_MARKERS if self.args[:1] == ["watch"] else ERROR_MARKERS

    def alive(self) -> bool:
        """True while the process runs."""
        return self.popen is not None and self.popen.poll() is None

    def exit_code(self) -> int | None:
        """The return code once it exited."""
        return None if self.popen is None else self.popen.poll()

    def pid(self) -> int | None:
        """The process id."""
        return None if self.popen is None else self.popen.pid

    def log_path(self) -> Path:
        """`<data_dir>/logs/<name>.log` (a name only when the output is not kept)."""
        return (self.logs_dir or Path()) / f"{self.name}.log"

    def terminate(self) -> None:
        """Ask for a graceful stop (Celery: warm shutdown)."""
        if self.popen is not None and self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)

    def stop(self, timeout_s: float) -> None:
        """Wait for exit after `terminate`; kill the process group if it takes longer."""
        if self.popen is None:
            return
        self.terminate()
        try:
            self.popen.wait(timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)
        if self.reader is not None:
            self.reader.join(5)


@dataclass
class ServiceChild:
    """An embedded PostgreSQL or Redis the supervisor owns; restarted on the same port."""

    name: ServiceName
    server: EmbeddedPostgres | EmbeddedRedis
    data_dir: Path

    def start(self) -> None:
        """Start the server again (crash recovery is the server's own) and record its pid."""
        # No services lock here: the record names this process as the owner, so no
        # other command starts a server of its own meanwhile, and readers need not wait.
        self.server.start()
        assert self.server.proc is not None
        record_service(self.data_dir, self.name, self.server.url, self.server.proc.pid)

    def alive(self) -> bool:
        """True while the server process runs."""
        return self.server.alive()

    def exit_code(self) -> int | None:
        """The server's return code once it exited."""
        proc = self.server.proc
        return None if proc is None else proc.poll()

    def pid(self) -> int | None:
        """The server's process id."""
        proc = self.server.proc
        return None if proc is None else proc.pid

    def log_path(self) -> Path:
        """The server's own log file in its data directory."""
        return self.server.datadir / "server.log"


def start_child(
    name: str, args: list[str], env: dict[str, str], write: Callable[[str], None]
) -> ProcessChild:
    """Start `liftlens ARGS` with every output line, prefixed, handed to `write`; no log file."""
    child = ProcessChild(name, args, env, None, write, verbose=True)
    child.start()
    return child


def stop_all(children: list[ProcessChild], timeout_s: float = 30.0) -> None:
    """Terminate children (last started first) and wait for each."""
    for child in reversed(children):
        child.terminate()
    for child in reversed(children):
        child.stop(timeout_s)


Child = ProcessChild
