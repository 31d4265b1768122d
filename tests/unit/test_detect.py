"""Layout detection picks the best-scoring layout, generic as the fallback."""

from __future__ import annotations

import pytest

from ingest.read import detect, registry
from schema.models import OcrPage

pytestmark = pytest.mark.unit

STRONG = "Legs\nMonday, July 19, 2021 at 10:45 AM\nSquat (Barbell)\nSet 1: 100 kg × 5\nhttps://link.strong.app/x"
HEVY = "Legs\nTuesday, Feb 7, 2026 at 7:32pm\nSquat (Barbell)\nSet 1: 100 kg x 5\n@hevyapp"
GENERIC = "Legs\n2026-02-07\nSquat (Barbell)\n100 kg x 5\n100 kg x 5"


@pytest.mark.parametrize(
    ("text", "layout"), [(STRONG, "strong"), (HEVY, "hevy"), (GENERIC, "generic")]
)
def test_detects_layout(text: str, layout: str) -> None:
    draft = detect.parse_page(OcrPage.from_text(text))
    assert draft.layout == layout
    assert [e.raw_name for e in draft.exercises] == ["Squat (Barbell)"]


def test_every_layout_module_has_the_protocol() -> None:
    modules = registry.layouts()
    assert {"strong", "hevy", "generic"} <= set(modules)
    for module in modules.values():
        assert callable(module.parse) and callable(module.score)


def test_empty_page_falls_back_to_generic() -> None:
    draft = detect.parse_page(OcrPage())
    assert draft.layout == "generic"
    assert draft.needs_review


def test_one_weak_mark_does_not_name_an_app() -> None:
    # `at 6:24 AM` is Strong's date form, but other apps print it too: alone it is no Strong.
    page = OcrPage.from_text("Push\nThursday, October 30, 2025 at 6:24 AM\nSquat\n100 kg x 5")
    assert detect.scores(page)["strong"] == detect.MIN_SCORE
    assert detect.parse_page(page).layout == "generic"
