"""Words told by their box (`ingest.ocr.shapes`): an icon left of a row's text spelled as
one mark, whatever OCR read in it, so that a thumbnail read as a digit does not make a
name a set row; a flat stroke in a cell spelled as a dash."""

from __future__ import annotations

import pytest

from ingest.ocr.shapes import DASH, ICON, by_shape
from ingest.read import detect
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def _word(text: str, left: int, size: tuple[int, int] = (0, 20)) -> OcrWord:
    width, height = size
    return OcrWord(text=text, left=left, top=0, width=width or 12 * len(text), height=height)


def _page(*lines: tuple[OcrWord, ...]) -> OcrPage:
    placed = []
    for i, words in enumerate(lines):
        top = 20 + 60 * i
        placed.append(OcrLine(words=tuple(w.model_copy(update={"top": top}) for w in words)))
    return OcrPage(lines=placed, width=1000, height=60 * len(lines) + 60, mean_conf=95)


_THUMB = (46, 46)


def test_a_tall_square_first_word_beside_a_name_is_an_icon() -> None:
    page = _page((_word("6", 40, _THUMB), _word("Cable", 120), _word("Crossover", 200)))
    assert [w.text for w in by_shape(page).lines[0].words] == [ICON, "Cable", "Crossover"]


def test_an_icon_column_marks_a_thumbnail_beside_a_tall_word() -> None:
    # `Cycling` (descenders) stands 2/3 of its thumbnail: the column tells, not the row.
    page = _page(
        (_word("O", 40, _THUMB), _word("Plank", 120)),
        (_word("O", 41, _THUMB), _word("Cycling", 120, (84, 31))),
    )
    assert [line.words[0].text for line in by_shape(page).lines] == [ICON, ICON]


def test_a_badge_beside_numbers_and_a_word_of_text_height_are_left_alone() -> None:
    page = _page(
        (_word("W", 40, (30, 36)), _word("52.5", 300), _word("9", 500)),
        (_word("Set", 40, (49, 36)), _word("Weight", 120, (105, 24)), _word("Reps", 300)),
        (_word("Sit", 40, (70, 45)), _word("Up", 120, (72, 54)), _word("ses", 900, (40, 8))),
    )
    assert by_shape(page) is page


def test_a_name_behind_a_thumbnail_read_as_a_digit_opens_its_exercise() -> None:
    def row(*cells: tuple[str, int]) -> tuple[OcrWord, ...]:
        return tuple(_word(text, x) for text, x in cells)

    page = _page(
        (_word("6", 40, _THUMB), _word("Cable", 120), _word("Crossover", 200)),
        row(("SET", 40), ("KG", 300), ("REPS", 500)),
        row(("1", 50), ("85", 300), ("5", 500)),
        row(("2", 50), ("85", 300), ("14", 500)),
        (_word("O", 40, _THUMB), _word("Walking", 120)),
        row(("SET", 40), ("KM", 300), ("TIME", 500)),
        row(("1", 50), ("5", 300), ("40:00", 500)),
    )
    names = [e.raw_name for e in detect.parse_page(page).exercises]
    assert names == ["Cable Crossover", "Walking"]


def test_a_flat_word_beside_numbers_is_a_dash_and_beside_a_name_is_left_alone() -> None:
    page = _page(
        (_word("1", 56), _word("8", 199), _word("oa", 372, (28, 4))),
        (_word("Dead", 120), _word("Hang", 200), _word("ase", 583, (18, 4))),
    )
    lines = by_shape(page).lines
    assert [w.text for w in lines[0].words] == ["1", "8", DASH]
    assert [w.text for w in lines[1].words] == ["Dead", "Hang", "ase"]
