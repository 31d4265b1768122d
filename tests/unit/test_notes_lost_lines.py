"""A note's line with set numbers in it that reads as no exercise is never dropped silently:
`RDLSx5 @172.5` (`RDL 5x5 @172.5` garbled) sends the note to review."""

from __future__ import annotations

import pytest

from ingest.read import notes
from schema.models import OcrPage

pytestmark = pytest.mark.unit

NOTE = "Pull day\nJune 8th 2026\nSquat 115kg 5x6\n{}\nDB curls 24kg x 12, 12, 11\n"


@pytest.mark.parametrize("garbled", ["RDLSx5 @172.5", "Rows x5 @ 70"])
def test_a_garbled_line_with_a_count_or_a_weight_is_not_understood(garbled: str) -> None:
    draft = notes.parse(OcrPage.from_text(NOTE.format(garbled)))
    assert "line.not_understood" in {f.kind for f in draft.findings}
    assert draft.needs_review


def test_a_plain_remark_between_exercises_is_no_set_line() -> None:
    draft = notes.parse(OcrPage.from_text(NOTE.format("felt strong today")))
    assert "line.not_understood" not in {f.kind for f in draft.findings}
