"""The operator loop end to end, with real processes.

Screenshots whose names are not all in the catalogue go through `liftlens
upload` and a real worker; the bind job runs; the unmapped report lists the
unknown names with suggestions; the operator maps one with `liftlens aliases
map` and one through the report page's endpoint on a running `liftlens api`;
the bind job runs again; both names leave the report, their rows are bound,
`raw_name` is unchanged, and binding events record every change.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from schema.db import connect
from schema.settings import Settings
from tests.e2e.conftest import REPO, Proc, liftlens_cmd, liftlens_env, wait_for_uploads
from tests.e2e.screens import render_lines

pytestmark = pytest.mark.e2e

SCREENS = [
    [
        "Leg Day",
        "Monday, July 19, 2021 at 10:45 AM",
        "Tempo Squat",
        "Set 1: 60 kg × 5",
        "Set 2: 60 kg × 5",
        "Cossack Squat",
        "Set 1: 20 kg × 8",
        "Squat (Barbell)",
        "Set 1: 100 kg × 5",
    ],
    [
        "Pull Day",
        "Thursday, July 22, 2021 at 6:30 PM",
        "Seal Row",
        "Set 1: 42.5 kg × 8",
        "Jefferson Curl",
        "Set 1: 10 kg × 10",
        "Bench Press (Barbell)",
        "Set 1: 80 kg × 5",
    ],
    [
        "Full Body",
        "Saturday, July 24, 2021 at 9:00 AM",
        "Seal Row",
        "Set 1: 45 kg × 8",
        "Tempo Squat",
        "Set 1: 70 kg × 3",
        "Bench Press (Barbell)",
        "Set 1: 82.5 kg × 5",
    ],
]


def run_cli(settings: Settings, *args: str, timeout_s: float = 120) -> str:
    """Run `liftlens ARGS...` in a subprocess against the test's services; its stdout."""
    done = subprocess.run(
        liftlens_cmd(*args),
        env=liftlens_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    assert done.returncode == 0, f"liftlens {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_api(spawn: Callable[..., Proc], settings: Settings, **env: str) -> str:
    """Start `liftlens api` on a free loopback port; its base URL once /health answers."""
    port = free_port()
    proc = spawn(
        "api", ["api", "--host", "127.0.0.1", "--port", str(port)], liftlens_env(settings, **env)
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.popen.poll() is not None:
            break
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code < 500:
                return base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the API did not start:\n{proc.output()}")


def unmapped(settings: Settings) -> dict[str, dict[str, object]]:
    """The report's rows by normalised name, read through the CLI's JSON."""
    doc = json.loads(run_cli(settings, "report", "unmapped", "--format", "json"))
    return {str(r["name_norm"]): r for r in doc["rows"]}


def rows_of(settings: Settings, name_norm: str) -> list[dict[str, object]]:
    """Exercise rows of one normalised name with their bindings and events."""
    assert settings.database_url
    with connect(settings.database_url) as conn:
        return conn.execute(
            "SELECT e.id, e.raw_name, e.alias_key, e.bound_method, "
            "       array_agg(b.new_key ORDER BY b.id) FILTER (WHERE b.id IS NOT NULL) AS events "
            "FROM session_exercises e LEFT JOIN binding_events b ON b.exercise_id = e.id "
            "WHERE e.name_norm = %s GROUP BY e.id ORDER BY e.id",
            (name_norm,),
        ).fetchall()


def test_unmapped_names_are_reported_mapped_and_bound(
    settings: Settings,
    start_worker: Callable[..., Proc],
    spawn: Callable[..., Proc],
    tmp_path: Path,
) -> None:
    start_worker()
    files = [render_lines(lines, tmp_path / f"shot{i}.png") for i, lines in enumerate(SCREENS)]
    run_cli(settings, "upload", *map(str, files))
    uploads = wait_for_uploads(settings, len(files), timeout_s=180)
    assert {u["status"] for u in uploads} == {"done"}, uploads

    run_cli(settings, "bind")
    before = unmapped(settings)
    assert set(before) == {"tempo squat", "seal row", "cossack squat", "jefferson curl"}
    # By impact: the names with more rows come first.
    assert list(before)[:2] in (["seal row", "tempo squat"], ["tempo squat", "seal row"])
    assert before["tempo squat"]["occurrences"] == 2 and before["tempo squat"]["sessions"] == 2
    for row in before.values():
        assert row["suggestions"], row
    seal_keys = [s["alias_key"] for s in before["seal row"]["suggestions"]]  # type: ignore[attr-defined]
    tempo_keys = [s["alias_key"] for s in before["tempo squat"]["suggestions"]]  # type: ignore[attr-defined]
    assert "squat" in tempo_keys
    raw_before = {r["id"]: r["raw_name"] for n in before for r in rows_of(settings, n)}

    # One with the CLI, one through the page's endpoint on the running API.
    run_cli(settings, "aliases", "map", "Tempo Squat", "squat")
    base = start_api(spawn, settings)
    posted = httpx.post(
        f"{base}/aliases",
        data={"name": "seal row", "key": seal_keys[0], "next": "/reports/unmapped"},
        follow_redirects=False,
        timeout=30,
    )
    assert posted.status_code == 303, posted.text
    assert "mapped=seal+row" in posted.headers["location"]

    run_cli(settings, "bind")
    after = unmapped(settings)
    assert set(after) == {"cossack squat", "jefferson curl"}
    page = httpx.get(f"{base}/reports/unmapped", timeout=30).text
    assert "cossack squat" in page and "seal row" not in page and "tempo squat" not in page

    for name, key in (("tempo squat", "squat"), ("seal row", seal_keys[0])):
        rows = rows_of(settings, name)
        assert len(rows) == 2
        for r in rows:
            assert (r["alias_key"], r["bound_method"]) == (key, "operator")
            # Each row was decided "unmapped" by the first run, then bound to the key.
            assert r["events"] == [None, key], r
    raw_after = {r["id"]: r["raw_name"] for n in before for r in rows_of(settings, n)}
    assert raw_after == raw_before
    assert raw_after and all(
        v in {"Tempo Squat", "Seal Row", "Cossack Squat", "Jefferson Curl"}
        for v in raw_after.values()
    )

    sessions = [
        json.loads(line) for line in run_cli(settings, "sessions", "list", "--json").splitlines()
    ]
    assert len(sessions) == 3
    leg_day = next(s for s in sessions if s["title"] == "Leg Day")
    shown = run_cli(settings, "sessions", "show", str(leg_day["id"]))
    assert "Tempo Squat" in shown and "squat" in shown and "Cossack Squat" in shown
