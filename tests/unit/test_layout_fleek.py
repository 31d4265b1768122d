"""Fleek (Korean) layout: plain text, hand-built word boxes, Hangul repair, detection."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.render import fleek as fleek_builder
from ingest.read import fleek
from schema.models import OcrLine, OcrPage, OcrWord
from tests.unit.fleek_words import box, word

pytestmark = pytest.mark.unit

SCREEN = """\
9:41 87%
가슴 이두
2026.02.07
238 KCAL 54 min 1585 kg
3 EXERCISES 10 sets 107 reps
바벨 벤치 프레스
MAX Weight: 60kg | 1RM: 81kg
20 40 60 60
12X 10X 5X 5X
풀업
Total Reps: 45
15 15 15
덤벨 컬
MAX Weight: 12.5kg | 1RM: 16kg
10 12.5 12.5
12X 10X 8X
홈 운동 기록 MY
"""


def line(*words: OcrWord) -> OcrLine:
    return OcrLine(words=words)


def columns(top: int, texts: list[str | None], first: int = 100, step: int = 150) -> OcrLine:
    """A row of centred cells at fixed column positions; None leaves a column empty."""
    cells = []
    for i, text in enumerate(texts):
        if text is None:
            continue
        width = 18 * len(text)
        cells.append(word(text, first + i * step - width // 2, top, width))
    return OcrLine(words=tuple(cells))


def boxed_page(*lines: OcrLine) -> OcrPage:
    return OcrPage(lines=list(lines), width=1080, height=2000, mean_conf=95.0)


def header(top: int = 0) -> list[OcrLine]:
    return [
        line(word("가슴", 60, top + 100, height=60), word("이두", 200, top + 100, height=60)),
        line(word("2026.02.07", 60, top + 200)),
        line(word("238", 60, top + 280), word("KCAL", 140, top + 280), word("54", 420, top + 280)),
        line(word("6", 60, top + 330), word("EXERCISES", 100, top + 330)),
    ]


def sets_of(draft_exercise: object) -> list[tuple[float | None, int | None]]:
    return [(s.weight, s.reps) for s in draft_exercise.sets]  # type: ignore[attr-defined]


# --- plain text -------------------------------------------------------------------------


def test_plain_text_screen() -> None:
    draft = fleek.parse(OcrPage.from_text(SCREEN))
    assert draft.layout == "fleek"
    assert draft.title == "가슴 이두"
    assert draft.performed_on == date(2026, 2, 7)
    assert draft.duration_min == 54
    assert [e.raw_name for e in draft.exercises] == ["바벨 벤치 프레스", "풀업", "덤벨 컬"]
    bench, pullups, curls = draft.exercises
    assert sets_of(bench) == [(20, 12), (40, 10), (60, 5), (60, 5)]
    assert all(s.unit == "kg" for s in bench.sets)
    assert sets_of(pullups) == [(None, 15)] * 3
    assert all(s.unit is None for s in pullups.sets)
    assert sets_of(curls) == [(10, 12), (12.5, 10), (12.5, 8)]
    assert draft.warnings == []
    assert not draft.needs_review


def test_summary_status_and_navigation_never_become_exercises() -> None:
    draft = fleek.parse(OcrPage.from_text(SCREEN))
    names = {e.raw_name for e in draft.exercises}
    assert not names & {"홈 운동 기록 MY", "9:41 87%"}
    assert all("KCAL" not in n and "EXERCISES" not in n for n in names)


def test_total_reps_mismatch_is_flagged() -> None:
    text = SCREEN.replace("Total Reps: 45", "Total Reps: 50")
    draft = fleek.parse(OcrPage.from_text(text))
    assert draft.needs_review
    assert any("Total Reps 50" in w for w in draft.warnings)


def test_sets_wrapped_onto_a_second_row_pair() -> None:
    text = SCREEN.replace("12X 10X 5X 5X", "12X 10X 5X 5X\n60 60\n5X 4X")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[0]) == [(20, 12), (40, 10), (60, 5), (60, 5), (60, 5), (60, 4)]
    text = SCREEN.replace("15 15 15", "15 15 15\n12 10")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[1]) == [(None, 15)] * 3 + [(None, 12), (None, 10)]


def test_lost_decimal_point_restored_from_max_weight() -> None:
    text = SCREEN.replace("10 12.5 12.5", "10 125 12.5")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[2]) == [(10, 12), (12.5, 10), (12.5, 8)]


def test_weights_held_against_max_weight() -> None:
    # A stray leading digit (`450` for `50`) over the MAX is repaired; a weight
    # that cannot be squared with the MAX is flagged.
    text = SCREEN.replace("20 40 60 60", "20 40 460 60")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[0]) == [(20, 12), (40, 10), (60, 5), (60, 5)]
    text = SCREEN.replace("20 40 60 60", "20 40 #4060 60").replace("60kg |", "6018 |")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[0]) == [(20, 12), (40, 10), (60, 5), (60, 5)]
    text = SCREEN.replace("20 40 60 60", "20 40 50 50")
    draft = fleek.parse(OcrPage.from_text(text))
    assert draft.needs_review
    assert any("MAX 60kg" in w for w in draft.warnings)


@pytest.mark.parametrize(
    ("was", "misread", "exercise", "expected"),
    [
        ("12X 10X 5X 5X", "412X 10X 5X 5X", 0, [(20, 12), (40, 10), (60, 5), (60, 5)]),
        ("10 12.5 12.5", "10 12.55 12.5", 2, [(10, 12), (12.5, 10), (12.5, 8)]),
    ],
)
def test_a_stray_digit_is_dropped_and_confirmed_only_by_the_totals(
    was: str, misread: str, exercise: int, expected: list[tuple[float, int]]
) -> None:
    draft = fleek.parse(OcrPage.from_text(SCREEN.replace(was, misread)))
    assert sets_of(draft.exercises[exercise]) == expected
    assert "cell.confirmed_by_totals" in {f.kind for f in draft.findings}
    assert not draft.needs_review  # the session's sets, reps and volume all agree
    # Without the summary's totals the repair is a guess, for review.
    text = SCREEN.replace(was, misread).replace("1585 kg", "")
    assert fleek.parse(OcrPage.from_text(text)).needs_review


def test_max_line_with_hangul_debris_is_still_a_max_line() -> None:
    text = SCREEN.replace("MAX Weight: 60kg | 1RM: 81kg", "MAXWeight 60kg 나 81kg")
    draft = fleek.parse(OcrPage.from_text(text))
    assert [e.raw_name for e in draft.exercises] == ["바벨 벤치 프레스", "풀업", "덤벨 컬"]


def test_a_name_misread_as_a_digit_is_not_a_set_row() -> None:
    text = SCREEN.replace("풀업\n", "=o\n")
    draft = fleek.parse(OcrPage.from_text(text))
    assert [sets_of(e) for e in draft.exercises][1] == [(None, 15)] * 3
    assert draft.needs_review


def test_reps_with_ocr_variants_of_x() -> None:
    text = SCREEN.replace("12X 10X 5X 5X", "12× 10x 5%× 5")
    draft = fleek.parse(OcrPage.from_text(text))
    assert sets_of(draft.exercises[0]) == [(20, 12), (40, 10), (60, 5), (60, 5)]


# --- word boxes -------------------------------------------------------------------------


def test_columns_pair_weights_and_reps_by_position() -> None:
    page = boxed_page(
        *header(),
        line(word("바벨", 60, 400, height=50), word("벤치", 180, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("60kg", 260, 480)),
        columns(540, ["20", "40", "60", "60"]),
        columns(600, ["12X", "10X", "5X", "5X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(20, 12), (40, 10), (60, 5), (60, 5)]


def test_dropped_weight_leaves_a_hole_in_its_own_column() -> None:
    page = boxed_page(
        *header(),
        line(word("스쿼트", 60, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("100kg", 260, 480)),
        columns(540, ["60", None, "100", "100"]),
        columns(600, ["10X", "8X", "5X", "3X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(60, 10), (None, 8), (100, 5), (100, 3)]
    assert draft.needs_review
    assert any("set 2" in w for w in draft.warnings)


def test_a_mark_between_two_set_columns_is_not_a_set() -> None:
    # fleek_66000_041: the weights row `30 30 8 30` (the `8` at 61, narrow, between
    # the second and third columns) over `5X 10X 6X`.
    weights = columns(540, ["30", "30", "30"], step=160)
    stray = word("8", 100 + 160 + 74, 536, 12).model_copy(update={"conf": 61.0})
    page = boxed_page(
        *header(),
        line(word("바벨", 60, 400, height=50), word("슈러그", 200, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("30kg", 260, 480)),
        OcrLine(words=tuple(sorted([*weights.words, stray], key=lambda w: w.left))),
        columns(600, ["5X", "10X", "6X"], step=160),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(30, 5), (30, 10), (30, 6)]


def test_a_weight_whose_reps_were_lost_is_still_a_set() -> None:
    # A weight-only column a full spacing from its neighbours keeps its place.
    page = boxed_page(
        *header(),
        line(word("스쿼트", 60, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("100kg", 260, 480)),
        columns(540, ["60", "80", "100", "100"]),
        columns(600, ["10X", None, "5X", "3X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(60, 10), (80, None), (100, 5), (100, 3)]
    assert draft.needs_review


def test_a_mark_between_two_bodyweight_cells_goes_to_review() -> None:
    # fleek_67000_067: `12 20 25 20 11` recorded as `12 20 8 25 20 11`, the `8` at
    # 38 and 10 px wide between `20` and `25`; Total Reps 88 disagrees.
    reps = columns(600, ["12", "20", "25", "20", "11"], first=130, step=153)
    stray = word("8", 363, 596, 10).model_copy(update={"conf": 38.0})
    page = boxed_page(
        *header(),
        line(word("풀업", 60, 400, height=50)),
        line(word("Total", 60, 480), word("Reps:", 170, 480), word("88", 300, 480)),
        OcrLine(words=tuple(sorted([*reps.words, stray], key=lambda w: w.left))),
    )
    draft = fleek.parse(page)
    assert [s.reps for s in draft.exercises[0].sets] == [12, 20, 8, 25, 20, 11]
    assert "reps.total_disagrees" in {f.kind for f in draft.findings}
    assert draft.needs_review


def _squat_screen(volume: int) -> OcrPage:
    """One exercise, its middle weight read at 40; the summary rows count 3 sets, 30 reps."""
    weights = columns(540, ["60", "80", "100"])
    unsure = weights.words[1].model_copy(update={"conf": 40.0})
    return boxed_page(
        line(word("하체", 60, 100, height=60)),
        line(word("2026.02.07", 60, 200)),
        line(
            word("238", 60, 280),
            word("KCAL", 140, 280),
            word(f"{volume}", 420, 280),
            word("kg", 520, 280),
        ),
        line(
            word("1", 60, 330),
            word("EXERCISES", 100, 330),
            word("3", 400, 330),
            word("sets", 430, 330),
            word("30", 600, 330),
            word("reps", 650, 330),
        ),
        line(word("스쿼트", 60, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("100kg", 260, 480)),
        OcrLine(words=(weights.words[0], unsure, weights.words[2])),
        columns(600, ["10X", "10X", "10X"]),
    )


def test_cells_read_with_low_confidence_are_confirmed_by_the_session_totals() -> None:
    # 60x10 + 80x10 + 100x10 = 2400 kg, as the KCAL row says: the `80` read at 40 is right.
    draft = fleek.parse(_squat_screen(2400))
    assert sets_of(draft.exercises[0]) == [(60, 10), (80, 10), (100, 10)]
    assert not draft.needs_review
    assert any(
        "set 2 read with low confidence" in w and "totals agree" in w for w in draft.warnings
    )
    # When the volume disagrees the doubt stays a warning.
    assert fleek.parse(_squat_screen(2500)).needs_review


def test_dropped_reps_token_does_not_shift_the_rest() -> None:
    page = boxed_page(
        *header(),
        line(word("스쿼트", 60, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("100kg", 260, 480)),
        columns(540, ["60", "80", "100", "100"]),
        columns(600, ["10X", "8X", None, "3X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(60, 10), (80, 8), (100, None), (100, 3)]
    assert draft.needs_review


def test_debris_stuck_to_numbers_and_stray_marks_are_ignored() -> None:
    page = boxed_page(
        *header(),
        line(word("레그", 60, 400, height=50), word("프레스", 190, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("140kg", 260, 480)),
        columns(540, ["100", "_120", "£140"]),
        line(*columns(600, ["12X", "10X", "8X"]).words, word("~", 170, 600, 10)),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(100, 12), (120, 10), (140, 8)]


def test_a_cell_misread_as_letters_is_rescued_and_flagged() -> None:
    page = boxed_page(
        *header(),
        line(word("스쿼트", 60, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("60kg", 260, 480)),
        columns(540, ["30", "45", "eo", "60"]),
        columns(600, ["3X", "5X", "3X", "12X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(30, 3), (45, 5), (60, 3), (60, 12)]
    assert draft.needs_review


def test_a_name_read_as_symbols_still_owns_its_sets() -> None:
    # `딥스` read as kana: the row above `Total Reps` is the name whatever it says.
    page = boxed_page(
        *header(),
        line(word("に", 60, 400, height=50), word("に", 120, 400, height=50)),
        line(word("Total", 60, 480), word("Reps:", 150, 480), word("39", 250, 480)),
        columns(540, ["17", "22"]),
        line(word("스쿼트", 60, 640, height=50)),
        line(word("MAX", 60, 720), word("Weight:", 130, 720), word("100kg", 260, 720)),
        columns(780, ["100", "100"]),
        columns(840, ["5X", "5X"]),
    )
    draft = fleek.parse(page)
    assert [sets_of(e) for e in draft.exercises] == [[(None, 17), (None, 22)], [(100, 5), (100, 5)]]
    assert draft.exercises[1].raw_name == "스쿼트"
    assert draft.needs_review


def test_two_weights_run_together_go_to_review() -> None:
    page = boxed_page(
        *header(),
        line(word("해머", 60, 400, height=50), word("컬", 180, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("22.5kg", 260, 480)),
        line(word("1522.5", 80, 540, 220)),
        columns(600, ["6X", "3X"]),
    )
    draft = fleek.parse(page)
    assert len(draft.exercises[0].sets) == 2
    assert draft.needs_review


def test_leading_junk_digits_over_the_max_are_trimmed_for_review() -> None:
    page = boxed_page(
        *header(),
        line(word("랫", 60, 400, height=50), word("풀다운", 120, 400, height=50)),
        line(word("MAX", 60, 480), word("Weight:", 130, 480), word("30kg", 260, 480)),
        columns(540, ["30", "8922.5"]),
        columns(600, ["10X", "15X"]),
    )
    draft = fleek.parse(page)
    assert sets_of(draft.exercises[0]) == [(30, 10), (22.5, 15)]
    assert draft.needs_review


# --- detection --------------------------------------------------------------------------

STRONG_TEXT = """\
Push Day
Monday, July 19, 2021 at 10:45 AM
Bench Press (Barbell)
Set 1: 60 kg × 8
Set 2: 60 kg × 8
link.strong.app
"""

NOTES_TEXT = """\
2026-02-07
Push day
Bench press 3x8 @ 60kg
Pull-ups 3x10
"""


def test_score_separates_fleek_from_other_layouts() -> None:
    assert fleek.score(OcrPage.from_text(SCREEN)) >= 0.8
    assert fleek.score(OcrPage.from_text(STRONG_TEXT)) <= 0.2
    assert fleek.score(OcrPage.from_text(NOTES_TEXT)) <= 0.2
    assert fleek.score(OcrPage()) == 0.0


def test_builder_screens_parse_from_their_own_text() -> None:
    # The generator's screens, read back as perfect OCR, parse to their expected JSON.
    for seed in range(30):
        screen = fleek_builder.build(random.Random(seed))
        text = "\n".join(" ".join(c.text for c in row.cells) for row in screen.rows)
        got = fleek.parse(OcrPage.from_text(text)).contract_dict()
        for key in ("layout", "title", "performed_on", "exercises"):
            assert got[key] == screen.expected[key], (seed, key)


# --- robustness -------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("가슴이두스쿼트 0123456789.:|xX×KCALMAXWeightRMTotalReps\n-@£~")),
    max_size=300,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    draft = fleek.parse(OcrPage.from_text(text))
    assert 0.0 <= draft.confidence <= 1.0
    assert 0.0 <= fleek.score(OcrPage.from_text(text)) <= 1.0


_WORD = st.builds(
    OcrWord,
    text=st.text(min_size=1, max_size=6),
    left=st.integers(-50, 1200),
    top=st.integers(-50, 2000),
    width=st.integers(0, 300),
    height=st.integers(0, 120),
    conf=st.floats(0, 100),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORD, max_size=6), max_size=12))
def test_never_raises_on_arbitrary_word_boxes(rows: list[list[OcrWord]]) -> None:
    page = OcrPage(lines=[OcrLine(words=tuple(r)) for r in rows])
    fleek.parse(page)
    fleek.score(page)


def test_a_name_read_as_one_tall_number_still_heads_its_sets() -> None:
    # fleek_40000_225: `친업` recorded as `4194`, taller than the set cells.
    page = boxed_page(
        *header(),
        line(box("리어", 61, 547, 91, 52), box("델트", 177, 547, 94, 51)),
        line(box("MAX", 61, 640, 90, 35), box("Weight:", 165, 637, 164, 50)),
        line(box("50", 97, 720, 53, 38), box("50", 244, 720, 52, 38)),
        line(box("10X", 87, 794, 76, 36), box("3X", 245, 794, 51, 36)),
        line(box("4194", 59, 906, 93, 51)),
        line(box("Total", 58, 996, 107, 39), box("Reps:", 183, 999, 113, 46)),
        line(box("19", 99, 1079, 51, 38), box("21", 244, 1079, 51, 37)),
    )
    draft = fleek.parse(page)
    assert [sets_of(e) for e in draft.exercises] == [[(50, 10), (50, 3)], [(None, 19), (None, 21)]]
    assert draft.needs_review


def test_a_date_that_lost_its_points_is_no_date_and_doubted() -> None:
    # `2025 1213` for `2025.12.13` (confidence 29) was read as the date once; no Fleek page
    # of 12 sets of rendered screens (about 190) reads so since the title band and the
    # unsure rows are read again in Korean, so the page is only doubted.
    draft = fleek.parse(OcrPage.from_text(SCREEN.replace("2026.02.07", "2026 0207")))
    assert draft.performed_on is None
    assert draft.needs_review


def test_a_low_confidence_reps_cell_is_what_total_reps_leaves_for_review() -> None:
    # fleek_session_403_010: `23` read `28` at 40; Total Reps 105 leaves 23 for it.
    reps = columns(600, ["25", "15", "6", "28", "17", "19"])
    unsure = reps.words[3].model_copy(update={"conf": 40.0})
    page = boxed_page(
        *header(),
        line(word("행잉", 60, 400, height=50)),
        line(word("Total", 60, 480), word("Reps:", 170, 480), word("105", 300, 480)),
        OcrLine(words=(*reps.words[:3], unsure, *reps.words[4:])),
    )
    draft = fleek.parse(page)
    assert [s.reps for s in draft.exercises[0].sets] == [25, 15, 6, 23, 17, 19]
    assert "reps.by_total" in {f.kind for f in draft.findings}
    assert draft.needs_review
