"""Fleek names and titles: Hangul spacing, OCR debris, misread strokes (word boxes, no OCR)."""

from __future__ import annotations

import pytest

from ingest.read.findings import render
from ingest.read.fleek_names import CATALOGUE, restore_name, restore_title
from ingest.read.hangul import jamo, misread_distance
from tests.unit.fleek_words import box, word

pytestmark = pytest.mark.unit


def test_title_phantom_syllables_glued_to_groups() -> None:
    words = [word("삼두는", 60, 100, 150, 60), word("가슴스", 230, 100, 150, 60)]
    title, warnings = restore_title(words)
    assert title == "삼두 가슴"
    assert warnings and warnings[0].severity != "note"


def test_hangul_syllables_split_by_ocr_are_joined() -> None:
    # `인 버 티드 로우`: syllable gaps are tiny or negative, the word gap is wide.
    words = [
        word("인", 60, 400, 40, 50),
        word("버", 96, 380, 30, 90),
        word("티드", 128, 400, 80, 50),
        word("로우", 240, 400, 80, 50),
    ]
    assert restore_name(words) == ("인버티드 로우", [])


def test_unknown_hangul_name_is_spaced_by_word_gaps() -> None:
    # Not in the catalogue: `내로우 그립` spacing comes from the boxes alone.
    words = [
        word("내", 60, 400, 45, 50),
        word("로우", 108, 400, 95, 50),
        word("그", 240, 400, 45, 50),
        word("립", 288, 400, 45, 50),
    ]
    name, warnings = restore_name(words)
    assert name == "내로우 그립"
    assert warnings == []


def test_unknown_name_with_borderline_gaps_is_flagged() -> None:
    words = [
        word("랜", 63, 400, 41, 50),
        word("드", 122, 400, 34, 50),
        word("마", 173, 400, 32, 50),
    ]
    _, warnings = restore_name(words)
    assert warnings and "uncertain" in render(warnings[0])


def test_a_custom_name_of_known_words_is_spaced_by_them() -> None:
    # fleek_66000_000: `내로우 그립 벤치 프레스` (a custom name) read with a gap of
    # 0.34 of the text height inside `내로우`, just over the space threshold.
    words = [
        word("내", 65, 400, 45, 50),
        word("로우", 127, 400, 90, 50),
        word("그립", 250, 400, 90, 50),
        word("벤치", 370, 400, 90, 50),
        word("프레스", 490, 400, 135, 50),
    ]
    assert restore_name(words) == ("내로우 그립 벤치 프레스", [])


def test_latin_debris_for_a_hangul_word_is_restored_from_the_catalogue() -> None:
    words = [
        word("스미스", 60, 400, 150, 50),
        word("머신", 235, 400, 96, 50),
        word("AWE", 355, 400, 150, 50),
    ]
    name, warnings = restore_name(words)
    assert name == "스미스 머신 스쿼트"
    assert warnings and warnings[0].severity == "note"


def test_a_name_of_latin_debris_only_is_a_guess() -> None:
    # No Hangul left: too many names fit, so the row is kept as read, for review.
    name, warnings = restore_name([word("EZH", 60, 400, 90, 50), word("2", 170, 400, 45, 50)])
    assert name == "EZH 2"
    assert [w.kind for w in warnings] == ["name.guessed"]


def test_a_tie_between_catalogue_names_is_a_flagged_guess() -> None:
    # `프론트 스쿼트` and `프론트 레이즈` both fit `프론트 AWE`: the commoner one, for review.
    words = [word("프론트", 60, 400, 150, 50), word("AWE", 240, 400, 150, 50)]
    name, warnings = restore_name(words)
    assert name == "프론트 스쿼트"
    assert warnings and warnings[0].kind == "name.guessed" and warnings[0].severity != "note"


def test_unrestorable_debris_is_flagged() -> None:
    name, warnings = restore_name([word("EIA", 60, 400, 100, 50)])
    assert name == "EIA"
    assert warnings and warnings[0].severity != "note"


def test_title_spacing_and_phantom_marks() -> None:
    # `둔 근` split, plus a short phantom mark read from the glyphs' lower half.
    words = [
        word("둔", 60, 100, 60, 70),
        word("=", 70, 130, 50, 25),
        word("근", 125, 100, 60, 70),
        word("삼두", 230, 100, 140, 70),
    ]
    assert restore_title(words) == ("둔근 삼두", [])


def test_title_phantom_syllables_under_real_ones() -> None:
    words = [
        word("송", 58, 120, 34, 15),
        word("하체", 60, 119, 105, 59),
        word("가슴", 190, 119, 110, 59),
        word("스", 250, 120, 47, 23),
    ]
    assert restore_title(words) == ("하체 가슴", [])


def test_title_words_that_lost_final_consonants_are_flagged_guesses() -> None:
    title, warnings = restore_title([word("보그저와", 60, 100, 300, 70)])
    assert title == "복근 전완"
    assert warnings and warnings[0].kind == "title.guessed"


def test_a_dropped_last_word_is_completed_when_only_one_name_fits() -> None:
    name, warnings = restore_name([word("해머", 60, 400, 100, 50)])
    assert name == "해머 컬"
    assert warnings and warnings[0].kind == "name.completed"
    assert restore_name([word("덤벨", 60, 400, 100, 50)])[0] == "덤벨"


def test_title_read_twice_by_a_phantom_line() -> None:
    # Tesseract read the big title twice: a shorter copy under the real words.
    words = [
        word("둔", 56, 115, 104, 51),
        word("드", 56, 115, 104, 33),
        word("근", 122, 107, 35, 80),
        word("그", 129, 108, 36, 40),
        word("삼두", 181, 112, 104, 56),
        word("사드", 181, 112, 104, 36),
    ]
    assert restore_title(words) == ("둔근 삼두", [])


def test_title_words_read_twice_in_place_count_once() -> None:
    words = [
        word("삼두", 43, 104, 96, 51),
        word("드", 85, 106, 54, 43),
        word("어깨", 159, 104, 93, 45),
        word("어깨", 159, 104, 93, 51),
        word("이두", 274, 104, 94, 45),
        word("이두", 274, 104, 94, 51),
    ]
    assert restore_title(words) == ("삼두 어깨 이두", [])


def test_title_with_lost_finals_and_a_mirrored_vowel() -> None:
    # `부그`: both final consonants lost and ㅗ read as ㅜ; nearer 복근 than 둔근.
    title, warnings = restore_title([word("부그", 60, 100, 140, 70)])
    assert title == "복근"
    assert warnings and warnings[0].kind == "title.guessed"


def test_misread_distance_weights() -> None:
    assert misread_distance(jamo("보그"), jamo("복근")) == 1.0
    assert misread_distance(jamo("부그"), jamo("복근")) == 1.5
    assert misread_distance(jamo("팁스"), jamo("딥스")) == 1.0
    assert misread_distance(jamo("딥스"), jamo("딥스")) == 0.0


def test_title_with_one_misread_stroke() -> None:
    assert restore_title([word("아체", 60, 100, 140, 70)]) == ("하체", [])


def test_title_group_split_and_misread() -> None:
    words = [
        word("등", 60, 100, 70, 70),
        word("눈", 160, 100, 70, 70),
        word("근", 232, 100, 70, 70),
    ]
    assert restore_title(words) == ("등 둔근", [])


def test_title_read_without_spaces_is_cut_into_muscle_groups() -> None:
    assert restore_title([word("가슴등삼두", 60, 100, 350, 70)]) == ("가슴 등 삼두", [])


def test_one_misread_stroke_in_a_short_name() -> None:
    name, warnings = restore_name([word("팁스", 60, 400, 100, 50)])
    assert name == "딥스"
    assert warnings and warnings[0].severity == "note"


def test_two_strokes_off_a_name_is_a_flagged_guess() -> None:
    name, warnings = restore_name([word("풀임", 60, 400, 100, 50)])
    assert name == "풀업"
    assert warnings and warnings[0].kind == "name.guessed"


def test_near_ties_are_not_guessed() -> None:
    # `레이스` is one stroke from both `레이즈` and `페이스`: kept as read.
    words = [word("케이블", 60, 400, 150, 50), word("레이스", 240, 400, 150, 50)]
    assert restore_name(words)[0] == "케이블 레이스"


def test_catalogue_has_mixed_language_names() -> None:
    assert len(CATALOGUE) >= 30
    assert any(any("A" <= c <= "Z" for c in name) for name in CATALOGUE)


def test_a_syllable_inside_a_whole_word_box_is_not_a_repeat() -> None:
    # fleek_47500_023: `인` boxed over all of `인클라인`, then `클` `라` `인` on their own.
    words = [
        box("인", 59, 1624, 195, 52),
        box("클", 121, 1620, 50, 66),
        box("라", 170, 1620, 50, 66),
        box("인", 220, 1620, 33, 66),
        box("덤벨", 279, 1624, 93, 52),
        box("프레스", 393, 1624, 147, 52),
    ]
    assert restore_name(words) == ("인클라인 덤벨 프레스", [])


def test_known_words_close_together_are_not_glued_into_an_unknown_one() -> None:
    # fleek_47500_051: `케이블` and `플라이` 10 px apart (0.32 of the height).
    words = [
        box("인", 43, 319, 25, 30),
        box("클", 78, 320, 21, 28),
        box("라인", 109, 319, 47, 31),
        box("케이블", 170, 319, 86, 31),
        box("플라이", 266, 319, 84, 31),
    ]
    assert restore_name(words)[0] == "인클라인 케이블 플라이"


def test_latin_debris_over_several_hangul_boxes_is_dropped_from_a_title() -> None:
    # fleek_47500_047: `ZX4IOL` (English page pass) over `전` and `완` (Korean crops).
    words = [
        box("삼두", 65, 153, 141, 75),
        box("사드", 65, 153, 141, 45),
        box("ZX4IOL", 235, 153, 141, 45),
        box("전", 251, 153, 48, 74),
        box("완", 316, 153, 60, 73),
    ]
    assert restore_title(words)[0] == "삼두 전완"


def test_two_syllables_that_lost_finals_are_one_group_not_a_repeat() -> None:
    # fleek_47500_022: `둔근` recorded as `Eo` over `드` `그`: `드그` is one group
    # (`둔근`), not `등` twice.
    words = [
        box("가스", 62, 149, 137, 57),
        box("가슴", 62, 149, 137, 73),
        box("AC", 227, 149, 138, 57),
        box("삼두", 227, 149, 138, 73),
        box("Eo", 393, 152, 137, 69),
        box("드", 404, 152, 55, 54),
        box("그", 473, 153, 57, 53),
    ]
    title, warnings = restore_title(words)
    assert title == "가슴 삼두 둔근"
    assert warnings


def test_a_whole_word_box_over_its_own_syllables_is_kept() -> None:
    # fleek_47200_017: `푸` boxed over all of `푸쉬업`, then `쉬` `업` on their own.
    words = [box("푸", 42, 946, 84, 30), box("쉬", 79, 936, 30, 51), box("업", 108, 936, 23, 51)]
    assert restore_name(words)[0] == "푸쉬업"


def test_an_unsure_word_over_several_sure_ones_is_a_second_reading() -> None:
    # fleek_68000_085: the page pass's `보그 드리` (`드리` at 0, one box over two
    # words) beside the title band's re-read `복근 이두 하체` at 96-97.
    words = [
        box("보그", 66, 172, 154, 80).model_copy(update={"conf": 88.0}),
        box("드리", 255, 169, 335, 80).model_copy(update={"conf": 0.0}),
        box("복근", 66, 172, 154, 80).model_copy(update={"conf": 97.0}),
        box("이두", 255, 169, 152, 80).model_copy(update={"conf": 96.0}),
        box("하체", 438, 169, 152, 80).model_copy(update={"conf": 97.0}),
    ]
    assert restore_title(sorted(words, key=lambda w: w.left))[0] == "복근 이두 하체"


def test_a_lost_letter_or_syllable_is_a_guess() -> None:
    # `바벨 로우` with `벨` lost reads `바 로우`, one Latin letter from `T바 로우`.
    name, warnings = restore_name([word("바", 60, 400, 60, 50), word("로우", 170, 400, 70, 50)])
    assert name == "T바 로우"
    assert [w.kind for w in warnings] == ["name.guessed"]
