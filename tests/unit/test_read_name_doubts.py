"""Reads that look whole but cannot be right are doubted: hand-made OCR rows, no OCR.

Pins: a name word one letter from a known exercise word is doubted (an invented word is
not); a lone mark at the edge of a CJK name, or a katakana word read under 70, is doubted
(a kanji word is not); a date after today is doubted
and kept. Each doubt sends the read to review; the read itself is unchanged.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read import detect
from ingest.read.name_doubts import future_date, misread_word, row_doubts
from schema.models import OcrLine, OcrPage, OcrWord, SessionDraft

pytestmark = pytest.mark.unit

TODAY = date(2026, 2, 8)


def generic_page(name: str, day: str = "2026-02-07") -> OcrPage:
    return OcrPage.from_text(f"Legs\n{day}\n{name}\n100 kg x 5\n100 kg x 5")


def japanese_page(name: str, day: str = "2023年2月15日 (水)") -> OcrPage:
    return OcrPage.from_text(f"胸の日\n{day}\n{name}\n1セット目 60kg 8回\n2セット目 60kg 8回")


def kinds(draft: SessionDraft) -> set[str]:
    return {f.kind for f in draft.findings}


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Romanian Deadiift (Barbell)", "Deadiift"),
        ("Bench Prcss (Barbell)", "Prcss"),
        ("Lateral Ralse", "Ralse"),
        ("Squat (Dumbbeil)", "Dumbbeil"),
    ],
)
def test_a_word_one_letter_from_a_known_word_is_found(name: str, word: str) -> None:
    assert misread_word(name) == word


@pytest.mark.parametrize(
    "name",
    [
        "Romanian Deadlift (Barbell)",
        "Hammer Curls",
        "Inclined Bench Press",
        "Lunges (Dumbbell)",
        "Zorbatron Special",  # invented: no known word near
        "Row (Cable)",  # short words are too often one letter from another
    ],
)
def test_known_and_invented_words_are_not_doubted(name: str) -> None:
    assert misread_word(name) is None


def test_a_misread_name_word_sends_the_read_to_review() -> None:
    draft = detect.parse_page(generic_page("Romanian Deadiift (Barbell)"), today=TODAY)
    assert draft.exercises[0].raw_name == "Romanian Deadiift (Barbell)"
    assert "name.misread_word" in kinds(draft)
    assert draft.needs_review


def test_a_right_name_is_not_doubted() -> None:
    draft = detect.parse_page(generic_page("Romanian Deadlift (Barbell)"), today=TODAY)
    assert not {"name.misread_word", "name.stray_mark", "date.future"} & kinds(draft)
    assert not draft.needs_review


@pytest.mark.parametrize(
    ("name", "mark"), [("シシンーング /", "/"), ("| スクワット", "|"), ("ベンチプレス _", "_")]
)
def test_a_lone_mark_at_the_edge_of_a_cjk_name_is_found(name: str, mark: str) -> None:
    assert [f.evidence["mark"] for f in row_doubts(OcrLine.from_text(name), 0)] == [mark]


@pytest.mark.parametrize("name", ["ランニング", "ベンチプレス (バーベル)", "Squat /", "스쿼트 2"])
def test_a_clean_cjk_name_or_a_latin_one_has_no_stray_mark(name: str) -> None:
    assert row_doubts(OcrLine.from_text(name), 0) == []


def test_a_garbled_cjk_name_sends_the_read_to_review() -> None:
    draft = detect.parse_page(japanese_page("シシンーング /"), today=TODAY)
    assert "name.stray_mark" in kinds(draft)
    assert draft.needs_review


def test_a_date_after_today_is_doubted_and_kept() -> None:
    draft = detect.parse_page(japanese_page("ランニング", "2029年12月11日 (火)"), today=TODAY)
    assert draft.performed_on == date(2029, 12, 11)
    assert "date.future" in kinds(draft)
    assert draft.needs_review


@pytest.mark.parametrize(
    ("day", "doubted"),
    [(date(2026, 2, 8), False), (date(2026, 2, 9), False), (date(2026, 2, 10), True)],
)
def test_a_day_ahead_is_tolerated_for_time_zones(day: date, doubted: bool) -> None:
    draft = SessionDraft(layout="generic", performed_on=day)
    assert bool(future_date(draft, TODAY)) is doubted


def test_a_past_date_is_not_doubted() -> None:
    draft = detect.parse_page(japanese_page("ランニング"), today=TODAY)
    assert draft.performed_on == date(2023, 2, 15)
    assert "date.future" not in kinds(draft)


def test_a_katakana_name_read_unsurely_is_doubted() -> None:
    # `ランニング` garbled into other katakana (`ラルニシダグ`): only its confidence tells.
    page = japanese_page("ラル ニシ ダグ")
    words = page.lines[2].words
    page.lines[2] = page.lines[2].model_copy(
        update={"words": (words[0].model_copy(update={"conf": 82}), *words[1:])}
    )
    assert "name.unsure_katakana" not in kinds(detect.parse_page(page, today=TODAY))
    page.lines[2] = page.lines[2].model_copy(
        update={"words": (*words[:2], words[2].model_copy(update={"conf": 51}))}
    )
    draft = detect.parse_page(page, today=TODAY)
    assert "name.unsure_katakana" in kinds(draft)
    assert draft.needs_review
    assert draft.exercises[0].raw_name == "ラルニシダグ"


def test_a_kanji_name_read_unsurely_is_not_doubted() -> None:
    # Kanji names are read right at low confidence (`懸垂` at 25-76).
    page = japanese_page("懸垂")
    page.lines[2] = page.lines[2].model_copy(
        update={"words": tuple(w.model_copy(update={"conf": 30}) for w in page.lines[2].words)}
    )
    assert "name.unsure_katakana" not in kinds(detect.parse_page(page, today=TODAY))


def test_a_row_with_a_count_of_reps_that_reads_as_no_set_is_no_silent_note() -> None:
    # `アップ 5kg 9回` with its 5 read as S: not a set, but no note under the name either.
    rows = ["胸の日", "2023年2月15日", "ケーブルフライ", "アップ Skg 9回", "1セット目 10kg 10回"]
    page = OcrPage.from_text("\n".join(rows))
    draft = detect.parse_page(page, today=TODAY)
    assert "set.unreadable" in kinds(draft)
    assert draft.needs_review


def test_a_name_every_word_of_which_ocr_barely_read_is_doubted() -> None:
    # `1:15` read as `ileal)` at 20: a set row's debris taken for a name.
    guessed = OcrLine(words=(OcrWord(text="ileal)", conf=20.0),))
    assert [f.kind for f in row_doubts(guessed, 2)] == ["name.unsure"]
    sure = OcrLine(words=(OcrWord(text="Wall", conf=20.0), OcrWord(text="Sit", conf=96.0)))
    assert row_doubts(sure, 2) == []
