"""The record of running embedded services (`services.json`) and the lock around starting them.

Every `liftlens` command that needs PostgreSQL or Redis takes one lock (an
`flock` on `<data_dir>/services.lock`) while it looks for running services and,
if there are none, starts them and records them. So two commands started at the
same moment never both run `initdb` on one data directory: the second waits,
then finds what the first recorded.

Each service is recorded with its URL, its server pid and the pid of the
process that owns (and supervises) it. A record stays valid while either is
alive: a supervising `liftlens up` restarts a server that died, on the same port.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

ServiceName = Literal["postgres", "redis"]
URL_KEYS: dict[ServiceName, str] = {"postgres": "database_url", "redis": "redis_url"}
STATE_FILE = "services.json"
LOCK_FILE = "services.lock"


class LockTimeout(Exception):
    """Another process held the services lock for longer than we would wait."""


def pid_alive(pid: object) -> bool:
    """True when `pid` is an int naming a live (not zombie) process."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


@contextlib.contextmanager
def services_lock(data_dir: Path, timeout_s: float = 120.0) -> Iterator[None]:
    """Hold the data directory's services lock; LockTimeout after `timeout_s`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(data_dir / LOCK_FILE)) from exc
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def lock_is_held(data_dir: Path) -> bool:
    """True while some process holds the services lock (e.g. a starting `liftlens up`)."""
    path = data_dir / LOCK_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _load(data_dir: Path) -> dict[str, object]:
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return dict(state) if isinstance(state, dict) else {}


def _save(data_dir: Path, state: dict[str, object]) -> None:
    if not any(name in state for name in URL_KEYS.values()):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / STATE_FILE).unlink()
        return
    tmp = data_dir / f"{STATE_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(data_dir / STATE_FILE)


def valid_services(state: dict[str, object]) -> list[ServiceName]:
    """The recorded services whose server or owning supervisor is still alive."""
    found: list[ServiceName] = []
    for name, url_key in URL_KEYS.items():
        if url_key not in state:
            continue
        owner = state.get(f"{name}_owner", state.get("owner_pid"))
        if pid_alive(state.get(f"{name}_pid")) or pid_alive(owner):
            found.append(name)
    return found


def read_state(data_dir: Path) -> dict[str, object] | None:
    """What running `liftlens` processes recorded about their embedded services, if alive.

    Only the services still valid are kept (a configured URL needs no embedded
    server); None when there is none.
    """
    state = _load(data_dir)
    valid = valid_services(state)
    if not valid:
        return None
    for name in URL_KEYS:
        if name not in valid:
            for key in (URL_KEYS[name], f"{name}_pid", f"{name}_owner"):
                state.pop(key, None)
    return state


def record_service(data_dir: Path, name: ServiceName, url: str, pid: int) -> None:
    """Record a server this process started (or restarted) and owns."""
    state = read_state(data_dir) or {}
    state.setdefault("owner_pid", os.getpid())
    state.setdefault("started_at", time.time())
    state.update({URL_KEYS[name]: url, f"{name}_pid": pid, f"{name}_owner": os.getpid()})
    _save(data_dir, state)


def forget_service(data_dir: Path, name: ServiceName) -> None:
    """Drop a server this process stopped; the file goes when nothing is left."""
    state = _load(data_dir)
    if state.get(f"{name}_owner", state.get("owner_pid")) != os.getpid():
        return
    for key in (URL_KEYS[name], f"{name}_pid", f"{name}_owner"):
        state.pop(key, None)
    _save(data_dir, state)
