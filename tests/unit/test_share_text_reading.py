"""Share text: an RPE whose r was read as a 1, a status bar whose battery was misread."""

from __future__ import annotations

import pytest

from ingest.read.common import parse_set_body

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        # Off the scale or its half steps (the r of `rpe` read as a 1?): left unread, in
        # the rest, for a person to look at.
        ("90 kg x 3 @7.51rpe", None),
        ("90 kg x 3 @ 101rpe", None),
        ("90 kg x 3 @ 7.5 rpe", 7.5),
        ("90 kg x 3 @ 8", 8.0),
        ("90 kg x 3 @29", 9.0),  # the `@` read as a 2
    ],
)
def test_rpe(text: str, rpe: float | None) -> None:
    body = parse_set_body(text)
    assert body is not None and body.rpe == rpe
    assert body.rest.startswith("@") is (rpe is None)


def test_a_status_bar_whose_battery_was_misread_is_no_set() -> None:
    from ingest.read.generic import parse
    from schema.models import OcrLine, OcrPage, OcrWord

    def word(text: str, left: int, top: int) -> OcrWord:
        return OcrWord(text=text, left=left, top=top, width=14 * len(text), height=30)

    rows = [
        [word("8:32", 70, 30), word("14", 1060, 30)],  # `94%` read as `14`
        [word("Bench", 60, 200), word("Press", 160, 200)],
        [word(t, 60 + 50 * i, 260) for i, t in enumerate(["Set", "1:", "60", "kg", "x", "8"])],
    ]
    page = OcrPage(lines=[OcrLine(words=tuple(r)) for r in rows], width=1170, height=2000)
    draft = parse(page)
    assert "set.orphan" not in [f.kind for f in draft.findings]
    assert [len(e.sets) for e in draft.exercises] == [1]
