"""A real `liftlens up` on embedded services, for the supervisor's fault tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import POLL_S, REPO, liftlens_cmd, seed_cluster
from workers.embedded import free_port


def up_env(data_dir: Path, inbox: Path, **extra: str) -> dict[str, str]:
    """Environment of an `up` with its own data directory and no configured services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFTLENS_")}
    env.update(
        LIFTLENS_DATA_DIR=str(data_dir),
        LIFTLENS_INBOX=str(inbox),
        LIFTLENS_API_PORT=str(free_port()),
        LIFTLENS_WATCH_STABLE_S="0.3",
        LIFTLENS_WATCH_RESCAN_S="2",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class UpStack:
    """A running `liftlens up` and where it keeps things."""

    proc: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]
    data_dir: Path
    inbox: Path

    def output(self) -> str:
        """What `up` printed so far."""
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout_s: float = 120, count: int = 1) -> None:
        """Wait until `text` appears `count` times in up's output (up must keep running)."""
        deadline = time.monotonic() + timeout_s
        while self.output().count(text) < count:
            assert self.proc.poll() is None, f"up exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output()}"
            time.sleep(POLL_S)

    def child_pid(self, name: str) -> int:
        """The pid of a supervised child, from the supervisor's state file."""
        state = json.loads((self.data_dir / "supervisor.json").read_text())
        [pid] = [c["pid"] for c in state["children"] if c["name"] == name]
        return int(pid)

    def database_url(self) -> str:
        """The embedded database's URL, from the services record."""
        return str(json.loads((self.data_dir / "services.json").read_text())["database_url"])

    def redis_url(self) -> str:
        """The embedded Redis's URL, from the services record."""
        return str(json.loads((self.data_dir / "services.json").read_text())["redis_url"])

    def cli(self, *args: str, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
        """Run another `liftlens` command against this stack."""
        return subprocess.run(
            liftlens_cmd(*args),
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )

    def stop(self, sig: int = signal.SIGINT, timeout_s: float = 90) -> int:
        """Signal up (Ctrl-C by default) and wait for it to exit."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig) if sig == signal.SIGINT else self.proc.send_signal(sig)
            self.proc.wait(timeout_s)
        return int(self.proc.returncode)


def start_up(
    data_dir: Path,
    inbox: Path,
    log: Path,
    *args: str,
    cluster: Path | None = None,
    **env_extra: str,
) -> UpStack:
    """Start `liftlens up ARGS` in its own process group (do not wait for it).

    With `cluster`, the embedded PostgreSQL starts from a copy of that initialised
    cluster instead of running initdb (for tests whose subject is not the first start).
    """
    env = up_env(data_dir, inbox, **env_extra)
    if cluster is not None:
        seed_cluster(cluster, data_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            liftlens_cmd("up", *args),
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return UpStack(proc, log, env, data_dir, inbox)


def wait_until(predicate: object, timeout_s: float, what: str) -> None:
    """Poll a zero-argument callable until it returns true."""
    assert callable(predicate)
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(POLL_S)
