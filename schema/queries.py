"""Named SQL queries kept in `schema/queries/<aggregate>.sql`.

A file holds several queries, each introduced by a `-- name: <query_name>`
line (the aiosql convention), so SQL stays SQL and Python refers to it by name:

    Q = queries("uploads")
    conn.execute(Q["insert_upload"], {...})
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import LiteralString, cast

QUERIES_DIR = Path(__file__).parent / "queries"
_HEADER = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_queries(text: str) -> dict[str, LiteralString]:
    """Split a .sql file's text into {name: sql} by its `-- name:` headers."""
    parts = _HEADER.split(text)
    found: dict[str, LiteralString] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in found:
            raise ValueError(f"query {name!r} defined twice")
        # Trusted text shipped with the package, so it may stand as a literal query.
        found[name] = cast(LiteralString, body.strip())
    return found


@cache
def queries(aggregate: str) -> dict[str, LiteralString]:
    """The named queries of `schema/queries/<aggregate>.sql` (read once per process)."""
    return parse_queries((QUERIES_DIR / f"{aggregate}.sql").read_text(encoding="utf-8"))
