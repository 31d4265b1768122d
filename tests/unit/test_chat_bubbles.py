"""Chat bubbles: found from pixels whatever the messenger's colours, read as a document.

The images are drawn here, in colours and geometry of no messenger we render (a purple
bubble on beige, an orange one with dark text on a dark page, a grey received bubble);
the rows are made by hand, with stamps inside and below bubbles and a header of
another kind.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.ocr import bubbles
from ingest.ocr.stage import ocr_bytes
from ingest.read.chat import bubble_document, document_rows
from ingest.read.detect import parse_page
from schema.models import OcrLine, OcrPage, OcrWord
from schema.settings import Settings

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SHARE = [
    "Push",
    "Monday, Mar 3, 2025 at 6:10pm",
    "",
    "Bench Press (Barbell)",
    "Set 1: 60 kg x 8",
    "Set 2: 65 kg x 6",
    "",
    "Overhead Press (Barbell)",
    "Set 1: 40 kg x 10",
]


def _chat_image(
    page: tuple[int, int, int], bubble: tuple[int, int, int], ink: tuple[int, int, int]
) -> Image.Image:
    """A 600 x 1000 chat: a received grey one-liner on the left, a sent share on the right."""
    img = Image.new("RGB", (600, 1000), page)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    draw.rectangle((0, 0, 600, 70), fill=(90, 90, 90))  # a header bar across the page
    draw.text((20, 20), "< Alex", font=font, fill=(255, 255, 255))
    draw.rounded_rectangle((20, 110, 300, 160), radius=18, fill=(128, 128, 140))
    draw.text((40, 122), "Gym today?", font=font, fill=(255, 255, 255))
    draw.rounded_rectangle((150, 200, 580, 560), radius=22, fill=bubble)
    for i, text in enumerate(SHARE):
        draw.text((172, 214 + 36 * i), text, font=font, fill=ink)
    draw.text((480, 530), "18:02", font=ImageFont.truetype(FONT, 14), fill=ink)
    return img


@pytest.mark.parametrize(
    ("page", "bubble", "ink"),
    [
        ((245, 238, 225), (120, 60, 200), (255, 255, 255)),  # purple on beige, white text
        ((20, 20, 24), (255, 150, 30), (15, 15, 15)),  # orange on dark, dark text
        ((255, 255, 255), (0, 120, 255), (255, 255, 255)),  # white text = the page's colour
    ],
)
def test_finds_the_share_bubble_in_any_colours(
    page: tuple[int, int, int], bubble: tuple[int, int, int], ink: tuple[int, int, int]
) -> None:
    found, background = bubbles.find(_chat_image(page, bubble, ink))
    # The one-liner is too low for a document, the header spans the page: one bubble.
    assert len(found) == 1
    left, top, right, bottom = found[0].box()
    assert left <= 150 + 40 and right >= 580 - 40 and top <= 240 and bottom >= 520
    assert max(abs(a - b) for a, b in zip(background, page, strict=True)) < 8


def test_whitened_bubble_keeps_the_pages_polarity_with_its_text_as_ink() -> None:
    img = _chat_image((20, 20, 24), (255, 150, 30), (15, 15, 15))
    found, background = bubbles.find(img)
    painted = bubbles.whiten(img, found, background).convert("L")
    # On a dark page the bubble turns dark and its dark text light, as the page's own.
    inside = painted.crop((400, 240, 560, 250))  # bubble background, no text
    text = painted.crop((172, 214, 230, 240))  # `Push`
    assert max(inside.tobytes()) < 60
    assert max(text.tobytes()) > 200


def test_no_bubble_on_an_app_screen_with_a_card_and_striped_rows() -> None:
    img = Image.new("RGB", (600, 1000), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 100, 580, 400), fill=(240, 240, 245))  # a centred card
    for y in range(450, 900, 80):  # zebra rows across the page
        draw.rectangle((0, y, 600, y + 40), fill=(230, 235, 250))
    assert bubbles.find(img)[0] == []


def test_ocr_stage_reads_white_text_on_a_blue_bubble_on_black() -> None:
    img = _chat_image((0, 0, 0), (10, 132, 255), (255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    page = ocr_bytes(buffer.getvalue(), Settings())
    assert page.settings["bubbles"]
    draft = parse_page(page)
    assert draft.title == "Push"
    assert [e.raw_name for e in draft.exercises] == [
        "Bench Press (Barbell)",
        "Overhead Press (Barbell)",
    ]


def _row(text: str, left: int, top: int, char: int = 12, height: int = 24) -> OcrLine:
    words, x = [], left
    for token in text.split():
        words.append(OcrWord(text=token, left=x, top=top, width=char * len(token), height=height))
        x += char * (len(token) + 1)
    return OcrLine(words=tuple(words))


def _other_messenger(bubble_box: list[int] | None) -> OcrPage:
    """A messenger of another kind: a centred header, a day chip, the share with a
    bubble wrapped line, `Edited 18:02` inside the bubble, `Seen` under it, an input bar."""
    rows = [
        _row("Coach Sam", 250, 20),
        _row("online", 270, 50),
        _row("Yesterday", 260, 100),
        _row("Leg day?", 30, 150),
        _row("Bench 3x8 @ 60kg, then Squat", 180, 220),
        _row("100kg 5x5", 180, 254),
        _row("", 180, 288),
        _row("Deadlift 140x5, 150x3, 160x1 kg", 180, 322),
        _row("OHP: 40kg 8/8/7", 180, 356),
        _row("Edited 18:02", 470, 394, char=8, height=16),
        _row("Seen", 540, 430, char=8, height=16),
        _row("Write a message", 60, 900),
    ]
    settings = {"bubbles": [bubble_box]} if bubble_box else {}
    return OcrPage(lines=[r for r in rows if r.words], width=600, height=1000, settings=settings)


def test_bubble_rows_lose_stamps_and_chrome_and_join_the_wrapped_line() -> None:
    document = bubble_document(_other_messenger([160, 205, 590, 420]))
    assert document is not None
    assert [line.text for line in document.lines] == [
        "Bench 3x8 @ 60kg, then Squat 100kg 5x5",
        "Deadlift 140x5, 150x3, 160x1 kg",
        "OHP: 40kg 8/8/7",
    ]
    # A document in its own right: coordinates from the bubble's corner.
    assert document.width == 430 and document.lines[0].left == 20


def test_rows_alone_find_the_bubble_by_its_edge_and_its_time_stamp() -> None:
    document = bubble_document(_other_messenger(None))
    assert document is not None
    assert document.lines[0].text == "Bench 3x8 @ 60kg, then Squat 100kg 5x5"
    assert not any("18:02" in line.text for line in document.lines)


def test_a_short_line_after_a_short_line_is_not_a_wrap() -> None:
    rows = [
        _row("Set 1: 60 kg x 8", 20, 0),
        _row("Set 2: 65 kg x 6", 20, 34),
        _row("Overhead Press (Barbell) with a long name", 20, 68),
    ]
    assert [line.text for line in document_rows(rows)] == [r.text for r in rows]


def test_a_page_of_rows_without_bubble_or_stamp_is_not_a_chat() -> None:
    page = OcrPage(
        lines=[
            _row("Push", 20, 0),
            _row("Bench 3x8 @ 60kg", 20, 40),
            _row("OHP 40kg 8/8/7", 20, 80),
        ],
        width=600,
    )
    assert bubble_document(page) is None


def test_an_app_screen_whose_coloured_band_cuts_rows_is_not_a_bubble() -> None:
    rows = [_row(f"{i}   60 kg   8   done", 20, 40 * i) for i in range(1, 6)]
    page = OcrPage(lines=rows, width=600, settings={"bubbles": [[100, 20, 400, 230]]})
    assert bubble_document(page) is None


def _stamped_beside(bubble_box: list[int] | None) -> OcrPage:
    """A messenger that stamps the time on the bubble's last row, far right of its text."""
    last = _row("Pull-ups 2x13", 180, 288)
    stamp = _row("8:48AM", 500, 292, char=8, height=16)
    rows = [
        _row("Coach Sam", 250, 20),
        _row("Leg day?", 30, 150),
        _row("Push day", 180, 220),
        _row("Bench 3x8 @ 60kg", 180, 254),
        OcrLine(words=last.words + stamp.words),
        _row("Nice one!", 30, 350),
    ]
    settings = {"bubbles": [bubble_box]} if bubble_box else {}
    return OcrPage(lines=rows, width=600, height=1000, settings=settings)


@pytest.mark.parametrize("box", [[160, 205, 590, 320], None])
def test_a_time_stamped_beside_the_last_row_is_no_part_of_it(box: list[int] | None) -> None:
    document = bubble_document(_stamped_beside(box))
    assert document is not None
    assert document.lines[-1].text == "Pull-ups 2x13"
