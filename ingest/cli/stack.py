"""`liftlens up`: the whole pipeline in the foreground, stopped cleanly on Ctrl-C.

Order matters: services first (and last to stop), then workers and beat, then
the sources (watcher, API) that feed them. Children run in their own process
groups; a Ctrl-C reaches only this process, which stops them in reverse order
so a worker finishes (or hands back) its task before the database goes away.
"""

from __future__ import annotations

import signal
import threading
import time
from importlib import resources
from pathlib import Path
from types import FrameType

from rich.console import Console

from ingest.cli.children import Child, start_child, stop_all
from schema import repo_sessions
from schema.db import connect
from schema.settings import Settings
from workers.runtime import services

SAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


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


def _announce_sessions(url: str, console: Console, stop: threading.Event) -> None:
    """Print each newly stored session as it is committed."""
    last = 0
    while not stop.wait(2.0):
        try:
            with connect(url) as conn:
                rows = repo_sessions.sessions_after(conn, last)
        except Exception:  # the database may be restarting; try again next tick
            continue
        for r in rows:
            last = max(last, int(r["id"]))
            flag = " [yellow](needs review)[/yellow]" if r["needs_review"] else ""
            console.print(
                f"[green]stored[/green] session {r['id']} ({r['layout']}) "
                f"{r['title'] or '-'} {r['performed_on'] or '?'}: {r['exercises']} exercises, "
                f"{r['sets']} sets <- upload {r['upload_id']} {r['original_name']}{flag}"
            )


def run_stack(settings: Settings, *, workers: int, demo: bool, api: bool, console: Console) -> bool:
    """Run services, workers, beat, watcher and API until Ctrl-C/SIGTERM.

    True if it was stopped on request, False if a child process died first.
    """
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stopping.set()

    with services(settings, on_event=console.print) as urls:
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        live = urls.apply(settings)
        env = urls.child_env()
        children: list[Child] = []
        announcer = threading.Thread(
            target=_announce_sessions, args=(urls.database_url, console, stopping), daemon=True
        )
        try:
            for i in range(1, workers + 1):
                children.append(
                    start_child(
                        f"worker-{i}", ["worker", "--name", f"worker-{i}@%h"], env, console.print
                    )
                )
            children.append(start_child("beat", ["beat"], env, console.print))
            if demo:
                copy_samples_once(live, console)
            live.inbox.mkdir(parents=True, exist_ok=True)
            children.append(start_child("watch", ["watch", str(live.inbox)], env, console.print))
            if api:
                children.append(start_child("api", ["api"], env, console.print))
            announcer.start()
            console.print(
                f"[bold]liftlens is up[/bold]: drop screenshots into {live.inbox.resolve()}"
                + (
                    f", or POST them to http://{live.api_host}:{live.api_port}/uploads"
                    if api
                    else ""
                )
                + "; Ctrl-C stops everything"
            )
            clean = True
            while not stopping.is_set():
                dead = [c for c in children if not c.alive()]
                if dead:
                    names = ", ".join(f"{c.name} (exit {c.popen.returncode})" for c in dead)
                    console.print(f"[red]stopping: {names} ended unexpectedly[/red]")
                    clean = False
                    break
                time.sleep(0.5)
        finally:
            stopping.set()
            console.print("shutting down...")
            stop_all(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    console.print("stopped")
    return clean
