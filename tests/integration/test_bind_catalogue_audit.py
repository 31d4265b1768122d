"""Re-binding after the catalogue audit: rows on merged keys move by ordinary binding events.

The catalogue before the audit had keys such as `triceps_dip` and
`shoulder_press_dumbbell`; it is rebuilt here from the shipped one (the retired
keys put back with their names) so that rows are bound to them first. The EZ
bar's move out of the barbell keys (and the normaliser change that came with
it) is in tests/integration/test_bind_ezbar.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ingest.web.report import ReportFilters, load_report, to_csv
from schema.db import Connection, connect
from schema.repo_aliases import add_alias
from workers.names.bind import run_bind
from workers.names.catalogue import CanonicalExercise, Catalogue, load_catalogue

from .test_bind import add_session, events, rows

pytestmark = pytest.mark.integration

# Retired key -> (its display name, names that bound to it before the audit).
OLD_KEYS = {
    "triceps_dip": ("Triceps Dip", ("Triceps Dip", "Tricep Dips")),
    "triceps_pushdown_vbar": ("V-Bar Pushdown", ("Triceps Pushdown (V-Bar)", "V Bar Pushdown")),
    "shoulder_press_dumbbell": ("Shoulder Press (Dumbbell)", ("Shoulder Press (Dumbbell)",)),
}
NAMES = [name for _, names in OLD_KEYS.values() for name in names]
OTHERS = ["Bench Press (Barbell)", "Shoulder Press", "Zottman Wiggle"]


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    with connect(db_url, autocommit=True) as c:
        yield c


def catalogue_before_audit() -> Catalogue:
    """The shipped catalogue with the retired keys back and owning their names."""
    current = load_catalogue()
    taken = {name for _, names in OLD_KEYS.values() for name in names}
    kept = tuple(
        ex.model_copy(update={"aliases": tuple(a for a in ex.aliases if a not in taken)})
        for ex in current.exercises
    )
    old = tuple(
        CanonicalExercise(
            key=key, family=key, display_name=display, equipment="other", aliases=names
        )
        for key, (display, names) in OLD_KEYS.items()
    )
    return Catalogue(version="before-audit", exercises=kept + old)


def sets_of(conn: Connection) -> list[dict[str, Any]]:
    return conn.execute("SELECT * FROM exercise_sets ORDER BY id").fetchall()


def test_rows_on_retired_keys_rebind_with_nothing_lost(conn: Connection, db_url: str) -> None:
    ids = add_session(conn, NAMES + OTHERS + ["My Dips"])
    for position, exercise_id in enumerate(ids):
        conn.execute(
            "INSERT INTO exercise_sets (exercise_id, position, reps, weight, unit)"
            " VALUES (%s, 0, %s, 20, 'kg')",
            (exercise_id, position + 1),
        )
    old = catalogue_before_audit()
    run_bind(db_url, catalogue=old)
    add_alias(conn, "My Dips", "triceps_dip")  # an operator alias naming a retired key
    run_bind(db_url, catalogue=old)
    before = rows(conn)
    assert {before[n]["alias_key"] for n in ("Triceps Dip", "Tricep Dips", "My Dips")} == {
        "triceps_dip"
    }
    sets_before = sets_of(conn)
    seen_events = len(events(conn))

    report = run_bind(db_url)  # the shipped, audited catalogue: a full re-bind

    assert report.mode == "full" and "catalogue version changed" in report.reason
    after = rows(conn)
    assert {n: r["id"] for n, r in after.items()} == {n: r["id"] for n, r in before.items()}
    assert sets_of(conn) == sets_before
    cat = load_catalogue()
    moved = [n for n, r in before.items() if r["alias_key"] in OLD_KEYS]
    assert sorted(moved) == sorted([*NAMES, "My Dips"])
    for name in moved:
        assert after[name]["alias_key"] == cat.current_key(before[name]["alias_key"]), name
    assert after["My Dips"]["bound_method"] == "operator"
    # Every moved row has exactly one event of this run, from the old key to the new one.
    new_events = events(conn)[seen_events:]
    by_row = {e["exercise_id"]: e for e in new_events}
    assert len(by_row) == len(new_events)
    for name in moved:
        event = by_row[after[name]["id"]]
        assert (event["old_key"], event["new_key"]) == (
            before[name]["alias_key"],
            after[name]["alias_key"],
        )
        assert event["catalogue_version"] == cat.version
    # Rows whose key did not change get no event.
    assert after["Bench Press (Barbell)"]["id"] not in by_row


def test_ambiguous_names_stay_unbound_and_say_so(conn: Connection, db_url: str) -> None:
    add_session(conn, ["Shoulder Press", "Bicep Curl", "Bicep Curl (Dumbbell)"])
    run_bind(db_url)
    found = rows(conn)
    for name in ("Shoulder Press", "Bicep Curl"):
        assert (found[name]["alias_key"], found[name]["bound_method"]) == (None, "ambiguous")
    assert found["Bicep Curl (Dumbbell)"]["alias_key"] == "bicep_curl_dumbbell"
    # The unmapped-names report lists them as ambiguous, with the candidates.
    report = load_report(conn, ReportFilters())
    shown = {r.name_norm: r for r in report.rows}
    assert set(shown) == {"shoulder press", "bicep curl"}
    assert all(r.ambiguous for r in shown.values())
    candidates = {s.alias_key for s in shown["shoulder press"].suggestions}
    assert len(candidates) >= 2 and candidates <= {
        "overhead_press_dumbbell",
        "overhead_press_machine",
        "overhead_press_smith",
        "overhead_press_cable",
    }
    assert to_csv(report).splitlines()[1].endswith(",yes")
    # An operator's decision settles an ambiguous name on the next run.
    add_alias(conn, "Shoulder Press", "overhead_press_machine")
    run_bind(db_url)
    settled = rows(conn)["Shoulder Press"]
    assert (settled["alias_key"], settled["bound_method"]) == ("overhead_press_machine", "operator")
