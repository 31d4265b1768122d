"""`parse_file` and `liftlens parse`: an error line per bad file, the JSON contract, exit codes."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from ingest.cli import parse_cmd
from ingest.read.files import parse_file
from schema.settings import Settings

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CONTRACT_KEYS = {"file", "layout", "performed_on", "title", "exercises", "confidence", "warnings"}


def save(img: Image.Image, path: Path, fmt: str, **params: object) -> Path:
    img.save(path, format=fmt, **params)
    return path


def noise() -> Image.Image:
    return Image.frombytes("RGB", (160, 160), bytes((i * 7919) % 251 for i in range(160 * 160 * 3)))


def bomb_png(path: Path) -> Path:
    """A PNG header claiming 30000x30000 pixels; a few hundred bytes on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def truncated(path: Path, fmt: str) -> Path:
    buf = io.BytesIO()
    noise().save(buf, format=fmt)
    path.write_bytes(buf.getvalue()[: buf.tell() // 2])
    return path


def animated(path: Path, fmt: str) -> Path:
    first, *rest = (Image.new("RGB", (48, 48), (60 * i, 80, 120)) for i in range(3))
    return save(first, path, fmt, save_all=True, append_images=rest, duration=100, loop=0)


def text_file(path: Path) -> Path:
    path.write_text("Bench press 3x8 @ 60kg\n")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def ico(path: Path) -> Path:
    return save(Image.new("RGB", (32, 32), "red"), path, "ICO")


def pdf(path: Path) -> Path:
    return save(Image.new("RGB", (32, 32), "white"), path, "PDF")


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty.png": (empty, "empty file"),
    "truncated.png": (lambda p: truncated(p, "PNG"), "truncated or corrupt PNG"),
    "truncated.jpg": (lambda p: truncated(p, "JPEG"), "truncated or corrupt JPEG"),
    "notes.png": (text_file, "not an image"),
    "bomb.png": (bomb_png, "too large"),
    "anim.gif": (lambda p: animated(p, "GIF"), "animated GIF"),
    "anim.webp": (lambda p: animated(p, "WEBP"), "animated WEBP"),
    "icon.ico": (ico, "unsupported image format ICO"),
    "doc.pdf": (pdf, "looks like a PDF"),
}


def blank(path: Path) -> Path:
    return save(Image.new("RGB", (390, 300), "white"), path, "PNG")


def screen(path: Path) -> Path:
    img = Image.new("RGB", (900, 200), "white")
    ImageDraw.Draw(img).text((20, 40), "Squat", font=ImageFont.truetype(FONT, 40), fill="black")
    return save(img, path, "PNG")


@pytest.fixture
def settings() -> Settings:
    return Settings(ocr_auto_languages="")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gets_an_error_line(name: str, tmp_path: Path, settings: Settings) -> None:
    make, reason = BAD_FILES[name]
    path = make(tmp_path / name)
    result = parse_file(path, settings)
    assert result["file"] == str(path)
    assert result["error_type"] == "InputRejected"
    assert reason in result["error"]


def test_missing_file_gets_an_error_line(tmp_path: Path, settings: Settings) -> None:
    result = parse_file(tmp_path / "gone.png", settings)
    assert result["error_type"] == "InputRejected"
    assert "not a file" in result["error"]


def test_blank_image_is_an_empty_session_with_a_warning(tmp_path: Path, settings: Settings) -> None:
    result = parse_file(blank(tmp_path / "blank.png"), settings)
    assert "error" not in result
    assert set(result) >= CONTRACT_KEYS
    assert result["exercises"] == []
    assert any("no text found" in w for w in result["warnings"])
    json.dumps(result)  # the contract dict is JSON as it stands


def cli() -> typer.Typer:
    """A root app holding only the parse command (the real root also loads the others)."""
    app = typer.Typer()

    @app.callback()
    def _root(ctx: typer.Context) -> None:
        ctx.obj = Settings(ocr_auto_languages="")

    parse_cmd.register(app)
    return app


def test_cli_json_one_line_per_file_in_order(tmp_path: Path) -> None:
    files = [
        screen(tmp_path / "a.png"),
        text_file(tmp_path / "b.png"),
        blank(tmp_path / "c.png"),
        bomb_png(tmp_path / "d.png"),
    ]
    result = CliRunner().invoke(cli(), ["parse", "--json", "-j", "2", *map(str, files)])
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["file"] for row in rows] == [str(f) for f in files]
    assert [("error" in row) for row in rows] == [False, True, False, True]
    assert set(rows[0]) >= CONTRACT_KEYS


def test_cli_exit_zero_when_all_parse(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli(), ["parse", "--json", str(blank(tmp_path / "blank.png"))])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1


def test_cli_readable_summary(tmp_path: Path) -> None:
    files = [str(blank(tmp_path / "blank.png")), str(empty(tmp_path / "empty.png"))]
    result = CliRunner().invoke(cli(), ["parse", "--lang", "eng", *files])
    assert result.exit_code == 1
    assert "blank.png" in result.stdout
    assert "InputRejected" in result.stdout


def test_cli_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(cli(), ["parse", "--help"])
    assert result.exit_code == 0
    assert "Exit code" in result.stdout
    assert "--json" in result.stdout
