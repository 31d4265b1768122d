"""Tesseract kept warm: a child process per worker (and thread) that holds loaded engines.

A tesseract process spends most of a small read starting up: loading its models
and building tables (0.2-0.3 s of CPU for eng, 0.3-0.6 s for jpn or eng+jpn,
against ~0.1 s to read a whole screenshot), and a Japanese page takes about three
runs. `ingest.ocr.engine_server`, started on first use, keeps the engines loaded
and reads image files sent over a pipe, giving the CLI's TSV byte for byte
(`ingest.ocr.tess_capi`).

Faults stay in the child: past its deadline the child is killed (`OcrTimeout`,
retryable); a child that dies mid-read gives `OcrError`; either way the next read
starts a new child, and nothing of the worker is lost. When the library cannot be
loaded, `read_tsv` returns None and the caller runs the CLI, for the rest of the
process's life.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from ingest.ocr.engine_server import write_message
from schema.errors import OcrError, OcrTimeout

SERVER = (sys.executable, "-m", "ingest.ocr.engine_server")
# Starting the child (Python, ctypes, the library) takes ~0.1 s; loading a language
# is part of the first read's time.
_START_TIMEOUT_S = 30.0


class WarmEngine:
    """One engine child: start it, send it reads, kill it on a fault."""

    def __init__(self, argv: Sequence[str] = SERVER) -> None:
        self.argv = tuple(argv)
        self.owner = os.getpid()
        self.available = True
        self.version = ""
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    @property
    def pid(self) -> int | None:
        """The running child's process id, if any."""
        return self._proc.pid if self._proc and self._proc.poll() is None else None

    def tsv(
        self,
        data: bytes,
        languages: str,
        psm: int,
        timeout_s: float,
        variables: dict[str, str] | None = None,
    ) -> str | None:
        """The TSV for the image file `data` (read with tesseract `variables`, if any), or
        None when the library cannot be loaded."""
        deadline = time.monotonic() + timeout_s
        if self.pid is None and not self._start():
            return None
        assert self._proc is not None and self._proc.stdin is not None
        try:
            request: dict[str, Any] = {"languages": languages, "psm": psm}
            if variables:
                request["variables"] = variables
            write_message(self._proc.stdin, request, data)
        except OSError as exc:
            raise self._died("the tesseract engine process stopped taking requests") from exc
        header = self._read_line(deadline)
        if not header.get("ok"):
            raise OcrError("tesseract failed", detail=str(header.get("error", "")))
        return self._read(int(header.get("size", 0)), deadline).decode("utf-8", "replace")

    def close(self) -> None:
        """Stop the child: end of input lets it end its engines and exit."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def _start(self) -> bool:
        """Start the child and read its hello; False (and never again) without a library."""
        self._buffer = b""
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            self._proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            hello = self._read_line(time.monotonic() + _START_TIMEOUT_S)
        except (OSError, OcrError):
            hello = {"ok": False}
        if not hello.get("ok"):
            self._kill()
            self.available = False
            return False
        self.version = str(hello.get("version", ""))
        return True

    def _read_line(self, deadline: float) -> dict[str, Any]:
        while b"\n" not in self._buffer:
            self._fill(deadline)
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            header: dict[str, Any] = json.loads(line)
        except ValueError as exc:
            raise self._died("the tesseract engine process broke the protocol") from exc
        return header

    def _read(self, size: int, deadline: float) -> bytes:
        while len(self._buffer) < size:
            self._fill(deadline)
        body, self._buffer = self._buffer[:size], self._buffer[size:]
        return body

    def _fill(self, deadline: float) -> None:
        """Read what the child has written, waiting at most until `deadline`."""
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            self._kill()
            raise OcrTimeout("tesseract ran past its time limit; its engine process was killed")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise self._died("the tesseract engine process died")
        self._buffer += chunk

    def _died(self, message: str) -> OcrError:
        code = self._kill()
        if code is not None and code < 0:
            message += f" (signal {signal.Signals(-code).name})"
        elif code is not None:
            message += f" (exit {code})"
        return OcrError(message)

    def _kill(self) -> int | None:
        """Kill and reap the child; its exit code."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        return code


_local = threading.local()
_engines: list[WarmEngine] = []


def engine() -> WarmEngine:
    """This thread's engine child (one per thread, and a new one after a fork)."""
    mine: WarmEngine | None = getattr(_local, "engine", None)
    if mine is None or getattr(_local, "pid", None) != os.getpid():
        mine = WarmEngine(SERVER)
        _local.engine, _local.pid = mine, os.getpid()
        _engines.append(mine)
    return mine


def read_tsv(
    data: bytes,
    languages: str,
    psm: int,
    timeout_s: float,
    variables: dict[str, str] | None = None,
) -> str | None:
    """The CLI's TSV for the image file `data` (with `-c` `variables`), read by this
    thread's warm engine; None when the library cannot be loaded (the caller runs the CLI)."""
    mine = engine()
    if not mine.available:
        return None
    return mine.tsv(data, languages, psm, timeout_s, variables)


def _close_all() -> None:
    for mine in _engines:
        if mine.owner == os.getpid():  # a forked copy leaves its parent's child alone
            mine.close()


atexit.register(_close_all)
