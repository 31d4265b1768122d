"""A screenshot inside a larger picture, found by its shape (`ingest.ocr.frames`).

The pictures are drawn here, with no social app's geometry: a screenshot of text rows
scaled onto gradients of other directions and colours, with and without rounded
corners, a shadow, a viewer's chrome of other shapes, JPEG noise; pasted off-centre on
a flat backdrop; between letterbox bars. The screenshots without a frame are ordinary
app pages with cards, bubbles and bars, which must be left whole.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.ocr import frames

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCREENS = Path(__file__).resolve().parents[2] / "fixtures" / "screens"
Box = tuple[int, int, int, int]


def _screen(
    size: tuple[int, int], page: tuple[int, int, int], ink: tuple[int, int, int]
) -> Image.Image:
    """An app page of text rows: a status line, a title, names and set rows."""
    img = Image.new("RGB", size, page)
    draw = ImageDraw.Draw(img)
    width, height = size
    font = ImageFont.truetype(FONT, max(12, width // 24))
    draw.text((width * 0.06, height * 0.015), "9:41", font=font, fill=ink)
    draw.text((width * 0.8, height * 0.015), "87%", font=font, fill=ink)
    rows = ["Leg day", "Tuesday 4 March", "Squat", "1  100 kg  5", "2  100 kg  5", "Lunge"]
    for i in range(int(height * 0.9 / (font.size * 2.2))):
        text = rows[i % len(rows)]
        draw.text((width * 0.06, height * 0.07 + i * font.size * 2.2), text, font=font, fill=ink)
    return img


def _gradient(
    size: tuple[int, int], a: tuple[int, int, int], b: tuple[int, int, int]
) -> Image.Image:
    """A gradient from `a` at the top left to `b` at the bottom right."""
    ramp = Image.linear_gradient("L").resize(size)
    diagonal = Image.linear_gradient("L").rotate(90).resize(size)
    mix = Image.blend(ramp, diagonal, 0.3)
    return Image.composite(Image.new("RGB", size, b), Image.new("RGB", size, a), mix)


def _framed(
    backdrop: Image.Image, shot: Image.Image, at: tuple[int, int], radius: int, shadow: bool
) -> tuple[Image.Image, Box]:
    """`shot` pasted on `backdrop` at `at` with rounded corners and an optional shadow."""
    canvas = backdrop.copy()
    x, y = at
    box = (x, y, x + shot.width, y + shot.height)
    if shadow:
        mask = Image.new("L", canvas.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (x + 4, y + 10, box[2] + 4, box[3] + 10), radius, fill=120
        )
        mask = mask.filter(ImageFilter.GaussianBlur(14))
        canvas.paste((0, 0, 0), (0, 0, *canvas.size), mask)
    corners = Image.new("L", shot.size, 0)
    ImageDraw.Draw(corners).rounded_rectangle((0, 0, *shot.size), radius, fill=255)
    canvas.paste(shot, (x, y), corners)
    return canvas, box


def _assert_near(found: frames.Frame | None, box: Box, slack: int) -> None:
    assert found is not None
    for got, want in zip(found.box(), box, strict=True):
        assert abs(got - want) <= slack, (found.box(), box)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    saved = io.BytesIO()
    img.save(saved, format="JPEG", quality=quality, subsampling=2)
    return Image.open(io.BytesIO(saved.getvalue()))


@pytest.mark.parametrize(
    ("canvas", "share", "colours", "page", "ink"),
    [
        ((1080, 1920), 0.7, ((40, 90, 160), (180, 70, 120)), (255, 255, 255), (20, 20, 20)),
        ((720, 1280), 0.85, ((230, 200, 120), (90, 150, 90)), (18, 18, 22), (235, 235, 235)),
        ((1080, 1920), 0.62, ((20, 20, 30), (60, 30, 80)), (246, 240, 228), (60, 40, 20)),
    ],
)
def test_a_screenshot_on_a_gradient_is_found(
    canvas: tuple[int, int],
    share: float,
    colours: tuple[tuple[int, int, int], tuple[int, int, int]],
    page: tuple[int, int, int],
    ink: tuple[int, int, int],
) -> None:
    width = round(canvas[0] * share)
    shot = _screen((width, round(width * 2.05)), page, ink)
    at = ((canvas[0] - shot.width) // 2, (canvas[1] - shot.height) // 2)
    img, box = _framed(_gradient(canvas, *colours), shot, at, radius=width // 25, shadow=True)
    cell = max(img.size) // frames.GRID
    _assert_near(frames.find(img), box, slack=3 * cell)
    _assert_near(frames.find(_jpeg(img, 72)), box, slack=3 * cell)


def test_a_viewer_chrome_outside_the_frame_is_left_out() -> None:
    """A viewer's bars, name and message field above and below a centred frame: the
    frame is the screenshot, and the chrome is outside it."""
    canvas = _gradient((900, 1600), (70, 110, 140), (150, 90, 60))
    shot = _screen((700, 1240), (250, 250, 250), (10, 10, 10))
    img, box = _framed(canvas, shot, (100, 190), radius=24, shadow=True)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    draw.rectangle((12, 14, 888, 18), fill=(255, 255, 255))
    draw.ellipse((20, 60, 70, 110), fill=(220, 160, 40))
    draw.text((90, 68), "lifter_k  5h", font=font, fill=(255, 255, 255))
    draw.rounded_rectangle((30, 1500, 760, 1560), 30, outline=(255, 255, 255), width=3)
    draw.text((60, 1512), "Reply", font=font, fill=(255, 255, 255))
    found = frames.find(img)
    _assert_near(found, box, slack=12)
    assert found is not None and found.top > 110 and found.bottom < 1500


def test_a_screenshot_pasted_off_centre_on_a_flat_backdrop_is_found() -> None:
    backdrop = Image.new("RGB", (1600, 1200), (200, 60, 60))
    shot = _screen((500, 1000), (255, 255, 255), (0, 0, 0))
    img, box = _framed(backdrop, shot, (300, 90), radius=0, shadow=False)
    _assert_near(frames.find(img), box, slack=8)


def test_a_screenshot_between_side_bars_is_found() -> None:
    img = Image.new("RGB", (1920, 1080), (0, 0, 0))
    shot = _screen((540, 1080), (240, 244, 250), (30, 30, 60))
    img.paste(shot, (690, 0))
    _assert_near(frames.find(img), (690, 0, 1230, 1080), slack=8)


def test_a_screenshot_between_bars_above_and_below_is_found() -> None:
    img = Image.new("RGB", (1000, 1900), (12, 12, 12))
    shot = _screen((1000, 1500), (255, 255, 255), (0, 0, 0))
    img.paste(shot, (0, 200))
    _assert_near(frames.find(img), (0, 200, 1000, 1700), slack=8)


def test_an_ordinary_screenshot_has_no_frame() -> None:
    assert frames.find(_screen((1170, 2532), (255, 255, 255), (0, 0, 0))) is None
    assert frames.find(_screen((750, 1334), (0, 0, 0), (255, 255, 255))) is None


def test_a_large_card_below_a_title_is_not_a_frame() -> None:
    """A centred card with margins of page on both sides, as big as a story's frame, and
    the page's title and date above it: cropping to the card would lose them."""
    img = Image.new("RGB", (1080, 2340), (242, 242, 247))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 44)
    draw.text((60, 150), "Push day", font=font, fill=(0, 0, 0))
    draw.text((60, 220), "12 March 2025", font=font, fill=(90, 90, 90))
    card = _screen((960, 1700), (255, 255, 255), (0, 0, 0))
    img.paste(card, (60, 360))
    assert frames.find(img) is None


def test_stacked_cards_on_a_dark_page_are_not_a_frame() -> None:
    img = Image.new("RGB", (1080, 2340), (0, 0, 0))
    draw = ImageDraw.Draw(img)
    for top in range(200, 2200, 400):
        draw.rounded_rectangle((40, top, 1040, top + 370), 30, fill=(30, 30, 34))
        draw.text((80, top + 40), "Bench Press", font=ImageFont.truetype(FONT, 40), fill="white")
    assert frames.find(img) is None


def test_a_tall_chat_bubble_is_not_a_frame() -> None:
    """A sent bubble as tall as a story's frame, with the chat's header above it and
    its time below: it hangs from one side, and the page around it is read."""
    img = Image.new("RGB", (1170, 2532), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    draw.text((40, 120), "< Alex", font=font, fill=(0, 0, 0))
    draw.rounded_rectangle((300, 300, 1130, 2200), 40, fill=(10, 132, 255))
    draw.text((900, 2240), "Read 18:02", font=font, fill=(120, 120, 120))
    for i in range(30):
        draw.text((340, 340 + i * 60), "Set 1: 60 kg x 8", font=font, fill="white")
    assert frames.find(img) is None


def test_the_cut_paints_the_rounded_corners_in_the_frame_colour() -> None:
    """The backdrop inside the frame's box, at its rounded corners, would touch the
    status bar's text: the cut shows the screenshot's own page colour there."""
    canvas = _gradient((1080, 1920), (200, 180, 40), (40, 160, 200))
    shot = _screen((800, 1600), (16, 16, 16), (240, 240, 240))
    img, _ = _framed(canvas, shot, (140, 160), radius=40, shadow=True)
    found = frames.find(img)
    assert found is not None and found.corners
    cut = frames.cut(img, found)
    assert cut.size == (found.right - found.left, found.bottom - found.top)
    for x, y in ((0, 0), (cut.width - 1, 0), (0, cut.height - 1), (cut.width - 1, cut.height - 1)):
        pixel = cut.getpixel((x, y))
        assert isinstance(pixel, tuple) and max(pixel) < 40, ((x, y), pixel)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SCREENS.iterdir() if p.suffix in {".png", ".jpg"}),
    ids=lambda p: p.name,
)
def test_the_committed_screenshots_have_no_frame(path: Path) -> None:
    """Every app screen of the fixtures (cards, bubbles, bars, dark themes) is read whole."""
    with Image.open(path) as img:
        assert frames.find(img) is None


def test_a_screen_inside_a_device_bezel_is_cut_out() -> None:
    """A device mock-up: the screen inside a flat dark bezel, on a gradient backdrop."""
    canvas = _gradient((1200, 1600), (235, 225, 250), (150, 200, 240))
    bezel = Image.new("RGB", (660, 1320), (24, 24, 28))
    screen = _screen((600, 1260), (255, 255, 255), (0, 0, 0))
    bezel.paste(screen, (30, 30))
    img, _ = _framed(canvas, bezel, (270, 140), radius=60, shadow=True)
    found = frames.screenshot(img)
    assert found is not None
    shot, box = found
    for got, want in zip(box, (300, 170, 900, 1430), strict=True):
        assert abs(got - want) <= 8, box
    assert shot.size == (box[2] - box[0], box[3] - box[1])


def test_a_picture_that_is_the_screenshot_has_none() -> None:
    assert frames.screenshot(_screen((1080, 2340), (250, 250, 250), (20, 20, 20))) is None


@pytest.mark.parametrize("blur", [20, 80])
def test_a_screenshot_over_a_blurred_copy_of_itself_is_found(blur: int) -> None:
    """Story editors also put the screenshot over a blurred, darkened copy of itself."""
    shot = _screen((1080, 2340), (245, 240, 230), (200, 40, 40))
    backdrop = shot.resize((1080, 1920)).filter(ImageFilter.GaussianBlur(blur))
    backdrop = backdrop.point(lambda v: v * 7 // 10)
    img, box = _framed(backdrop, shot.resize((760, 1646)), (160, 137), radius=30, shadow=True)
    _assert_near(frames.find(img), box, slack=12)
