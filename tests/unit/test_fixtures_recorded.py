"""Every committed sample's recorded OCR parses to its expected JSON (no Tesseract).

`OCR_LIMITS` names the samples whose recorded OCR lost information no parser
can restore (the text itself is wrong). They run as strict xfails: when a
better OCR stage is recorded and they pass, the test fails until the entry is
removed, so the list can only shrink.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bench.parse_accuracy import differences
from ingest.read.detect import parse_page
from schema.models import OcrPage

pytestmark = pytest.mark.unit

SCREENS = Path(__file__).resolve().parents[2] / "fixtures" / "screens"
RECORDED = sorted(SCREENS.glob("*.ocr.json"))

OCR_LIMITS: dict[str, str] = {}


def _stem(path: Path) -> str:
    return path.name.removesuffix(".ocr.json")


def _case(path: Path) -> object:
    stem = _stem(path)
    layout = stem.split("_")[0]
    marks: list[pytest.MarkDecorator] = []
    if importlib.util.find_spec(f"ingest.read.{layout}") is None:
        marks.append(pytest.mark.skip(reason=f"the {layout} parser is not there yet"))
    elif stem in OCR_LIMITS:
        marks.append(pytest.mark.xfail(reason=OCR_LIMITS[stem], strict=True))
    return pytest.param(path, id=stem, marks=marks)


def test_there_are_enough_samples() -> None:
    assert len(RECORDED) >= 60
    layouts = {_stem(p).split("_")[0] for p in RECORDED}
    assert {"strong", "hevy", "generic", "fleek", "notes"} <= layouts


@pytest.mark.parametrize("recorded", [_case(p) for p in RECORDED])
def test_recorded_ocr_parses_to_expected(recorded: Path) -> None:
    expected = json.loads((recorded.parent / f"{_stem(recorded)}.expected.json").read_text("utf-8"))
    page = OcrPage.model_validate_json(recorded.read_text("utf-8"))
    got = parse_page(page).contract_dict()
    assert differences(expected, got) == []
