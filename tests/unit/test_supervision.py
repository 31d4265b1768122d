"""The supervisor's pure rules: backoff, crash loops, orphaned tasks, the status line."""

from __future__ import annotations

from workers.heartbeat import OrphanReaper
from workers.supervision import (
    ChildRecord,
    backoff_s,
    describe_exit,
    down_line,
    is_crash_loop,
)


def test_backoff_doubles_with_recent_exits_and_is_capped() -> None:
    assert backoff_s([100.0], 100.0) == 0.5
    assert backoff_s([99.0, 100.0], 100.0) == 1.0
    assert backoff_s([97.0, 98.0, 99.0, 100.0], 100.0) == 4.0
    assert backoff_s([float(t) for t in range(90, 101)], 100.0) == 10.0
    # Exits older than the window no longer count.
    assert backoff_s([0.0, 1.0, 2.0, 100.0], 100.0) == 0.5
    assert backoff_s([100.0], 100.0, first_s=12.0) == 12.0


def test_five_exits_within_a_minute_is_a_crash_loop_four_is_not() -> None:
    assert not is_crash_loop([10.0, 20.0, 30.0, 40.0], 40.0)
    assert is_crash_loop([10.0, 20.0, 30.0, 40.0, 50.0], 50.0)
    assert not is_crash_loop([0.0, 20.0, 30.0, 40.0, 65.0], 65.0)


def test_exit_codes_are_named() -> None:
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(1) == "exit 1"
    assert describe_exit(None) == "exit unknown"


def test_the_down_line_says_what_since_when_and_what_happens() -> None:
    child = ChildRecord(name="redis", state="restarting", restarts=1, last_exit=-9, down_since=0.0)
    line = down_line(child, now=42.0)
    assert line.startswith("redis is down since ")
    assert "(42 s, killed by SIGKILL, 1 restart(s))" in line
    assert line.endswith("liftlens up is restarting it")
    assert "\n" not in line


def test_a_claim_is_orphaned_only_after_its_owner_is_missing_long_enough() -> None:
    reaper = OrphanReaper(dead_after_s=8.0)
    claims = {"1": "host:10", "2": "host:20"}
    assert reaper.orphans(claims, {"host:10", "host:20"}, 0.0) == []
    assert reaper.orphans(claims, {"host:10"}, 1.0) == []  # first seen missing
    assert reaper.orphans(claims, {"host:10"}, 5.0) == []
    assert reaper.orphans(claims, {"host:10"}, 9.0) == [2]


def test_an_owner_that_beats_again_is_not_dead() -> None:
    # Redis restarted and lost the heartbeat keys for a moment: no false orphan.
    reaper = OrphanReaper(dead_after_s=8.0)
    claims = {"3": "host:30"}
    assert reaper.orphans(claims, set(), 0.0) == []
    assert reaper.orphans(claims, {"host:30"}, 4.0) == []
    assert reaper.orphans(claims, set(), 10.0) == []  # the clock starts again
    assert reaper.orphans(claims, set(), 18.0) == [3]
