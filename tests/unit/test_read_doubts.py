"""Reads that nothing in their row tells wrong, doubted by general rules: a distance no
person covers in its time, a last row that may be the next set's placeholder. Hand-made
sets and rows of word boxes, no OCR."""

from __future__ import annotations

import pytest

from ingest.read import detect
from ingest.read.set_doubts import implausible_distances
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft, Where
from tests.unit.word_rows import line as _line

pytestmark = pytest.mark.unit


def _session(*sets: SetDraft) -> SessionDraft:
    return SessionDraft(
        layout="generic", exercises=[ExerciseDraft(raw_name="Running", sets=list(sets))]
    )


def _run(distance: float, unit: str, seconds: int | None) -> SetDraft:
    return SetDraft(distance=distance, distance_unit=unit, duration_s=seconds)


def test_a_distance_faster_than_any_person_is_doubted_where_it_stands() -> None:
    found = implausible_distances(_session(_run(6.4, "km", 777), _run(640.0, "km", 777)))
    assert [(f.kind, f.severity, f.where) for f in found] == [
        ("distance.implausible", "doubt", Where(exercise=0, set=1))
    ]


@pytest.mark.parametrize(
    "one",
    [
        _run(6.4, "km", 777),  # 30 km/h: a fast run, a slow ride
        _run(100.0, "m", 11),  # a sprint's seconds say nothing
        _run(3.1, "mi", 1500),
        _run(42.2, "km", 3 * 3600),
        _run(250.0, "km", None),  # a long ride, no time shown
    ],
)
def test_distances_a_person_covers_are_not_doubted(one: SetDraft) -> None:
    assert implausible_distances(_session(one)) == []


@pytest.mark.parametrize(
    "one",
    [
        _run(640.0, "km", None),  # no time, but more than anyone logs as one set
        _run(2.0, "m", 3600),  # slower than a crawl: a number misread
        _run(64.0, "mi", 1200),
    ],
)
def test_distances_no_person_covers_are_doubted(one: SetDraft) -> None:
    assert [f.kind for f in implausible_distances(_session(one))] == ["distance.implausible"]


def _page(*specs: str) -> OcrPage:
    lines = [_line(spec, top=20 + 60 * i) for i, spec in enumerate(specs)]
    return OcrPage(lines=lines, width=1170, height=60 * len(specs) + 60, mean_conf=95)


def test_an_implausible_distance_in_a_table_sends_the_page_to_review() -> None:
    draft = detect.parse_page(
        _page(
            "40:©|450:Log Workout|1000:Finish",
            "160:Running",
            "40:SET|200:PREVIOUS|600:KM|800:TIME|1000:v",
            "50:1|200:-|600:640|800:12:57|1000:=",
            "450:+ Add Set",
        )
    )
    assert draft.exercises[0].sets[0].distance == 640.0
    assert "distance.implausible" in [f.kind for f in draft.findings]
    assert draft.needs_review


def _curls(previous: str) -> tuple[str, ...]:
    """An in-workout page whose last table ends in a row repeating a drop set above."""
    return (
        "40:©|450:Log Workout|1000:Finish",
        "160:Bicep Curl (Barbell)",
        "40:SET|200:PREVIOUS|600:LBS|800:REPS|1000:v",
        "50:1|200:110lb x 10|600:110|800:10|1000:=",
        "50:D|200:85lb x 3|600:90|800:3|1000:=",
        f"50:2|200:{previous} x 3|600:90|800:3",
        "450:+ Add Set",
    )


def test_a_placeholder_whose_previous_cell_reads_a_zero_as_o_is_dropped_with_a_doubt() -> None:
    draft = detect.parse_page(_page(*_curls("9Olb")))
    assert [(s.set_type, s.weight, s.reps) for s in draft.exercises[0].sets] == [
        ("working", 110.0, 10),
        ("drop", 90.0, 3),
    ]
    assert "set.placeholder" in [f.kind for f in draft.findings]
    assert draft.needs_review


def test_a_last_row_whose_previous_cell_is_unreadable_is_kept_with_a_doubt() -> None:
    draft = detect.parse_page(_page(*_curls("9Q1b")))
    assert len(draft.exercises[0].sets) == 3
    assert "set.placeholder_unsure" in [f.kind for f in draft.findings]
    assert draft.needs_review


def test_a_last_row_that_is_not_its_previous_cell_is_a_set_without_a_doubt() -> None:
    draft = detect.parse_page(_page(*_curls("80lb")))
    assert len(draft.exercises[0].sets) == 3
    kinds = [f.kind for f in draft.findings]
    assert "set.placeholder_unsure" not in kinds and "set.placeholder" not in kinds
