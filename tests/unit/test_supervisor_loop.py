"""The supervising loop with stand-in children: restarts, counts, and the crash-loop stop."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ingest.cli.supervisor import Supervisor
from workers.supervision import read_supervisor_state


@dataclass
class FlakyChild:
    """Dies `deaths` times (exit 3) right after each start, then stays up."""

    name: str
    log: Path
    deaths: int
    starts: int = 0
    running: bool = True

    def start(self) -> None:
        self.starts += 1
        self.running = True

    def alive(self) -> bool:
        if self.running and self.deaths > 0:
            self.deaths -= 1
            self.running = False
            self.log.write_text(f"boom {self.starts}\nlast words\n")
        return self.running

    def exit_code(self) -> int | None:
        return None if self.running else 3

    def pid(self) -> int | None:
        return 4242 if self.running else None

    def log_path(self) -> Path:
        return self.log


def _run(supervisor: Supervisor, until: threading.Event, seconds: float) -> None:
    timer = threading.Timer(seconds, until.set)
    timer.start()
    supervisor.run(until)
    timer.cancel()


def test_a_child_that_dies_twice_is_restarted_and_counted(tmp_path: Path) -> None:
    said: list[str] = []
    sup = Supervisor(tmp_path, said.append, first_backoff_s=0.05)
    child = FlakyChild("worker-1", tmp_path / "w.log", deaths=2)
    sup.add(child)
    _run(sup, threading.Event(), 3.0)
    assert sup.crashed is None
    assert child.starts == 2
    state = read_supervisor_state(tmp_path)
    assert state is not None
    [record] = state.children
    assert (record.state, record.restarts, record.last_exit) == ("running", 2, 3)
    assert sum("worker-1 died (exit 3)" in line for line in said) == 2
    assert any("restarted worker-1" in line for line in said)


def test_five_exits_within_a_minute_stop_with_the_childs_last_log_lines(tmp_path: Path) -> None:
    said: list[str] = []
    sup = Supervisor(tmp_path, said.append, first_backoff_s=0.01)
    sup.add(FlakyChild("api", tmp_path / "api.log", deaths=99))
    _run(sup, threading.Event(), 10.0)
    assert sup.crashed == "api"
    [message] = [line for line in said if "crash-looped" in line]
    assert "api crash-looped (5 exits" in message and "last words" in message
