"""The warm engine (libtesseract in a child process) reads exactly as the tesseract CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from ingest.ocr.images import preprocess
from ingest.ocr.tesseract import LOCAL_THRESHOLD, _run_cli, image_file, tesseract_info
from ingest.ocr.warm_engine import WarmEngine

SCREENS = Path(__file__).resolve().parents[2] / "fixtures" / "screens"


@pytest.fixture(scope="module")
def engine() -> Iterator[WarmEngine]:
    warm = WarmEngine()
    yield warm
    warm.close()


def prepared(name: str) -> Image.Image:
    path = next(SCREENS.glob(f"{name}.*[gp]"))
    return preprocess(Image.open(path))[0]


@pytest.mark.parametrize("name", ["strong_1_004", "fleek_1_000"])
def test_a_page_reads_byte_for_byte_as_the_cli(engine: WarmEngine, name: str) -> None:
    data = image_file([prepared(name)])
    cli = _run_cli(tesseract_info(), data, "eng", 60, 6)
    assert engine.tsv(data, "eng", 6, timeout_s=60) == cli
    assert engine.available and engine.version == tesseract_info().version


def test_a_local_threshold_read_is_the_clis_and_does_not_stay(engine: WarmEngine) -> None:
    data = image_file([prepared("strong_1_004")])
    cli = _run_cli(tesseract_info(), data, "eng", 60, 6, LOCAL_THRESHOLD)
    assert engine.tsv(data, "eng", 6, timeout_s=60, variables=LOCAL_THRESHOLD) == cli
    assert cli != _run_cli(tesseract_info(), data, "eng", 60, 6)  # Sauvola reads it otherwise
    # The next read without it is thresholded globally again, as a fresh CLI reads.
    assert engine.tsv(data, "eng", 6, timeout_s=60) == _run_cli(
        tesseract_info(), data, "eng", 60, 6
    )


def test_crops_as_tiff_pages_read_as_the_cli_in_another_language(engine: WarmEngine) -> None:
    page = prepared("fleek_1_000")
    crops = [page.crop((0, top, page.width, top + 90)) for top in range(200, 900, 100)]
    data = image_file(crops)
    cli = _run_cli(tesseract_info(), data, "kor", 60, 7)
    warm = engine.tsv(data, "kor", 7, timeout_s=60)
    assert warm == cli
    assert {row.split("\t")[1] for row in cli.splitlines()[1:]} == {str(n) for n in range(1, 8)}


def test_a_read_does_not_depend_on_what_was_read_before(engine: WarmEngine) -> None:
    data = image_file([prepared("strong_1_004")])
    first = engine.tsv(data, "eng", 6, timeout_s=60)
    engine.tsv(image_file([prepared("fleek_1_000")]), "eng", 6, timeout_s=60)
    assert engine.tsv(data, "eng", 6, timeout_s=60) == first
