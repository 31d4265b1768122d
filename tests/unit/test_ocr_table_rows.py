"""Which rows of a set table are read again: chosen from the page's structure.

Pins: a garbled value cell next to a set number or a badge in a column of set numbers
is chosen, worst first up to the cap; a garbled mark after a row's two numbers (a check
box, a 1RM), a column header, a row outside the set column and a page without a
set column are not. A crop's read is kept only while it starts with a set number or
a badge, its boxes cut to the row's band.
"""

from __future__ import annotations

import pytest

from ingest.ocr.table_rows import MAX_TABLE_ROWS, fitted_reread, unsure_table_rows
from schema.models import OcrLine, OcrPage, OcrWord

pytestmark = pytest.mark.unit


def row(cells: list[tuple[str, float]], top: int, left: int = 40) -> OcrLine:
    """A line of cells 80 px apart; the first cell 12 px wide per character."""
    words = []
    for k, (text, conf) in enumerate(cells):
        x = left if k == 0 else 140 + 80 * k
        width = 12 * len(text)
        words.append(OcrWord(text=text, left=x, top=top, width=width, height=20, conf=conf))
    return OcrLine(words=tuple(words))


def table(rows: list[list[tuple[str, float]]]) -> OcrPage:
    """A header and `rows` under it, one every 40 px."""
    header = row([("SET", 95), ("KG", 95), ("REPS", 95)], 40, left=36)
    return OcrPage(lines=[header, *(row(r, 80 + 40 * i) for i, r in enumerate(rows))])


SURE: list[tuple[str, float]] = [("1", 96), ("60", 95), ("8", 96)]


def test_a_garbled_value_next_to_a_set_number_or_badge_is_chosen() -> None:
    page = table(
        [
            [("Ww", 55), ("WED", 57), ("12", 97)],  # badge read large, weight garbled
            [("1", 97), ("7", 65), ("ESR)", 0)],  # weight garbled after the reps
            SURE,
            [("3", 97), ("60", 96), ("8", 95)],
        ]
    )
    assert unsure_table_rows(page) == [1, 2]


def test_a_mark_after_two_numbers_and_a_header_are_not_chosen() -> None:
    page = table(
        [
            [("1", 97), ("60kg", 95), ("x8", 96), ("62.5", 96), ("8", 97), ("ee", 13)],
            [("2", 97), ("60", 96), ("8", 95), ("ap", 20)],
            [("W", 97), ("40", 96), ("lb", 40), ("x8", 40)],  # a count, not a garble
            [("3", 97), ("60", 96), ("8", 95)],
        ]
    )
    page.lines[0] = row([("Set", 95), ("Weight", 30), ("Reps", 40), ("1RM", 90)], 40, left=36)
    assert unsure_table_rows(page) == []


def test_rows_outside_a_column_of_set_numbers_are_not_chosen() -> None:
    # Two numbered rows make no column; a garbled row far right of the set column neither.
    few = table([[("1", 97), ("ESR)", 0), ("8", 96)], SURE])
    assert unsure_table_rows(few) == []
    page = table([SURE, SURE, SURE])
    page.lines.append(row([("2", 97), ("OWES", 20), ("9", 96)], 300, left=400))
    assert unsure_table_rows(page) == []


def test_only_the_worst_rows_of_a_page_are_read_again() -> None:
    garbled = [[(str(n % 9 + 1), 97), ("OAS", float(n)), ("7", 97)] for n in range(12)]
    chosen = unsure_table_rows(table(garbled))
    assert len(chosen) == MAX_TABLE_ROWS
    assert chosen == list(range(1, MAX_TABLE_ROWS + 1))  # confidences 0..7, in page order


def test_a_crop_read_is_kept_only_as_a_table_row_within_its_band() -> None:
    old = row([("1", 97), ("U25igx7", 20), ("154", 96)], 300)  # band 300-320 on the page
    tall = OcrWord(text="125kgx7", left=220, top=0, width=170, height=90, conf=93)
    read = [OcrLine(words=(OcrWord(text="1", left=40, top=20, width=12, height=20), tall))]
    (line,) = fitted_reread(old, read, crop_top=280)
    assert [(w.top, w.height) for w in line.words] == [(20, 20), (20, 20)]
    lost = [OcrLine(words=(OcrWord(text="Aor", left=40, top=20, width=36, height=20),))]
    assert fitted_reread(old, lost, crop_top=280) == []
