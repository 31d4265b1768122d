"""The benchmark's scoring: report rows per style, split and variant value; silent wrongs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bench.accuracy_tally import Tally, groups_of, is_heldout

pytestmark = pytest.mark.unit


def _label(**variant: str) -> dict[str, Any]:
    axes = {"style": "hevy", "screen": "hevy_workout", "theme": "default", "font": "a"}
    axes |= {"capture": "clean", **variant}
    one_set = {"reps": 8, "weight": 60.0, "unit": "kg", "is_warmup": False, "set_type": "working"}
    return {
        "file": "x.png",
        "layout": "hevy",
        "performed_on": "2025-03-12",
        "title": "Push",
        "exercises": [{"raw_name": "Bench Press (Barbell)", "sets": [one_set]}],
        "variant": axes,
    }


def test_dev_label_counts_in_its_style_dev_and_each_axis_value() -> None:
    groups = groups_of(_label())
    assert groups[:2] == ["hevy", "dev"]
    assert "theme=default" in groups and "capture=clean" in groups
    assert not any(g.startswith("held out") for g in groups)


@pytest.mark.parametrize(
    "axis",
    [{"theme": "vivid"}, {"font": "f"}, {"capture": "markup"}, {"screen": "generic_daylog"}],
)
def test_any_held_out_value_makes_the_image_held_out(axis: dict[str, str]) -> None:
    label = _label(**axis)
    assert is_heldout(label)
    groups = groups_of(label)
    assert "held out" in groups and "held out: hevy" in groups
    key, value = next(iter(axis.items()))
    assert f"{key}={value}" in groups


def test_label_without_variant_counts_under_its_layout() -> None:
    label = _label()
    del label["variant"]
    assert groups_of(label) == ["hevy"]


def test_wrong_parse_not_flagged_is_silent_and_right_flagged_is_counted() -> None:
    tally = Tally()
    label = _label()
    right_flagged = {**copy.deepcopy(label), "needs_review": True}
    wrong = copy.deepcopy(label)
    wrong["exercises"][0]["sets"][0]["reps"] = 9
    wrong_flagged = {**copy.deepcopy(wrong), "needs_review": True}
    for got in (label, right_flagged, wrong, wrong_flagged, {"error": "unreadable"}):
        tally.add(label, got, 0.0)
    row = tally.row()
    assert row["images"] == 5
    assert row["fully_right"] == pytest.approx(2 / 5)
    assert row["silent_wrong"] == pytest.approx(1 / 5)
    assert row["right_reviewed"] == pytest.approx(1 / 5)
    assert tally.failures[0].startswith("x.png [NOT FLAGGED]")
