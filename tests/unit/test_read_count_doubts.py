"""Reads the page itself contradicts: a summary that counts other sets than were read, a
name that ends in a set's value. Also the structure around them: set 1 opens an exercise,
`2,000 m in 6:10` is a distance and its time, a date whose year lost its space.
Hand-made rows of word boxes, no OCR."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read import detect
from ingest.read.common import parse_date
from ingest.read.name_doubts import chrome_title, name_doubts
from ingest.read.rows import parse_set_line
from ingest.read.set_doubts import sets_against_summary
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from tests.unit.word_rows import line as _line

pytestmark = pytest.mark.unit

TODAY = date(2026, 2, 8)


def _page(*specs: str) -> OcrPage:
    lines = [_line(spec, top=20 + 60 * i) for i, spec in enumerate(specs)]
    return OcrPage(lines=lines, width=1170, height=60 * len(specs) + 60, mean_conf=95)


def _draft(sets: int) -> SessionDraft:
    one = SetDraft(reps=5, weight=60.0, unit="kg")
    return SessionDraft(
        layout="generic", exercises=[ExerciseDraft(raw_name="Squat", sets=[one] * sets)]
    )


@pytest.mark.parametrize(
    ("specs", "stated"),
    [
        (("40:69 min 13 sets Volume 10,785 lbs",), 13),
        (("40:Time|400:Volume|800:Sets", "40:1h 20min|400:8,897 kg|810:31"), 31),
        (("40:Duration|400:Volume|800:Sets", "40:34min 14s|400:12,841 kg|810:x"), None),
        (("40:Squat", "40:1|300:60 kg x 5"), None),
    ],
)
def test_the_sets_a_summary_states(specs: tuple[str, ...], stated: int | None) -> None:
    found = sets_against_summary(_draft(2), _page(*specs))
    assert [f.evidence["stated"] for f in found] == ([] if stated is None else [stated])


def test_sets_the_summary_does_not_count_are_doubted() -> None:
    page = _page("40:Time|400:Volume|800:Sets", "40:1h 20min|400:8,897 kg|810:3")
    assert sets_against_summary(_draft(3), page) == []
    found = sets_against_summary(_draft(2), page)
    assert [(f.kind, f.severity, f.evidence["read"]) for f in found] == [
        ("sets.summary_differs", "doubt", 2)
    ]


def test_a_lost_set_row_against_the_summary_sends_the_page_to_review() -> None:
    draft = detect.parse_page(
        _page(
            "40:Leg Day",
            "40:Jul 15, 2023",
            "40:50 min 3 sets Volume 900 kg",
            "40:Squat",
            "40:1|200:5 reps x 60 kg",
            "40:2|200:5 reps x 60 kg",
        ),
        TODAY,
    )
    assert len(draft.exercises[0].sets) == 2
    assert "sets.summary_differs" in {f.kind for f in draft.findings}
    assert draft.needs_review


@pytest.mark.parametrize(
    ("name", "doubted"),
    [("RDL 2101", True), ("Squat 100kg", True), ("Squat 3x", False), ("Squat (Barbell)", False)],
)
def test_a_name_that_ends_in_a_value_is_doubted(name: str, doubted: bool) -> None:
    draft = _draft(3)
    draft.exercises[0].raw_name = name
    assert ("name.value_end" in {f.kind for f in name_doubts(draft)}) is doubted


@pytest.mark.parametrize(
    ("name", "doubted"), [("Row (Cabiey", True), ("Row (Cable)", False), ("Row", False)]
)
def test_a_name_with_a_bracket_left_open_is_doubted(name: str, doubted: bool) -> None:
    draft = _draft(3)
    draft.exercises[0].raw_name = name
    assert ("name.open_bracket" in {f.kind for f in name_doubts(draft)}) is doubted


def test_a_note_line_whose_value_stays_in_the_name_sends_it_to_review() -> None:
    # `RDL 210x1, 3x2` (a set count after a pair) with the first x lost: no cut of `2101`
    # comes near 3, so the number stays in the name, and the doubt sends it to review.
    page = OcrPage.from_text("2026-06-29\nRDL 2101, 3x2\nBench 3x5 @ 100kg\n")
    draft = detect.parse_page(page, TODAY)
    assert draft.exercises[0].raw_name == "RDL 2101"
    assert "name.value_end" in {f.kind for f in draft.findings}
    assert draft.needs_review


def test_set_one_under_a_header_opens_the_exercise_above_it() -> None:
    # A note under the name, then a table whose first set weighs what the last one did:
    # the name is the next exercise's, not debris between sets.
    draft = detect.parse_page(
        _page(
            "40:Shoulder Press",
            "40:SET|300:KG|600:REPS",
            "40:1|300:30|600:14",
            "40:2|300:30|600:12",
            "40:Lunge (Dumbbell)",
            "40:Left shoulder a bit tight",
            "40:SET|300:KG|600:REPS",
            "40:1|300:30|600:2",
            "40:2|300:30|600:15",
        ),
        TODAY,
    )
    assert [(e.raw_name, len(e.sets)) for e in draft.exercises] == [
        ("Shoulder Press", 2),
        ("Lunge (Dumbbell)", 2),
    ]


def test_a_distance_in_its_time() -> None:
    parsed = parse_set_line("1 2,000 m in 6:10")
    assert parsed is not None
    assert (parsed[0].distance, parsed[0].distance_unit, parsed[0].duration_s) == (2000, "m", 370)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Sep 212024", date(2024, 9, 21)),
        ("Sep 2 2024", date(2024, 9, 2)),
        ("Sep 2024", None),
    ],
)
def test_a_year_glued_to_the_day(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "line", ["W1: 122.5 lb x 5", "W411: 122.5 |b x 5 [Warm-up]", "W 1: 122.5 lb x 5"]
)
def test_a_warm_up_label_however_its_number_was_read(line: str) -> None:
    parsed = parse_set_line(line)
    assert parsed is not None
    assert (parsed[0].set_type, parsed[0].weight, parsed[0].reps) == ("warmup", 122.5, 5)


@pytest.mark.parametrize(
    ("title", "doubted"),
    [("ull day", True), ("last seen recently", True), ("Pull day", False), ("プル", False)],
)
def test_a_title_that_starts_in_lowercase_is_doubted(title: str, doubted: bool) -> None:
    draft = _draft(3)
    draft.title = title
    assert bool(chrome_title(draft)) is doubted


def test_a_set_row_with_a_garbled_badge_is_no_name() -> None:
    # `W_8reps x 130 Ibs`: reps glued to the badge's debris, `lbs` read `Ibs`. Unread, it
    # stays a set row of its exercise (a doubt), never the name of a new one.
    text = "Push\nJul 15, 2023\nIncline Bench Press\nW 8 reps x 100 lbs\nW_8reps x 130 Ibs\n"
    draft = detect.parse_page(OcrPage.from_text(text + "1 7 reps x 315 lbs\n"), TODAY)
    assert [e.raw_name for e in draft.exercises] == ["Incline Bench Press"]
    assert draft.needs_review
