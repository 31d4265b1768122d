"""Language choice and line rescue, on recorded OCR output (no tesseract)."""

from __future__ import annotations

import pytest

from ingest.ocr_languages import (
    merge_rescued,
    pick_auto_languages,
    rescue_candidates,
    script_confirmed,
)
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
