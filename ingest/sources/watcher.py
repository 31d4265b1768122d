"""The watched folder: files dropped into a folder become uploads, then move out of the way.

Design, in short:

* watchdog (inotify, or a `PollingObserver` for network shares where inotify
  sees nothing) only *nominates* paths; a full scan at start and a periodic
  rescan nominate everything again, because events can be lost (queue
  overflow, a share that does not report, files copied while we were down).
* A nominated file is handed to `submit()` once its size and mtime have not
  changed for `stable_s` seconds (`watch_rules.observe`).
* Nothing is moved or deleted before `submit()` returned, i.e. before the bytes
  are committed in PostgreSQL. With PostgreSQL or Redis down the file stays
  where it is, one warning is logged per attempt, and attempts back off up to
  the rescan period.
* One watcher per folder: moves are not coordinated between processes. Two
  watchers on one folder would not lose data (the sha256 dedupe makes the
  second submit a duplicate) but could race on the move.

All decisions live in `ingest.sources.watch_rules`; this module is the I/O around them.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ingest.sources import watch_rules as rules
from ingest.sources.watch_door import Handled
from schema.errors import BrokerUnavailable, DatabaseUnavailable

log = logging.getLogger("liftlens.watch")

Door = Callable[[bytes, str], Handled]


class _Nominate(FileSystemEventHandler):
    """Forwards every path watchdog reports to the watcher's queue; decides nothing."""

    def __init__(self, inbox: queue.SimpleQueue[str], wake: threading.Event) -> None:
        self._inbox = inbox
        self._wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("deleted", "opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self._inbox.put(os.fsdecode(raw))
        self._wake.set()


class FolderWatcher:
    """Hands stable files under `root` to `door` and moves them to `.processed` / `.failed`."""

    def __init__(
        self,
        root: Path,
        door: Door,
        *,
        stable_s: float,
        rescan_s: float,
        max_bytes: int,
        polling: bool = False,
        delete_processed: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root.absolute()
        self._door = door
        self._stable_s = stable_s
        self._rescan_s = rescan_s
        self._max_bytes = max_bytes
        self._polling = polling
        self._delete_processed = delete_processed
        self._clock = clock
        self._events: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._pending: dict[PurePath, rules.Observation | None] = {}
        self._failures = 0
        self._retry_at = 0.0
        self._observer: BaseObserver | None = None
        self._reported_links: set[tuple[PurePath, PurePath]] = set()
        # Ticks often enough to notice stability soon after `stable_s`, never a busy loop.
        self._tick_s = min(0.5, max(0.05, stable_s / 4))

    # ---- the loop -------------------------------------------------------------------

    def run(self) -> None:
        """Watch until `stop()` is called: scan, then react to events and rescan periodically."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._start_observer()
        mode = "polling" if self._polling else "inotify"
        log.info(
            "watching %s (%s, stable after %ss, rescan every %ss)",
            self.root,
            mode,
            self._stable_s,
            self._rescan_s,
        )
        next_rescan = 0.0
        try:
            while not self._stopping.is_set():
                now = self._clock()
                if now >= next_rescan:
                    self.scan()
                    next_rescan = now + self._rescan_s
                self.step(now)
                wait = self._tick_s if self._pending else next_rescan - self._clock()
                self._wake.wait(max(0.0, min(wait, 1.0)))
                self._wake.clear()
        finally:
            self._stop_observer()
            log.info("stopped watching %s", self.root)

    def run_once(self, timeout_s: float = 600.0) -> bool:
        """Scan once and hand on every file found; False if a service was down or time ran out."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.scan()
        deadline = self._clock() + timeout_s
        while self._pending and not self._stopping.is_set():
            self.step(self._clock())
            if self._failures:
                return False
            if self._clock() > deadline:
                return False
            if self._pending:
                self._wake.wait(self._tick_s)
        return not self._pending

    def stop(self) -> None:
        """Ask `run()` / `run_once()` to return (safe from a signal handler)."""
        self._stopping.set()
        self._wake.set()

    def scan(self) -> None:
        """Nominate every file under the folder (the start-up scan and the backstop rescan)."""
        self._nominate_tree(self.root)

    def step(self, now: float) -> int:
        """Take in events, look at every pending file, hand on the stable ones; returns how many."""
        self._drain_events()
        handed = 0
        for rel in list(self._pending):
            if now < self._retry_at:
                break
            handled = self._look_at(rel, now)
            if handled is None:
                continue
            handed += handled
            if self._failures:
                break  # a service is down: leave the rest for after the back-off
        return handed

    # ---- nominating -----------------------------------------------------------------

    def _drain_events(self) -> None:
        while True:
            try:
                raw = self._events.get_nowait()
            except queue.Empty:
                return
            path = Path(raw)
            if path.is_dir() and not path.is_symlink():
                self._nominate_tree(path)
            else:
                self._nominate(path)

    def _nominate_tree(self, top: Path) -> None:
        # Symlinked folders are not followed: no loops, and no reading outside the folder.
        for dirpath, dirnames, filenames in os.walk(top):
            base = Path(dirpath)
            dirnames[:] = [
                d
                for d in dirnames
                if rules.ignore_reason(self._rel(base / d) or PurePath()) is None
            ]
            for name in filenames:
                self._nominate(base / name)

    def _nominate(self, path: Path) -> None:
        rel = self._rel(path)
        if rel is None or rel in self._pending:
            return
        if rules.ignore_reason(rel) is None:
            self._pending[rel] = None

    def _rel(self, path: Path) -> PurePath | None:
        try:
            return PurePath(path.absolute().relative_to(self.root))
        except ValueError:
            return None

    # ---- handing on -----------------------------------------------------------------

    def _look_at(self, rel: PurePath, now: float) -> int | None:
        """Stat a pending file; hand it on when stable. None = not yet, 0/1 = done with it."""
        path = self.root / rel
        stat = self._stat(path)
        if stat is None:
            self._pending.pop(rel, None)
            return 0
        observation, stable = rules.observe(self._pending.get(rel), stat, now, self._stable_s)
        self._pending[rel] = observation
        if not stable:
            return None
        return self._hand_on(rel, path, stat)

    def _stat(self, path: Path) -> rules.FileStat | None:
        """Size and mtime of a regular file we may read; None for gone, odd or outside files."""
        try:
            if path.is_symlink() and not rules.is_inside(path.resolve(), self.root.resolve()):
                self._report_outside_link(path)
                return None
            st = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        return rules.FileStat(st.st_size, st.st_mtime_ns)

    def _report_outside_link(self, path: Path) -> None:
        """Say once per link and target that a symlink leading outside is left alone."""
        key = (PurePath(path), PurePath(os.readlink(path)))
        if key not in self._reported_links:
            self._reported_links.add(key)
            log.warning(
                "left alone %s: a symlink to %s, outside the watched folder; it is never read",
                self._show(path),
                key[1],
            )

    def _read(self, path: Path) -> bytes:
        """The file's bytes, at most one past the limit; never through a link leading outside.

        The target is resolved and checked again here, and opened with O_NOFOLLOW,
        so a file swapped for a symlink after it was looked at is not followed.
        """
        target = path.resolve()
        if not rules.is_inside(target, self.root.resolve()):
            raise OSError(f"{path.name} now leads outside the watched folder")
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            # Never more than one byte past the limit in memory: that is enough to refuse it.
            return fh.read(self._max_bytes + 1)

    def _hand_on(self, rel: PurePath, path: Path, stat: rules.FileStat) -> int:
        try:
            data = self._read(path)
        except OSError as exc:
            log.warning("cannot read %s (%s); will try again at the next rescan", rel, exc)
            self._pending.pop(rel, None)
            return 0
        if self._stat(path) != stat:
            self._pending[rel] = None  # written to while we read: wait for it to settle again
            return 0
        try:
            handled = self._door(data, rel.name)
        except (DatabaseUnavailable, BrokerUnavailable) as exc:
            self._service_down(rel, exc)
            return 0
        except Exception:
            # A bug or an unexpected database error must not stop the watcher; the file
            # stays and is tried again at the next rescan.
            log.exception("unexpected error handing on %s; it stays in the inbox", rel)
            self._pending.pop(rel, None)
            return 0
        self._service_up()
        if self._stat(path) != stat:
            # Changed after its bytes were read: those bytes are stored, the new ones are not yet.
            log.warning("%s changed while it was being stored; it will be taken again", rel)
            self._pending[rel] = None
            return 0
        self._pending.pop(rel, None)
        self._settle(rel, path, stat, handled)
        return 1

    def _settle(self, rel: PurePath, path: Path, stat: rules.FileStat, handled: Handled) -> None:
        """Move (or delete) a file whose bytes are committed, and log the one line about it."""
        try:
            if handled.kind == "rejected":
                reason = handled.reason or "rejected"
                if stat.size > self._max_bytes:
                    reason = f"file too large: {stat.size} bytes, the limit is {self._max_bytes}"
                dest = self._move(path, rules.failed_destination(self.root, rel, _exists))
                record = rules.error_record(rel, reason, handled.upload_id, datetime.now(UTC))
                Path(rules.error_file_for(dest)).write_text(json.dumps(record, indent=2) + "\n")
                log.warning(
                    "rejected %s as upload %s: %s -> %s",
                    rel,
                    handled.upload_id,
                    reason,
                    self._show(dest),
                )
                return
            what = "stored" if handled.kind == "stored" else "duplicate of"
            if self._delete_processed:
                path.unlink()
                where = "deleted"
            else:
                dest = self._move(path, rules.processed_destination(self.root, rel, _exists))
                where = f"-> {self._show(dest)}"
            log.info("%s %s upload %s (%s) %s", rel, what, handled.upload_id, handled.status, where)
        except OSError as exc:
            # The bytes are safe in the database; a later rescan finds a duplicate and retries.
            log.error("upload %s: cannot move %s out of the inbox: %s", handled.upload_id, rel, exc)

    def _move(self, path: Path, dest: PurePath) -> Path:
        target = Path(dest)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, target)
        return target

    def _show(self, path: PurePath) -> str:
        return PurePath(path).relative_to(self.root).as_posix()

    def _service_down(self, rel: PurePath, exc: Exception) -> None:
        self._failures += 1
        delay = rules.retry_delay(self._failures, first_s=1.0, max_s=self._rescan_s)
        self._retry_at = self._clock() + delay
        waiting = len(self._pending)
        log.warning(
            "cannot hand on %s: %s; %d file(s) stay in the inbox, trying again in %.0fs",
            rel,
            exc,
            waiting,
            delay,
        )

    def _service_up(self) -> None:
        if self._failures:
            log.info("services reachable again after %d failed attempt(s)", self._failures)
        self._failures = 0
        self._retry_at = 0.0

    # ---- the observer ---------------------------------------------------------------

    def _start_observer(self) -> None:
        handler = _Nominate(self._events, self._wake)
        observer: BaseObserver = PollingObserver(timeout=1.0) if self._polling else Observer()
        try:
            observer.schedule(handler, str(self.root), recursive=True)
            observer.start()
        except OSError as exc:
            if self._polling:
                raise
            # inotify watch limit reached (or unsupported): polling still works.
            log.warning("inotify unavailable (%s); falling back to polling", exc)
            self._polling = True
            observer = PollingObserver(timeout=1.0)
            observer.schedule(handler, str(self.root), recursive=True)
            observer.start()
        self._observer = observer

    def _stop_observer(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None


def _exists(path: PurePath) -> bool:
    return os.path.lexists(path)
