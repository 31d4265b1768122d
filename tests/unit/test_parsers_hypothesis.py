"""No parser raises, whatever text or page it is given."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.read import common, detect, registry
from schema.models import OcrLine, OcrPage, OcrWord, SessionDraft

pytestmark = pytest.mark.unit

ALPHABET = st.characters(codec="utf-8")
SETLIKE = st.sampled_from(
    [
        "Set 1:",
        "W:",
        "kg",
        "lb",
        "×",
        "x",
        "@",
        "|",
        "reps",
        "km",
        "mi",
        "1:30",
        "min",
        "s",
        "62,5",
        "-20",
        "+35",
        "[Warm-up]",
        "[Failure]",
        "Feb",
        "2026",
        "at",
        "PM",
        "1RM",
        "Ww",
        "3}",
    ]
)
TEXT = st.lists(st.one_of(st.text(ALPHABET, max_size=12), SETLIKE), max_size=40).map(" ".join)
LINES_TEXT = st.lists(TEXT, max_size=15).map("\n".join)

WORD = st.builds(
    OcrWord,
    text=st.one_of(st.text(ALPHABET, min_size=1, max_size=10), SETLIKE),
    left=st.integers(-50, 3000),
    top=st.integers(-50, 5000),
    width=st.integers(0, 500),
    height=st.integers(0, 200),
    conf=st.floats(-1, 100),
)
PAGE = st.builds(
    OcrPage,
    lines=st.lists(st.builds(OcrLine, words=st.lists(WORD, max_size=8).map(tuple)), max_size=25),
    width=st.integers(0, 3000),
    height=st.integers(0, 5000),
    mean_conf=st.floats(0, 100),
)


def _parsers() -> list[object]:
    return [*registry.layouts().values()]


def _check(draft: SessionDraft) -> None:
    assert isinstance(draft, SessionDraft)
    assert 0.0 <= draft.confidence <= 1.0
    draft.contract_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES_TEXT)
def test_no_parser_raises_on_text(text: str) -> None:
    page = OcrPage.from_text(text)
    for module in _parsers():
        _check(module.parse(page))  # type: ignore[attr-defined]
        assert 0.0 <= module.score(page) <= 1.0  # type: ignore[attr-defined]
    _check(detect.parse_page(page))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_no_parser_raises_on_pages(page: OcrPage) -> None:
    for module in _parsers():
        _check(module.parse(page))  # type: ignore[attr-defined]
        module.score(page)  # type: ignore[attr-defined]
    _check(detect.parse_page(page))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_helpers_never_raise(text: str) -> None:
    common.parse_date(text)
    common.parse_set_body(text)
    common.parse_duration(text)
    common.clean_text(text)
