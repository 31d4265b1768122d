"""The alias matcher: precise bindings, near misses kept apart, operators win."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from schema.name_norm import normalise
from workers.names.catalogue import CanonicalExercise, Catalogue, load_catalogue
from workers.names.matcher import Matcher, tokens_of

pytestmark = pytest.mark.unit

LABELS = Path(__file__).resolve().parents[2] / "fixtures" / "match_labels.tsv"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalogue())


def _key(matcher: Matcher, name: str) -> str | None:
    return matcher.match(name).alias_key


@pytest.mark.parametrize(
    ("name", "key", "method"),
    [
        ("Bench Press (Barbell)", "bench_press", "exact"),
        ("Barbell Bench Press", "bench_press", "exact"),
        ("Bench Press", "bench_press", "exact"),
        ("Leg Press (Machine)", "leg_press", "exact"),  # the exercise's own implement named
        ("Press Bench Barbell", "bench_press", "exact"),  # word order does not count
        ("Bench Press 5x5", "bench_press", "exact"),  # noise words do not count
        ("Bnech Press", "bench_press", "fuzzy"),
        ("Benchpress", "bench_press", "fuzzy"),
        ("8ench Press", "bench_press", "exact"),  # OCR digit inside a word
        ("Squat (Barbe11)", "squat", "exact"),
        ("Rornanian Deadlift", "romanian_deadlift", "fuzzy"),  # rn read for m
        ("lncline Bench Press", "incline_bench_press", "fuzzy"),
        ("바벨 벤치 프레스", "bench_press", "exact"),
        ("밴치프레스", "bench_press", "fuzzy"),
        ("ベンチプレス", "bench_press", "exact"),
        ("スクワツト", "squat", "fuzzy"),
        ("懸垂", "pullup", "exact"),
        ("덤벨 인클라인 프레스", "incline_bench_press_dumbbell", "exact"),  # CJK word order
        ("프레스 벤치 바벨", "bench_press", "exact"),
        ("Cable Fly Crossovers", "cable_crossover", "fuzzy"),
    ],
)
def test_binds(matcher: Matcher, name: str, key: str, method: str) -> None:
    result = matcher.match(name)
    assert (result.alias_key, result.method) == (key, method)
    assert result.raw_name == name
    assert 0 <= result.score <= 100


@pytest.mark.parametrize(
    ("name", "never"),
    [
        ("Incline Bench Press", "bench_press"),
        ("Inclne Bench Pres", "bench_press"),
        ("Romanian Deadlift", "deadlift"),
        ("Romanain Deadlfit", "deadlift"),
        ("Front Squat", "squat"),
        ("Dumbbell Bench Press", "bench_press"),
        ("Dumbel Bench Press", "bench_press"),
        ("Close-Grip Bench Press", "bench_press"),
        ("Sumo Deadlift", "deadlift"),
        ("Seated Leg Curl", "lying_leg_curl"),
        ("Seated Dumbbell Shoulder Press", "overhead_press_dumbbell"),
        ("Single Leg RDL (Dumbbell)", "romanian_deadlift_dumbbell"),
        ("Reverse Grip Lat Pulldown", "lat_pulldown"),
        ("인클라인 벤치 프레스", "bench_press"),
        ("インクラインベンチプレス", "bench_press"),
        ("인크라인 덤벨 벤치 프레스", "bench_press_dumbbell"),  # typo in a qualifier
    ],
)
def test_qualifiers_and_implements_block(matcher: Matcher, name: str, never: str) -> None:
    assert _key(matcher, name) != never


def _pairs() -> dict[str, list[tuple[str, str]]]:
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 5 or not cols[4]:
            continue
        pairs[cols[4]].append((cols[0], cols[1]))
    return pairs


def test_every_labelled_near_miss_pair_stays_apart(matcher: Matcher) -> None:
    pairs = _pairs()
    assert len(pairs) >= 50
    merged = []
    for pair, members in pairs.items():
        for name, own in members:
            got = _key(matcher, name)
            others = {key for _, key in members if key != own}
            if got in others:
                merged.append((pair, name, got))
    assert merged == []


@pytest.mark.parametrize(
    "name",
    ["Warm Up", "Leg Day", "Incline", "Incline Dumbbell", "Meadows Squat",
     "Snatch Grip Deadlift", "Bench Press Competition", "xqzt",
     "", "유산소"],
)  # fmt: skip
def test_unknown_names_stay_unmapped(matcher: Matcher, name: str) -> None:
    result = matcher.match(name)
    assert result.alias_key is None
    assert result.method == "unmapped"


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Shoulder Press", {"overhead_press_dumbbell", "overhead_press_machine"}),
        ("Calf Raise", {"standing_calf_raise_dumbbell", "standing_calf_raise_barbell"}),
        ("Bicep Curl", {"bicep_curl_barbell", "bicep_curl_ezbar", "bicep_curl_dumbbell"}),
        ("Biceps Curls", {"bicep_curl_barbell", "bicep_curl_dumbbell"}),
        ("Shouldr Press", {"overhead_press_dumbbell", "overhead_press_machine"}),
        ("Chest Fly", {"chest_fly_dumbbell", "chest_fly_machine"}),
        ("Triceps Extension", {"overhead_triceps_extension_cable", "triceps_extension_machine"}),
        ("Curl", {"bicep_curl_barbell", "bicep_curl_ezbar", "bicep_curl_dumbbell"}),
        ("Row", {"bent_over_row", "seated_row"}),
        # Not a catalogue exercise, and the two best keys are close: never the first of them.
        ("Front Squat (Smith Machine)", {"squat_smith", "front_squat"}),
    ],
)
def test_equipment_unsure_is_ambiguous_with_candidates(
    matcher: Matcher, name: str, candidates: set[str]
) -> None:
    result = matcher.match(name)
    assert (result.alias_key, result.method) == (None, "ambiguous")
    got = [s["alias_key"] for s in result.suggestions]
    assert candidates <= set(got)
    assert len(got) == len(set(got)) >= 2
    scores = [s["score"] for s in result.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert result.score == scores[0]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Overhead Press", "overhead_press"),  # the plain name means the family's default
        ("Shoulder Press (Dumbbell)", "overhead_press_dumbbell"),
        ("DB Shoulder Press", "overhead_press_dumbbell"),
        ("Bench Press", "bench_press"),
        ("Lateral Raise", "lateral_raise"),
        ("Hammer Curl", "hammer_curl"),
        # The EZ bar binds only where it is named; the plain name keeps the family's default.
        ("EZ curl", "bicep_curl_ezbar"),
        ("EZ bar curl", "bicep_curl_ezbar"),
        ("Curl (EZ Bar)", "bicep_curl_ezbar"),
        ("EZ Bar Biceps Curl", "bicep_curl_ezbar"),
        ("ez-bar preacher curl", "preacher_curl_ezbar"),
        ("Reverse Curl (EZ Bar)", "reverse_curl_ezbar"),
        ("EZ Skullcrusher", "skullcrusher_ezbar"),
        ("Lying Triceps Extension (EZ Bar)", "skullcrusher_ezbar"),
        ("EZ Bar Upright Row", "upright_row_ezbar"),
        ("SZ-Curls", "bicep_curl_ezbar"),
        ("Curl con barra Z", "bicep_curl_ezbar"),
        ("Barbell Curl", "bicep_curl_barbell"),
        ("Curl con barra", "bicep_curl_barbell"),
        ("Skullcrusher", "skullcrusher"),
        ("Skullcrusher (Barbell)", "skullcrusher"),
        ("Preacher Curl", "preacher_curl"),
        ("Upright Row", "upright_row"),
    ],
)
def test_a_named_or_default_implement_binds(matcher: Matcher, name: str, key: str) -> None:
    assert matcher.match(name).alias_key == key


def test_unmapped_gets_up_to_three_distinct_suggestions(matcher: Matcher) -> None:
    result = matcher.match("Incline Dumbbell")
    keys = [s["alias_key"] for s in result.suggestions]
    assert 1 <= len(keys) <= 3
    assert len(set(keys)) == len(keys)
    assert all(key.endswith("_dumbbell") for key in keys)
    assert all({"alias_key", "display_name", "score"} <= set(s) for s in result.suggestions)
    assert result.score == result.suggestions[0]["score"]


def _tiny(*exercises: tuple[str, str]) -> Catalogue:
    return Catalogue(
        version="test",
        exercises=tuple(
            CanonicalExercise(key=k, family=k, display_name=n, equipment="machine", aliases=(n,))
            for k, n in exercises
        ),
    )


def test_ambiguous_correction_is_ambiguous_with_both_candidates() -> None:
    # `thrast` is one edit from both `thrust` and `thrist`: a guess would be a coin toss.
    m = Matcher(_tiny(("hip_thrust", "Hip Thrust"), ("hip_thrist", "Hip Thrist")))
    result = m.match("Hip Thrast")
    assert result.alias_key is None
    assert result.method == "ambiguous"
    assert {s["alias_key"] for s in result.suggestions} == {"hip_thrust", "hip_thrist"}


def test_operator_mapping_wins_over_catalogue() -> None:
    cat = load_catalogue()
    m = Matcher(cat, extra_aliases={normalise("Bench Press"): "close_grip_bench_press"})
    result = m.match("Bench Press")
    assert (result.alias_key, result.method, result.score) == (
        "close_grip_bench_press",
        "operator",
        100.0,
    )
    # Its spelling variants follow the operator too.
    assert m.match("Press Bench").alias_key == "close_grip_bench_press"


def test_operator_alias_for_a_new_name() -> None:
    m = Matcher(
        load_catalogue(), extra_aliases={normalise("Meadows Row"): "single_arm_row_dumbbell"}
    )
    assert m.match("Meadows Rows").method == "operator"
    assert m.match("Medows Row").alias_key == "single_arm_row_dumbbell"


def test_ignored_wins_over_everything() -> None:
    m = Matcher(
        load_catalogue(),
        extra_aliases={normalise("Bench"): "bench_press"},
        ignored={normalise("Bench"), normalise("Warm Up Sets")},
    )
    for name in ("Bench", "BENCH", "Warm Up Sets"):
        result = m.match(name)
        assert (result.alias_key, result.method) == (None, "ignored")


def test_match_many_keeps_each_raw_name_and_decides_once(matcher: Matcher) -> None:
    names = ["Bench Press (Barbell)", "Barbell Bench Press", "bench press (barbell)", "RDL"]
    results = matcher.match_many(names + names)
    assert list(results) == names
    assert {r.raw_name for r in results.values()} == set(names)
    assert {results[n].alias_key for n in names[:3]} == {"bench_press"}


def test_match_many_agrees_with_match(matcher: Matcher) -> None:
    names = [line.split("\t")[0] for line in LABELS.read_text(encoding="utf-8").splitlines()]
    names = [n for n in names if n and not n.startswith("#")][:200]
    many = matcher.match_many(names)
    for name in names:
        assert many[name] == matcher.match(name)


def test_tokens_of_is_order_and_noise_free() -> None:
    assert tokens_of("Bench Press (Barbell) - Warm Up") == tokens_of("barbell bench press 3x10")


def test_match_of_the_normalised_name_is_the_same(matcher: Matcher) -> None:
    # The bind job matches the stored `name_norm`, not the raw name.
    names = [line.split("\t")[0] for line in LABELS.read_text(encoding="utf-8").splitlines()]
    for name in [n for n in names if n and not n.startswith("#")]:
        assert matcher.match(normalise(name)).alias_key == matcher.match(name).alias_key, name
