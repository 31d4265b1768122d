"""The HTTP API against real PostgreSQL and Redis, through FastAPI's TestClient."""

from __future__ import annotations

import io
import select
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import redis
import typer
import uvicorn
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from ingest.cli import api_cmd
from ingest.cli.exit_codes import ExitCode
from ingest.web.app import create_api
from ingest.web.bind_check import check_bind, is_loopback
from schema import repo_sessions
from schema.db import connect
from schema.errors import ConfigError
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from schema.settings import Settings
from workers.celery_app import OCR_QUEUE
from workers.embedded import free_port

pytestmark = pytest.mark.integration


def png(text: str = "Bench Press (Barbell)", size: tuple[int, int] = (360, 120)) -> bytes:
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((10, 40), text, fill="black")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def rows(settings: Settings) -> list[dict[str, Any]]:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        return conn.execute(
            "SELECT id, status, original_name, source, last_error FROM uploads ORDER BY id"
        ).fetchall()


def queue_length(settings: Settings) -> int:
    assert settings.redis_url
    return int(redis.Redis.from_url(settings.redis_url).llen(OCR_QUEUE))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_api(settings)) as c:
        yield c


def post(client: TestClient, data: bytes, name: str = "shot.png", **kw: Any) -> Any:
    return client.post("/uploads", files={"file": (name, data, "image/png")}, **kw)


def test_new_upload_is_queued_and_a_duplicate_answers_the_same_id(
    client: TestClient, settings: Settings
) -> None:
    data = png()
    first = post(client, data)
    assert first.status_code == 202, first.text
    body = first.json()
    assert body["status"] == "queued"
    assert body["status_url"] == f"/uploads/{body['upload_id']}"

    again = post(client, data, name="other.png")
    assert again.status_code == 200
    assert again.json()["upload_id"] == body["upload_id"]
    assert again.json()["duplicate"] is True

    status = client.get(body["status_url"]).json()
    assert status["upload_id"] == body["upload_id"]
    assert status["status"] == "queued"
    assert status["source"] == "http"
    assert status["attempts"] == 0 and status["error"] is None
    assert status["created_at"] and status["session"] is None
    assert len(rows(settings)) == 1
    assert queue_length(settings) == 1


def test_a_non_image_is_rejected_with_the_reason_and_recorded(
    client: TestClient, settings: Settings
) -> None:
    answer = post(client, b"%PDF-1.4 definitely not a screenshot", name="report.pdf")
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == "rejected" and body["reason"]
    [row] = rows(settings)
    assert row["id"] == body["upload_id"] and row["status"] == "rejected"
    assert client.get(f"/uploads/{row['id']}").json()["error"] == row["last_error"]
    # The same bytes again are still refused, not "200 duplicate".
    again = post(client, b"%PDF-1.4 definitely not a screenshot", name="again.pdf")
    assert again.status_code == 422 and again.json()["upload_id"] == body["upload_id"]
    assert queue_length(settings) == 0


def test_a_corrupt_image_is_rejected(client: TestClient) -> None:
    answer = post(client, png()[:100], name="broken.png")
    assert answer.status_code == 422
    assert answer.json()["reason"]


def test_path_traversal_names_are_only_labels(client: TestClient, settings: Settings) -> None:
    answer = post(client, png("Deadlift"), name="../../etc/passwd.png")
    assert answer.status_code == 202
    [row] = rows(settings)
    assert row["original_name"] == "passwd.png"
    answer = post(client, png("Squat"), name="..\\..\\windows\\evil.png")
    assert answer.status_code == 202
    assert rows(settings)[1]["original_name"] == "evil.png"


def test_oversized_upload_with_a_declared_length_is_413(settings: Settings) -> None:
    small = settings.model_copy(update={"max_upload_bytes": 10_000})
    with TestClient(create_api(small)) as client:
        answer = post(client, b"\0" * 200_000, name="big.png")
    assert answer.status_code == 413
    assert answer.json()["limit"] == 10_000
    assert rows(settings) == []


def test_oversized_streamed_upload_stops_reading_at_the_limit(settings: Settings) -> None:
    """A real server, a chunked body of unknown length: the API reads just past the limit."""
    small = settings.model_copy(update={"max_upload_bytes": 10_000})
    api = create_api(small)
    received = 0

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        async def counted() -> Any:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            return message

        await api(scope, counted, send)

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(counting, host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        answer = _send_endless_upload(port)
    finally:
        server.should_exit = True
        thread.join(10)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert received < 10_000 + 64 * 1024 + 65_536  # the limit, the form overhead, one read
    assert rows(settings) == []


def _send_endless_upload(port: int) -> bytes:
    """POST a chunked multipart body that would be 400 MB; return the response once it comes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    with sock:
        sock.sendall(
            b"POST /uploads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: multipart/form-data; boundary=xx\r\n\r\n"
        )
        head = b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
        chunk = b"\0" * 4096
        sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        for _ in range(100_000):
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break  # the server closed the connection after answering
        return sock.recv(65536)


def test_malformed_requests_are_400(client: TestClient) -> None:
    assert (
        client.post("/uploads", content=b"raw", headers={"Content-Type": "image/png"}).status_code
        == 400
    )
    missing = client.post("/uploads", files={"other": ("a.png", png(), "image/png")})
    assert missing.status_code == 400
    assert "'file'" in missing.json()["error"]


def test_redis_down_answers_503_and_records_nothing(settings: Settings) -> None:
    down = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_api(down)) as client:
        answer = post(client, png())
        health = client.get("/health")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"]
    assert answer.json()["service"] == "redis"
    assert rows(settings) == []
    assert health.status_code == 503
    assert health.json()["down"] == ["redis"]
    assert health.json()["postgresql"]["ok"] is True


def test_database_down_answers_503(settings: Settings) -> None:
    down = settings.model_copy(
        update={"database_url": f"postgresql://postgres@127.0.0.1:{free_port()}/x"}
    )
    with TestClient(create_api(down)) as client:
        answer = post(client, png())
        status = client.get("/uploads/1")
        health = client.get("/health")
    assert answer.status_code == 503 and answer.json()["service"] == "postgresql"
    assert answer.headers["Retry-After"]
    assert status.status_code == 503
    assert health.status_code == 503 and health.json()["down"] == ["postgresql"]


def test_health_ok(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["down"] == []


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/uploads/999").status_code == 404
    assert client.get("/sessions/999").status_code == 404


def test_upload_status_carries_the_session_summary(client: TestClient, settings: Settings) -> None:
    upload_id = post(client, png()).json()["upload_id"]
    draft = SessionDraft(
        layout="strong",
        title="Push Day",
        performed_on=date(2026, 2, 7),
        confidence=0.9,
        exercises=[
            ExerciseDraft(
                raw_name="Bench Press (Barbell)",
                sets=[SetDraft(reps=8, weight=60.0, unit="kg", raw_line="Set 1: 60 kg x 8")],
            )
        ],
    )
    assert settings.database_url
    with connect(settings.database_url) as conn:
        session_id, _ = repo_sessions.store_parse(
            conn, upload_id, OcrPage.from_text("Push Day"), draft, str.lower
        )
        conn.execute("UPDATE uploads SET status = 'done' WHERE id = %s", (upload_id,))
    status = client.get(f"/uploads/{upload_id}").json()
    assert status["status"] == "done"
    assert status["session"]["session_id"] == session_id
    assert status["session"]["exercises"] == ["Bench Press (Barbell)"]
    assert status["session"]["sets"] == 1
    session = client.get(status["session"]["session_url"]).json()
    [exercise] = session["exercises"]
    assert exercise["raw_name"] == "Bench Press (Barbell)"
    assert exercise["alias_key"] is None
    assert exercise["sets"][0]["reps"] == 8 and exercise["sets"][0]["weight"] == 60.0


def test_token_required_on_every_route_but_health(settings: Settings) -> None:
    guarded = settings.model_copy(update={"api_token": "s3cret-token"})
    with TestClient(create_api(guarded)) as client:
        assert post(client, png()).status_code == 401
        wrong = post(client, png(), headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["WWW-Authenticate"] == "Bearer"
        assert client.get("/uploads/1").status_code == 401
        assert client.get("/sessions/1").status_code == 401
        assert client.get("/health").status_code == 200
        auth = {"Authorization": "Bearer s3cret-token"}
        answer = post(client, png(), headers=auth)
        assert answer.status_code == 202
        assert client.get(answer.json()["status_url"], headers=auth).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "myhost.example"])
def test_beyond_loopback_needs_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ConfigError, match="LIFTLENS_API_TOKEN"):
        check_bind(host, None)
    check_bind(host, "t")


def test_the_api_command_refuses_to_start_off_loopback_without_a_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LIFTLENS_API_TOKEN", raising=False)
    app = typer.Typer()
    api_cmd.register(app)
    app.command("noop")(lambda: None)  # two commands, so `api` is a subcommand
    result = CliRunner().invoke(app, ["api", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == ExitCode.USAGE
    assert "LIFTLENS_API_TOKEN" in result.output


def test_the_report_page_needs_the_token_when_one_is_set(settings: Settings) -> None:
    guarded = settings.model_copy(update={"api_token": "tok"})
    with TestClient(create_api(guarded)) as client:
        assert "token" in client.get("/reports/unmapped").text.lower()
        assert client.get("/reports/unmapped.json").status_code == 401
        answer = client.get("/reports/unmapped.json", headers={"Authorization": "Bearer tok"})
        assert answer.status_code == 200
