"""Progress numbers: Epley, kg and lb together, warm-ups out, records, weeks, sparkline."""

from __future__ import annotations

from datetime import date

from ingest.progress.chart import sparkline, svg_chart
from ingest.progress.stats import epley, summarise
from schema.repo_progress import KeySet


def _set(
    sid: int, day: date, weight: float | None, reps: int, unit: str = "kg", kind: str = "working"
) -> KeySet:
    return KeySet(
        session_id=sid,
        day=day,
        raw_name=f"name{sid}",
        set_type=kind,
        reps=reps,
        weight=weight,
        unit=unit if weight is not None else None,
    )


def test_epley() -> None:
    assert epley(100, 1) == 100
    assert round(epley(100, 5), 2) == 116.67


def test_sessions_records_and_weeks() -> None:
    monday, friday, next_week = date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 12)
    sets = [
        _set(2, friday, 225, 5, unit="lb"),  # 102.058 kg
        _set(1, monday, 200, 1, kind="warmup"),  # a warm-up never counts, however heavy
        _set(1, monday, 100, 5),
        _set(1, monday, 100, 3, kind="failure"),
        _set(3, next_week, 105, 1),
        _set(3, next_week, None, 10),  # bodyweight: reps, no weight
    ]
    p = summarise("bench_press", "Bench Press", sets)
    assert [s.session_id for s in p.sessions] == [1, 2, 3]
    first, second, third = p.sessions
    assert (first.e1rm_kg, first.top_weight_kg, first.volume_kg) == (116.7, 100, 800)
    assert (first.best_weight_kg, first.best_reps, first.pr) == (100, 5, True)
    assert second.top_weight_kg == 102.058 and second.weight_pr and second.pr  # 119.1
    assert third.e1rm_kg == 105 and not third.pr and third.weight_pr and third.reps == 11
    assert [(w.week, w.volume_kg, w.sessions) for w in p.weeks] == [
        (monday, 1310.3, 2),
        (next_week, 105, 1),
    ]
    assert p.spellings == ["name1", "name2", "name3"]
    assert p.best_e1rm_kg == 119.1
    svg = svg_chart(p, "lb")
    assert svg.startswith("<svg") and svg.count('class="pr"') == 2 and "estimated 1RM (lb)" in svg


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, None, 8]) == "▁▂▃ █"
    assert sparkline([]) == ""
