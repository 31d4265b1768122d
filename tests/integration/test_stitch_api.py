"""Split and merge by hand over HTTP: the JSON endpoints, their token and origin rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ingest.web.app import create_api
from schema import repo_stitch
from schema.db import connect
from schema.settings import Settings
from tests.stitch_seed import EXPECTED, PARTS, content, draft, store_part

pytestmark = pytest.mark.integration


def _stitched(settings: Settings) -> tuple[int, list[int]]:
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        for i in (2, 0, 1):
            sid = store_part(conn, f"part{i}", draft(PARTS[i]), minute=i)
        return sid, [p.upload_id for p in repo_stitch.parts_of(conn, sid)]


def test_split_then_merge_back_over_http(settings: Settings) -> None:
    sid, uploads = _stitched(settings)
    assert settings.database_url
    with TestClient(create_api(settings)) as client:
        answer = client.post(f"/api/sessions/{sid}/split", json={"upload_id": uploads[2]})
        assert answer.status_code == 200, answer.text
        new_id = answer.json()["new_session_id"]
        assert answer.json()["parts"] == {str(sid): uploads[:2], str(new_id): uploads[2:]}
        with connect(settings.database_url) as conn:
            assert len(content(conn)) == 2
        again = client.post(f"/api/sessions/{sid}/merge", json={"other": new_id})
        assert again.status_code == 200, again.text
        assert again.json()["parts"] == uploads
        with connect(settings.database_url) as conn:
            assert content(conn) == EXPECTED
        refused = client.post(f"/api/sessions/{sid}/split", json={"upload_id": 999999})
        assert refused.status_code == 409


def test_cross_site_and_tokenless_posts_are_refused(settings: Settings) -> None:
    sid, uploads = _stitched(settings)
    with TestClient(create_api(settings)) as client:
        cross = client.post(
            f"/api/sessions/{sid}/split",
            json={"upload_id": uploads[1]},
            headers={"Origin": "https://evil.example"},
        )
        assert cross.status_code == 403
    guarded = settings.model_copy(update={"api_token": "s3cret"})
    with TestClient(create_api(guarded)) as client:
        body = {"upload_id": uploads[1]}
        assert client.post(f"/api/sessions/{sid}/split", json=body).status_code == 401
        ok = client.post(
            f"/api/sessions/{sid}/split", json=body, headers={"Authorization": "Bearer s3cret"}
        )
        assert ok.status_code == 200
