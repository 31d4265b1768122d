"""Read side of the operator loop: unmapped names, bound share, catalogue keys.

Plus one write: `rebind_name`, which applies an operator's fresh decision on
one name to its rows at once, so a page reload shows the effect without
waiting for the scheduled bind job.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from schema.db import Connection
from schema.name_norm import normalise
from schema.queries import queries
from schema.repo_aliases import latest_catalogue_version

Q = queries("report")


class UnmappedGroup(BaseModel):
    """Unbound rows sharing one normalised name."""

    name_norm: str
    raw_names: list[str] = Field(default_factory=list)
    occurrences: int
    sessions: int
    first_seen: date | None = None
    last_seen: date | None = None
    # An alias for this name exists already: the next bind run binds its rows.
    pending_key: str | None = None
    # The bind job found several keys that fit: the suggestions are its candidates.
    ambiguous: bool = False


class UnmappedPage(BaseModel):
    """The groups shown, and how many names passed the filters in all."""

    groups: list[UnmappedGroup]
    total_groups: int


class BindSummary(BaseModel):
    """How much of the data is bound."""

    rows_total: int
    rows_bound: int
    unmapped_rows: int
    unmapped_names: int

    @property
    def bound_share(self) -> float:
        """Share of exercise rows with an alias key (1.0 when there are none)."""
        return self.rows_bound / self.rows_total if self.rows_total else 1.0


class SharePoint(BaseModel):
    """One bind run's snapshot of the bound share."""

    run_id: int
    at: datetime
    rows_total: int
    rows_bound: int


class CatalogueKey(BaseModel):
    """A canonical exercise key and its display name."""

    key: str
    display_name: str


def unmapped_groups(
    conn: Connection,
    *,
    min_count: int = 1,
    since: date | None = None,
    limit: int = 50,
    max_spellings: int = 5,
) -> UnmappedPage:
    """Unmapped names with at least `min_count` rows (seen on or after `since`), by impact."""
    rows = conn.execute(
        Q["unmapped_groups"],
        {
            "min_count": max(1, min_count),
            "since": since,
            "limit": max(1, limit),
            "max_spellings": max_spellings,
        },
    ).fetchall()
    total = int(rows[0]["total_groups"]) if rows else 0
    return UnmappedPage(groups=[UnmappedGroup.model_validate(r) for r in rows], total_groups=total)


def bind_summary(conn: Connection) -> BindSummary:
    """Rows in total, bound, and unmapped (not ignored), with the distinct unmapped names."""
    row = conn.execute(Q["summary"]).fetchone()
    assert row is not None
    return BindSummary.model_validate(row)


def bound_share_history(conn: Connection, limit: int = 200) -> list[SharePoint]:
    """The last `limit` bind runs' snapshots, oldest first (for the chart)."""
    rows = conn.execute(Q["bound_share_history"], {"limit": limit}).fetchall()
    return [
        SharePoint(
            run_id=int(r["id"]),
            at=r["finished_at"],
            rows_total=int(r["rows_total"]),
            rows_bound=int(r["rows_bound"] or 0),
        )
        for r in reversed(rows)
    ]


def catalogue_keys(conn: Connection) -> list[CatalogueKey]:
    """Every canonical exercise key loaded in the database, in key order."""
    return [CatalogueKey.model_validate(r) for r in conn.execute(Q["catalogue_keys"])]


def rebind_name(conn: Connection, name: str) -> int:
    """Apply the operator's mapping or ignore of `name` to its rows now; returns rows changed.

    Does nothing when the operator has neither mapped nor ignored the name.
    Binding events are recorded for every changed row, as the bind job does.
    """
    with conn.transaction():
        cur = conn.execute(
            Q["rebind_name"],
            {"name_norm": normalise(name), "catalogue_version": latest_catalogue_version(conn)},
        )
        return max(cur.rowcount, 0)
