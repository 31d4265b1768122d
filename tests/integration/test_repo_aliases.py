"""The alias repository against real PostgreSQL: catalogue loads, operator aliases, ignores."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from schema.db import Connection, connect
from schema.errors import UnknownAliasKey
from schema.repo_aliases import (
    add_alias,
    ensure_catalogue,
    ignore_name,
    latest_catalogue_version,
    list_aliases,
    list_ignored,
    load_catalogue_into_db,
    operator_overrides,
    unignore_name,
)
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Ex:
    key: str
    display_name: str
    equipment: str | None = None
    muscles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    family: str | None = None


@dataclass(frozen=True)
class Cat:
    version: str
    exercises: list[Ex] = field(default_factory=list)


CATALOGUE = Cat(
    "v1",
    [
        Ex("bench_press", "Bench Press (Barbell)", "barbell", ("chest",), ("Barbell Bench Press",)),
        Ex("squat", "Squat (Barbell)", "barbell", ("quads",), ("Back Squat", "스쿼트")),
        Ex("deadlift", "Deadlift (Barbell)", "barbell", ("back",), ("Conventional Deadlift",)),
    ],
)


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    with connect(db_url, autocommit=True) as c:
        yield c


def test_load_catalogue_stores_normalised_aliases_and_version(conn: Connection) -> None:
    loaded = load_catalogue_into_db(conn, CATALOGUE)
    assert loaded.version == "v1" and loaded.exercises == 3
    aliases = {a.alias_norm: a.key for a in list_aliases(conn, "catalogue")}
    assert aliases["barbell bench press"] == "bench_press"
    assert aliases["back squat"] == "squat"
    assert aliases["스쿼트"] == "squat"
    assert latest_catalogue_version(conn) == "v1"
    assert ensure_catalogue(conn, CATALOGUE).already_loaded


def test_loading_the_shipped_catalogue_stores_families(conn: Connection) -> None:
    load_catalogue_into_db(conn, load_catalogue())
    found = conn.execute(
        "SELECT key, family FROM canonical_exercises WHERE family = 'bench_press' ORDER BY key"
    ).fetchall()
    assert [r["key"] for r in found] == [
        "bench_press",
        "bench_press_cable",
        "bench_press_dumbbell",
        "bench_press_smith",
    ]
    # A test catalogue without families: each exercise is its own family.
    load_catalogue_into_db(conn, CATALOGUE)
    row = conn.execute("SELECT family FROM canonical_exercises WHERE key = 'squat'").fetchone()
    assert row is not None and row["family"] == "squat"


def test_reloading_drops_stale_catalogue_aliases_but_keeps_operator_ones(conn: Connection) -> None:
    load_catalogue_into_db(conn, CATALOGUE)
    add_alias(conn, "Back Squat", "deadlift")  # an operator overrides a catalogue alias
    v2 = Cat("v2", [Ex("bench_press", "Bench Press (Barbell)"), *CATALOGUE.exercises[1:]])
    load_catalogue_into_db(conn, v2)
    aliases = {a.alias_norm: (a.key, a.source) for a in list_aliases(conn)}
    assert "barbell bench press" in aliases  # display name of bench press, normalised
    assert aliases["back squat"] == ("deadlift", "user")
    assert latest_catalogue_version(conn) == "v2"


def test_add_alias_normalises_and_rejects_unknown_keys(conn: Connection) -> None:
    load_catalogue_into_db(conn, CATALOGUE)
    change = add_alias(conn, "  BENCH-PRESSES (bb) ", "bench_press")
    assert change.name_norm == "barbell bench press" and change.changed
    assert not add_alias(conn, "bench presses (BB)", "bench_press").changed
    with pytest.raises(UnknownAliasKey) as err:
        add_alias(conn, "Bench", "bench_pres")
    assert "bench_press" in str(err.value)


def test_ignore_and_map_replace_each_other(conn: Connection) -> None:
    load_catalogue_into_db(conn, CATALOGUE)
    ignore_name(conn, "Rest Timer", reason="app chrome")
    assert operator_overrides(conn) == ({}, {"rest timer"})
    add_alias(conn, "Rest Timer", "squat")
    assert operator_overrides(conn) == ({"rest timer": "squat"}, set())
    ignore_name(conn, "rest timer")
    assert operator_overrides(conn) == ({}, {"rest timer"})
    assert [i.name_norm for i in list_ignored(conn)] == ["rest timer"]
    assert unignore_name(conn, "Rest Timer").changed
    assert not unignore_name(conn, "Rest Timer").changed
    assert operator_overrides(conn) == ({}, set())


def test_operator_changes_are_journalled(conn: Connection) -> None:
    load_catalogue_into_db(conn, CATALOGUE)
    before = conn.execute("SELECT count(*) AS n FROM operator_changes").fetchone()
    assert before is not None and before["n"] == 0  # catalogue loads are not journalled
    add_alias(conn, "Bench", "bench_press")
    with conn.transaction():  # an operator alias removed by hand is journalled too
        conn.execute("DELETE FROM exercise_aliases WHERE alias_norm = %s", ("bench",))
    ignore_name(conn, "Notes")
    rows = conn.execute("SELECT name_norm, kind FROM operator_changes ORDER BY id").fetchall()
    assert [(r["name_norm"], r["kind"]) for r in rows] == [
        ("bench", "alias"),
        ("bench", "alias"),
        ("note", "ignore"),
    ]
