"""The report page and its actions over HTTP, against real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ingest.web.report_pages import PAGE, TOKEN_COOKIE, build_router
from schema.db import connect
from schema.repo_aliases import load_catalogue_into_db
from schema.settings import Settings
from tests.seed import add_session
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration

TOKEN = "t0ken-for-tests"


def make_app(settings: Settings) -> FastAPI:
    """The project's API app, which mounts the report routes."""
    from ingest.web.app import create_api

    return create_api(settings)


def bare_app(settings: Settings) -> FastAPI:
    """Only the report router: its own token handling, whatever the API adds in front."""
    app = FastAPI()
    app.include_router(build_router(settings))
    return app


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    """A database with the catalogue and a few sessions with unmapped names."""
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        load_catalogue_into_db(conn, load_catalogue())
        add_session(conn, ["Cossack Squat", "Seal Row", "Bench Press"], date(2026, 1, 5), "a")
        add_session(conn, ["Cossack Squat", "Jefferson Curl"], date(2026, 1, 9), "b")
        add_session(conn, ["Seal Row", "Cossack Squat"], date(2026, 2, 1), "c")
    run_bind(settings.database_url)  # binds "Bench Press"; the others stay unmapped
    return settings


@pytest.fixture
def client(seeded: Settings) -> Iterator[TestClient]:
    """A client without a configured token (the loopback default)."""
    with TestClient(make_app(seeded)) as c:
        yield c


@pytest.fixture
def locked(seeded: Settings) -> Iterator[TestClient]:
    """A client for the report router alone with a token configured."""
    settings = seeded.model_copy(update={"api_token": TOKEN})
    with TestClient(bare_app(settings)) as c:
        yield c


def test_api_mounts_the_report_behind_its_token(seeded: Settings) -> None:
    settings = seeded.model_copy(update={"api_token": TOKEN})
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(make_app(settings)) as api:
        body = {"name": "Cossack Squat", "key": "goblet_squat"}
        assert api.post("/aliases", json=body).status_code == 401
        assert api.get(PAGE, headers=bearer).status_code == 200
        assert api.post("/aliases", json=body, headers=bearer).json()["rows"] == 3
        names = api.get(PAGE + ".json", headers=bearer).json()["rows"]
        assert "cossack squat" not in [r["name_norm"] for r in names]


def _names(client: TestClient) -> list[str]:
    doc = client.get(PAGE + ".json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    return [r["name_norm"] for r in doc["rows"]]


def _rows(settings: Settings, name_norm: str) -> list[dict[str, object]]:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        return conn.execute(
            "SELECT raw_name, alias_key, bound_method FROM session_exercises "
            "WHERE name_norm = %s ORDER BY id",
            (name_norm,),
        ).fetchall()


def test_page_shows_names_suggestions_and_key_list(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.index("cossack squat") < html.index("seal row") < html.index("jefferson curl")
    assert 'list="catalogue-keys"' in html and '<option value="goblet_squat">' in html
    assert 'action="/aliases"' in html and 'action="/ignored-names"' in html
    # The filter form sends empty fields; a bad one is explained, not a 422.
    empty = client.get(PAGE, params={"min_count": "", "since": "", "limit": ""})
    assert empty.status_code == 200 and "jefferson curl" in empty.text
    filtered = client.get(PAGE, params={"min_count": "2", "since": "2026-01-06", "limit": ""})
    assert "cossack squat" in filtered.text and "jefferson curl" not in filtered.text
    bad = client.get(PAGE, params={"since": "soon"})
    assert bad.status_code == 200 and "since must be a date" in bad.text
    doc = client.get(PAGE + ".json", params={"min_count": 2}).json()
    assert [r["name_norm"] for r in doc["rows"]] == ["cossack squat", "seal row"]
    assert doc["rows"][0]["suggestions"][0]["alias_key"]
    assert doc["summary"]["unmapped_names"] == 3


def test_form_map_redirects_and_rebinds_at_once(client: TestClient, seeded: Settings) -> None:
    response = client.post(
        "/aliases",
        data={"name": "cossack squat", "key": "goblet_squat", "next": PAGE},
        follow_redirects=False,
    )
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == PAGE
    assert parse_qs(target.query) == {
        "mapped": ["cossack squat"],
        "key": ["goblet_squat"],
        "rows": ["3"],
    }
    assert "cossack squat" not in _names(client)
    rows = _rows(seeded, "cossack squat")
    assert {(r["raw_name"], r["alias_key"], r["bound_method"]) for r in rows} == {
        ("Cossack Squat", "goblet_squat", "operator")
    }
    after = client.get(response.headers["location"]).text
    assert "Mapped “cossack squat” to goblet_squat: 3 rows bound." in after


def test_form_ignore_and_json_posts(client: TestClient, seeded: Settings) -> None:
    response = client.post(
        "/ignored-names", data={"name": "Jefferson Curl", "reason": "mobility drill"}
    )
    assert response.status_code == 200 and "Ignored “jefferson curl”" in response.text
    assert "jefferson curl" not in _names(client)
    assert _rows(seeded, "jefferson curl")[0]["bound_method"] == "ignored"
    done = client.post("/aliases", json={"name": "Seal Row", "key": "single_arm_row_dumbbell"})
    assert done.status_code == 200
    assert done.json() == {
        "name_norm": "seal row",
        "key": "single_arm_row_dumbbell",
        "changed": True,
        "rows": 2,
    }
    assert _names(client) == ["cossack squat"]


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    body = {"name": "Cossack Squat", "key": "goblet_squat"}
    evil = client.post("/aliases", data=body, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    assert client.post("/ignored-names", data=body, headers={"Origin": "null"}).status_code == 403
    assert "cossack squat" in _names(client)
    same = client.post(
        "/aliases", data=body, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303 and "mapped=" in same.headers["location"]


def test_bad_requests(client: TestClient) -> None:
    unknown = client.post("/aliases", json={"name": "Cossack Squat", "key": "cossack_sqaut"})
    assert unknown.status_code == 422 and "unknown exercise key" in unknown.json()["detail"]
    assert client.post("/aliases", json={"name": "x"}).status_code == 422
    form = client.post(
        "/aliases", data={"name": "Cossack Squat", "key": "nope"}, follow_redirects=False
    )
    assert form.status_code == 303 and "error=" in form.headers["location"]
    shown = client.get(form.headers["location"]).text
    assert "unknown exercise key" in shown and 'class="flash error"' in shown
    not_object = client.post(
        "/aliases", content=b"[1]", headers={"content-type": "application/json"}
    )
    assert not_object.status_code == 400
    assert "cossack squat" in _names(client)


def test_token_is_required_and_accepted_four_ways(locked: TestClient) -> None:
    body = {"name": "Cossack Squat", "key": "goblet_squat"}
    assert locked.post("/aliases", json=body).status_code == 401
    assert locked.post("/aliases", json=body, headers={"X-API-Token": "wrong"}).status_code == 401
    refused = locked.post("/aliases", data=body, follow_redirects=False)
    assert refused.status_code == 303 and "error=" in refused.headers["location"]
    assert "cossack squat" in _names(locked)
    gate = locked.get(PAGE)
    assert gate.status_code == 401 and 'action="/reports/session"' in gate.text
    assert "cossack" not in gate.text
    assert locked.get(PAGE + ".json").status_code == 401
    ok = locked.post("/aliases", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    header = locked.post(
        "/ignored-names", json={"name": "Jefferson Curl"}, headers={"X-API-Token": TOKEN}
    )
    assert header.status_code == 200
    field = locked.post(
        "/aliases",
        data={"name": "Seal Row", "key": "bent_over_row", "token": TOKEN},
        follow_redirects=False,
    )
    assert field.status_code == 303 and "mapped=" in field.headers["location"]
    assert _names(locked) == []


def test_token_form_sets_a_strict_cookie(locked: TestClient) -> None:
    wrong = locked.post("/reports/session", data={"token": "nope"}, follow_redirects=False)
    assert wrong.status_code == 303 and TOKEN_COOKIE not in wrong.cookies
    right = locked.post("/reports/session", data={"token": TOKEN}, follow_redirects=False)
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = locked.get(PAGE).text
    assert 'action="/reports/session"' not in page
    mapped = locked.post(
        "/aliases", data={"name": "Cossack Squat", "key": "goblet_squat"}, follow_redirects=False
    )
    assert mapped.status_code == 303 and "mapped=" in mapped.headers["location"]
    assert "cossack squat" not in _names(locked)
