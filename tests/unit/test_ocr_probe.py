"""A second script language is probed on a few rows before it re-reads them all
(`ingest.ocr.stage._probe`), with real tesseract."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.ocr.stage import _probe
from ingest.ocr.tesseract import ocr_image, tesseract_info
from schema.settings import Settings

pytestmark = pytest.mark.unit

_CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _rows(*texts: str) -> Image.Image:
    img = Image.new("L", (700, 70 * len(texts) + 40), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_CJK_FONT, 34)
    for i, text in enumerate(texts):
        draw.text((30, 30 + 70 * i), text, font=font, fill=0)
    return img


@pytest.fixture(scope="module")
def settings() -> Settings:
    if "kor" not in tesseract_info().languages:
        pytest.skip("tesseract-ocr-kor not installed")
    return Settings()


def test_the_probe_finds_korean_rows_where_english_read_debris(settings: Settings) -> None:
    img = _rows("바벨 스쿼트", "벤치 프레스", "데드리프트")
    page = ocr_image(img, languages="eng", timeout_s=30)
    assert _probe(page, img, "kor", list(range(len(page.lines))), settings, 30)


def test_the_probe_finds_no_korean_on_an_english_page(settings: Settings) -> None:
    img = _rows("Bench Press", "1  60 kg  8", "Squat (Barbell)")
    page = ocr_image(img, languages="eng", timeout_s=30)
    assert not _probe(page, img, "kor", list(range(len(page.lines))), settings, 30)
    assert not _probe(page, img, "kor", [], settings, 30)
