"""A table whose header puts the reps before the weight (`SET  REPS  WEIGHT`), the unit in
each weight cell, under a summary row that holds its own values: hand-made rows, no OCR."""

from __future__ import annotations

import pytest

from ingest.read import detect, hevy
from ingest.read.cells import cells_text, is_cell_row
from ingest.read.structure import header_of
from schema.models import OcrPage
from tests.unit.word_rows import line

pytestmark = pytest.mark.unit

ROWS = (
    "40:Leg Day",
    "40:Apr 11, 2024",
    "40:38 min|300:5 sets|520:Volume 2,030 kg",
    "60:Bench Press (Barbell)",
    "80:SET|320:REPS|580:WEIGHT",
    "80:W|320:8|580:70 kg",
    "80:1|320:1|580:127.5 kg",
    "80:2|320:2|580:127.5 kg",
    "60:Triceps Rope Pushdown",
    "80:SET|320:REPS|580:WEIGHT",
    "80:1|320:5|580:72.5 kg",
)


def page() -> OcrPage:
    lines = [line(spec, top=20 + 60 * i) for i, spec in enumerate(ROWS)]
    return OcrPage(lines=lines, width=1000, height=60 * len(ROWS) + 60, mean_conf=95)


def test_a_weight_cell_with_its_unit_is_read_by_the_header_s_columns() -> None:
    header = header_of(line("80:SET|320:REPS|580:WEIGHT"))
    assert header is not None
    assert cells_text(line("80:1|320:1|580:127.5 kg"), header) == "1 127.5 kg x 1"


def test_a_reps_before_weight_header_is_no_evidence_of_hevy() -> None:
    assert hevy.score(page()) == 0.0
    assert hevy.score(OcrPage.from_text("Squat\nSET KG REPS\n1 60 8")) >= 0.5


def test_the_first_exercise_after_a_summary_with_its_values_is_kept() -> None:
    draft = detect.parse_page(page())
    assert draft.layout == "generic"
    assert [(e.raw_name, [(s.reps, s.weight) for s in e.sets]) for e in draft.exercises] == [
        ("Bench Press (Barbell)", [(8, 70.0), (1, 127.5), (2, 127.5)]),
        ("Triceps Rope Pushdown", [(5, 72.5)]),
    ]


@pytest.mark.parametrize(
    ("row", "text"),
    [("80:1|320:9|580:-35", "1 -35 lb x 9"), ("80:1|320:14|580:—_—", "1 14 reps")],
)
def test_a_weight_cell_keeps_its_sign_and_a_long_dash_is_an_empty_cell(row: str, text: str) -> None:
    header = header_of(line("80:SET|320:REPS|580:WEIGHT (LBS)"))
    assert header is not None
    assert is_cell_row(line(row), header)
    assert cells_text(line(row), header) == text
