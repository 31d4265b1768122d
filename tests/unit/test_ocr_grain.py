"""The grain sign: a photo's sensor grain against a screenshot's flat regions."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from ingest.ocr.grain import GRAINY, grain_level
from ingest.ocr.stage import ocr_bytes
from ingest.ocr.tesseract import LOCAL_THRESHOLD, ocr_image
from schema.settings import Settings

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def screen(dark: bool = False, size: tuple[int, int] = (720, 900)) -> Image.Image:
    """A screenshot-like page: bars, cards and rows of text on flat colours."""
    back, ink, card = ((18, 18, 20), (235, 235, 235), (40, 40, 46))
    if not dark:
        back, ink, card = (250, 250, 250), (20, 20, 20), (228, 232, 240)
    img = Image.new("RGB", size, back)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for n, y in enumerate(range(40, size[1] - 80, 90)):
        draw.rounded_rectangle((20, y, size[0] - 20, y + 70), 12, fill=card)
        draw.text((40, y + 18), f"Bench Press  {n + 1}  60 kg x 8", font=font, fill=ink)
    return img


def grainy(img: Image.Image, sigma: float, seed: int = 7) -> Image.Image:
    """`img` in grey with Gaussian grain of `sigma` grey levels on every pixel, as a camera
    adds."""
    rng = random.Random(seed)
    levels = (round(128 + rng.gauss(0, sigma)) for _ in range(img.width * img.height))
    noise = Image.frombytes("L", img.size, bytes(max(0, min(255, v)) for v in levels))
    return ImageChops.add(img.convert("L"), noise, scale=1.0, offset=-128)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    out = io.BytesIO()
    img.convert("RGB").save(out, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("dark", [False, True])
def test_a_screenshot_has_no_grain_even_recompressed_or_resampled(dark: bool) -> None:
    page = screen(dark)
    small = page.resize((540, 675), Image.Resampling.LANCZOS)
    for img in (page, jpeg(page, 55), jpeg(small, 70), small):
        assert grain_level(img) < GRAINY


@pytest.mark.parametrize("dark", [False, True])
def test_a_photo_is_grainy_even_after_jpeg(dark: bool) -> None:
    photo = grainy(screen(dark), sigma=4)
    assert grain_level(photo) > 2 * GRAINY
    assert grain_level(jpeg(photo, 85)) > GRAINY


def test_a_tiny_image_has_no_grain() -> None:
    assert grain_level(Image.new("L", (10, 10), 0)) == 0.0


def test_local_threshold_is_a_read_setting() -> None:
    img = screen().convert("L")
    page = ocr_image(img, languages="eng", timeout_s=60, local_threshold=True)
    assert page.settings["threshold"] == "sauvola"
    assert "Bench" in " ".join(w.text for line in page.lines for w in line.words)
    assert LOCAL_THRESHOLD == {"thresholding_method": "2"}
    assert "threshold" not in ocr_image(img, languages="eng", timeout_s=60).settings


def png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_the_stage_reads_a_grainy_picture_with_local_thresholding() -> None:
    settings = Settings(ocr_auto_languages="")
    clean = ocr_bytes(png(screen(dark=True)), settings)
    assert clean.settings["grain"] == 0.0
    assert "threshold" not in clean.settings
    photo = ocr_bytes(png(grainy(screen(dark=True), sigma=6)), settings)
    assert photo.settings["grain"] > GRAINY
    assert photo.settings["threshold"] == "sauvola"
    assert "Bench" in " ".join(w.text for line in photo.lines for w in line.words)
