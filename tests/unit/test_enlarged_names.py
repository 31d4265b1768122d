"""Voicing marks of kana read again at twice the size (no tesseract)."""

from __future__ import annotations

import pytest
from PIL import Image

from ingest.ocr.enlarged_names import MARK_SCALE, enlarged, merge_marks, merge_names, name_rows
from ingest.read.detect import parse_page
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def line(*texts: str, conf: float = 93.0, top: int = 0) -> OcrLine:
    return OcrLine(
        words=tuple(
            OcrWord(text=t, conf=conf, left=40 + 100 * i, top=top, width=30 * len(t), height=30)
            for i, t in enumerate(texts)
        )
    )


def read(*texts: str) -> list[OcrLine]:
    return [line(*texts)]


def test_a_word_whose_marks_the_enlarged_reading_reads_otherwise_is_unsure() -> None:
    page = OcrPage(lines=[line("ペン", "チ", "プ", "レス")], width=750, height=100)
    assert merge_marks(page, 0, read("ベン", "チ", "プ", "レス"))
    words = page.lines[0].words
    assert [w.text for w in words] == ["ペン", "チ", "プ", "レス"]  # kept: either may be right
    assert words[0].conf < 70 and words[1].conf == 93.0


@pytest.mark.parametrize(
    "big",
    [
        ("ペン", "チ", "プ", "レス"),  # the same reading
        ("ペン", "チ", "プ", "レ"),  # a letter fewer
        ("ベン", "ナ", "プ", "レス"),  # another letter too: not only the marks
    ],
)
def test_readings_that_differ_in_more_than_marks_leave_the_line_alone(big: tuple[str]) -> None:
    page = OcrPage(lines=[line("ペン", "チ", "プ", "レス")], width=750, height=100)
    assert not merge_marks(page, 0, read(*big))
    assert page.lines[0].text == "ペン チ プ レス"


def test_names_are_the_lines_without_digits_over_a_line_with_them() -> None:
    page = OcrPage(
        lines=[line("< Be"), line("AYVFPILA"), line("Ityhe", "47.5kg", "7)"), line("oO")],
        width=750,
        height=200,
    )
    assert name_rows(page, [0, 1, 2, 3]) == [1]


def test_crops_are_cut_to_their_ink_and_enlarged() -> None:
    img = Image.new("L", (300, 100), 255)
    img.paste(0, (100, 40, 140, 60))  # a name's ink, 40 px wide
    [(crop, offset)] = enlarged(img, [(0, 30, 300, 70)])
    assert crop.size == ((40 + 2 * 10) * MARK_SCALE, 40 * MARK_SCALE)
    assert offset == (90, 30)


def test_a_name_whose_marks_were_read_two_ways_is_sent_to_review() -> None:
    rows = [
        line("< 履歴", "編集", top=20),
        line("胸の日", top=80),
        line("2023年2月15日", top=140),
        line("ペン", "チ", "プ", "レス", top=200),
        line("1セット目", "60kg", "8回", top=260),
        line("2セット目", "60kg", "6回", top=320),
    ]
    page = OcrPage(lines=rows, width=750, height=400, mean_conf=93.0)
    assert not parse_page(page.model_copy(deep=True)).needs_review
    assert merge_marks(page, 3, read("ベン", "チ", "プ", "レス"))
    parsed = parse_page(page)
    assert parsed.exercises[0].raw_name == "ペンチプレス"
    assert parsed.needs_review


def test_a_garbled_name_read_surely_enlarged_is_replaced_and_unsure() -> None:
    page = OcrPage(lines=[line("ワイ", "ツブ", "プス", conf=50.0)], width=750, height=100)
    big = [line("ディ", "ッ", "プ", "ス", "K", conf=92.0)]
    assert merge_names(page, {0: ((0, 300), big)})
    words = page.lines[0].words
    assert page.lines[0].text == "ディ ッ プ ス"  # the stray Latin mark is not kept
    assert all(w.conf < 70 for w in words)
    assert (words[0].left, words[0].top, words[0].height) == (20, 300, 15)  # half the size


def test_a_sure_name_or_an_unsure_enlarged_reading_leaves_the_line_alone() -> None:
    sure = OcrPage(lines=[line("サイ", "ド", "プ", "ラン", "ク")], width=750, height=100)
    assert not merge_names(sure, {0: ((0, 0), [line("サイ", "ドブ", "プラ", "ンク")])})
    unsure = OcrPage(lines=[line("ラッ", "トブ", conf=50.0)], width=750, height=100)
    enlarged = [line("フツウ", conf=58.0)]
    assert not merge_names(unsure, {0: ((0, 0), enlarged)})
    assert unsure.lines[0].text == "ラッ トブ"


def test_an_enlarged_reading_that_agrees_leaves_the_line_alone() -> None:
    page = OcrPage(lines=[line("ケー", "ブル", "フラ", "イ", conf=80.0)], width=750, height=100)
    assert not merge_names(page, {0: ((0, 0), [line("ケー", "ブル", "フラ", "イ")])})
    assert all(w.conf == 80.0 for w in page.lines[0].words)


def test_a_set_row_taken_for_a_name_is_never_replaced() -> None:
    page = OcrPage(
        lines=[line("1", "セッ", "ト", "目", "9", "回", conf=50.0)], width=750, height=100
    )
    enlarged = [line("セッ", "ト", "目", "回", conf=93.0)]
    assert not merge_names(page, {0: ((0, 0), enlarged)})
    assert page.lines[0].text == "1 セッ ト 目 9 回"
