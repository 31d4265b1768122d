"""The supervising loop of `liftlens up`: restart what dies, with backoff, until a crash loop.

Each child is watched every half second. One that died is logged (name, exit
code), counted, and started again after a backoff that doubles with each recent
exit; five exits within a minute is a crash loop: the supervisor stops with a
message naming the child and the last lines of its log. The children's
records go to `<data_dir>/supervisor.json` for `liftlens status`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.cli.children import Runnable
from schema.errors import LiftlensError
from workers.service_state import LockTimeout
from workers.supervision import (
    ChildRecord,
    ChildState,
    backoff_s,
    clear_supervisor_state,
    describe_exit,
    is_crash_loop,
    write_supervisor_state,
)

TICK_S = 0.5
LOG_TAIL_LINES = 12


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last `lines` lines of a log file ('' when there is none)."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 16_000))
            text = fh.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Watched:
    """A child and its history as the supervisor tracks it."""

    child: Runnable
    state: ChildState = "running"
    exits: list[float] = field(default_factory=list)
    restarts: int = 0
    last_exit: int | None = None
    down_since: float | None = None
    start_at: float = 0.0

    def record(self) -> ChildRecord:
        """The JSON record for `liftlens status`."""
        running = self.state == "running"
        return ChildRecord(
            name=self.child.name,
            state=self.state,
            pid=self.child.pid() if running else None,
            restarts=self.restarts,
            last_exit=self.last_exit,
            down_since=self.down_since,
            log=str(self.child.log_path()),
        )


@dataclass
class Supervisor:
    """Restarts the children it is given; `crashed` names a crash-looping one."""

    data_dir: Path
    say: Callable[[str], None]
    watched: list[Watched] = field(default_factory=list)
    first_backoff_s: float = 0.5
    crashed: str | None = None
    started_at: float = field(default_factory=time.time)

    def add(self, child: Runnable) -> None:
        """Supervise a child that is already running."""
        self.watched.append(Watched(child))

    def run(self, stopping: threading.Event) -> None:
        """Watch until `stopping` is set or a child crash-loops."""
        while not stopping.is_set() and self.crashed is None:
            for w in self.watched:
                self._tick(w, time.monotonic())
                if self.crashed is not None:
                    break
            self.publish()
            stopping.wait(TICK_S)

    def publish(self) -> None:
        """Write the children's records for `liftlens status`."""
        write_supervisor_state(self.data_dir, [w.record() for w in self.watched], self.started_at)

    def close(self) -> None:
        """Forget the state file (the stack stopped)."""
        clear_supervisor_state(self.data_dir)

    def _tick(self, w: Watched, now: float) -> None:
        if w.state == "running" and not w.child.alive():
            self._died(w, now, w.child.exit_code())
        elif w.state == "restarting" and now >= w.start_at:
            self._restart(w, now)

    def _died(self, w: Watched, now: float, code: int | None) -> None:
        w.exits.append(now)
        w.last_exit = code
        if w.down_since is None:
            w.down_since = time.time()
        name = w.child.name
        if is_crash_loop(w.exits, now):
            w.state = "crash_loop"
            self.crashed = name
            tail = log_tail(w.child.log_path())
            self.say(
                f"[red]{name} crash-looped ({len(w.exits)} exits, the last {describe_exit(code)})"
                f"; stopping. Its last log lines ({w.child.log_path()}):[/red]\n{tail}"
            )
            return
        delay = backoff_s(w.exits, now, self.first_backoff_s)
        w.state = "restarting"
        w.start_at = now + delay
        self.say(
            f"[yellow]{name} died ({describe_exit(code)}); restarting in {delay:.1f} s[/yellow]"
        )

    def _restart(self, w: Watched, now: float) -> None:
        name = w.child.name
        try:
            w.child.start()
        except (LiftlensError, LockTimeout, OSError) as exc:
            self.say(f"[red]{name} did not start: {exc}[/red]")
            self._died(w, now, w.child.exit_code())
            return
        w.state = "running"
        w.restarts += 1
        w.down_since = None
        self.say(f"restarted {name} (pid {w.child.pid()}, restart {w.restarts})")
