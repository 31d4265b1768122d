"""Set tables read by their structure when OCR garbles or loses their chrome: hand-made
rows of word boxes, no OCR. A misread header word, garbled stat labels,
a badge read as two letters or a PR medal read as a digit must not change the sets."""

from __future__ import annotations

import pytest

from ingest.read import detect, generic, hevy
from ingest.read.cells import cells_text
from ingest.read.header_words import fuzzy_role
from ingest.read.rows import classify
from ingest.read.structure import header_of, roles
from ingest.read.vocabulary import BASE
from schema.models import OcrLine, OcrPage, OcrWord
from tests.unit.word_rows import line

pytestmark = pytest.mark.unit


def page(*specs: str, width: int = 1170) -> OcrPage:
    """A page of rows, 60 px apart."""
    lines = [line(spec, top=20 + 60 * i) for i, spec in enumerate(specs)]
    return OcrPage(lines=lines, width=width, height=60 * len(specs) + 60, mean_conf=95)


def sets(draft: object) -> list[list[tuple[object, ...]]]:
    return [
        [(s.set_type, s.weight, s.unit, s.reps, s.distance, s.duration_s) for s in e.sets]
        for e in draft.exercises  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    ("word", "role"),
    [("prey", "previous"), ("previou", "previous"), ("timé", "time"), ("weigth", "weight")],
)
def test_header_words_are_matched_through_garbles(word: str, role: str) -> None:
    assert fuzzy_role(word, BASE)[0] == role


def test_a_garbled_header_still_gives_its_columns_their_meaning() -> None:
    # `SET PREVIOUS KG REPS ✓` read as `SET PREY IS KG EF Vv`: IS is the rest of PREVIOUS,
    # EF after KG is the reps, the short mark at the end the check column.
    header = header_of(line("40:SET|200:PREY|330:IS|600:KG|800:EF|1000:Vv"))
    assert header is not None
    assert [c.role for c in header.columns] == ["set", "previous", "weight", "reps", "check"]
    row = line("50:1|200:115kg x 12|600:117.5|800:12|1000:=")
    assert cells_text(row, header) == "1 117.5 kg x 12"


def test_first_and_middle_header_words_take_their_place_s_role() -> None:
    header = header_of(line("40:siT|300:KO|600:REPS|1000:1RM"))
    assert header is not None
    assert [(c.role, c.unit) for c in header.columns] == [
        ("set", None),
        ("weight", "kg"),
        ("reps", None),
        ("one_rm", None),
    ]


def test_summaries_and_set_lines_are_never_headers() -> None:
    assert header_of(line("40:Juration|300:Volume|600:Sets")) is None
    assert header_of(line("40:Set|200:1:19|400:reps")) is None
    assert header_of(line("40:Leg|200:Press")) is None


def test_garbled_stat_labels_over_values_are_a_summary_not_a_title() -> None:
    found = roles([line("40:Juration|300:Volume|600:Set"), line("40:57min 6s|300:10,374 kg|600:4")])
    assert found == ["stat", "stat"]
    # An exercise name over a set row is no summary.
    assert roles([line("40:Leg Press"), line("40:1|300:60|600:8")]) == [None, None]


IN_WORKOUT = (
    "40:9:41|1000:82%",
    "40:©|450:Log Workout|1000:Finish",
    "40:Juration|300:Volume|600:Set",
    "40:57min 6s|300:10,374 kg|600:4",
    "160:Triceps Rope Pushdown",
    "40:Rest Timer: 2min 0s",
    "40:SET|200:PREY|330:IS|600:KG|800:EF|1000:Vv",
    "50:1|200:115kg x 12|600:117.5|800:12",
    "50:EF|200:115kg x 9|600:117.5|800:9|1000:=",
    "450:+ Add Set",
    "160:Running",
    "40:SET|200:PREVIOUS|600:KM|800:TIMé|1000:v",
    "50:1|200:2km - 21:59|600:2|800:21:59",
    "50:2|200:2km - 21:59|600:2|800:21:59",
    "450:+ Add Set",
)


def test_an_in_workout_screen_with_garbled_chrome_is_hevy_and_reads_its_tables() -> None:
    screen = page(*IN_WORKOUT)
    assert hevy.score(screen) > detect.MIN_SCORE
    draft = detect.parse_page(screen)
    assert draft.layout == "hevy"
    assert draft.title is None and draft.performed_on is None
    assert [e.raw_name for e in draft.exercises] == ["Triceps Rope Pushdown", "Running"]
    assert sets(draft) == [
        [("working", 117.5, "kg", 12, None, None), ("failure", 117.5, "kg", 9, None, None)],
        [("working", None, None, None, 2.0, 1319)],
    ]


def test_the_unticked_last_row_is_dropped_as_a_placeholder_with_a_doubt() -> None:
    draft = detect.parse_page(page(*IN_WORKOUT))
    kinds = [f.kind for f in draft.findings]
    assert "set.placeholder" in kinds
    assert draft.needs_review  # a set done exactly as planned looks the same: a person looks


def test_a_repeated_last_row_in_an_earlier_table_is_kept_as_a_set() -> None:
    rows = list(IN_WORKOUT)
    rows.insert(9, "50:3|200:117.5kg x 9|600:117.5|800:9")  # repeats F 117.5 x 9 above
    draft = detect.parse_page(page(*rows))
    assert len(draft.exercises[0].sets) == 3
    assert "set.placeholder_kept" in [f.kind for f in draft.findings]
    assert not draft.needs_review or any(f.kind == "set.placeholder" for f in draft.findings)


def test_set_lines_that_read_whole_are_not_taken_apart_into_columns() -> None:
    # Strong's rows print their set and a 1RM: each reads whole, the 1RM is no set.
    draft = detect.parse_page(
        page(
            "40:Leg Day",
            "40:Tuesday 6 January 2026 at 18:58",
            "160:Hip Thrust (Barbell)",
            "50:1|200:175 lb x 13|1000:251",
            "50:2|200:175 lb x 15|1000:262",
            "50:3|200:245 lb x 4 @ 10|1000:278",
            "40:Profile|300:History|600:Workout",
        )
    )
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [
        (175.0, 13),
        (175.0, 15),
        (245.0, 4),
    ]


def test_badges_and_medals_are_read_by_their_place() -> None:
    strong = header_of(line("40:Set|200:Weight & Reps|1000:1RM"))
    assert strong is not None
    # A W drawn large read as `WwW`; a PR medal between the set and the 1RM read as `3`.
    rows = page(
        "40:Hack Squat",
        "40:Set|200:Weight & Reps|1000:1RM",
        "40:WwW|200:22.5kg x 11|800:3|1000:31",
        "50:1|200:37.5 kg x 15|1000:56",
        "50:2|200:37.5 kg x 1|600:@ 8|1000:39",
    )
    kinds = [r.kind for r in classify(rows, generic.Options())]
    assert kinds[2:] == ["set", "set", "set"]
    draft = generic.parse(rows)
    assert [(s.set_type, s.weight, s.reps, s.rpe) for s in draft.exercises[0].sets] == [
        ("warmup", 22.5, 11, None),
        ("working", 37.5, 15, None),
        ("working", 37.5, 1, 8.0),
    ]
    assert not draft.needs_review


def test_a_time_column_cell_that_lost_its_colon_is_a_clock() -> None:
    draft = generic.parse(page("40:Wall Sit", "40:Set|300:Time", "50:1|300:045", "50:2|300:1:00"))
    assert [s.duration_s for s in draft.exercises[0].sets] == [45, 60]


def test_profile_rows_and_relative_dates_are_no_sets() -> None:
    draft = hevy.parse(
        page(
            "40:<|400:Workout Detail",
            "40:6|160:fitwithtom",
            "160:2 days ago",
            "40:Push Day",
            "40:Time|300:Volume|600:Sets",
            "40:45min|300:5,230 kg|600:2",
            "160:Bench Press (Barbell)",
            "40:SET|300:KG|600:REPS",
            "50:1|300:60|600:8",
            "50:2|300:60|600:6",
            "160:Pull Up",
            "50:1|300:18 reps",
        )
    )
    assert draft.title == "Push Day" and draft.performed_on is None
    assert [[s.reps for s in e.sets] for e in draft.exercises] == [[8, 6], [18]]
    assert not draft.needs_review  # a relative date is no date to miss


def test_a_centred_bar_framed_by_an_icon_and_a_button_is_chrome_not_the_title() -> None:
    # `(clock)  Log Workout  Finish` read as `© Leg Workout iw`: a bar by its shape.
    bar = line("18:©|166:Leg Workout|345:iw", height=12)
    title = line("22:Leg Day", height=18)
    stats = [line("22:Duration|150:Volume|282:Sets"), line("22:79min|150:10,658 kg|282:16")]
    assert roles([bar, *stats], width=412)[0] == "chrome"
    assert roles([title, *stats], width=412)[0] is None


def test_a_garbled_rest_timer_is_a_note_and_a_time_label_is_not() -> None:
    found = roles(
        [
            line("24:©|46:Rest Timer tmin GOs"),
            line("24:®|46:Ree: Tener teen 308"),
            line("40:Time|300:Volume|600:Sets"),
        ]
    )
    assert found == ["note", "note", "stat"]


def test_a_ghost_beside_the_badge_is_no_part_of_the_set() -> None:
    header = header_of(line("67:SET|215:PREVIOUS|688:KG|898:REPS|1118:v"))
    assert header is not None
    ghost = line("72:W|161:=:|215:330kg x8|686:30|897:8")
    assert cells_text(ghost, header) == "W 30 kg x 8"


def test_a_garbled_status_bar_at_the_top_is_status_not_a_set() -> None:
    top = OcrPage(
        lines=[
            OcrLine(
                words=(
                    OcrWord(text="871", left=28, top=10, width=18, height=8),
                    OcrWord(text="ine", left=349, top=10, width=35, height=9),
                )
            ),
            line("40:Leg Press", top=60),
            line("40:1 60 kg x 8", top=120),
        ],
        width=412,
        height=1112,
    )
    assert [r.kind for r in classify(top, generic.Options())] == ["status", "text", "set"]


def test_a_reps_reading_the_1rm_column_confirms_is_no_guess() -> None:
    from ingest.read.rows import parse_set_line

    confirmed = parse_set_line("3 90 kg x 1l @8.5 123", one_rm_column=True)
    assert confirmed is not None and confirmed[0].reps == 11
    assert not [f for f in confirmed[1] if f.kind.startswith("reps.")]
    unconfirmed = parse_set_line("3 90 kg x 1l @8.5 150", one_rm_column=True)
    assert unconfirmed is not None
    assert [f for f in unconfirmed[1] if f.severity != "note"]


def test_a_summary_with_its_zero_hours_read_as_o_is_a_summary() -> None:
    assert roles([line("45:©|92:Oh 40m|295:Hi|340:4,930 kg")]) == ["stat"]


def test_a_column_header_starts_a_new_table_whatever_its_first_set_number_reads() -> None:
    # `1 20 reps` read as `7 20 reps` right under `Set Reps`: Chin Up is still a name.
    draft = generic.parse(
        page(
            "40:Chest Fly (Dumbbell)",
            "40:SET|300:LBS|600:REPS|1000:IRM",
            "50:1|300:30|600:12|1000:42",
            "50:2|300:30|600:11|1000:41",
            "40:Chin Up",
            "40:Set|300:Reps",
            "50:7|300:20 reps",
            "50:2|300:6 reps",
        )
    )
    assert [e.raw_name for e in draft.exercises] == ["Chest Fly (Dumbbell)", "Chin Up"]
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(30.0, 12), (30.0, 11)]
    assert draft.needs_review  # set 7 right under the header: a number misread


def test_a_tick_read_as_an_at_sign_beside_a_row_is_a_mark_not_an_rpe() -> None:
    # The check column's header mark was lost; each row's tick box reads `@>`, `SD`.
    rows = page(
        "100:Bench Press (Barbell)",
        "40:SET|200:PREVIOUS|600:LBS|800:REPS",
        "50:1|200:-|600:110|800:8|1000:SD",
        "50:2|200:105lb x3|600:110|800:3|1000:@>",
    )
    draft = generic.parse(rows)
    assert [(s.weight, s.reps, s.rpe) for s in draft.exercises[0].sets] == [
        (110.0, 8, None),
        (110.0, 3, None),
    ]
