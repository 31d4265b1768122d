"""The shipped exercise catalogue is valid and unambiguous."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from schema.errors import ConfigError
from schema.name_norm import normalise
from workers.names.catalogue import load_catalogue, parse_catalogue, shipped_catalogue_bytes
from workers.names.matcher import tokens_of

pytestmark = pytest.mark.unit

EQUIPMENT = {
    "barbell", "dumbbell", "machine", "cable", "smith", "bodyweight", "kettlebell", "ezbar",
    "band", "trapbar", "tbar", "other", "none", "treadmill", "bike", "rower", "elliptical",
    "stairs",
}  # fmt: skip


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
        "바벨 벤치 프레스", "벤치프레스", "ベンチプレス", "スクワット", "데드리프트",
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
        '{"exercises": [{"key": "bench_press", "display_name": "Bench Press",'
        ' "equipment": "barbell", "aliases": ["Bench Press"]}]}',
        encoding="utf-8",
    )
    assert [ex.key for ex in load_catalogue(other).exercises] == ["bench_press"]


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b'{"no_exercises": []}',
        b'{"exercises": [{"key": "Bad Key", "display_name": "x", "equipment": "none"}]}',
        b'{"exercises": [{"key": "a", "display_name": "A", "equipment": "none"},'
        b' {"key": "a", "display_name": "A2", "equipment": "none"}]}',
    ],
)
def test_invalid_catalogues_raise_config_error(data: bytes) -> None:
    with pytest.raises(ConfigError):
        parse_catalogue(data)


def test_missing_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_catalogue(tmp_path / "missing.json")
