"""Few reps read from a digit OCR barely read, amid words it read surely, are doubted.

Pins: `11` read `1` at confidence 20 (or `12` read `2:`) beside sets of 18 is a doubt
where it stands; the same reps read surely, or a row whose words are all unsure (a font
OCR scores low though it reads it right), or reps close to the others', are not.
"""

from __future__ import annotations

import pytest

from ingest.read.set_doubts import lost_digits
from schema.models import ExerciseDraft, OcrLine, OcrPage, OcrWord, SessionDraft, SetDraft, Where

pytestmark = pytest.mark.unit


def row(top: int, *cells: tuple[str, float]) -> OcrLine:
    words = [
        OcrWord(text=text, left=100 + 150 * i, top=top, width=40, height=30, conf=conf)
        for i, (text, conf) in enumerate(cells)
    ]
    return OcrLine(words=tuple(words))


def page_and_draft(
    reps_cell: tuple[str, float], row_conf: float = 96.0
) -> tuple[OcrPage, SessionDraft]:
    """Two set rows, `1 18 回` and `2 <reps_cell> 回`, the second's other words at `row_conf`."""
    first = row(100, ("1", 96.0), ("18", 96.0), ("回", 95.0))
    second = row(200, ("2", row_conf), reps_cell, ("回", row_conf))
    page = OcrPage(lines=[first, second], width=800, height=400)
    reps = int(reps_cell[0].strip(":"))
    sets = [SetDraft(reps=18, raw_line=first.text), SetDraft(reps=reps, raw_line=second.text)]
    return page, SessionDraft(
        layout="generic", exercises=[ExerciseDraft(raw_name="Dip", sets=sets)]
    )


@pytest.mark.parametrize("cell", [("1", 20.0), ("2:", 39.0)])
def test_few_reps_from_a_barely_read_digit_amid_sure_words_are_doubted(
    cell: tuple[str, float],
) -> None:
    page, draft = page_and_draft(cell)
    found = lost_digits(draft, page)
    assert [(f.kind, f.severity, f.where) for f in found] == [
        ("reps.unsure", "doubt", Where(exercise=0, set=1))
    ]


@pytest.mark.parametrize(
    ("cell", "row_conf"),
    [
        (("1", 96.0), 96.0),  # read surely: a set of one rep
        (("1", 20.0), 30.0),  # every word unsure: the font, not the digit
        (("12", 20.0), 96.0),  # close to the other sets' reps
    ],
)
def test_reps_read_surely_or_in_an_unsure_font_or_near_the_others_are_not(
    cell: tuple[str, float], row_conf: float
) -> None:
    page, draft = page_and_draft(cell, row_conf)
    assert lost_digits(draft, page) == []
