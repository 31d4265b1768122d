"""The sessions pages and their JSON API against a real PostgreSQL (FastAPI's TestClient)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
import redis
from fastapi.testclient import TestClient

from ingest.web.app import create_api
from schema.db import connect
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from schema.settings import Settings
from tests.seed import add_session
from workers.celery_app import OCR_QUEUE
from workers.reparse import reparse_session

pytestmark = pytest.mark.integration

HTML = {"accept": "text/html"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def seeded(settings: Settings) -> tuple[Settings, int, int]:
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        doubted = add_session(conn, ["Bench Press (Barbell)", "Seal Row"], date(2026, 1, 5), "a")
        clean = add_session(conn, ["Squat (Barbell)"], date(2026, 1, 7), "b")
        conn.execute(
            "UPDATE workout_sessions SET needs_review = true, warnings = %s WHERE id = %s",
            ('["Seal Row: a set line was unreadable"]', doubted),
        )
        conn.execute("UPDATE uploads SET status = 'needs_review' WHERE id = 1")
        conn.execute("INSERT INTO upload_blobs VALUES (1, %s)", (PNG,))
    return settings, doubted, clean


@pytest.fixture
def client(seeded: tuple[Settings, int, int]) -> Iterator[TestClient]:
    with TestClient(create_api(seeded[0])) as c:
        yield c


def test_list_filter_page_image_and_json(
    client: TestClient, seeded: tuple[Settings, int, int]
) -> None:
    _, doubted, clean = seeded
    page = client.get("/sessions", headers=HTML)
    assert page.status_code == 200
    assert f'data-session="{doubted}"' in page.text and f'data-session="{clean}"' in page.text
    review = client.get("/sessions?review=needs_review", headers=HTML).text
    assert f'data-session="{doubted}"' in review and f'data-session="{clean}"' not in review

    one = client.get(f"/sessions/{doubted}", headers=HTML)
    assert one.status_code == 200
    assert 'src="/uploads/1/image"' in one.text
    assert "a set line was unreadable" in one.text  # the reason, on the exercise it names
    assert 'id="accept"' in one.text
    image = client.get("/uploads/1/image")
    assert image.content == PNG and image.headers["content-type"] == "image/png"
    # Non-browsers still get the session as read, as JSON.
    assert client.get(f"/sessions/{doubted}").json()["exercises"][0]["raw_name"] == (
        "Bench Press (Barbell)"
    )


def test_form_edits_accept_and_undo(client: TestClient, seeded: tuple[Settings, int, int]) -> None:
    settings, doubted, _ = seeded
    client.headers["accept"] = "text/html"  # as a browser following the redirects
    base = f"/sessions/{doubted}"
    saved = client.post(f"{base}/sets/0/r0", data={"weight": "62.5", "reps": "5", "unit": "kg"})
    assert saved.status_code == 200 and "Saved 1 change." in saved.text
    assert 'value="62.5"' in saved.text
    bad = client.post(f"{base}/sets/0/r0", data={"reps": "many"})
    assert "reps must be a number" in bad.text
    client.post(f"{base}/exercises/1/sets", data={"weight": "40", "reps": "12"})
    client.post(f"{base}/edit", data={"title": "Push day", "performed_on": "2026-01-06"})
    accepted = client.post(f"{base}/accept")
    assert "left review" in accepted.text and 'id="accept"' not in accepted.text
    assert f'data-session="{doubted}"' not in client.get("/sessions?review=needs_review").text

    audit = re.findall(r'data-correction="(\d+)"', accepted.text)
    assert len(audit) == 5  # weight, added set, title, date, accept
    undone = client.post(f"/corrections/{audit[0]}/undo", data={"next": base})
    assert "undone" in undone.text and 'id="accept"' in undone.text
    assert (
        client.post(
            f"{base}/edit", data={"title": "x"}, headers={"origin": "http://evil.example"}
        ).status_code
        == 403
    )
    queued = client.post(f"{base}/reparse")
    assert "queued" in queued.text and "0 of 1 read" in queued.text
    assert settings.redis_url
    assert redis.Redis.from_url(settings.redis_url).llen(OCR_QUEUE) == 1  # one task per session
    run_id = int(re.findall(r"reparse=(\d+)", str(queued.url))[0])

    def better_reader(data: bytes, _settings: Settings) -> tuple[OcrPage, SessionDraft]:
        assert data == PNG
        sets = [SetDraft(weight=60.0, unit="kg", reps=6)]
        names = ("Bench Press (Barbell)", "Seal Row")
        return OcrPage(), SessionDraft(
            layout="strong",
            title="Session a",
            performed_on=date(2026, 1, 5),
            exercises=[ExerciseDraft(raw_name=n, sets=sets) for n in names],
        )

    reparse_session(settings, run_id, doubted, parse=better_reader)  # what the worker runs
    shown = client.get(f"{base}?reparse={run_id}").text
    assert "a new read (2)" in shown and "2 changed" in shown
    assert settings.database_url
    with connect(settings.database_url) as conn:
        row = conn.execute("SELECT raw_name FROM session_exercises ORDER BY id LIMIT 1").fetchone()
        assert row is not None and row["raw_name"] == "Bench Press (Barbell)"


def test_json_api_edits(client: TestClient, seeded: tuple[Settings, int, int]) -> None:
    _, doubted, _ = seeded
    set_id = client.get(f"/api/sessions/{doubted}").json()["exercises"][0]["sets"][0]["set_id"]
    patched = client.patch(f"/api/sets/{set_id}", json={"weight": 65, "rpe": 8})
    assert patched.status_code == 200, patched.text
    assert [c["field"] for c in patched.json()["corrections"]] == ["weight", "rpe"]
    assert all(c["client"] == "api" for c in patched.json()["corrections"])
    added = client.post(
        f"/api/sessions/{doubted}/sets", json={"exercise_pos": 0, "weight": 70, "reps": 3}
    )
    ref = "c" + str(added.json()["corrections"][0]["id"])
    moved = client.put(f"/api/sessions/{doubted}/exercises/0/order", json={"order": [ref, "r0"]})
    assert [s["ref"] for s in moved.json()["session"]["exercises"][0]["sets"]] == [ref, "r0"]
    assert (
        client.patch(f"/api/sessions/{doubted}", json={"performed_on": "soon"}).status_code == 422
    )
    assert client.delete(f"/api/sessions/{doubted}/sets/0/r9").status_code == 404
    first_add = added.json()["corrections"][0]["id"]
    assert client.post(f"/api/corrections/{first_add}/undo").status_code == 409
    deleted = client.delete(f"/api/sets/{set_id}")
    assert deleted.json()["session"]["sets"] == 2
    accepted = client.post(f"/api/sessions/{doubted}/accept").json()
    assert accepted["session"]["needs_review"] is False
    listing = client.get("/api/sessions?review=needs_review").json()
    assert listing["total"] == 0


def test_a_token_guards_pages_and_api(seeded: tuple[Settings, int, int]) -> None:
    settings, doubted, _ = seeded
    locked = settings.model_copy(update={"api_token": "s3cret"})
    with TestClient(create_api(locked)) as c:
        assert c.get("/sessions", headers=HTML).status_code == 401
        assert c.get(f"/api/sessions/{doubted}").status_code == 401
        assert c.patch(f"/api/sessions/{doubted}", json={"title": "x"}).status_code == 401
        auth = {"authorization": "Bearer s3cret"}
        assert (
            c.patch(f"/api/sessions/{doubted}", json={"title": "x"}, headers=auth).status_code
            == 200
        )
        c.cookies.set("liftlens_token", "s3cret")
        assert c.get("/sessions", headers=HTML).status_code == 200
