"""The reader reads a page by its structure: synthetic pages of word boxes, no OCR."""

from __future__ import annotations

import pytest

from ingest.read import detect, generic, notes, registry
from ingest.read.cells import cells_text
from ingest.read.findings import needs_review
from ingest.read.rows import classify
from ingest.read.structure import Header, header_of, roles
from schema.models import OcrPage
from tests.unit.word_rows import line

pytestmark = pytest.mark.unit


def page(*specs: str | tuple[str, int], width: int = 1170) -> OcrPage:
    """A page of rows, 60 px apart; a row may be (spec, text height)."""
    lines = []
    for i, spec in enumerate(specs):
        text, height = spec if isinstance(spec, tuple) else (spec, 30)
        lines.append(line(text, top=20 + 60 * i, height=height))
    return OcrPage(lines=lines, width=width, height=60 * len(specs) + 60, mean_conf=95)


HEVY_WORKOUT = page(
    "40:9:41|1000:82%",
    "160:jdoe",
    "160:Tuesday, Mar 12, 2025 at 6:40pm",
    ("40:Push Day", 44),
    "40:Time|300:Volume|600:Sets",
    "40:45min|300:5,230 kg|600:18",
    ("160:Bench Press (Barbell)", 34),
    "40:Pause at the bottom",
    "40:Rest Timer: 2min 0s",
    "40:SET|300:KG|600:REPS",
    "50:W|300:40|600:10",
    "50:1|300:60|600:8",
    "50:2|300:62.5|600:6",
    ("160:Pull Up", 34),
    "40:SET|300:REPS",
    "50:1|300:10",
    ("160:Incline Press (Dumbbell)", 34),
    "40:SET|300:LBS|600:REPS",
    "50:1|300:50|600:12",
    "40:Home|400:Workout|800:Profile",
)


def test_a_summary_between_the_date_and_the_first_exercise_is_never_an_exercise() -> None:
    draft = generic.parse(HEVY_WORKOUT)
    assert draft.title == "Push Day"
    assert [e.raw_name for e in draft.exercises] == [
        "Bench Press (Barbell)",
        "Pull Up",
        "Incline Press (Dumbbell)",
    ]


def test_the_unit_printed_only_in_the_header_applies_to_its_rows() -> None:
    draft = generic.parse(HEVY_WORKOUT)
    bench, pull_up, incline = draft.exercises
    assert [(s.weight, s.unit, s.reps, s.set_type) for s in bench.sets] == [
        (40.0, "kg", 10, "warmup"),
        (60.0, "kg", 8, "working"),
        (62.5, "kg", 6, "working"),
    ]
    assert [(s.weight, s.reps) for s in pull_up.sets] == [(None, 10)]
    assert [(s.weight, s.unit, s.reps) for s in incline.sets] == [(50.0, "lb", 12)]
    # The row is stored as shown, not as its columns were joined.
    assert bench.sets[1].raw_line == "1 60 8"


def test_notes_and_rest_timers_under_a_name_are_notes_not_the_name() -> None:
    draft = generic.parse(HEVY_WORKOUT)
    assert draft.exercises[0].raw_name == "Bench Press (Barbell)"
    assert not draft.needs_review
    assert any("Pause at the bottom" in w for w in draft.warnings)


def test_rows_are_classified_by_structure() -> None:
    kinds = [r.kind for r in classify(HEVY_WORKOUT, generic.Options())]
    assert kinds[:10] == [
        "status",
        "text",
        "date",
        "text",
        "stat",
        "stat",
        "text",
        "text",
        "note",
        "header",
    ]
    assert kinds[-1] == "chrome"


def test_previous_1rm_and_check_columns_are_never_a_set() -> None:
    header = header_of(line("40:SET|200:PREVIOUS|600:+KG|800:REPS|1000:✓"))
    assert isinstance(header, Header)
    row = line("50:1|200:+17.5kg x 15|600:20|800:15|1000:✓")
    assert cells_text(row, header) == "1 +20 kg x 15"
    strong = header_of(line("40:Set|200:Weight & Reps|900:1RM"))
    assert strong is not None
    assert [c.role for c in strong.columns] == ["set", "weight_reps", "one_rm"]
    assert cells_text(line("50:1|200:60 kg × 8|920:76"), strong) == "1 60 kg × 8"
    assert cells_text(line("50:F|200:140 kg × 9|540:@ 7.5|920:182"), strong) == "F 140 kg × 9 @ 7.5"


def test_cardio_and_timed_rows_under_their_headers() -> None:
    draft = generic.parse(
        page(
            "40:Rowing",
            "40:SET|200:M|600:TIME",
            "50:1|200:2,000|600:7:45",
            "40:Running",
            "40:SET|200:KM|600:TIME",
            "50:1|200:5.00|600:25:30",
            "40:Plank",
            "40:SET|200:TIME",
            "50:1|200:1:00",
        )
    )
    rows = [(s.distance, s.distance_unit, s.duration_s) for e in draft.exercises for s in e.sets]
    assert rows == [(2000.0, "m", 465), (5.0, "km", 1530), (None, None, 60)]


def test_a_summary_label_row_is_no_header_and_a_header_needs_a_set_column() -> None:
    assert header_of(line("40:Time|300:Volume|600:Sets")) is None
    assert header_of(line("40:TIME")) is None
    found = roles([line("40:Duration|300:Volume"), line("40:1h 2m|300:5,230 kg")])
    assert found == ["stat", "stat"]


def test_chat_stamps_and_day_chips_are_chrome_a_time_at_the_left_is_a_set() -> None:
    chat = page(
        "500:Today",
        "40:Legs",
        "40:Thursday, Jun 4, 2020 at 5:48am",
        "40:Plank",
        "40:Set 1: 0:30",
        "40:0:45",
        "900:14:02 ✓✓",
        "40:Nice one!",
    )
    draft = generic.parse(chat)
    assert [s.duration_s for s in draft.exercises[0].sets] == [30, 45]
    kinds = [r.kind for r in classify(chat, generic.Options())]
    assert kinds[0] == "chrome" and kinds[6] == "chrome"


def test_japanese_dates_names_and_sets() -> None:
    draft = detect.parse_page(
        page(
            "40:履歴|1000:編集",
            "40:下半身",
            "40:2025年3月12日",
            "40:合計時間 1時間23分 総重量 5,480kg",
            "40:ベンチ プレス",
            "40:アップ 40kg 10回",
            "40:1セット目 60kg 8回",
            "40:2 60kg × 6回",
            "40:腕立て伏せ",
            "40:1 18回",
        )
    )
    assert draft.layout == "generic"
    assert str(draft.performed_on) == "2025-03-12"
    assert draft.title == "下半身"
    assert [e.raw_name for e in draft.exercises] == ["ベンチプレス", "腕立て伏せ"]
    assert [(s.weight, s.reps, s.set_type) for s in draft.exercises[0].sets] == [
        (40.0, 10, "warmup"),
        (60.0, 8, "working"),
        (60.0, 6, "working"),
    ]
    assert [s.reps for s in draft.exercises[1].sets] == [18]
    assert not draft.needs_review


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        ("Bench 3x8 @ 60kg", [(8, 60.0, "kg")] * 3),
        ("Squat 100kg 5x5", [(5, 100.0, "kg")] * 5),
        ("Deadlift 140x5, 150x3, 160x1 kg", [(5, 140.0, "kg"), (3, 150.0, "kg"), (1, 160.0, "kg")]),
        ("OHP: 40kg 8/8/7", [(8, 40.0, "kg"), (8, 40.0, "kg"), (7, 40.0, "kg")]),
        (
            "Incline DB press 24kg x 10, 10, 8",
            [(10, 24.0, "kg"), (10, 24.0, "kg"), (8, 24.0, "kg")],
        ),
    ],
)
def test_notes_shorthand_as_people_write_it(text: str, sets: list[tuple[object, ...]]) -> None:
    draft = notes.parse(OcrPage.from_text(f"2026-02-07\n{text}"))
    assert [(s.reps, s.weight, s.unit) for s in draft.exercises[0].sets] == sets
    assert not draft.needs_review


def test_a_bare_weight_takes_the_notes_one_unit() -> None:
    draft = notes.parse(OcrPage.from_text("2026-02-07\nSquat 100kg 5x5\nRDL 3 x 10 @ 70"))
    assert [(s.reps, s.weight, s.unit) for s in draft.exercises[1].sets] == [(10, 70.0, "kg")] * 3
    assert not draft.needs_review


def test_review_is_one_function_of_the_findings() -> None:
    draft = generic.parse(page("40:Squat", "40:1 100 kg x 5", "40:2 1OO kq x"))
    assert any(f.kind == "set.unreadable" for f in draft.findings)
    assert draft.needs_review == needs_review(draft.findings, draft.confidence)


def test_the_registry_lists_every_app_and_layouts_end_with_generic() -> None:
    names = [m.__name__.rsplit(".", 1)[1] for m in registry.APPS]
    assert names == ["strong", "hevy", "fleek", "notes", "japanese", "generic"]
    assert list(registry.layouts())[-1] == "generic"
    assert "japanese" not in registry.layouts()  # words only: its pages are generic
    assert "アップ" in registry.app_vocabulary().warmup_badges


def test_a_back_bar_with_an_action_at_the_far_right_is_chrome_below_other_rows() -> None:
    # A story viewer's own rows (progress, user name) stand above the screenshot: the
    # bar `< 履歴  編集` is the fifth row, its frame's edges read as `]` and `[`.
    rows = page(
        "40:gym.sam|200:23h",
        "40:Close",
        "40:Story",
        "40:Reply",
        "30:]|60:<|100:履歴|900:編集|1100:[",
        "40:プッシュ",
        "40:2020年2月25日",
        "40:スクワット",
        "40:1セット目 60kg 8回",
    )
    assert roles(rows.lines, rows.width)[4] == "chrome"
    assert detect.parse_page(rows).title == "プッシュ"


def test_a_row_starting_with_a_back_mark_among_data_rows_is_no_chrome() -> None:
    # Without an action word far to its right, only the first rows can be a back bar.
    rows = page("40:9:41", "40:Legs", "40:2025-03-12", "40:Squat", "40:< Priya")
    assert roles(rows.lines, rows.width)[4] is None
