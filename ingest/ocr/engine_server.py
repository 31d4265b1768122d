"""The child process that keeps Tesseract engines loaded: `python -m ingest.ocr.engine_server`.

Protocol on its stdin/stdout (`ingest.ocr.warm_engine` is the other end): first the
child writes a hello, a JSON line `{"ok": true, "version": "5.3.0"}`, or
`{"ok": false, "error": ...}` when the library cannot be loaded (then it exits).
Then, per request, the parent writes a JSON line `{"languages": "eng", "psm": 6,
"size": N}` (and optionally `"variables": {"thresholding_method": "2"}`) and N
bytes of an image file; the child answers a JSON line `{"ok": true, "size": M}` and
M bytes of UTF-8 TSV, or `{"ok": false, "error": ...}`. End of input ends the child.
The library's own messages go to stderr, never into the protocol's stream.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import IO, Any, BinaryIO

_PR_SET_PDEATHSIG = 1
# (image file bytes, languages, psm, tesseract variables for this read) -> TSV text
Handler = Callable[[bytes, str, int, dict[str, str]], str]


def write_message(out: IO[bytes], header: dict[str, Any], body: bytes = b"") -> None:
    """One message: a JSON line, then `body` (its length is the header's `size`)."""
    if body:
        header = {**header, "size": len(body)}
    out.write(json.dumps(header).encode() + b"\n" + body)
    out.flush()


def read_request(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """The next request (its header and body), or None at end of input."""
    line = stream.readline()
    if not line:
        return None
    header: dict[str, Any] = json.loads(line)
    body = stream.read(int(header.get("size", 0)))
    return header, body


def serve(handler: Handler, version: str, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer requests with `handler` until end of input; a refused request is answered
    with its error and the loop goes on."""
    write_message(stdout, {"ok": True, "version": version})
    while (request := read_request(stdin)) is not None:
        header, body = request
        try:
            variables = {str(k): str(v) for k, v in header.get("variables", {}).items()}
            tsv = handler(body, str(header["languages"]), int(header["psm"]), variables)
        except Exception as exc:  # any refusal goes back to the caller as data
            write_message(stdout, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            continue
        write_message(stdout, {"ok": True}, tsv.encode())


def _protocol_streams() -> tuple[BinaryIO, BinaryIO]:
    """stdin, and a private copy of stdout; fd 1 itself then points at stderr, so
    nothing the library prints can corrupt the protocol."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return sys.stdin.buffer, out


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a worker killed at its hard
    time limit mid-read): end of input would come only after the read, if ever."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def main() -> None:
    """Load the library and serve; report a library that cannot be loaded, and exit."""
    from ingest.ocr.tess_capi import Engines, LibraryMissing

    _die_with_parent()
    stdin, stdout = _protocol_streams()
    try:
        engines = Engines()
    except (LibraryMissing, AttributeError) as exc:
        write_message(stdout, {"ok": False, "error": str(exc)})
        return
    try:
        serve(engines.tsv, engines.version, stdin, stdout)
    finally:
        engines.close()


if __name__ == "__main__":
    main()
