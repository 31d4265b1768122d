"""The warm engine's protocol and its faults, against a fake engine child (no library)."""

from __future__ import annotations

import io
import os
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.ocr import warm_engine
from ingest.ocr.engine_server import read_request, serve, write_message
from ingest.ocr.tesseract import ocr_image
from ingest.ocr.warm_engine import WarmEngine
from schema.errors import OcrError, OcrTimeout

FAKE_SERVER = """
    import os, signal, sys, time
    from ingest.ocr.engine_server import serve

    def handler(data: bytes, languages: str, psm: int, variables: dict[str, str]) -> str:
        if languages == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if languages == "hang":
            time.sleep(60)
        if languages == "refuse":
            raise ValueError("no such language")
        return f"{languages} {psm} {len(data)} {os.getpid()}"

    serve(handler, "9.9", sys.stdin.buffer, sys.stdout.buffer)
"""
NO_LIBRARY = """
    import sys
    from ingest.ocr.engine_server import write_message
    write_message(sys.stdout.buffer, {"ok": False, "error": "libtesseract.so.5 not found"})
"""


def script(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "server.py"
    path.write_text(textwrap.dedent(text))
    return [sys.executable, str(path)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child that is not yet reaped would still answer; WarmEngine reaps it.
    return True


def test_messages_round_trip() -> None:
    stream = io.BytesIO()
    write_message(stream, {"languages": "eng", "psm": 6}, b"\x00\nimage")
    write_message(stream, {"languages": "jpn", "psm": 7}, b"")
    stream.seek(0)
    assert read_request(stream) == ({"languages": "eng", "psm": 6, "size": 7}, b"\x00\nimage")
    assert read_request(stream) == ({"languages": "jpn", "psm": 7}, b"")
    assert read_request(stream) is None


def test_serve_answers_and_reports_a_refusal_without_stopping() -> None:
    requests = io.BytesIO()
    write_message(requests, {"languages": "eng", "psm": 6}, b"abc")
    write_message(requests, {"languages": "bad", "psm": 6}, b"abc")
    write_message(requests, {"languages": "eng", "psm": 7}, b"abcd")
    requests.seek(0)

    def handler(data: bytes, languages: str, psm: int, variables: dict[str, str]) -> str:
        if languages == "bad":
            raise ValueError("cannot load bad")
        return f"{languages}:{psm}:{data.decode()}"

    out = io.BytesIO()
    serve(handler, "5.3.0", requests, out)
    out.seek(0)
    assert read_request(out) == ({"ok": True, "version": "5.3.0"}, b"")
    assert read_request(out) == ({"ok": True, "size": 9}, b"eng:6:abc")
    refused = read_request(out)
    assert refused is not None and not refused[0]["ok"]
    assert "cannot load bad" in refused[0]["error"]
    assert read_request(out) == ({"ok": True, "size": 10}, b"eng:7:abcd")
    assert read_request(out) is None


def test_reads_go_to_one_child_that_stays(tmp_path: Path) -> None:
    engine = WarmEngine(script(tmp_path, FAKE_SERVER))
    try:
        first = engine.tsv(b"12345", "eng", 6, timeout_s=30)
        second = engine.tsv(b"12", "jpn", 7, timeout_s=30)
        assert engine.version == "9.9"
        assert first is not None and second is not None
        assert first.split()[:3] == ["eng", "6", "5"]
        assert second.split()[:3] == ["jpn", "7", "2"]
        assert first.split()[3] == second.split()[3] == str(engine.pid)
    finally:
        engine.close()
    assert engine.pid is None


def test_a_refused_read_is_an_error_and_the_child_stays(tmp_path: Path) -> None:
    engine = WarmEngine(script(tmp_path, FAKE_SERVER))
    try:
        engine.tsv(b"x", "eng", 6, timeout_s=30)
        pid = engine.pid
        with pytest.raises(OcrError, match="tesseract failed") as info:
            engine.tsv(b"x", "refuse", 6, timeout_s=30)
        assert "no such language" in (info.value.detail or "")
        assert not info.value.retryable
        assert engine.pid == pid
    finally:
        engine.close()


def test_a_crash_is_an_error_and_the_next_read_restarts_the_child(tmp_path: Path) -> None:
    engine = WarmEngine(script(tmp_path, FAKE_SERVER))
    try:
        engine.tsv(b"x", "eng", 6, timeout_s=30)
        crashed = engine.pid
        with pytest.raises(OcrError, match=r"died.*SIGKILL") as info:
            engine.tsv(b"x", "crash", 6, timeout_s=30)
        assert not isinstance(info.value, OcrTimeout)
        assert crashed is not None and not alive(crashed)
        again = engine.tsv(b"x", "eng", 6, timeout_s=30)
        assert again is not None and again.split()[3] != str(crashed)
    finally:
        engine.close()


def test_a_timeout_kills_the_child_and_is_retryable(tmp_path: Path) -> None:
    engine = WarmEngine(script(tmp_path, FAKE_SERVER))
    try:
        engine.tsv(b"x", "eng", 6, timeout_s=30)
        hung = engine.pid
        with pytest.raises(OcrTimeout) as info:
            engine.tsv(b"x", "hang", 6, timeout_s=0.5)
        assert info.value.retryable
        assert hung is not None and not alive(hung)
        assert engine.tsv(b"x", "eng", 6, timeout_s=30) is not None
    finally:
        engine.close()


def test_without_the_library_the_engine_steps_aside(tmp_path: Path) -> None:
    engine = WarmEngine(script(tmp_path, NO_LIBRARY))
    assert engine.tsv(b"x", "eng", 6, timeout_s=30) is None
    assert not engine.available and engine.pid is None


def test_without_the_library_ocr_runs_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_engine, "SERVER", tuple(script(tmp_path, NO_LIBRARY)))
    monkeypatch.setattr(warm_engine, "_local", threading.local())
    img = Image.new("L", (700, 120), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    ImageDraw.Draw(img).text((20, 30), "Deadlift 140 kg", fill=0, font=font)
    page = ocr_image(img, languages="eng", timeout_s=30)
    assert page.lines[0].text == "Deadlift 140 kg"
    assert not warm_engine.engine().available
