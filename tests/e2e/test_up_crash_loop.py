"""A child that cannot run makes `up` stop after five exits, naming it and showing its log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.upstack import start_up

pytestmark = pytest.mark.e2e


def test_a_crash_looping_child_stops_up_with_its_last_log_lines(
    services_dir: Path, pg_cluster_seed: Path
) -> None:
    base = services_dir / "up-crash-loop"
    # The API refuses to listen beyond loopback without a token: it exits at every start.
    up = start_up(
        base / "data",
        base / "inbox",
        base / "up.log",
        "--workers",
        "1",
        cluster=pg_cluster_seed,
        LIFTLENS_API_HOST="0.0.0.0",
        LIFTLENS_RESTART_BACKOFF_S="0.1",
    )
    try:
        code = up.proc.wait(240)
    finally:
        up.stop()
    out = up.output()
    assert code == 6, out  # ExitCode.FAILED
    assert out.count("api died (exit 2)") == 4, out
    assert "api crash-looped (5 exits, the last exit 2); stopping" in out
    assert "LIFTLENS_API_TOKEN" in out.split("crash-looped", 1)[1], out
    assert "stopped" in out
    assert not (base / "data" / "services.json").exists()
