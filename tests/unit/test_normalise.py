"""The one exercise-name normaliser: spelling differences vanish, meaning stays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schema.name_norm import normalise

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bench Press (Barbell)", "barbell bench press"),
        ("Barbell Bench Press", "barbell bench press"),
        ("  BENCH   press ", "bench press"),
        ("ＢＥＮＣＨ　ＰＲＥＳＳ", "bench press"),  # full-width letters and space (NFKC)
        ("바벨 벤치 프레스", "바벨벤치프레스"),
        ("바벨벤치프레스", "바벨벤치프레스"),
        ("ベンチ・プレス", "ベンチプレス"),
        ("ｽｸﾜｯﾄ", "スクワット"),  # half-width katakana
        ("Pull-Ups", "pullup"),
        ("pull ups", "pullup"),
        ("Chin-up", "chinup"),
        ("Lat Pull Downs", "lat pulldown"),
        ("Dumbbell Flyes", "dumbbell fly"),
        ("Calves Raises", "calf raise"),
        ("Crunches", "crunch"),
        ("Biceps Curl", "bicep curl"),
        ("Press", "press"),
        ("DB RDL", "dumbbell romanian deadlift"),
        ("OHP", "overhead press"),
        ("CGBP", "close grip bench press"),
        ("SLDL", "stiff leg deadlift"),
        ("1-Arm DB Row", "single arm dumbbell row"),
        ("Squat (Smith Machine)", "smith squat"),
        ("Seated Calf Raise (Plate Loaded)", "machine seated calf raise"),
        ("Triceps Pushdown (Cable - Straight Bar)", "cable straight bar tricep pushdown"),
        ("Hex Bar Deadlift", "trapbar deadlift"),
        ("Incl|ne", "incllne"),  # the OCR bar becomes a letter; the matcher corrects the word
        ("", ""),
        ("!!!", ""),
    ],
)
def test_normalise_cases(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_equipment_in_parentheses_equals_prefix() -> None:
    assert normalise("Incline Bench Press (Dumbbell)") == normalise("Dumbbell Incline Bench Press")


def test_qualifiers_are_kept() -> None:
    # Normalisation removes spelling, never meaning.
    assert normalise("Incline Bench Press") != normalise("Bench Press")
    assert normalise("Romanian Deadlift") != normalise("Deadlift")
    assert normalise("Dumbbell Bench Press") != normalise("Barbell Bench Press")


@given(st.text(max_size=40))
def test_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=40))
def test_no_outer_or_double_spaces(text: str) -> None:
    out = normalise(text)
    assert out == out.strip()
    assert "  " not in out


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("SA DB Row", "Single Arm Dumbbell Row"),
        ("CG BP", "Close Grip Bench Press"),
        ("Inc DB Press", "Incline Dumbbell Press"),
        ("Lat PD", "Lat Pulldown"),
        ("SM Squat", "Smith Squat"),
        ("BW Squat", "Bodyweight Squat"),
        ("Tricep Ext", "Tricep Extension"),
        ("DB OHP", "Dumbbell Overhead Press"),
        ("KB Swing", "Kettlebell Swing"),
        ("EZ Curl", "EZ Bar Curl"),
        ("SZ-Curls", "EZ Bar Curls"),
        ("Preacher Curls mit SZ-Stange", "Preacher Curls mit EZ Bar"),
        ("Curl con barra Z", "Curl con EZ Bar"),
        ("Curl con barra EZ", "Curl con EZ Bar"),
        ("Bankdrücken mit Kurzhanteln", "Bankdrücken mit Dumbbell"),
        ("Press de banca con mancuernas", "Press de banca con dumbbell"),
        ("Remo en polea", "Remo en cable"),
    ],
)
def test_abbreviations_and_implement_words_expand_word_by_word(short: str, long: str) -> None:
    assert normalise(short) == normalise(long)
