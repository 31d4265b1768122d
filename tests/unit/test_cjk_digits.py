"""The digit runs of CJK rows read again with the Latin model (no tesseract)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from ingest.ocr.cjk_digits import Target, cut_outs, digit_words, merge_digits
from ingest.ocr.languages import SCRIPT_OF
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

JAPANESE = SCRIPT_OF["jpn"]


def word(text: str, left: int, width: int, conf: float = 90.0, top: int = 100) -> OcrWord:
    return OcrWord(text=text, left=left, top=top, width=width, height=30, conf=conf)


def set_row() -> OcrLine:
    # `1  60kg × 19回` as the Japanese model boxed it: `19` reaches over the `回`.
    return OcrLine(
        words=(
            word("1", 20, 10),
            word("60kg", 100, 80),
            word("X", 200, 20),
            word("19", 240, 60),
            word("回", 280, 30),
        )
    )


def page(*lines: OcrLine) -> OcrPage:
    return OcrPage(lines=list(lines), width=400, height=400)


def reading(text: str, conf: float) -> list[OcrLine]:
    return [OcrLine(words=(OcrWord(text=text, conf=conf),))] if text else []


def test_digit_words_only_on_rows_of_the_script() -> None:
    english = OcrLine(words=(word("60kg", 100, 80, top=10), word("x", 200, 20, top=10)))
    targets = digit_words(page(english, set_row()), JAPANESE)
    assert [(t.line, t.word) for t in targets] == [(1, 0), (1, 1), (1, 3)]


def test_digit_words_end_at_a_latin_neighbour_and_reach_towards_a_kanji() -> None:
    by_word = {t.word: t for t in digit_words(page(set_row()), JAPANESE)}
    weight, reps = by_word[1], by_word[3]
    assert weight.box[2] == 180 and weight.peel == (False, False)  # `X` starts at 200
    # Widened by a share of the line's height, but never past the middle of the `回`.
    assert reps.box[2] == 295 and reps.peel == (False, True)
    assert reps.inner == (0, 60)


def draw_row(kanji_height: int) -> tuple[Image.Image, Target]:
    """Two digit-like blocks 20 px tall, then a block as tall as `kanji_height` at the
    right edge of the box (a kanji's stroke inside the digits' box)."""
    img = Image.new("L", (200, 60), 255)
    pen = ImageDraw.Draw(img)
    pen.rectangle((10, 20, 19, 39), fill=0)
    pen.rectangle((25, 20, 34, 39), fill=0)
    pen.rectangle((40, 30 - kanji_height // 2, 43, 30 + kanji_height // 2), fill=0)
    return img, Target(line=0, word=0, box=(5, 5, 44, 55), inner=(5, 30), peel=(False, True))


def test_cut_outs_take_off_a_taller_stroke_at_an_open_edge() -> None:
    img, target = draw_row(kanji_height=30)
    (crop,) = cut_outs(img, [target])
    assert crop.width == 25 + 2 * 8  # the two digits and the margins, not the stroke


def test_cut_outs_keep_a_digit_as_tall_as_the_others() -> None:
    img, target = draw_row(kanji_height=19)
    (crop,) = cut_outs(img, [target])
    assert crop.width == 34 + 2 * 8


@pytest.mark.parametrize(
    ("old", "read", "conf", "expected"),
    [
        ("19", "10", 96.0, "10"),  # 0 read as 9 by the script model
        ("19", "10|", 96.0, "10"),  # a neighbour's stroke at the edge
        ("1097.5kg", "107.5kg", 91.0, "107.5kg"),  # a digit more inside the word
        ("19", "10", 50.0, "19"),  # less confident than the script model
        ("2", "24", 97.0, "2"),  # a digit more: a neighbour read as one
        ("15", "1", 97.0, "15"),  # a digit fewer at the edge: the box cut it
        ("19", "IO", 97.0, "19"),  # no number
        ("77.5kg", "77,5kg", 97.0, "77.5kg"),  # the same digits keep their separators
        ("19kgX", "10kgX", 90.0, "10kgX"),  # a times sign glued to the unit
    ],
)
def test_merge_digits(old: str, read: str, conf: float, expected: str) -> None:
    line = OcrLine(words=(word(old, 100, 60, conf=80.0), word("回", 170, 30)))
    the_page = page(line)
    target = Target(line=0, word=0, box=(100, 100, 160, 130), inner=(0, 60), peel=(True, True))
    merge_digits(the_page, [target], [reading(read, conf)])
    assert the_page.lines[0].words[0].text == expected
    assert the_page.lines[0].words[1].text == "回"


def test_agreeing_readings_keep_the_higher_confidence() -> None:
    the_page = page(OcrLine(words=(word("13", 100, 60, conf=59.0), word("回", 170, 30))))
    target = Target(line=0, word=0, box=(100, 100, 160, 130), inner=(0, 60), peel=(True, True))
    assert merge_digits(the_page, [target], [reading("13", 95.0)]) == 0
    assert the_page.lines[0].words[0].conf == 95.0


def test_a_weight_whose_digits_read_as_letters_is_read_again() -> None:
    row = OcrLine(words=(word("アップ", 40, 90), word("Skg", 150, 60), word("9回", 230, 60)))
    assert [t.word for t in digit_words(page(row), JAPANESE)] == [1]
    the_page = page(row)
    target = Target(line=0, word=1, box=(150, 100, 210, 130), inner=(0, 60), peel=(True, True))
    assert merge_digits(the_page, [target], [reading("5kg", 93.0)]) == 1
    assert the_page.lines[0].words[1].text == "5kg"


@pytest.mark.parametrize(("conf", "expected"), [(43.0, "10"), (80.0, "109")])
def test_a_glyph_read_as_a_last_digit_goes_when_the_script_model_was_unsure(
    conf: float, expected: str
) -> None:
    # `10回` read `109` by the script model: the Latin model reads the digits alone `10`.
    the_page = page(OcrLine(words=(word("109", 100, 60, conf=conf), word("回", 170, 30))))
    target = Target(line=0, word=0, box=(100, 100, 160, 130), inner=(0, 60), peel=(True, True))
    merge_digits(the_page, [target], [reading("10", 95.0)])
    assert the_page.lines[0].words[0].text == expected
