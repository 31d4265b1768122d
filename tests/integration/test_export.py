"""Exports: Strong's and Hevy's CSV byte for byte, corrections applied, and the JSON round trip."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from ingest.cli.main import app
from ingest.export.document import ImportRefused, export_document, import_document, to_text
from ingest.export.trackers import tracker_csv
from ingest.web.app import create_api
from schema.db import connect
from schema.migrate import migrate
from schema.repo_dump import NotEmpty
from schema.repo_export import load_export
from schema.settings import Settings
from tests.e2e.conftest import liftlens_env
from tests.export_seed import seed_history

pytestmark = pytest.mark.integration

STRONG = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    b"Workout Notes,RPE\n"
)
HEVY = (
    b"title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,"
    b"set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n"
)


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        seed_history(settings.database_url, conn)
    return settings


def _csv(url: str, fmt: str, **filters: object) -> str:
    with connect(url) as conn:
        return "".join(tracker_csv(load_export(conn, **filters), fmt))  # type: ignore[arg-type]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_strong_csv(seeded: Settings) -> None:
    assert seeded.database_url
    text = _csv(seeded.database_url, "strong-csv")
    assert text.encode().startswith(STRONG)
    rows = _rows(text)
    push = [r for r in rows if r["Date"] == "2026-01-05 00:00:00"]
    assert [(r["Exercise Name"], r["Set Order"], r["Weight"], r["Reps"]) for r in push] == [
        ("Bench Press (Barbell)", "W", "40", "10"),  # the catalogue name
        ("Bench Press (Barbell)", "1", "102.5", "5"),  # the correction, not the read 100
        ("Bench Press (Barbell)", "F", "100", "3"),
        ("Cossack Squat", "1", "", "8"),  # unbound: its own name
        ("Cossack Squat", "2", "", "8"),
    ]
    assert push[0]["Duration"] == "1h 5m" and push[0]["Workout Name"] == "Push Day"
    assert push[1]["RPE"] == "8.5"
    legs = [r for r in rows if r["Workout Name"] == "Leg Day"]
    assert legs[0]["Exercise Name"] == "Bench Press (Barbell)"  # read as "bench press"
    assert [(r["Weight"], r["Distance"], r["Seconds"]) for r in legs] == [
        ("225", "", ""),  # lb as logged
        ("135", "", ""),
        ("", "3", "1500"),
    ]
    assert [r["Date"][:10] for r in rows] == sorted(r["Date"][:10] for r in rows)


def test_hevy_csv(seeded: Settings) -> None:
    assert seeded.database_url
    text = _csv(seeded.database_url, "hevy-csv")
    assert text.encode().startswith(HEVY)
    rows = _rows(text)
    legs = [r for r in rows if r["title"] == "Leg Day"]
    assert [(r["set_index"], r["set_type"], r["weight_kg"], r["distance_km"]) for r in legs] == [
        ("0", "normal", "102.058", ""),  # 225 lb
        ("1", "dropset", "61.235", ""),
        ("0", "normal", "", "4.828"),  # 3 mi
    ]
    push = [r for r in rows if r["title"] == "Push Day" and r["start_time"].startswith("05 Jan")]
    assert push[0]["end_time"] == "05 Jan 2026, 01:05"
    assert [r["set_type"] for r in push[:3]] == ["warmup", "normal", "failure"]


def test_filters(seeded: Settings) -> None:
    assert seeded.database_url
    since = _rows(_csv(seeded.database_url, "strong-csv", since=date(2026, 1, 6)))
    assert {r["Workout Name"] for r in since} == {"Leg Day"}
    bench = _rows(_csv(seeded.database_url, "strong-csv", key="bench_press"))
    assert {r["Exercise Name"] for r in bench} == {"Bench Press (Barbell)"}
    assert len(bench) == 6


def test_web_export_matches_cli(seeded: Settings) -> None:
    assert seeded.database_url
    with TestClient(create_api(seeded)) as client:
        answer = client.get("/export.csv", params={"format": "hevy-csv"})
        assert answer.status_code == 200
        assert answer.content.startswith(HEVY)
        assert answer.text == _csv(seeded.database_url, "hevy-csv")
        strong = client.get("/export.csv", params={"format": "strong-csv", "key": "bench_press"})
        assert strong.content.startswith(STRONG)
        doc = client.get("/export.json").json()
        assert doc["format"] == "liftlens-export" and "tables" in doc


def test_json_round_trip_into_an_empty_database(seeded: Settings, empty_db_url: str) -> None:
    assert seeded.database_url
    with connect(seeded.database_url) as conn:
        first = to_text(export_document(conn))
    doc = json.loads(first)
    push = next(s for s in doc["sessions"] if s["title"] == "Push Day" and s["duration_min"])
    assert push["uploads"][0]["sha256"] and push["corrections"][0]["after"] == 102.5
    assert push["exercises"][0]["raw_name"] == "Bench Press (Barbell)"
    assert push["exercises"][0]["alias_key"] == "bench_press"
    assert doc["tables"]["binding_events"] and doc["tables"]["corrections"]
    with connect(empty_db_url, autocommit=True) as conn:
        migrate(conn)
        import_document(conn, doc)
        second = to_text(export_document(conn))
        assert second == first
        with pytest.raises(NotEmpty):
            import_document(conn, doc)
        with pytest.raises(ImportRefused):
            import_document(conn, {**doc, "tables": None} | {"format": "other"})
        # Ids continue after the imported ones.
        row = conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size) "
            "VALUES (repeat('a', 64), 'cli', 'x.png', 1) RETURNING id"
        ).fetchone()
        assert row is not None and row["id"] > max(u["id"] for u in doc["tables"]["uploads"])


def test_cli_export_and_import(seeded: Settings, empty_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    other = seeded.model_copy(update={"database_url": empty_db_url})

    def cli(settings: Settings, *args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=liftlens_env(settings))

    done = cli(seeded, "export", "--format", "json", "--out", str(out))
    assert done.exit_code == 0, done.output
    strong = cli(seeded, "export", "--format", "strong-csv")
    assert strong.stdout_bytes.startswith(STRONG)
    back = cli(other, "import-json", str(out))
    assert back.exit_code == 0, back.output
    again = tmp_path / "again.json"
    assert cli(other, "export", "-f", "json", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
