"""Small generated screenshots for pipeline tests (fast to OCR, distinct bytes)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def render_lines(lines: list[str], path: Path, *, width: int = 640, size: int = 26) -> Path:
    """Draw text lines black on white, one per row, and save to `path`."""
    font = ImageFont.truetype(FONT, size)
    row = int(size * 1.9)
    img = Image.new("RGB", (width, row * len(lines) + 40), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((24, 20 + i * row), text, font=font, fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


def workout(path: Path, n: int, *, sets: int = 3) -> Path:
    """A Strong-style share screenshot; `n` makes its bytes (and weights) unique."""
    lines = ["Push Day", "Monday, July 19, 2021 at 10:45 AM", "Bench Press (Barbell)"]
    lines += [f"Set {i + 1}: {20 + n + i * 5} kg × {8 - i}" for i in range(sets)]
    return render_lines(lines, path)


def slow_workout(path: Path, rows: int = 40) -> Path:
    """A long screenshot that takes tesseract a few seconds: time to kill a worker mid-task."""
    lines = ["Leg Day", "Monday, July 19, 2021 at 10:45 AM", "Squat (Barbell)"]
    lines += [f"Set {i + 1}: {60 + i} kg × 5" for i in range(rows)]
    return render_lines(lines, path, width=900, size=28)
