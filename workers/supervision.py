"""What `liftlens up` knows about its children: restart policy and the state file.

The policy is pure: given the times a child exited, how long to wait before
starting it again (exponential backoff), and whether it is crash-looping
(CRASH_LOOP_EXITS exits within CRASH_LOOP_WINDOW_S). The supervisor writes
each child's record to `<data_dir>/supervisor.json` so `liftlens status` can
say what runs, what is down and since when, restarts and last exit codes.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from workers.service_state import pid_alive

CRASH_LOOP_EXITS = 5
CRASH_LOOP_WINDOW_S = 60.0
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 10.0
STATE_FILE = "supervisor.json"

ChildState = Literal["starting", "running", "restarting", "crash_loop", "stopped"]


def recent_exits(exits: list[float], now: float, window_s: float = CRASH_LOOP_WINDOW_S) -> int:
    """How many of the exit times fall within the last `window_s` seconds."""
    return sum(1 for t in exits if now - t <= window_s)


def is_crash_loop(exits: list[float], now: float) -> bool:
    """True when the child exited CRASH_LOOP_EXITS times within CRASH_LOOP_WINDOW_S."""
    return recent_exits(exits, now) >= CRASH_LOOP_EXITS


def backoff_s(exits: list[float], now: float, first_s: float = BACKOFF_FIRST_S) -> float:
    """Delay before the next start: `first_s`, doubling with each recent exit, capped."""
    n = max(0, recent_exits(exits, now) - 1)
    return float(min(max(BACKOFF_MAX_S, first_s), first_s * (2**n)))


def describe_exit(code: int | None) -> str:
    """`exit 1`, or `killed by SIGKILL` for a negative (signal) return code."""
    if code is None:
        return "exit unknown"
    if code < 0:
        import signal

        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit {code}"


class ChildRecord(BaseModel):
    """One supervised child as `liftlens status` shows it."""

    name: str
    state: ChildState
    pid: int | None = None
    restarts: int = 0
    last_exit: int | None = None
    down_since: float | None = None
    log: str = ""


class SupervisorState(BaseModel):
    """The whole record: the supervising process and its children."""

    pid: int
    started_at: float
    children: list[ChildRecord]


def write_supervisor_state(data_dir: Path, children: list[ChildRecord], started_at: float) -> None:
    """Replace the state file atomically."""
    state = SupervisorState(pid=os.getpid(), started_at=started_at, children=children)
    tmp = data_dir / f"{STATE_FILE}.tmp"
    tmp.write_text(state.model_dump_json(indent=2))
    tmp.replace(data_dir / STATE_FILE)


def clear_supervisor_state(data_dir: Path) -> None:
    """Remove the state file (the supervisor stopped)."""
    (data_dir / STATE_FILE).unlink(missing_ok=True)


def read_supervisor_state(data_dir: Path) -> SupervisorState | None:
    """The running supervisor's record; None when none runs."""
    try:
        state = SupervisorState.model_validate(json.loads((data_dir / STATE_FILE).read_text()))
    except (OSError, ValueError, ValidationError):
        return None
    return state if pid_alive(state.pid) else None


def down_line(child: ChildRecord, now: float | None = None) -> str:
    """One line saying that a child is down, since when, and what happens about it."""
    now = time.time() if now is None else now
    since = now if child.down_since is None else child.down_since
    clock = time.strftime("%H:%M:%S", time.localtime(since))
    what = "is restarting it" if child.state == "restarting" else "gave up on it (crash loop)"
    return (
        f"{child.name} is down since {clock} ({now - since:.0f} s, {describe_exit(child.last_exit)}"
        f", {child.restarts} restart(s)); liftlens up {what}"
    )
