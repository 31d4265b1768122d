"""The shipped exercise catalogue is valid and unambiguous."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from schema.errors import ConfigError
from schema.name_norm import normalise
from workers.names.catalogue import (
    EQUIPMENT_SUFFIX,
    load_catalogue,
    parse_catalogue,
    shipped_catalogue_bytes,
)
from workers.names.matcher import Matcher, tokens_of

pytestmark = pytest.mark.unit

EQUIPMENT = {
    "barbell", "dumbbell", "machine", "cable", "smith", "ezbar", "bodyweight", "kettlebell", "band",
    "trapbar", "tbar", "plate", "other", "none", "treadmill", "bike", "elliptical", "stairs",
}  # fmt: skip
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_at_least_200_exercises_with_unique_keys() -> None:
    cat = load_catalogue()
    keys = [ex.key for ex in cat.exercises]
    assert len(keys) >= 200
    assert len(set(keys)) == len(keys)


def test_every_exercise_is_complete() -> None:
    for ex in load_catalogue().exercises:
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", ex.key), ex.key
        assert ex.display_name.strip(), ex.key
        assert ex.equipment in EQUIPMENT, (ex.key, ex.equipment)
        assert ex.muscles, ex.key
        assert ex.display_name in ex.aliases, ex.key


def test_every_key_has_a_family_by_the_suffix_rule() -> None:
    # docs/names.md: key = family, or family + "_" + the equipment's suffix.
    for ex in load_catalogue().exercises:
        suffix = EQUIPMENT_SUFFIX.get(ex.equipment)
        allowed = {ex.family} | ({f"{ex.family}_{suffix}"} if suffix else set())
        assert ex.key in allowed, (ex.key, ex.family, ex.equipment)
        for other in EQUIPMENT_SUFFIX.values():
            assert not ex.family.endswith(f"_{other}"), (ex.key, ex.family)


def test_one_key_per_movement_and_equipment() -> None:
    seen: dict[tuple[str, str], str] = {}
    for ex in load_catalogue().exercises:
        assert (ex.family, ex.equipment) not in seen, (ex.key, seen.get((ex.family, ex.equipment)))
        seen[(ex.family, ex.equipment)] = ex.key


def test_merged_keys_are_retired_to_their_replacement() -> None:
    cat = load_catalogue()
    keys = {ex.key for ex in cat.exercises}
    for old, new in {
        "triceps_dip": "dip",
        "preacher_curl_barbell": "preacher_curl",
        "shoulder_press_dumbbell": "overhead_press_dumbbell",
    }.items():
        assert old not in keys
        assert cat.current_key(old) == new
    assert all(old not in keys and new in keys for old, new in cat.retired.items())
    by_key = {ex.key: ex for ex in cat.exercises}
    assert by_key["bench_press_dumbbell"].family == by_key["bench_press"].family == "bench_press"


# The EZ bar is an equipment of its own (docs/names.md), not a barbell: movement -> EZ key.
EZ_KEYS = {
    "bicep_curl": "bicep_curl_ezbar",
    "preacher_curl": "preacher_curl_ezbar",
    "reverse_curl": "reverse_curl_ezbar",
    "skullcrusher": "skullcrusher_ezbar",
    "overhead_triceps_extension": "overhead_triceps_extension_ezbar",
    "upright_row": "upright_row_ezbar",
}


def test_ez_bar_has_its_own_key_in_the_movements_family() -> None:
    cat = load_catalogue()
    by_key = {ex.key: ex for ex in cat.exercises}
    for family, key in EZ_KEYS.items():
        ex = by_key[key]
        assert (ex.family, ex.equipment, EQUIPMENT_SUFFIX[ex.equipment]) == (
            family,
            "ezbar",
            "ezbar",
        )
        assert ex.display_name.endswith("(EZ Bar)")
        # The straight bar keeps a key of its own in the same family.
        assert any(e.family == family and e.equipment == "barbell" for e in cat.exercises)
        assert cat.current_key(key) == key
    # No barbell key still claims an EZ-bar name.
    for ex in cat.exercises:
        if ex.equipment != "ezbar":
            assert not [a for a in ex.aliases if "ezbar" in tokens_of(a)], ex.key


def test_no_two_keys_share_a_display_name_or_alias() -> None:
    by_norm: dict[str, set[str]] = defaultdict(set)
    for ex in load_catalogue().exercises:
        for name in (ex.display_name, *ex.aliases):
            by_norm[normalise(name)].add(ex.key)
    assert {n: k for n, k in by_norm.items() if len(k) > 1} == {}


def test_every_alias_resolves_to_exactly_its_key() -> None:
    cat = load_catalogue()
    matcher = Matcher(cat)
    wrong = [
        (ex.key, name, matcher.match(name).alias_key)
        for ex in cat.exercises
        for name in (ex.display_name, *ex.aliases)
        if matcher.match(name).alias_key != ex.key
    ]
    assert wrong == []


def _app_names(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            raw, _, expected = line.partition("\t")
            rows.append((raw, expected))
    return rows


def test_strong_and_hevy_built_in_names_all_bind() -> None:
    matcher = Matcher(load_catalogue())
    rows = _app_names("app_names_strong.txt") + _app_names("app_names_hevy.txt")
    assert len(rows) >= 300
    failed = []
    for raw, expected in rows:
        result = matcher.match(raw)
        ok = result.method == "ambiguous" if expected == "ambiguous" else result.alias_key
        if not ok:
            failed.append((raw, result.method))
    assert failed == []
    assert sum(expected == "ambiguous" for _, expected in rows) <= 10


def test_common_movements_have_korean_japanese_german_spanish_names() -> None:
    matcher = Matcher(load_catalogue())
    languages: dict[str, set[str]] = defaultdict(set)
    wrong = []
    for line in (FIXTURES / "names_languages.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, key, language = line.split("\t")
        languages[key].add(language)
        if matcher.match(name).alias_key != key:
            wrong.append((name, key))
    assert wrong == []
    complete = [k for k, langs in languages.items() if langs >= {"ko", "ja", "ja-Latn", "de", "es"}]
    assert len(complete) >= 60


def test_no_alias_points_at_two_keys() -> None:
    by_norm: dict[str, set[str]] = defaultdict(set)
    by_tokens: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for ex in load_catalogue().exercises:
        for alias in ex.aliases:
            by_norm[normalise(alias)].add(ex.key)
            by_tokens[tokens_of(alias)].add(ex.key)
    assert {n: k for n, k in by_norm.items() if len(k) > 1} == {}
    # The matcher compares unordered words: no clash there either.
    assert {t: k for t, k in by_tokens.items() if len(k) > 1} == {}


def test_common_lifts_and_languages_are_covered() -> None:
    aliases = {normalise(a) for ex in load_catalogue().exercises for a in ex.aliases}
    for name in [
        "Bench Press (Barbell)", "Barbell Bench Press", "RDL", "OHP", "CGBP", "SLDL", "DB Row",
        "바벨 벤치 프레스", "벤치프레스", "ベンチプレス", "スクワット", "데드리프트", "Kniebeuge",
        "デッドリフト", "랫 풀다운", "풀업", "턱걸이", "懸垂",
    ]:  # fmt: skip
        assert normalise(name) in aliases, name


def test_version_is_a_content_hash() -> None:
    data = shipped_catalogue_bytes()
    cat = parse_catalogue(data)
    assert re.fullmatch(r"[0-9a-f]{16}", cat.version)
    assert cat.version == load_catalogue().version
    doc = json.loads(data)
    doc["exercises"][0]["aliases"].append("Bench Press Variation")
    assert parse_catalogue(json.dumps(doc).encode()).version != cat.version


def test_load_is_cached_per_path(tmp_path: Path) -> None:
    assert load_catalogue() is load_catalogue()
    other = tmp_path / "cat.json"
    other.write_text(
        '{"exercises": [{"key": "bench_press", "family": "bench_press",'
        ' "display_name": "Bench Press", "equipment": "barbell", "aliases": ["Bench Press"]}]}',
        encoding="utf-8",
    )
    assert [ex.key for ex in load_catalogue(other).exercises] == ["bench_press"]


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b'{"no_exercises": []}',
        b'{"exercises": [{"key": "Bad Key", "family": "x", "display_name": "x",'
        b' "equipment": "none"}]}',
        b'{"exercises": [{"key": "a", "family": "a", "display_name": "A", "equipment": "none"},'
        b' {"key": "a", "family": "a", "display_name": "A2", "equipment": "none"}]}',
        b'{"retired": {"a": "gone"}, "exercises": [{"key": "a", "family": "a",'
        b' "display_name": "A", "equipment": "none"}]}',
        b'{"exercises": [{"key": "a_cable", "family": "a", "display_name": "A",'
        b' "equipment": "dumbbell"}]}',
    ],
)
def test_invalid_catalogues_raise_config_error(data: bytes) -> None:
    with pytest.raises(ConfigError):
        parse_catalogue(data)


def test_missing_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_catalogue(tmp_path / "missing.json")
