"""The bind job's pure core: precedence of ignores and operator mappings, batching."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from schema.models import MatchResult
from workers.names.bind import SCORE_BATCH, decide

pytestmark = pytest.mark.unit


class FakeMatcher:
    """Binds every name to `bench_press` by fuzzy match; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def match_many(self, names: list[str]) -> Mapping[str, MatchResult]:
        self.calls.append(len(names))
        return {
            n: MatchResult(raw_name=n, alias_key="bench_press", score=91.0, method="fuzzy")
            for n in names
        }


def test_ignores_beat_operator_mappings_which_beat_the_matcher() -> None:
    decisions = decide(
        ["a", "b", "c"],
        FakeMatcher().match_many,
        overrides={"a": "squat", "b": "squat"},
        ignored={"b"},
    )
    got = {d.name_norm: (d.alias_key, d.method) for d in decisions}
    assert got == {
        "a": ("squat", "operator"),
        "b": (None, "ignored"),
        "c": ("bench_press", "fuzzy"),
    }


def test_names_are_scored_in_batches_with_progress() -> None:
    matcher = FakeMatcher()
    seen: list[tuple[str, int, int]] = []
    names = [f"n{i}" for i in range(SCORE_BATCH + 5)]
    decide(names, matcher.match_many, {}, set(), progress=lambda *a: seen.append(a))
    assert matcher.calls == [SCORE_BATCH, 5]
    assert seen == [("scoring", SCORE_BATCH, len(names)), ("scoring", len(names), len(names))]
