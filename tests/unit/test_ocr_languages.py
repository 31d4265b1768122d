"""Language choice and line rescue, on recorded OCR output (no tesseract)."""

from __future__ import annotations

import pytest

from ingest.ocr.languages import (
    SCRIPT_OF,
    doubtful_rows,
    korean_first,
    merge_rescued,
    merge_title,
    pick_auto_languages,
    rescue_candidates,
    script_confirmed,
    script_letters,
    script_lines,
    title_area,
    weak_signal,
)
from ingest.ocr.rows import line_box, lines_box, merge_rows, row_box
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def line(*words: tuple[str, float], top: int = 0) -> OcrLine:
    return OcrLine(
        words=tuple(
            OcrWord(text=t, conf=c, left=60 * i, top=top, width=50, height=20)
            for i, (t, c) in enumerate(words)
        )
    )


def korean_page() -> OcrPage:
    # Recorded eng+kor output of a Fleek screen (boxes simplified).
    return OcrPage(
        lines=[
            line(("9:09", 97.0), ("12%", 96.0), top=0),
            line(("하체", 93.0), ("전", 93.0), ("완", 93.0), top=40),
            line(("2025.10.10", 96.0), top=80),
            line(("AWE", 93.0), top=120),
            line(("MAX", 96.0), ("Weight:", 93.0), ("70kg", 92.0), top=160),
            line(("8X", 96.0), ("5X", 97.0), top=200),
            line(("EIA", 48.0), top=240),
            line(("2a", 40.0), top=280),
            line(("홈", 97.0), ("운동", 97.0), ("기록", 97.0), ("My", 86.0), top=320),
        ]
    )


def test_pick_auto_languages_keeps_order_and_installed_only() -> None:
    installed = frozenset({"eng", "kor", "osd"})
    assert pick_auto_languages("eng", "kor+jpn", installed) == ["kor"]
    assert pick_auto_languages("eng+kor", "kor+jpn", installed) == []
    assert pick_auto_languages("eng", "", installed) == []


def test_script_confirmed_needs_confident_words_of_the_script() -> None:
    assert script_confirmed(korean_page(), "kor")
    assert not script_confirmed(korean_page(), "jpn")
    stray = OcrPage(lines=[line(("2026", 96.0), ("주", 53.0)), line(("80009", 40.0))])
    assert not script_confirmed(stray, "kor")
    # A short Fleek page: Hangul debris from the nav bar pulls the mean under 70.
    short = OcrPage(
        lines=[
            line(("전", 93.0), ("완", 93.0), ("어깨", 97.0)),
            line(("팁", 0.0), ("스", 93.0)),
            line(("바벨", 97.0), ("로우", 97.0)),
            line(("쪽", 0.0), ("운동", 97.0), ("리복", 31.0), ("617", 32.0)),
        ]
    )
    assert script_confirmed(short, "kor")


def test_lone_jamo_do_not_confirm_korean() -> None:
    # kor on an English screen: specks read as jamo with high confidence.
    specks = OcrPage(lines=[line(("Bench", 95.0), ("ㅁ", 88.0)), line(("ㅇ", 91.0), ("60", 96.0))])
    assert not script_confirmed(specks, "kor")


def test_rescue_candidates_are_name_lines_not_set_rows_or_dates() -> None:
    page = korean_page()
    picked = [page.lines[i].text for i in rescue_candidates(page, "kor")]
    # The nav bar holds a Latin word ('My'); merge_rescued keeps it unless the re-read is better.
    assert picked == ["AWE", "EIA", "2a", "홈 운동 기록 My"]


def test_merge_rescued_replaces_latin_misreads_and_shifts_boxes() -> None:
    page = korean_page()
    rescued = {
        3: ((40, 110), [line(("스", 93.0), ("쿼", 92.0), ("트", 93.0))]),
        6: ((40, 230), [line(("팁", 0.0), ("스", 93.0))]),
        7: ((40, 270), [line(("|", 20.0))]),  # no Hangul: keeps '2a'
        1: ((40, 30), [line(("하", 40.0), ("체", 30.0))]),  # worse than what it replaces
    }
    assert merge_rescued(page, "kor", rescued) == 2
    assert page.lines[3].text == "스 쿼 트"
    assert page.lines[3].words[0].left == 40
    assert page.lines[3].words[0].top == 110
    assert page.lines[6].text == "팁 스"
    assert page.lines[7].text == "2a"
    assert page.lines[1].text == "하체 전 완"


def test_title_area_is_the_band_between_status_bar_and_date() -> None:
    page = korean_page()
    found = title_area(page, 400, 400, pad=2)
    assert found is not None
    box, inside = found
    # Status bar ends at 20, the date starts at 80.
    assert box == (0, 22, 400, 78)
    assert inside == [1]
    assert title_area(OcrPage(lines=[line(("AWE", 93.0))]), 400, 400) is None


def test_merge_title_replaces_the_band_with_script_words_only() -> None:
    page = korean_page()
    reread = [line(("복근", 95.0), ("하체", 94.0), ("전완", 94.0), ("=", 60.0), top=5)]
    assert merge_title(page, "kor", [1], (0, 22), reread) is True
    assert page.lines[1].text == "복근 하체 전완"
    assert page.lines[1].words[0].top == 27
    assert page.lines[2].text == "2025.10.10"
    assert len(page.lines) == len(korean_page().lines)


def test_merge_title_inserts_a_lost_title_above_the_date() -> None:
    page = korean_page()
    del page.lines[1]
    assert merge_title(page, "kor", [], (0, 22), [line(("등", 90.0))]) is True
    assert [ln.text for ln in page.lines[:3]] == ["9:09 12%", "등", "2025.10.10"]


def test_merge_title_keeps_the_page_when_the_reread_is_unsure() -> None:
    page = korean_page()
    assert merge_title(page, "kor", [1], (0, 22), [line(("등", 30.0))]) is False
    assert page.lines[1].text == "하체 전 완"


def test_merge_title_keeps_a_title_the_page_pass_read_as_fully() -> None:
    page = korean_page()
    reread = [line(("하체", 95.0), ("전완", 95.0))]
    assert merge_title(page, "kor", [1], (0, 22), reread) is False
    assert page.lines[1].text == "하체 전 완"


def test_merge_title_narrows_a_box_spanning_the_line() -> None:
    page = korean_page()
    del page.lines[1]
    words = [("둔", 65, 269), ("근", 132, 49), ("전", 211, 73), ("완", 283, 56)]
    reread = OcrLine(
        words=tuple(
            OcrWord(text=t, conf=93.0, left=x, top=0, width=w, height=60) for t, x, w in words
        )
    )
    assert merge_title(page, "kor", [], (0, 0), [reread]) is True
    assert [(w.left, w.right) for w in page.lines[1].words][:2] == [(65, 138), (132, 181)]


def english_pass_of_a_korean_page() -> OcrPage:
    # Recorded eng-only output of a Fleek screen (boxes simplified).
    return OcrPage(
        lines=[
            line(("8:12", 97.0), ("61%", 97.0), top=0),
            line(("Hs", 32.0), ("ts", 7.0), top=40),
            line(("2025.06.20", 96.0), top=80),
            line(("372", 96.0), ("KCAL", 96.0), ("62", 96.0), ("min", 96.0), top=120),
            line(("qj", 27.0), ("2", 42.0), top=160),
            line(("MAX", 97.0), ("Weight:", 93.0), ("22.5kg", 93.0), ("|", 92.0), top=200),
            line(("22.5", 39.0), ("liso", 18.0), top=240),
            line(("10X", 93.0), ("8X", 97.0), top=280),
            line(("2a", 86.0), top=320),
            line(("212", 40.0), top=360),
        ]
    )


def test_script_lines_are_lines_not_made_of_numbers_units_and_labels() -> None:
    page = english_pass_of_a_korean_page()
    picked = [page.lines[i].text for i in script_lines(page)]
    # '2a' (for '풀업') is read at 86 but is no number; '212' (for '친업') looks like
    # one, but a line of one word is no set row (a bold title `全身` read `25` at 84).
    assert picked == ["Hs ts", "qj 2", "22.5 liso", "2a", "212"]


def test_a_number_right_above_total_reps_or_max_weight_is_read_as_a_name() -> None:
    # fleek_50000_095: '풀업' read by English as '22' at 62 above 'Total Reps: 74';
    # fleek_40000_225: '친업' as '4194' at 75. A set row below the label stays out.
    page = OcrPage(
        lines=[
            line(("22", 62.0), top=1036),
            line(("Total", 96.0), ("Reps:", 96.0), ("74", 97.0), top=1139),
            line(("18", 77.0), ("15", 82.0), top=1233),
            line(("4194", 75.0), top=1300),
            line(("MAX", 96.0), ("Weight:", 93.0), ("20kg", 92.0), top=1400),
            line(("20", 89.0), ("20", 89.0), top=1500),
        ]
    )
    assert [page.lines[i].text for i in script_lines(page)] == ["22", "4194"]


def test_doubtful_rows_are_unsure_lines_without_the_script() -> None:
    page = english_pass_of_a_korean_page()
    page.lines[4] = line(("레그", 93.0), ("컬", 30.0), top=160)  # re-read: has the script
    picked = [page.lines[i].text for i in doubtful_rows(page, SCRIPT_OF["kor"])]
    assert picked == ["Hs ts", "22.5 liso", "212"]


def test_merge_rows_keeps_the_more_confident_reading_by_median() -> None:
    page = english_pass_of_a_korean_page()
    reread = {
        6: ((0, 230), [line(("22.5", 82.0), ("17.5", 90.0))]),
        7: ((0, 270), [line(("10X", 60.0), ("8", 70.0))]),  # less sure: kept
        9: ((0, 350), [line(("친업", 93.0))]),
    }
    assert merge_rows(page, reread) == 2
    assert page.lines[6].text == "22.5 17.5"
    assert page.lines[6].words[0].top == 230
    assert page.lines[7].text == "10X 8X"
    assert page.lines[9].text == "친업"
    # One stray mark read at 0 does not outvote five confident numbers.
    page = OcrPage(lines=[line(("100", 81.0), ("£100", 73.0), top=0)])
    five = [("100", 90.0)] * 5 + [("=", 0.0)]
    assert merge_rows(page, {0: ((0, 0), [line(*five)])}) == 1


def test_row_box_spans_the_page_width() -> None:
    assert row_box(line(("바벨", 90.0), top=100), 10, 400, 1000) == (0, 90, 400, 130)


def test_line_box_is_the_line_grown_by_its_height() -> None:
    # Words at 0-50 and 60-110, 20 px tall: 20 px more on either side.
    assert line_box(line(("Cet", 30.0), ("sda)", 12.0), top=100), 10, 400, 1000) == (
        0,
        90,
        130,
        130,
    )
    shifted = OcrLine(words=(OcrWord(text="aan", left=200, top=50, width=40, height=20),))
    assert line_box(shifted, 10, 250, 1000) == (180, 40, 250, 80)


def test_the_title_band_rows_are_read_when_the_band_reads_no_script() -> None:
    # fleek_68500_070: the band from the status bar to the date read as '그/0 =/50';
    # the page pass's own title rows ('Boa =', '=a So') read alone as '복근/97 등/97'.
    page = OcrPage(
        lines=[
            line(("3:16", 95.0), top=29),
            line(("Boa", 73.0), ("=", 34.0), top=123),
            line(("=a", 0.0), ("So", 58.0), top=160),
            line(("2025.04.11", 97.0), top=220),
        ]
    )
    assert lines_box(page, [1, 2], 10, 922, 1677) == (0, 113, 922, 190)
    assert lines_box(page, [], 10, 922, 1677) is None
    assert script_letters("kor", [line(("그", 0.0), ("=", 50.0))]) == 0
    assert script_letters("kor", [line(("복근", 97.0), ("등", 97.0))]) == 3


def test_korean_is_tried_first_only_on_a_korean_looking_page() -> None:
    # Recorded English passes: a Fleek screen (labels, dotted date) and a
    # Japanese one, whose date '2024年10月23日' read as '20245F10A 238'.
    fleek = OcrPage(lines=[line(("2024.11.03", 95.0)), line(("HA]", 40.0), ("DayA", 0.0))])
    japanese = OcrPage(lines=[line(("20245F10A", 40.0), ("238", 60.0)), line(("iil", 20.0))])
    assert korean_first(fleek, ["kor", "jpn"]) == ["kor", "jpn"]
    assert korean_first(japanese, ["kor", "jpn"]) == ["jpn", "kor"]
    assert korean_first(japanese, ["kor"]) == ["kor"]


def test_a_weak_signal_is_few_foreign_lines_for_the_rows_to_read_again() -> None:
    # Recorded English passes: a story capture of a chat screen (the gradient read
    # as two lines of debris), a Japanese screen, and a Fleek screen.
    story = OcrPage(
        lines=[
            line(("Cet", 30.0), ("sda)", 12.0)),
            line(("Bench", 96.0), ("Press", 95.0)),
            line(("tale", 40.0), ("Ma", 20.0), ("nl-ci-t-lel", 0.0)),
        ]
    )
    assert weak_signal(story, 3)
    japanese = OcrPage(
        lines=[line(("Fai", 30.0), ("ese", 20.0)), line(("JaI7", 10.0)), line(("Pyy$a", 5.0))]
    )
    assert not weak_signal(japanese, 12)
    # Many rows to read for the few lines that look foreign: a probe first.
    assert weak_signal(japanese, 19)
    fleek = OcrPage(lines=[line(("2024.11.03", 95.0)), line(("HA]", 40.0), ("DayA", 0.0))])
    assert not weak_signal(fleek, 30)
    assert not weak_signal(OcrPage(lines=[line(("벤치", 80.0))]), 30)


def test_texture_read_as_long_lines_of_debris_is_a_weak_signal() -> None:
    # A photo's desk around a screen that was not found, read by English: every line
    # looks foreign, but each is a long run of debris (11.7 words a line on the
    # recorded page), where a Japanese name or set row reads as 1-4 words.
    debris = ["BS", "SPORE", "AIM", "ATs", "Sasso", "oe", "tig", "Bey", "Bee", "CRESS", "Ne"]
    texture = OcrPage(lines=[line(*((w, 20.0) for w in debris), top=30 * i) for i in range(12)])
    assert weak_signal(texture, 12)
    names = [line(("Fai", 30.0), ("ese", 20.0), top=30 * i) for i in range(12)]
    assert not weak_signal(OcrPage(lines=names), 12)
