"""`liftlens up`: the whole pipeline in the foreground, supervised, stopped cleanly on Ctrl-C.

Order matters: services first (and last to stop), then workers and beat, then
the sources (watcher, API) that feed them. Children run in their own process
groups; a Ctrl-C reaches only this process, which stops them in reverse order
so a worker finishes (or hands back) its task before the database goes away.
A child that dies meanwhile is restarted (`ingest.cli.supervisor`). The
terminal shows one line per stored session, service (re)starts and errors;
children's logs go to `<data_dir>/logs/` (`liftlens logs`), or also to the
terminal with `--verbose`.
"""

from __future__ import annotations

import signal
import threading
from importlib import resources
from pathlib import Path
from types import FrameType

from rich.console import Console

from ingest.cli.children import ProcessChild, ServiceChild
from ingest.cli.supervisor import Supervisor
from schema import repo_sessions
from schema.db import connect
from schema.settings import Settings
from workers.runtime import ServiceUrls, services

SAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
STOP_TIMEOUT_S = 30.0


def copy_samples_once(settings: Settings, console: Console) -> int:
    """Copy the shipped sample screenshots into the inbox on a first run only."""
    marker = settings.data_dir / "demo-samples-copied"
    samples = resources.files("fixtures").joinpath("screens")
    if marker.exists() or not samples.is_dir():
        return 0
    settings.inbox.mkdir(parents=True, exist_ok=True)
    count = 0
    for sample in sorted(samples.iterdir(), key=lambda s: s.name):
        if Path(sample.name).suffix.lower() in SAMPLE_SUFFIXES:
            (settings.inbox / sample.name).write_bytes(sample.read_bytes())
            count += 1
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("the sample screenshots were copied into the inbox once\n")
    console.print(f"copied {count} sample screenshots into {settings.inbox}")
    return count


def session_line(r: dict[str, object]) -> str:
    """One terminal line for a stored session: file, id, date, exercises and sets, review state."""
    review = "[yellow]needs review[/yellow]" if r["needs_review"] else "[green]done[/green]"
    return (
        f"stored {r['original_name']}: session {r['id']}, {r['performed_on'] or 'no date'}, "
        f"{r['exercises']} exercises, {r['sets']} sets, {review}"
    )


def _announce_sessions(url: str, console: Console, stop: threading.Event) -> None:
    """Print each newly stored session as it is committed."""
    last = 0
    while not stop.wait(1.0):
        try:
            with connect(url) as conn:
                rows = repo_sessions.sessions_after(conn, last)
        except Exception:  # the database may be restarting; try again next tick
            continue
        for r in rows:
            last = max(last, int(r["id"]))
            console.print(session_line(r))


def _start_children(
    live: Settings, urls: ServiceUrls, workers: int, api: bool, verbose: bool, console: Console
) -> list[ProcessChild]:
    env = urls.child_env()
    logs = live.data_dir.resolve() / "logs"
    specs = [(f"worker-{i}", ["worker", "--name", f"worker-{i}@%h"]) for i in range(1, workers + 1)]
    specs += [("beat", ["beat"]), ("watch", ["watch", str(live.inbox)])]
    if api:
        specs.append(("api", ["api"]))
    children = []
    for name, args in specs:
        child = ProcessChild(name, args, env, logs, console.print, verbose)
        child.start()
        children.append(child)
    return children


def _up_line(live: Settings, api: bool) -> str:
    where = f", or POST them to http://{live.api_host}:{live.api_port}/uploads" if api else ""
    return (
        f"[bold]liftlens is up[/bold]: drop screenshots into {live.inbox.resolve()}{where}"
        f"; logs in {live.data_dir.resolve() / 'logs'} (liftlens logs); Ctrl-C stops everything"
    )


def run_stack(
    settings: Settings,
    *,
    workers: int,
    demo: bool,
    api: bool,
    console: Console,
    verbose: bool = False,
) -> bool:
    """Run and supervise services, workers, beat, watcher and API until Ctrl-C/SIGTERM.

    True if it was stopped on request, False if a child crash-looped first.
    """
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stopping.set()

    with services(settings, on_event=console.print) as urls:
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        live = urls.apply(settings)
        data_dir = live.data_dir.resolve()
        supervisor = Supervisor(data_dir, console.print, first_backoff_s=live.restart_backoff_s)
        for name, server in (("postgres", urls.postgres), ("redis", urls.redis)):
            if server is not None:
                supervisor.add(ServiceChild(name, server, data_dir))  # type: ignore[arg-type]
        children: list[ProcessChild] = []
        announcer = threading.Thread(
            target=_announce_sessions, args=(urls.database_url, console, stopping), daemon=True
        )
        try:
            if demo:
                copy_samples_once(live, console)
            live.inbox.mkdir(parents=True, exist_ok=True)
            children = _start_children(live, urls, workers, api, verbose, console)
            for child in children:
                supervisor.add(child)
            announcer.start()
            console.print(_up_line(live, api))
            supervisor.run(stopping)
        finally:
            stopping.set()
            console.print("shutting down...")
            for child in reversed(children):
                child.terminate()
            for child in reversed(children):
                child.stop(STOP_TIMEOUT_S)
            supervisor.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    console.print("stopped")
    return supervisor.crashed is None
