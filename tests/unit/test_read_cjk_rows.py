"""Japanese and Korean pages read by their structure: hand-made OCR rows, no OCR.

Pins: a back-arrow bar at the top is chrome; a Latin name among CJK names is doubted;
reps whose 回 OCR damaged are read back by width, as a guess; a 年月日 date whose digits
read unsure is doubted; holds in 秒 and the times sign read as ※.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.ocr.languages import script_lines
from ingest.ocr.split_rows import join_split_lines
from ingest.read import detect
from ingest.read.cjk_dates import unsure_date
from ingest.read.garbled_weights import set_by_place
from ingest.read.japanese import respell
from ingest.read.rows import parse_set_line
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def row(*cells: tuple[str, int, int], top: int = 0, conf: float = 93.0) -> OcrLine:
    """Words as (text, left, width), 30 px high."""
    return OcrLine(
        words=tuple(
            OcrWord(text=t, conf=conf, left=x, top=top, width=w, height=30) for t, x, w in cells
        )
    )


def text_row(text: str, top: int, conf: float = 93.0) -> OcrLine:
    """Words 30 px per character, 20 px apart."""
    cells, x = [], 40
    for token in text.split():
        cells.append((token, x, 30 * len(token)))
        x += 30 * len(token) + 20
    return row(*cells, top=top, conf=conf)


def page(*lines: OcrLine) -> OcrPage:
    spaced = [ln.model_copy(update={"words": _at(ln, 20 + 60 * i)}) for i, ln in enumerate(lines)]
    return OcrPage(lines=spaced, width=750, height=60 * len(lines) + 60, mean_conf=93.0)


def _at(line: OcrLine, top: int) -> tuple[OcrWord, ...]:
    return tuple(w.model_copy(update={"top": top}) for w in line.words)


def reps_row(number: str, reps: str) -> OcrLine:
    """`1  12 回`: a set number, reps of 24 px a digit, a gap of 6 and the 回 of 30."""
    width = 24 * len(reps)
    return row((number, 55, 14), (reps, 90, width), ("回", 96 + width, 30))


def log_page(*sets: OcrLine, name: str = "ディップス") -> OcrPage:
    return page(
        text_row("5:11 100%", 0),
        text_row("< 2B", 0),
        text_row("胸の日", 0),
        text_row("2023年2月15日 (水)", 0),
        text_row(name, 0),
        *sets,
        text_row("スクワット", 0),
        reps_row("1", "12"),
        reps_row("2", "9"),
    )


def test_a_back_arrow_bar_at_the_top_is_chrome_and_not_the_title() -> None:
    draft = detect.parse_page(log_page(reps_row("1", "19"), reps_row("2", "18")))
    assert draft.title == "胸の日"
    assert draft.performed_on == date(2023, 2, 15)
    assert [e.raw_name for e in draft.exercises] == ["ディップス", "スクワット"]
    assert [s.reps for s in draft.exercises[0].sets] == [19, 18]
    assert not draft.needs_review


def test_a_latin_name_on_a_japanese_page_is_doubted() -> None:
    draft = detect.parse_page(log_page(reps_row("1", "19"), reps_row("2", "18"), name="SE"))
    assert draft.exercises[0].raw_name == "SE"
    assert "name.wrong_script" in {f.kind for f in draft.findings}
    assert draft.needs_review


@pytest.mark.parametrize(
    ("damaged", "reps"),
    [
        ("138]", 13),  # 回 read as `8]`
        ("186)", 18),  # 回 read as `6)`
        ("178", 17),  # 回 read as one more digit
        ("56", 5),
        ("13]", 13),  # only a bracket left of 回
        ("7B", 7),  # 回 read as a letter drawn like a box
    ],
)
def test_reps_with_a_damaged_unit_are_read_by_width_as_a_guess(damaged: str, reps: int) -> None:
    digits = len(damaged.rstrip(")]"))
    kept = len(str(reps))
    # The token spans the reps' digits and the 回 as the clean rows print them.
    width = 24 * kept + 6 + 30 if digits > kept or not damaged[-1].isdigit() else 24 * digits
    damaged_row = row(("2", 55, 14), (damaged, 90, width))
    draft = detect.parse_page(log_page(reps_row("1", "19"), damaged_row))
    assert [s.reps for s in draft.exercises[0].sets] == [19, reps]
    assert "reps.unit_damaged" in {f.kind for f in draft.findings}
    assert draft.needs_review


def test_a_damaged_unit_whose_width_fits_no_reading_leaves_the_row_unread() -> None:
    damaged_row = row(("2", 55, 14), ("162]", 90, 72))  # between 1 and 2 digits
    draft = detect.parse_page(log_page(reps_row("1", "19"), damaged_row))
    assert [s.reps for s in draft.exercises[0].sets] == [19]
    assert "set.unreadable" in {f.kind for f in draft.findings}


def test_unsure_digits_of_a_japanese_date_are_doubted() -> None:
    unsure = row(("2020", 40, 80), ("年", 130, 30), ("12", 170, 40), ("月", 220, 30))
    unsure = unsure.model_copy(
        update={
            "words": (*unsure.words, OcrWord(text="26", conf=52, left=260, width=40, height=30))
        }
    )
    assert [f.kind for f in unsure_date(unsure, "2020年12月26")] == ["date.unsure"]
    assert unsure_date(text_row("2020年12月20日", 0), "2020年12月20日") == []


@pytest.mark.parametrize(
    ("text", "reps", "weight", "seconds"),
    [
        ("1セット目 90秒", None, None, 90),
        ("2セット目 1分30秒", None, None, 90),
        ("3 45kg※14 回", 14, 45.0, None),
        ("2 45kgX※5 回", 5, 45.0, None),
        ("4 82.5kg メ 7 回", 7, 82.5, None),
        ("1セット目 55kq 4 回", 4, 55.0, None),
        ("1 30kqgx15 回", 15, 30.0, None),
    ],
)
def test_holds_in_seconds_and_the_times_sign_read_as_a_mark(
    text: str, reps: int | None, weight: float | None, seconds: int | None
) -> None:
    parsed = parse_set_line(text)
    assert parsed is not None
    assert (parsed[0].reps, parsed[0].weight, parsed[0].duration_s) == (reps, weight, seconds)
    assert respell("Bench 60kg x 8") == "Bench 60kg x 8"


def test_numbers_english_was_unsure_of_or_closed_with_a_bracket_are_read_in_the_script() -> None:
    ocr = page(
        text_row("2 138]", 0),  # 13回
        text_row("20242838 21:03", 0, conf=46),  # 2024年2月3日, glued
        text_row("1 12", 0, conf=40),  # short numbers read unsure are everywhere
        text_row("62.5kg 8", 0),
    )
    assert [ocr.lines[i].text for i in script_lines(ocr)] == ["2 138]", "20242838 21:03"]


def test_lines_the_page_pass_split_from_one_row_are_read_again_as_one() -> None:
    split = OcrPage(
        lines=[
            row(("5", 40, 20), ("EXERCISES", 80, 200), top=354),
            # '딥스' cut in two: 443-467, and a fragment 468-485 touching it
            OcrLine(words=(OcrWord(text="CLA", left=60, top=443, width=70, height=24),)),
            OcrLine(words=(OcrWord(text="o—", left=62, top=468, width=40, height=17),)),
            row(("Total", 60, 90), ("Reps:", 160, 90), top=515),
        ],
        width=1000,
        height=2000,
    )
    joined = join_split_lines(split)
    assert [ln.text for ln in joined.lines] == ["5 EXERCISES", "CLA o—", "Total Reps:"]
    assert (joined.lines[1].top, joined.lines[1].bottom) == (443, 485)


def test_reps_far_beyond_the_exercise_s_other_sets_are_doubted() -> None:
    sets = (
        text_row("1 30kg 4回", 0),
        text_row("2 30kg 83回", 0),  # 3回 read as 83
        text_row("3 30kg 5回", 0),
    )
    draft = detect.parse_page(log_page(*sets))
    assert [s.reps for s in draft.exercises[0].sets] == [4, 83, 5]
    assert "value.outlier" in {f.kind for f in draft.findings}
    assert draft.needs_review


def test_a_label_row_touching_a_name_stays_a_row_of_its_own() -> None:
    close = OcrPage(
        lines=[
            row(("mcd", 37, 60), ("240", 110, 50), top=832),
            row(("MAX", 37, 60), ("Weight:", 110, 100), ("40kg", 220, 60), top=862),
        ],
        width=1000,
        height=2000,
    )
    assert [ln.text for ln in join_split_lines(close).lines] == ["mcd 240", "MAX Weight: 40kg"]


def test_two_set_rows_that_touch_stay_two_rows() -> None:
    touching = OcrPage(
        lines=[
            row(("2", 85, 20), ("セット目", 120, 120), ("225Ng", 260, 90), top=642),
            row(("3", 85, 20), ("セット目", 120, 120), ("nm", 260, 40), top=673),
        ],
        width=1000,
        height=2000,
    )
    assert len(join_split_lines(touching).lines) == 2


def test_a_date_row_that_reads_as_no_date_still_ends_the_title_and_is_doubted() -> None:
    lines = list(log_page(reps_row("1", "19"), reps_row("2", "18")).lines)
    lines[3] = text_row("2929年1月24日 (金)", 0)  # 2020 misread: no date
    draft = detect.parse_page(page(*lines))
    assert draft.title == "胸の日"
    assert draft.performed_on is None
    assert [e.raw_name for e in draft.exercises] == ["ディップス", "スクワット"]
    assert "date.unreadable" in {f.kind for f in draft.findings}
    assert draft.needs_review


def test_a_japanese_name_above_an_unreadable_first_set_stays_the_name() -> None:
    lines = list(log_page().lines)
    lines[3] = text_row("2929年1月24日", 0)
    stats = text_row("〇 合計時 1 時間 56 分い綴重量 1.896ks", 0)  # labels garbled
    garbled_first = text_row("1 セット目 19kg 11 還", 0)
    rows = (*lines[:4], stats, lines[4], garbled_first, reps_row("2", "18"), *lines[5:])
    draft = detect.parse_page(page(*rows))
    assert [e.raw_name for e in draft.exercises] == ["ディップス", "スクワット"]


def test_a_korean_app_s_numbers_are_english_however_unsure() -> None:
    ocr = page(
        text_row("MAX Weight: 60kg", 0),
        text_row("2024.05.25", 0),
        text_row("160 KCAL 32 min 1838 kg", 0, conf=6),  # Latin units: nothing in Hangul
    )
    assert script_lines(ocr) == []


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("天 必 グ 20kg 9 回", 0, (20.0, 9, "warmup")),  # first, no set label: the warm-up
        ("SE ドド 目 70kg 14 回", 3, (70.0, 14, "working")),
        ("ll 形釣民目 90kg 3 回", 0, (90.0, 3, "working")),  # a set label's 目 is left
        ("1 98", 0, None),
    ],
)
def test_a_set_whose_label_is_garbled_is_read_by_its_place(
    text: str, index: int, expected: tuple[float, int, str] | None
) -> None:
    found = set_by_place(text, index)
    assert (found and (found[0].weight, found[0].reps, found[0].set_type)) == expected


def test_a_garbled_label_row_is_a_set_and_a_guess() -> None:
    lines = list(log_page(reps_row("1", "19")).lines)
    lines[5] = text_row("天必グ 20kg 9 回", 0)
    draft = detect.parse_page(page(*lines))
    assert (draft.exercises[0].sets[0].weight, draft.exercises[0].sets[0].set_type) == (
        20.0,
        "warmup",
    )
    assert "set.label_garbled" in {f.kind for f in draft.findings}
    assert draft.needs_review
