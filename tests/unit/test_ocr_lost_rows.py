"""Rows of ink the page pass returned no line for are found and put back: drawn bands, no OCR.

Pins: a band of text height with no line over it is lost (a rule, a photo, a band
already read are not); a lost row's reading is kept only when its script words were
read surely, and it takes its place from the top.
"""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw

from ingest.ocr.lost_rows import lost_bands, merge_lost
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def word(text: str, top: int, conf: float = 95.0, height: int = 30) -> OcrWord:
    return OcrWord(text=text, left=40, top=top, width=30 * len(text), height=height, conf=conf)


def drawn(bands: list[tuple[int, int]]) -> Image.Image:
    """A white page with a black block for each (top, bottom) band."""
    img = Image.new("L", (400, 600), 255)
    draw = ImageDraw.Draw(img)
    for top, bottom in bands:
        draw.rectangle((40, top, 200, bottom - 1), fill=0)
    return img


def test_a_band_of_text_height_no_line_covers_is_lost() -> None:
    # Read: the rows at 20 and 220; lost: the title at 100; a rule (3 px) and a photo
    # (200 px) are no rows; nothing below the last line counts (a tab bar's icons).
    img = drawn([(20, 50), (100, 140), (180, 183), (220, 250), (300, 500), (540, 570)])
    page = OcrPage(lines=[OcrLine(words=(word("履歴", 20),)), OcrLine(words=(word("1", 220),))])
    assert lost_bands(page, img, pad=6) == [(0, 94, 400, 146)]
    page.lines.insert(1, OcrLine(words=(word("25", 104),)))
    assert lost_bands(page, img, pad=6) == []


def test_a_lost_row_read_surely_in_the_script_takes_its_place() -> None:
    page = OcrPage(lines=[OcrLine(words=(word("履歴", 20),)), OcrLine(words=(word("1", 220),))])
    title = [OcrLine(words=(word("全身", 4, 72), word("=", 4, 20)))]
    icons = [OcrLine(words=(word("〇", 4, 90), word("ホ", 4, 40)))]
    assert merge_lost(page, JAPANESE, [((0, 300), icons), ((0, 96), title)]) == 1
    assert [ln.text for ln in page.lines] == ["履歴", "全身", "1"]
    assert page.lines[1].top == 100
