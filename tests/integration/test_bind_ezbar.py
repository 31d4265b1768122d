"""Re-binding after the EZ bar became its own equipment (docs/names.md).

The catalogue before folded the EZ bar into the barbell keys (`bicep_curl_ezbar`
was retired to `bicep_curl_barbell`, `skullcrusher_ezbar` to `skullcrusher`),
and the normaliser before read Spanish `barra Z` as `barbell z`. Both are
rebuilt here: the old catalogue from the shipped one (each `_ezbar` key's names
given back to its barbell sibling), the old normaliser's output written into
`name_norm` as it was stored, and the runs that bound them marked as made by
another normaliser. The next run, with the shipped catalogue and normaliser,
must move every EZ-bar row to its `_ezbar` key through one ordinary binding
event each, and lose nothing: ids, raw names, sets and operator decisions stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from schema.db import Connection, connect
from schema.name_norm import NORMALISER_VERSION, normalise
from workers.names import bind
from workers.names.bind import run_bind
from workers.names.catalogue import Catalogue, load_catalogue

from .test_bind import add_session, events, rows

pytestmark = pytest.mark.integration

# Raw name -> (its key with EZ folded into barbell, its key now).
MOVED = {
    "EZ Bar Curl": ("bicep_curl_barbell", "bicep_curl_ezbar"),
    "Curl (EZ Bar)": ("bicep_curl_barbell", "bicep_curl_ezbar"),
    "EZ Curl": ("bicep_curl_barbell", "bicep_curl_ezbar"),
    "EZ Bar Biceps Curl": ("bicep_curl_barbell", "bicep_curl_ezbar"),
    "ez-bar preacher curl": ("preacher_curl", "preacher_curl_ezbar"),
    "Skullcrusher (EZ Bar)": ("skullcrusher", "skullcrusher_ezbar"),
    "Curl con barra Z": ("bicep_curl_barbell", "bicep_curl_ezbar"),
}
STAYING = {"Barbell Curl": "bicep_curl_barbell", "Skullcrusher": "skullcrusher"}
# What the normaliser before wrote for names it read differently (`barra` -> barbell first).
OLD_NORMS = {
    "Curl con barra Z": "curl con barbell z",
    "Curl araña con barra Z": "curl araña con barbell z",
    "Barra Z vacía": "barbell z vacía",
}
# Operator decisions on old spellings: a mapping and an ignore.
OPERATOR_ALIAS = ("curl araña con barbell z", "spider_curl_barbell")
OPERATOR_IGNORE = "barbell z vacía"


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    with connect(db_url, autocommit=True) as c:
        yield c


def catalogue_with_ez_as_barbell() -> Catalogue:
    """The shipped catalogue as it was: no `_ezbar` keys, their names on the barbell keys."""
    current = load_catalogue()
    sibling = {ex.family: ex.key for ex in current.exercises if ex.equipment == "barbell"}
    moved: dict[str, list[str]] = {}
    for ex in current.exercises:
        if ex.equipment == "ezbar":
            moved.setdefault(sibling[ex.family], []).extend((ex.display_name, *ex.aliases))
    # The old normaliser's spelling of an alias it read as a barbell.
    moved["bicep_curl_barbell"].append(OLD_NORMS["Curl con barra Z"])
    kept = tuple(
        ex.model_copy(update={"aliases": (*ex.aliases, *moved.get(ex.key, ()))})
        for ex in current.exercises
        if ex.equipment != "ezbar"
    )
    retired = {ex.key: sibling[ex.family] for ex in current.exercises if ex.equipment == "ezbar"}
    return Catalogue(version="ez-as-barbell", exercises=kept, retired=retired)


def sets_of(conn: Connection) -> list[dict[str, Any]]:
    return conn.execute("SELECT * FROM exercise_sets ORDER BY id").fetchall()


def _seed(conn: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows as the old normaliser stored them, with one set each, and operator decisions.

    The bind job before never re-normalised stored names nor recorded its normaliser.
    """
    monkeypatch.setattr(bind, "renormalise_stored_names", lambda _conn: 0)
    names = [*MOVED, *STAYING, "Curl araña con barra Z", "Barra Z vacía"]
    ids = add_session(conn, names)
    for position, (name, exercise_id) in enumerate(zip(names, ids, strict=True)):
        conn.execute(
            "UPDATE session_exercises SET name_norm = %s WHERE id = %s",
            (OLD_NORMS.get(name, normalise(name)), exercise_id),
        )
        conn.execute(
            "INSERT INTO exercise_sets (exercise_id, position, reps, weight, unit)"
            " VALUES (%s, 0, %s, 20, 'kg')",
            (exercise_id, position + 1),
        )
    run_bind(conn, catalogue=catalogue_with_ez_as_barbell())
    conn.execute(
        "INSERT INTO exercise_aliases (alias_norm, key, source) VALUES (%s, %s, 'user')",
        OPERATOR_ALIAS,
    )
    conn.execute(
        "INSERT INTO ignored_names (name_norm, reason) VALUES (%s, 'empty bar')",
        (OPERATOR_IGNORE,),
    )
    run_bind(conn, catalogue=catalogue_with_ez_as_barbell())
    conn.execute("UPDATE bind_runs SET normaliser_version = NULL")
    monkeypatch.undo()


def test_ez_bar_rows_move_to_their_own_keys_with_nothing_lost(
    conn: Connection, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(conn, monkeypatch)
    before = rows(conn)
    assert {n: before[n]["alias_key"] for n in MOVED} == {n: k[0] for n, k in MOVED.items()}
    assert before["Curl araña con barra Z"]["bound_method"] == "operator"
    assert before["Barra Z vacía"]["bound_method"] == "ignored"
    sets_before = sets_of(conn)
    seen_events = len(events(conn))

    report = run_bind(db_url)  # the shipped catalogue and normaliser

    assert report.mode == "full" and "catalogue version changed" in report.reason
    assert report.names_renormalised == len(OLD_NORMS)
    after = rows(conn)
    # Nothing lost: the same rows, raw names and sets; stored names as the normaliser writes now.
    assert {n: r["id"] for n, r in after.items()} == {n: r["id"] for n, r in before.items()}
    assert sets_of(conn) == sets_before
    assert all(r["name_norm"] == normalise(n) for n, r in after.items())
    assert {n: after[n]["alias_key"] for n in MOVED} == {n: k[1] for n, k in MOVED.items()}
    assert {n: after[n]["alias_key"] for n in STAYING} == STAYING
    # The operator's decisions on the old spellings hold for the new ones.
    assert (
        after["Curl araña con barra Z"]["alias_key"],
        after["Curl araña con barra Z"]["bound_method"],
    ) == (
        "spider_curl_barbell",
        "operator",
    )
    assert (after["Barra Z vacía"]["alias_key"], after["Barra Z vacía"]["bound_method"]) == (
        None,
        "ignored",
    )
    # Each moved row has exactly one event of this run, old key -> new key; the others none.
    new_events = events(conn)[seen_events:]
    by_row = {e["exercise_id"]: e for e in new_events}
    assert len(by_row) == len(new_events) == len(MOVED)
    for name, (old, new) in MOVED.items():
        event = by_row[after[name]["id"]]
        assert (event["old_key"], event["new_key"]) == (old, new), name
        assert event["catalogue_version"] == load_catalogue().version
    last = conn.execute("SELECT normaliser_version FROM bind_runs ORDER BY id DESC").fetchone()
    assert last is not None and last["normaliser_version"] == NORMALISER_VERSION


def test_a_changed_normaliser_alone_renormalises_and_rebinds(conn: Connection, db_url: str) -> None:
    ids = add_session(conn, ["Curl con barra Z", "Bench Press (Barbell)"])
    run_bind(db_url)
    assert run_bind(db_url).skipped  # nothing new, same catalogue and normaliser
    # A row the normaliser before wrote, and a run made by it.
    conn.execute(
        "UPDATE session_exercises SET name_norm = %s WHERE id = %s",
        (OLD_NORMS["Curl con barra Z"], ids[0]),
    )
    conn.execute("UPDATE bind_runs SET normaliser_version = 'older'")

    report = run_bind(db_url)

    assert report.mode == "full" and "name normaliser changed" in report.reason
    assert report.names_renormalised == 1
    found = rows(conn)
    assert found["Curl con barra Z"]["name_norm"] == normalise("Curl con barra Z")
    assert found["Curl con barra Z"]["alias_key"] == "bicep_curl_ezbar"
    assert run_bind(db_url).skipped
