"""Private PostgreSQL and Redis servers started from the machine's own binaries.

Used when no LIFTLENS_DATABASE_URL / LIFTLENS_REDIS_URL is configured, and by
the test harness. Servers run as children in their own process group (so a
terminal's Ctrl-C reaches us, not them, and we stop them in order), keep their
data under the data directory (a second start reuses it), and are stopped
cleanly: PostgreSQL with a fast shutdown, Redis with SIGTERM.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from schema.errors import ServiceBinaryMissing, ServiceStartError

PG_PACKAGES = "postgresql"
REDIS_PACKAGES = "redis-server"
DB_NAME = "liftlens"
DB_USER = "liftlens"


def _find_binary(name: str, extra_globs: tuple[str, ...] = ()) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates: list[str] = []
    for pattern in extra_globs:
        candidates.extend(glob.glob(pattern))
    # Highest PostgreSQL major version first.
    candidates.sort(
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts], reverse=True
    )
    return candidates[0] if candidates else None


def postgres_bindir() -> Path:
    """The directory holding initdb and postgres; ServiceBinaryMissing names the package."""
    initdb = _find_binary("initdb", ("/usr/lib/postgresql/*/bin/initdb",))
    if initdb is None:
        raise ServiceBinaryMissing(
            "PostgreSQL server binaries (initdb, postgres) not found; "
            f"install them with: apt-get install {PG_PACKAGES}, "
            "or set LIFTLENS_DATABASE_URL to use an existing server"
        )
    bindir = Path(os.path.realpath(initdb)).parent
    if not (bindir / "postgres").exists():
        raise ServiceBinaryMissing(
            f"postgres not found beside {initdb}; apt-get install {PG_PACKAGES}"
        )
    return bindir


def redis_binary() -> str:
    """Path of redis-server; ServiceBinaryMissing names the package."""
    found = _find_binary("redis-server", ("/usr/bin/redis-server", "/usr/sbin/redis-server"))
    if found is None:
        raise ServiceBinaryMissing(
            "redis-server not found; install it with: apt-get install "
            f"{REDIS_PACKAGES}, or set LIFTLENS_REDIS_URL to use an existing server"
        )
    return found


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _service_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root; when we are root, run it as `postgres`/`nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServiceStartError(
        "running as root and no 'postgres' or 'nobody' user to run PostgreSQL as"
    )


def _chown_tree(path: Path, user: pwd.struct_passwd) -> None:
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chown(os.path.join(root, name), user.pw_uid, user.pw_gid, follow_symlinks=False)
    os.chown(path, user.pw_uid, user.pw_gid)


def _stop_process(proc: subprocess.Popen[bytes], sig: int, timeout_s: float) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _drop_stale_pid_file(datadir: Path) -> None:
    """Remove a postmaster.pid left by a server that was killed outright.

    PostgreSQL itself refuses to start while the pid in that file belongs to a
    live process, even an unrelated one that reused the pid; a file naming a
    live `postgres` is kept (that server still runs, and starting fails clearly).
    """
    pid_file = datadir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        cmdline = b""
    if b"postgres" not in cmdline:
        with contextlib.suppress(OSError):
            pid_file.unlink()


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server with its data in `datadir`, on loopback at `port`."""

    datadir: Path
    port: int = 0
    fast: bool = False
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Connection URL of the liftlens database."""
        return f"postgresql://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def alive(self) -> bool:
        """True while the server process this object started runs."""
        return self.proc is not None and self.proc.poll() is None

    def admin_url(self, dbname: str = "postgres") -> str:
        """Connection URL of another database on the same server."""
        return f"postgresql://{DB_USER}@127.0.0.1:{self.port}/{dbname}"

    def start(self, timeout_s: float = 60.0) -> None:
        """initdb on first use, start the server, wait until it answers, create the database."""
        bindir = postgres_bindir()
        user = _service_user()
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.datadir.chmod(0o700)
        if user is not None:
            # The service user must be able to reach the data directory.
            for parent in self.datadir.resolve().parents:
                if parent.stat().st_mode & 0o005 != 0o005:
                    parent.chmod(parent.stat().st_mode | 0o005)
            os.chown(self.datadir, user.pw_uid, user.pw_gid)
        if not (self.datadir / "PG_VERSION").exists():
            cmd = [
                str(bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                DB_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
            ]
            if self.fast:
                cmd.append("--no-sync")
            self._run(cmd, user, "initdb")
        if user is not None:
            _chown_tree(self.datadir, user)
        _drop_stale_pid_file(self.datadir)
        if not self.port:
            self.port = free_port()
        options = [
            "-c",
            "listen_addresses=127.0.0.1",
            "-p",
            str(self.port),
            "-k",
            str(self.datadir.resolve()),
            "-c",
            "max_connections=200",
        ]
        if self.fast:
            options += [
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]
        log = open(self.datadir / "server.log", "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(self.datadir.resolve()), *options],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
        )
        log.close()
        self._wait_ready(timeout_s)
        self._ensure_database()

    def _run(self, cmd: list[str], user: pwd.struct_passwd | None, what: str) -> None:
        res = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            check=False,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
        )
        if res.returncode != 0:
            raise ServiceStartError(f"{what} failed", detail=(res.stderr or res.stdout).strip())

    def _wait_ready(self, timeout_s: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise ServiceStartError(
                    "PostgreSQL exited during start-up", detail=self._log_tail()
                )
            try:
                psycopg.connect(self.admin_url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError as exc:
                last = str(exc)
                time.sleep(0.1)
        self.stop()
        raise ServiceStartError("PostgreSQL did not answer in time", detail=last)

    def _ensure_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,))
            if exists.fetchone() is None:
                conn.execute(f"CREATE DATABASE {DB_NAME}")

    def _log_tail(self) -> str:
        log = self.datadir / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def stop(self, timeout_s: float = 30.0) -> None:
        """Fast shutdown (SIGINT): roll back open transactions, checkpoint, exit."""
        if self.proc is not None:
            _stop_process(self.proc, signal.SIGINT, timeout_s)
            self.proc = None


@dataclass
class EmbeddedRedis:
    """A redis-server with an append-only file in `datadir` (queued tasks survive a restart)."""

    datadir: Path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    def alive(self) -> bool:
        """True while the server process this object started runs."""
        return self.proc is not None and self.proc.poll() is None

    @property
    def url(self) -> str:
        """Connection URL, database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 30.0) -> None:
        """Start the server and wait until it answers PING."""
        binary = redis_binary()
        self.datadir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()
        log = open(self.datadir / "server.log", "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.datadir.resolve()),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServiceStartError(
                    "redis-server exited during start-up",
                    detail=(self.datadir / "server.log").read_text()[-2000:],
                )
            if _port_answers(self.port) and self._ping():
                return
            time.sleep(0.05)
        self.stop()
        raise ServiceStartError("redis-server did not answer in time")

    def _ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self, timeout_s: float = 15.0) -> None:
        """SIGTERM: redis flushes its append-only file and exits."""
        if self.proc is not None:
            _stop_process(self.proc, signal.SIGTERM, timeout_s)
            self.proc = None
