"""The unmapped report's shaping and renderings (table, JSON, CSV, HTML, chart), no services."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from rich.console import Console

from ingest.web.report import (
    CSV_COLUMNS,
    ReportFilters,
    Suggestion,
    UnmappedReport,
    build_report,
    suggestions_from_match,
    summary_line,
    to_csv,
    to_json,
    to_table,
)
from ingest.web.report_html import (
    Flash,
    PageOptions,
    render_locked_page,
    render_page,
    share_chart_svg,
)
from ingest.web.report_pages import page_filters, same_origin, token_ok
from schema.repo_report import BindSummary, CatalogueKey, SharePoint, UnmappedGroup, UnmappedPage
from schema.settings import Settings

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _groups() -> UnmappedPage:
    return UnmappedPage(
        groups=[
            UnmappedGroup(
                name_norm="zercher squat",
                raw_names=["Zercher Squat", "zercher squats"],
                occurrences=7,
                sessions=5,
                first_seen=date(2026, 1, 3),
                last_seen=date(2026, 2, 7),
            ),
            UnmappedGroup(
                name_norm="<script>alert(1)</script> [bold]x",
                raw_names=["<script>alert(1)</script> [bold]x"],
                occurrences=2,
                sessions=1,
                first_seen=date(2026, 2, 1),
                last_seen=date(2026, 2, 1),
                pending_key="bench_press",
            ),
        ],
        total_groups=9,
    )


def _report(history: list[SharePoint] | None = None) -> UnmappedReport:
    calls: list[str] = []

    def suggest(name: str) -> list[Suggestion]:
        calls.append(name)
        return [
            Suggestion(alias_key=f"key_{i}", display_name=f"Key {i}", score=90 - i)
            for i in range(5)
        ]

    report = build_report(
        _groups(),
        BindSummary(rows_total=200, rows_bound=150, unmapped_rows=40, unmapped_names=12),
        history or [],
        suggest,
        filters=ReportFilters(min_count=2, since=date(2026, 1, 1), limit=2),
        now=NOW,
    )
    # Suggestions are scored for the shown names only, by their commonest spelling.
    assert calls == ["Zercher Squat", "<script>alert(1)</script> [bold]x"]
    return report


def test_build_report_keeps_order_top_three_and_summary() -> None:
    report = _report()
    assert next(r.name_norm for r in report.rows) == "zercher squat"
    assert [s.alias_key for s in report.rows[0].suggestions] == ["key_0", "key_1", "key_2"]
    s = report.summary
    assert (s.bound_share, s.unmapped_names, s.matching_names, s.shown_names) == (0.75, 12, 9, 2)


def test_summary_line_states_share_and_distinct_names() -> None:
    line = summary_line(_report())
    assert line == (
        "150 of 200 exercise rows bound (75.0%); 12 distinct unmapped names in 40 rows; "
        "showing 2 of 9 matching the filters."
    )


def test_suggestions_from_match_puts_accepted_key_first_and_dedupes() -> None:
    result = SimpleNamespace(
        alias_key="front_squat",
        score=93.0,
        suggestions=[
            {"alias_key": "front_squat", "display_name": "Front Squat", "score": 93.0},
            {"alias_key": "squat", "display_name": "Squat", "score": 80.0},
            {"alias_key": "hack_squat", "score": 70.0},
            {"alias_key": "goblet_squat", "score": 60.0},
        ],
    )
    found = suggestions_from_match(result, {"front_squat": "Front Squat", "hack_squat": "Hack"})
    assert [(s.alias_key, s.display_name, s.score) for s in found] == [
        ("front_squat", "Front Squat", 93.0),
        ("squat", "Squat", 80.0),
        ("hack_squat", "Hack", 70.0),
    ]
    none = SimpleNamespace(alias_key=None, score=0.0, suggestions=[])
    assert suggestions_from_match(none, {}) == []


def test_csv_has_fixed_columns_and_round_trips() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_report()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["raw_names"] == "Zercher Squat | zercher squats"
    assert (first["occurrences"], first["sessions"]) == ("7", "5")
    assert (first["suggestion_1"], first["score_1"], first["suggestion_3"]) == (
        "key_0",
        "90.0",
        "key_2",
    )
    assert dict(zip(rows[0], rows[2], strict=True))["pending_key"] == "bench_press"


def test_json_is_the_model() -> None:
    doc = json.loads(to_json(_report()))
    assert doc["summary"]["bound_share"] == 0.75
    assert doc["rows"][0]["first_seen"] == "2026-01-03"
    assert doc["filters"] == {"min_count": 2, "since": "2026-01-01", "limit": 2}
    assert UnmappedReport.model_validate(doc) == _report()


def test_table_prints_names_literally() -> None:
    console = Console(record=True, width=160)
    console.print(to_table(_report()))
    text = console.export_text()
    assert "zercher squat" in text and "key_0 (90)" in text
    # Rich markup inside a name is shown, not interpreted.
    assert "[bold]x" in text
    assert "150 of 200 exercise rows bound (75.0%)" in text


def test_html_escapes_names_and_has_forms_only_when_served() -> None:
    keys = [CatalogueKey(key="bench_press", display_name="Bench Press (Barbell)")]
    served = render_page(_report(), keys, PageOptions(actions=True, flash=Flash(text="ok <b>")))
    assert "<script>alert(1)</script>" not in served
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in served
    assert served.count('action="/aliases"') == 2 * 3 + 2  # suggestion buttons + free field
    assert served.count('action="/ignored-names"') == 2
    assert '<option value="bench_press">Bench Press (Barbell)</option>' in served
    assert "ok &lt;b&gt;" in served
    assert 'action="/reports/session"' not in served
    locked = render_locked_page(PageOptions(actions=True, flash=Flash(text="no", ok=False)))
    assert 'action="/reports/session"' in locked and 'type="password"' in locked
    assert "zercher" not in locked and 'class="flash error"' in locked
    static = render_page(_report(), keys, PageOptions(actions=False))
    assert "<form" not in static and "<option" not in static
    assert "zercher squat" in static and "75.0%" in static


def test_html_for_a_clean_report() -> None:
    report = _report().model_copy(update={"rows": []})
    assert 'id="all-clean"' in render_page(report, [], PageOptions(actions=True))


def test_chart_needs_two_snapshots_and_scales_to_percent() -> None:
    one = [SharePoint(run_id=1, at=NOW, rows_total=10, rows_bound=5)]
    assert "<svg" not in share_chart_svg(one) and "50.0%" in share_chart_svg(one)
    points = [
        SharePoint(run_id=i, at=NOW + timedelta(hours=i), rows_total=100, rows_bound=b)
        for i, b in enumerate((0, 50, 100))
    ]
    svg = share_chart_svg([*points, SharePoint(run_id=9, at=NOW, rows_total=0, rows_bound=0)])
    match = re.search(r'<polyline class="line" points="([^"]+)"', svg)
    assert match is not None
    ys = [float(p.split(",")[1]) for p in match.group(1).split()]
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2]  # 0 % at the bottom, 100 % at the top
    assert "100.0%" in svg


def test_token_check() -> None:
    assert token_ok(Settings(api_token=None), None)
    with_token = Settings(api_token="s3cret")
    assert token_ok(with_token, "s3cret")
    assert not token_ok(with_token, "nope")
    assert not token_ok(with_token, None)


def test_chart_ends_with_the_share_now_when_it_moved_since_the_last_run() -> None:
    runs = [
        SharePoint(run_id=i, at=NOW + timedelta(days=i), rows_total=100, rows_bound=40 + i)
        for i in range(3)
    ]
    same = SharePoint(run_id=0, at=NOW + timedelta(days=5), rows_total=100, rows_bound=42)
    moved = same.model_copy(update={"rows_bound": 90})
    assert share_chart_svg(runs, same).count('class="dot"') == 3
    svg = share_chart_svg(runs, moved)
    assert svg.count('class="dot"') == 4 and ">now</text>" in svg and ">90.0%</text>" in svg
    assert ">2026-03-01</text>" in svg  # a span of days is labelled by dates
    only_now = share_chart_svg(runs[:1], moved)
    assert only_now.count('class="dot"') == 2


def test_chart_zooms_the_y_axis_to_the_data() -> None:
    points = [
        SharePoint(run_id=i, at=NOW + timedelta(hours=i), rows_total=100, rows_bound=b)
        for i, b in enumerate((91, 93))
    ]
    svg = share_chart_svg(points)
    assert ">80%</text>" in svg and ">100%</text>" in svg and ">0%</text>" not in svg


def test_page_filters_take_empty_fields_as_defaults_and_report_bad_ones() -> None:
    filters, problem = page_filters({"min_count": "", "since": "", "limit": ""})
    assert (filters, problem) == (ReportFilters(limit=100), None)
    filters, problem = page_filters({"min_count": "3", "since": "2026-01-15", "limit": "20"})
    assert filters == ReportFilters(min_count=3, since=date(2026, 1, 15), limit=20)
    assert problem is None
    filters, problem = page_filters({"min_count": "-2", "since": "yesterday"})
    assert filters == ReportFilters(limit=100)
    assert problem == "min_count must be a whole number from 1 to 1000000"
    assert page_filters({"since": "15/01/2026"})[1] == "since must be a date (YYYY-MM-DD)"


def test_same_origin() -> None:
    assert same_origin(None, "127.0.0.1:8000")  # a script, not a browser
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not same_origin("https://evil.example", "127.0.0.1:8000")
    assert not same_origin("null", "127.0.0.1:8000")
