"""A workout log kept as a spreadsheet: the header's name, date and notes roles, and the
name column opening an exercise when it changes (a blank cell: the same exercise)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.read.detect import parse_page
from ingest.read.sheet import cell_date, cells, read_sheet, sheet_header
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit

Box = tuple[str, int]  # text, left


def _line(boxes: list[Box], top: int) -> OcrLine:
    words = [OcrWord(text=t, left=x, top=top, width=12 * len(t), height=24) for t, x in boxes]
    return OcrLine(words=tuple(words))


def _page(rows: list[list[Box]]) -> OcrPage:
    lines = [_line(r, 50 * i) for i, r in enumerate(rows)]
    return OcrPage(lines=lines, width=1100, height=50 * len(rows), mean_conf=90.0)


HEADER = [
    ("1", 70),
    ("Date", 110),
    ("Exercise", 380),
    ("Weight", 700),
    ("(kg)", 790),
    ("Reps", 980),
]
HEADER_NOTES = [*HEADER, ("Notes", 1120)]


def test_header_gives_name_date_and_notes_roles() -> None:
    columns = sheet_header(_line(HEADER_NOTES, 0))
    assert columns is not None
    assert [c.role for c in columns] == ["date", "exercise", "weight", "reps", "notes"]
    assert columns[2].unit == "kg"  # `(kg)` joins the weight column


def test_no_header_without_a_name_column() -> None:
    assert sheet_header(_line([("Set", 80), ("Weight", 300), ("Reps", 600)], 0)) is None


def test_cells_drop_the_row_number_and_go_under_their_header() -> None:
    columns = sheet_header(_line(HEADER, 0))
    assert columns is not None
    row = _line([("7", 72), ("11/27/2021", 180), ("Ohp", 380), ("20", 920), ("5", 1070)], 50)
    assert cells(row, columns) == {
        "date": "11/27/2021",
        "exercise": "Ohp",
        "weight": "20",
        "reps": "5",
    }


def test_blank_name_is_the_same_exercise_and_a_new_name_opens_one() -> None:
    page = _page(
        [
            HEADER_NOTES,
            [
                ("2", 72),
                ("11/27/2021", 180),
                ("Bench", 380),
                ("40", 920),
                ("10", 1060),
                ("warm-up", 1130),
            ],
            [("3", 72), ("11/27/2021", 180), ("60", 920), ("8", 1050)],
            [("4", 72), ("11/27/2021", 180), ("60", 920), ("5", 1050), ("failure", 1130)],
            [("5", 72), ("11/27/2021", 180), ("Pull-ups", 380), ("BW", 920), ("9", 1050)],
            [("6", 72), ("Pull-ups", 380), ("8", 1050)],
        ]
    )
    draft = read_sheet(page)
    assert draft is not None and not draft.needs_review
    assert draft.performed_on == date(2021, 11, 27) and draft.title is None
    assert [e.raw_name for e in draft.exercises] == ["Bench", "Pull-ups"]
    bench, pulls = draft.exercises
    assert [(s.weight, s.unit, s.reps, s.set_type) for s in bench.sets] == [
        (40.0, "kg", 10, "warmup"),
        (60.0, "kg", 8, "working"),
        (60.0, "kg", 5, "failure"),
    ]
    assert [(s.weight, s.reps) for s in pulls.sets] == [(None, 9), (None, 8)]
    assert parse_page(page, date(2026, 1, 1)).exercises == draft.exercises


def test_a_garbled_cell_sends_the_page_to_review() -> None:
    page = _page([HEADER, [("2", 72), ("2/19/2022", 180), ("Dips", 380), ("9°", 1070)]])
    draft = read_sheet(page)
    assert draft is not None and draft.needs_review
    assert "cell.garbled" in {f.kind for f in draft.findings}


def test_dates_in_a_cell() -> None:
    assert cell_date("6/26/2020") == (date(2020, 6, 26), False)
    assert cell_date("26/6/2020") == (date(2020, 6, 26), False)
    assert cell_date("3/4/2020") == (date(2020, 3, 4), True)  # day and month could swap
    assert cell_date("22-Mar-2022") == (date(2022, 3, 22), False)
    assert cell_date("Apr9, 2022") == (date(2022, 4, 9), False)
    assert cell_date("2022-05-19") == (date(2022, 5, 19), False)


def test_a_digit_ocr_was_unsure_of_is_a_doubt() -> None:
    row = _line([("2", 72), ("2/19/2022", 180), ("Dips", 380), ("3", 1070)], 50)
    unsure = row.model_copy(
        update={"words": (*row.words[:3], row.words[3].model_copy(update={"conf": 32.0}))}
    )
    draft = read_sheet(OcrPage(lines=[_line(HEADER, 0), unsure], width=1100, height=100))
    assert draft is not None and draft.needs_review
    assert [s.reps for s in draft.exercises[0].sets] == [3]
