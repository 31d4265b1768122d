"""Round 3 of the held-out protocol: its values (theme `contrast`, font `d`, capture
`story`, screen `generic_cards`) were held out once and are dev since round 4
(tests/unit/test_render_round4.py); an older seed's dev draw keeps its random stream."""

from __future__ import annotations

import io
import random
import re
from typing import Any

import pytest
from PIL import Image, JpegImagePlugin

from fixtures.render.base import Screen
from fixtures.render.capture import font_families
from fixtures.render.palettes import PALETTES
from fixtures.render.story import story
from fixtures.render.variants import (
    CAPTURES,
    FONTS,
    ROUND_1,
    ROUND_2,
    ROUND_3,
    ROUND_4,
    SCREENS,
    THEMES,
    Variant,
    available_screens,
    pick_variant,
    screens_in_split,
)
from tests.unit.palette_contrast import contrast

pytestmark = pytest.mark.unit

ALL = available_screens()
DEV = screens_in_split(ALL, "dev")
EARLIER = {v for held in (*ROUND_1.values(), *ROUND_2.values()) for v in held}


def _values(variant: Variant) -> set[str]:
    return {variant.theme, variant.font, variant.capture, variant.screen}


def _draw(rng: random.Random, screen: str, n_theme: int, n_font: int, n_cap: int) -> Variant:
    return Variant(
        SCREENS[screen].style,
        screen,
        rng.choice(THEMES[:n_theme]),
        rng.choice(FONTS[:n_font]),
        rng.choice(CAPTURES[:n_cap]),
    )


def round_2_draw(rng: random.Random, screen: str) -> Variant:
    """The dev draw of round 2, written out again (the reference for stable old seeds)."""
    round_1 = {v for held in ROUND_1.values() for v in held}
    variant = _draw(rng, screen, 2, 2, 4)
    if screen in ROUND_1["screen"]:
        return variant
    while _values(variant) & round_1:
        variant = _draw(rng, screen, 2, 2, 4)
    side = random.Random(repr(rng.getstate()))
    if side.random() < 0.5:
        return variant
    while not _values(variant) & round_1:
        variant = _draw(side, screen, 2, 2, 4)
    return variant


def test_a_dev_draw_consumes_the_stream_as_in_round_2() -> None:
    kept = 0
    for name in DEV:
        if any(name in held["screen"] for held in (ROUND_2, ROUND_3, ROUND_4)):
            continue
        for seed in range(60):
            new, old = random.Random(seed), random.Random(seed)
            variant = pick_variant(new, name, "dev")
            reference = round_2_draw(old, name)
            assert new.getstate() == old.getstate(), "the builder sees the same stream"
            if variant == reference:
                kept += 1
            else:
                changed = {*ROUND_2.values(), *ROUND_3.values(), *ROUND_4.values()}
                assert any(_values(variant) & held for held in changed), "shows a later value"
    assert kept > 0


@pytest.mark.parametrize("name", ALL)
def test_contrast_palette_is_a_fourth_high_contrast_black_look(name: str) -> None:
    *others, black = (PALETTES[p] for p in SCREENS[name].palettes[:4])
    assert len(others) == 3 and black["bg"] == (0, 0, 0)
    for other in others:
        assert (black["bg"], black["accent"]) != (other["bg"], other["accent"])
    assert contrast(black["fg"], black["bg"]) >= 15
    assert contrast(black["muted"], black["bg"]) >= 7, "grey text stays light"
    assert contrast(black["accent"], black["bg"]) >= 4.5
    assert contrast(black["onfill"], black["chip"]) >= 4.5
    if SCREENS[name].style == "chat":
        assert contrast(black["bubble_fg"], black["bubble"]) >= 7
        assert contrast(black["bubble_in_fg"], black["bubble_in"]) >= 7


def test_font_d_is_a_fourth_family_in_every_script() -> None:
    for name, spec in SCREENS.items():
        a, b, c, d = (font_families(Variant(spec.style, name, font=f)) for f in FONTS[:4])
        assert d and not set(d) & (set(a) | set(b) | set(c))
        assert ("Caladea" in d) == (spec.serif and spec.script == "latin")


def _shot(width: int, height: int) -> Image.Image:
    # A screenshot of one red, easy to find on the backdrop.
    return Image.new("RGB", (width, height), (250, 40, 40))


def test_story_shows_the_whole_screenshot_scaled_on_a_9_by_16_backdrop() -> None:
    formats: set[str] = set()
    for seed in range(16):
        data, ext = story(random.Random(seed), _shot(1080, 1900), 43)
        decoded = Image.open(io.BytesIO(data))
        formats.add(ext)
        assert (decoded.format or "").lower() == {"jpg": "jpeg", "png": "png"}[ext]
        assert decoded.size in ((1080, 1920), (720, 1280))
        if isinstance(decoded, JpegImagePlugin.JpegImageFile):
            assert JpegImagePlugin.get_sampling(decoded) == 2, "4:2:0 chroma subsampling"
        rgb = decoded.convert("RGB")
        red = [x for x in range(rgb.width) if _is_red(rgb.getpixel((x, rgb.height // 2)))]
        share = (red[-1] - red[0]) / rgb.width
        assert 0.55 < share < 0.91, "the screenshot is scaled down, backdrop on both sides"
        assert not _is_red(rgb.getpixel((2, 2))) and not _is_red(rgb.getpixel((2, rgb.height - 3)))
    assert formats == {"jpg", "png"}


def _is_red(pixel: Any) -> bool:
    # The screenshot's red (250, 40, 40) through JPEG; a backdrop pulled toward it is
    # at least 23 away in red.
    r, g, b = pixel[:3]
    return bool(abs(r - 250) < 15 and abs(g - 40) < 15 and abs(b - 40) < 15)


def test_story_never_shrinks_body_text_under_17_px() -> None:
    for seed in range(8):
        data, _ = story(random.Random(seed), _shot(720, 4000), 29)
        rgb = Image.open(io.BytesIO(data)).convert("RGB")
        red = [x for x in range(rgb.width) if _is_red(rgb.getpixel((x, rgb.height // 2)))]
        assert (red[-1] - red[0] + 1) / 720 * 29 >= 16.5


def _cards(seed: int, capture: str = "clean") -> Screen:
    return SCREENS["generic_cards"].build(
        random.Random(seed), Variant("generic", "generic_cards", capture=capture)
    )


def _texts(screen: Screen) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in screen.rows]


def test_generic_cards_prints_reps_before_weight_in_three_forms() -> None:
    forms: set[str] = set()
    for seed in range(40):
        screen = _cards(seed)
        lines = _texts(screen)
        heads = [row for row in lines if row[:2] == ["SET", "REPS"]]
        set_rows = [row for row, r in zip(lines, screen.rows, strict=True) if r.sets]
        if any(re.fullmatch(r"\d+ reps( × [+-]?[\d.]+ (kg|lbs))?", row[-1]) for row in set_rows):
            forms.add("lines")
        elif any(re.fullmatch(r"WEIGHT \((KG|LBS)\)", h[2]) for h in heads):
            forms.add("header_unit")
            assert not any(re.search(r"\d (kg|lbs)$", row[-1]) for row in set_rows)
        elif heads:
            forms.add("table")
        units = {s["unit"] for ex in screen.expected["exercises"] for s in ex["sets"]}
        if "lb" in units:
            assert any("lbs" in t or "LBS" in t for row in lines for t in row)
            assert not any(re.search(r"\d lb$", t) for row in lines for t in row)
    assert forms == {"table", "header_unit", "lines"}


def test_generic_cards_summary_counts_the_sets_it_shows() -> None:
    for seed in range(30):
        screen = _cards(seed, "tall" if seed % 2 else "clean")
        total = sum(len(ex["sets"]) for ex in screen.expected["exercises"])
        assert sum(row.sets for row in screen.rows) == total
        chips = [t for row in _texts(screen) for t in row if t.endswith(" sets")]
        assert chips in ([], [f"{total} sets"])
        assert len(screen.expected["exercises"]) >= 2 or seed % 2 == 0
        assert all(s["rpe"] is None for ex in screen.expected["exercises"] for s in ex["sets"])
