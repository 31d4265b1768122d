"""Child `liftlens` processes (workers, beat, watcher, API) with prefixed output."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO


@dataclass
class Child:
    """A running child process whose output lines are prefixed with its name."""

    name: str
    popen: subprocess.Popen[bytes]
    reader: threading.Thread | None = field(default=None)

    def alive(self) -> bool:
        """True while the process runs."""
        return self.popen.poll() is None

    def terminate(self) -> None:
        """Ask for a graceful stop (Celery: warm shutdown)."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)

    def wait(self, timeout_s: float) -> None:
        """Wait for exit; kill the process group if it takes longer."""
        try:
            self.popen.wait(timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)
        if self.reader is not None:
            self.reader.join(5)


def _pump(stream: IO[bytes], prefix: str, write: Callable[[str], None]) -> None:
    for raw in iter(stream.readline, b""):
        write(f"{prefix} {raw.decode(errors='replace').rstrip()}")
    stream.close()


def start_child(
    name: str, args: list[str], env: dict[str, str], write: Callable[[str], None]
) -> Child:
    """Start `liftlens ARGS` in its own process group so Ctrl-C reaches only the parent,
    which then stops children in order."""
    popen = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", *args],
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert popen.stdout is not None
    reader = threading.Thread(target=_pump, args=(popen.stdout, f"[{name}]", write), daemon=True)
    reader.start()
    return Child(name, popen, reader)


def stop_all(children: list[Child], timeout_s: float = 30.0) -> None:
    """Terminate children (last started first) and wait for each."""
    for child in reversed(children):
        child.terminate()
    for child in reversed(children):
        child.wait(timeout_s)
