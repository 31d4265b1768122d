"""Stored names under the current normaliser.

Ingest stores `name_norm = normalise(corrected_name or raw_name)` with the
normaliser of its day, and the bind job groups and decides rows by that
stored string. The matcher normalises it once more, which repairs most old
spellings, but not those an older rule already rewrote into something else:
`Curl con barra Z` was stored as `curl con barbell z` while `barra` meant
barbell, and no later rule can tell that `barbell z` was an EZ bar. So when
the normaliser changed since the last bind run (`NORMALISER_VERSION`), the
run first re-normalises every stored name from what it was normalised from,
and only then decides the names: rows move to their new keys through the
ordinary binding events. An operator's mapping or ignore of an old spelling
is carried over to its new spelling, so no decision is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from schema.db import Connection
from schema.name_norm import NORMALISER_VERSION, normalise
from schema.queries import queries


def normaliser_changed(last_run: Mapping[str, object] | None) -> bool:
    """True when the last bind run used another normaliser (or there was none)."""
    return last_run is None or last_run.get("normaliser_version") != NORMALISER_VERSION


def renames(stored: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(source, old name_norm, new name_norm) for each stored name the normaliser now writes
    differently; `stored` holds (source name, stored name_norm) pairs (pure)."""
    out = []
    for source, old in stored:
        new = normalise(source)
        if new != old:
            out.append((source, old, new))
    return out


def renormalise_stored_names(conn: Connection) -> int:
    """Rewrite stale `name_norm` values with the current normaliser; returns rows changed.

    Must run inside a transaction (the scratch table is dropped on commit).
    """
    q = queries("bind")
    stored = conn.execute(q["stored_names"]).fetchall()
    todo = renames((str(r["source"]), str(r["name_norm"])) for r in stored)
    if not todo:
        return 0
    conn.execute(q["create_renames"])
    with conn.cursor() as cur, cur.copy(q["copy_renames"]) as copy:
        for row in todo:
            copy.write_row(row)
    changed = max(conn.execute(q["apply_renames"]).rowcount, 0)
    conn.execute(q["carry_operator_aliases"])
    conn.execute(q["carry_ignored_names"])
    return changed
