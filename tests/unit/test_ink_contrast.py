"""Each word's ink contrast (`ingest.ocr.ink`) and grey placeholder rows in the reader
(`ingest.read.placeholders`)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from ingest.ocr.ink import ink_contrast, word_contrast
from ingest.read import detect
from schema.models import OcrLine, OcrPage, OcrWord
from tests.unit.word_rows import line as _line

pytestmark = pytest.mark.unit


def _histogram(**levels: int) -> list[int]:
    counts = [0] * 256
    for key, count in levels.items():
        counts[int(key[1:])] = count
    return counts


def test_black_ink_on_white_is_full_contrast_and_grey_ink_about_half() -> None:
    assert ink_contrast(_histogram(g0=20, g255=80)) == 1.0
    assert ink_contrast(_histogram(g110=20, g255=80)) == pytest.approx(0.57)
    assert ink_contrast([0] * 256) == 0.0


def test_contrast_is_measured_against_the_words_own_background() -> None:
    # Black on a tinted row (a done set) keeps full contrast; grey on white does not.
    img = Image.new("L", (200, 40), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 99, 39), fill=225)
    draw.rectangle((20, 10, 40, 30), fill=0)
    draw.rectangle((120, 10, 140, 30), fill=150)
    tinted = OcrWord(text="60", left=10, top=5, width=60, height=30)
    faint = OcrWord(text="60", left=110, top=5, width=60, height=30)
    assert word_contrast(tinted, img) == 1.0
    assert word_contrast(faint, img) == pytest.approx(0.41)
    outside = OcrWord(text="x", left=300, top=5, width=10, height=10)
    assert word_contrast(outside, img) is None


def _inked(spec: str, top: int, contrasts: dict[str, float]) -> OcrLine:
    """A hand-made row whose words carry the contrast given for their text (else 0.93)."""
    words = _line(spec, top=top).words
    return OcrLine(
        words=tuple(w.model_copy(update={"contrast": contrasts.get(w.text, 0.93)}) for w in words)
    )


_TABLE = (
    "40:©|450:Log Workout|1000:Finish",
    "160:Bicep Curl (Barbell)",
    "40:SET|200:PREVIOUS|600:KG|800:REPS|1000:v",
    "50:1|200:40kg x 10|600:40|800:10",
    "50:2|200:40kg x 8|600:40|800:8",
    "50:3|200:40kg x 8|600:40|800:8",
    "450:+ Add Set",
)


def _page(faint_row: int | None, grey: float = 0.5) -> OcrPage:
    lines = []
    for i, spec in enumerate(_TABLE):
        # The PREVIOUS cell is grey in every row; the row's values only in `faint_row`.
        grey_words = {"40kg": 0.45, "x": 0.45}
        if i == faint_row:
            grey_words |= {"40": grey, "8": grey}
        lines.append(_inked(spec, 20 + 60 * i, grey_words))
    return OcrPage(lines=lines, width=1170, height=60 * len(lines) + 60, mean_conf=95)


def test_a_row_printed_in_grey_is_a_placeholder_without_a_doubt() -> None:
    draft = detect.parse_page(_page(faint_row=5))
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(40.0, 10), (40.0, 8)]
    assert "set.placeholder_faint" in [f.kind for f in draft.findings]
    assert not draft.needs_review


def test_a_last_row_as_dark_as_the_sets_is_a_set_without_a_doubt() -> None:
    # It repeats its PREVIOUS cell and the set above, which alone made it a doubt.
    draft = detect.parse_page(_page(faint_row=None))
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets][-1] == (40.0, 8)
    assert len(draft.exercises[0].sets) == 3
    assert not draft.needs_review


def test_a_grey_row_in_the_middle_of_a_table_is_no_set_either() -> None:
    draft = detect.parse_page(_page(faint_row=4))
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(40.0, 10), (40.0, 8)]


def test_a_row_between_grey_and_black_is_left_to_the_shape_rules() -> None:
    draft = detect.parse_page(_page(faint_row=5, grey=0.75))
    kinds = [f.kind for f in draft.findings]
    assert "set.placeholder_faint" not in kinds
    assert "set.placeholder" in kinds and draft.needs_review


def test_a_faint_row_of_a_table_without_previous_is_a_set() -> None:
    # A photo's light falls unevenly: a fainter row of a finished workout's table is
    # still a set; only an input table (with PREVIOUS) holds placeholders.
    table = ("160:Bicep Curl (Barbell)", "40:SET|600:KG|800:REPS", *_FINISHED)
    lines = [_inked(spec, 20 + 60 * i, {"25": 0.5, "9": 0.5}) for i, spec in enumerate(table)]
    page = OcrPage(lines=lines, width=1170, height=60 * len(lines) + 60, mean_conf=95)
    draft = detect.parse_page(page)
    assert [(s.weight, s.reps) for s in draft.exercises[0].sets] == [(20.0, 10), (25.0, 9)]
    assert "set.placeholder_faint" not in [f.kind for f in draft.findings]


_FINISHED = ("50:1|600:20|800:10", "50:2|600:25|800:9")
