"""The JSON export: the sessions as corrected (for people and tools) and, unfiltered, every
table (for `liftlens import-json`, which reads it back into an empty database losslessly)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ingest.export.trackers import exercise_title
from schema.db import Connection
from schema.repo_dump import dump_tables, load_tables, migrations
from schema.repo_export import ExportSession, load_export

FORMAT = "liftlens-export"
VERSION = 1


class ImportRefused(ValueError):
    """A document that cannot be imported here (other format, other schema, filtered)."""


def _session(s: ExportSession, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": s.id,
        "performed_on": s.performed_on.isoformat() if s.performed_on else None,
        "title": s.title,
        "layout": s.layout,
        "duration_min": s.duration_min,
        "needs_review": s.needs_review,
        "uploads": [p.model_dump(mode="json") for p in s.parts],
        "exercises": [
            {
                "position": e.pos,
                "raw_name": e.raw_name,
                "name": e.name,
                "alias_key": e.alias_key,
                "exercise": exercise_title(e, names),
                "sets": [
                    {
                        "set_type": x.set_type,
                        "reps": x.reps,
                        "weight": x.weight,
                        "unit": x.unit,
                        "weight_kg": x.weight_kg,
                        "duration_s": x.duration_s,
                        "distance": x.distance,
                        "distance_unit": x.distance_unit,
                        "rpe": x.rpe,
                    }
                    for x in e.sets
                ],
            }
            for e in s.exercises
        ],
        "corrections": [e.model_dump(mode="json") for e in s.events],
    }


def export_document(
    conn: Connection, since: date | None = None, key: str | None = None, *, images: bool = False
) -> dict[str, Any]:
    """The export as a JSON-ready dict; `tables` only when nothing is filtered out."""
    data = load_export(conn, since, key)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "migrations": migrations(conn),
        "filters": {"since": since.isoformat() if since else None, "key": key},
        "sessions": [_session(s, data.display_names) for s in data.sessions],
    }
    if since is None and key is None:
        doc["tables"] = dump_tables(conn, images=images)
    return doc


def to_text(doc: dict[str, Any]) -> str:
    """The document as JSON text (stable: the same data gives the same bytes)."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def import_document(conn: Connection, doc: dict[str, Any]) -> dict[str, int]:
    """Load an unfiltered export into an empty database migrated to the same schema."""
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise ImportRefused(f"not a {FORMAT} version {VERSION} document")
    if "tables" not in doc:
        raise ImportRefused("a filtered export (--since/--key) holds no tables to import")
    here = migrations(conn)
    if doc.get("migrations") != here:
        raise ImportRefused(
            f"the export was made at schema {doc.get('migrations')}, this database is at {here}: "
            "migrate both to the same version"
        )
    return load_tables(conn, doc["tables"])
