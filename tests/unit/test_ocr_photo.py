"""A turned photo of a phone's screen, found by its edges and squared up (`ingest.ocr.photo`).

The photos are drawn here: a page of text rows in a dark bezel, turned by a few degrees
(and once seen off-axis), on surfaces of other kinds (wood grain, a noisy fabric, a
light table), lit from one side and saved as JPEG. Ordinary screenshots, stories'
flat frames and an upright phone are left alone.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.ocr import photo

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCREENS = Path(__file__).resolve().parents[2] / "fixtures" / "screens"
RGB = tuple[int, int, int]
Point = tuple[float, float]


def _page(size: tuple[int, int], page: RGB, ink: RGB) -> Image.Image:
    """An app page: a status line, a title, and rows of names and sets, with one rule
    across the page (its slope after squaring up tells whether the rows are level)."""
    img = Image.new("RGB", size, page)
    draw = ImageDraw.Draw(img)
    width, height = size
    font = ImageFont.truetype(FONT, max(14, width // 20))
    draw.text((width * 0.05, height * 0.01), "10:24", font=font, fill=ink)
    rows = ["Pull day", "Deadlift", "1  140 kg x 5", "2  150 kg x 3", "Row", "1  60 kg x 10"]
    for i in range(int(height * 0.8 / (font.size * 2))):
        top = height * 0.08 + i * font.size * 2
        draw.text((width * 0.07, top), rows[i % len(rows)], font=font, fill=ink)
    draw.rectangle((0, height // 2, width, height // 2 + 6), fill=ink)
    return img


def _wood(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Wood: soft brown grain running along the picture's height, with a little noise."""
    width, height = size
    grain = Image.new("L", (width, 1))
    grain.putdata([round(128 + 15 * math.sin(x / 9) * math.sin(x / 53)) for x in range(width)])
    shade = grain.resize(size).filter(ImageFilter.GaussianBlur(3))
    noise = Image.frombytes("L", size, rng.randbytes(width * height)).point(lambda v: v // 16)
    shade = Image.blend(shade, noise.convert("L"), 0.1)
    return Image.merge(
        "RGB",
        (
            shade.point(lambda v: 60 + v // 3),
            shade.point(lambda v: 40 + v // 4),
            shade.point(lambda v: 25 + v // 6),
        ),
    )


def _fabric(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A grey fabric: fine noise, blurred a little."""
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    weave = noise.filter(ImageFilter.GaussianBlur(1.2)).point(lambda v: 90 + (v - 128) // 3)
    return Image.merge("RGB", (weave, weave, weave))


def _phone(screen: Image.Image, bezel: int) -> Image.Image:
    """The screen in a dark bezel with rounded corners (transparent outside)."""
    size = (screen.width + 2 * bezel, screen.height + 2 * bezel)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), bezel * 3, fill=255)
    phone = Image.new("RGBA", size, (0, 0, 0, 0))
    phone.paste(Image.new("RGB", size, (12, 12, 14)), (0, 0), mask)
    phone.paste(screen, (bezel, bezel))
    return phone


def _photo(
    surface: Image.Image, screen: Image.Image, degrees: float, keystone: float = 0.0
) -> tuple[Image.Image, list[Point]]:
    """`screen` in a bezel turned by `degrees` (counter-clockwise) and set in the middle
    of `surface`, its top narrowed by `keystone` of its width (seen off-axis), lit from
    the left, softened and saved as JPEG; and where the screen's corners landed."""
    bezel = max(8, screen.width // 28)
    phone = _phone(screen, bezel)
    corners: list[Point] = [
        (bezel, bezel),
        (bezel + screen.width, bezel),
        (bezel + screen.width, bezel + screen.height),
        (bezel, bezel + screen.height),
    ]
    if keystone:
        # QUAD maps the source quadrilateral onto the whole output: a source top wider
        # than the phone draws the top narrower.
        pull = keystone * phone.width
        source = (-pull, 0, 0, phone.height, phone.width, phone.height, phone.width + pull, 0)
        phone = phone.transform(phone.size, Image.Transform.QUAD, source, Image.Resampling.BICUBIC)
        # A source point (x, y) is drawn at the share of the row's source span it lies at.
        width, height = phone.size
        corners = [
            (width * (x + pull * (1 - y / height)) / (width + 2 * pull * (1 - y / height)), y)
            for x, y in corners
        ]
    turned = phone.rotate(degrees, Image.Resampling.BICUBIC, expand=True)
    at = ((surface.width - turned.width) // 2, (surface.height - turned.height) // 2)
    img = surface.copy()
    img.paste(turned, at, turned)
    light = Image.linear_gradient("L").rotate(90).resize(img.size).point(lambda v: 200 + v // 5)
    img = Image.composite(img, Image.new("RGB", img.size, (0, 0, 0)), light)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    saved = io.BytesIO()
    img.save(saved, format="JPEG", quality=80)
    turn = math.radians(degrees)
    cx, cy = phone.width / 2, phone.height / 2
    landed = [
        (
            at[0] + turned.width / 2 + (x - cx) * math.cos(turn) + (y - cy) * math.sin(turn),
            at[1] + turned.height / 2 - (x - cx) * math.sin(turn) + (y - cy) * math.cos(turn),
        )
        for x, y in corners
    ]
    return Image.open(io.BytesIO(saved.getvalue())), landed


def _surface(kind: str, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(kind)
    if kind == "wood":
        return _wood(size, rng)
    if kind == "fabric":
        return _fabric(size, rng)
    return Image.new("RGB", size, (222, 218, 210))


def _rule_slope(img: Image.Image) -> float:
    """The slope of the page's rule across the middle, from where it crosses two
    columns right of the text: the centre of the rows that differ from the page."""
    grey = img.convert("L")
    width, height = grey.size

    def rule_at(x: int) -> float:
        page = float(grey.getpixel((x, height // 2 - 60)))  # type: ignore[arg-type]
        rows = [
            y
            for y in range(height // 2 - 40, height // 2 + 40)
            if abs(float(grey.getpixel((x, y))) - page) > 60  # type: ignore[arg-type]
        ]
        assert rows
        return sum(rows) / len(rows)

    left, right = round(width * 0.62), round(width * 0.95)
    return (rule_at(right) - rule_at(left)) / (right - left)


@pytest.mark.parametrize(
    ("kind", "degrees", "page", "ink"),
    [
        ("wood", 2.5, (255, 255, 255), (20, 20, 20)),
        ("fabric", -1.6, (28, 28, 30), (230, 230, 230)),
        ("table", 3.0, (246, 240, 228), (60, 40, 20)),
        ("wood", -0.8, (250, 250, 252), (0, 0, 0)),
    ],
)
def test_a_turned_screen_on_a_surface_is_found_and_squared_up(
    kind: str, degrees: float, page: RGB, ink: RGB
) -> None:
    screen = _page((760, 1560), page, ink)
    img, corners = _photo(_surface(kind, (1100, 2000)), screen, degrees)
    found = photo.find(img)
    assert found is not None
    # A counter-clockwise turn (Pillow's) is a negative one (clockwise is positive).
    assert abs(found.turn_deg + degrees) < 0.35, found.turn_deg
    cell = max(img.size) // photo.GRID
    for got, want in zip(found.corners, corners, strict=True):
        assert math.dist(got, want) <= (2 + 1.5 * photo.INSET) * cell, (found.corners, corners)
    squared = photo.straighten(img)
    assert squared is not None
    upright, info = squared
    assert abs(upright.width - screen.width) <= 4 * cell
    assert abs(upright.height - screen.height) <= 4 * cell
    assert abs(_rule_slope(upright)) < 0.004
    assert info["picture_size"] == list(img.size)


def test_a_screen_seen_off_axis_is_squared_up() -> None:
    screen = _page((700, 1500), (255, 255, 255), (10, 10, 10))
    img, corners = _photo(_surface("fabric", (1100, 1950)), screen, 1.8, keystone=0.012)
    found = photo.find(img)
    assert found is not None
    cell = max(img.size) // photo.GRID
    for got, want in zip(found.corners, corners, strict=True):
        assert math.dist(got, want) <= (2 + 1.5 * photo.INSET) * cell, (found.corners, corners)


def test_an_upright_phone_is_left_to_frames() -> None:
    """Rows already level: nothing to square up (`ingest.ocr.frames` may cut it)."""
    img, _ = _photo(_surface("table", (1100, 2000)), _page((760, 1560), (255,) * 3, (0,) * 3), 0)
    assert photo.find(img) is None


def test_a_turned_bubble_like_card_inside_a_screenshot_is_not_a_screen() -> None:
    """A tall card with the page's title and text around it: not a photo's screen."""
    img = Image.new("RGB", (1170, 2532), (0, 0, 0))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for i in range(8):
        draw.text((40, 80 + i * 50), f"Message {i} about the gym", font=font, fill="white")
    card = _page((900, 1600), (10, 132, 255), (255, 255, 255)).rotate(1.5, expand=True)
    img.paste(card, (120, 520))
    for i in range(6):
        draw.text((40, 2200 + i * 50), "Delivered  Read 18:02", font=font, fill="white")
    assert photo.find(img) is None


@pytest.mark.parametrize(
    "path", sorted([*SCREENS.glob("*.png"), *SCREENS.glob("*.jpg")]), ids=lambda p: p.stem
)
def test_the_committed_screenshots_are_not_photos(path: Path) -> None:
    with Image.open(path) as img:
        assert photo.find(img) is None
