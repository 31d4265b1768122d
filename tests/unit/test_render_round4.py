"""Round 4 of the held-out protocol: its values (theme `dim`, font `e`, capture `photo`,
screen `sheets_log`) were held out once and are dev since round 5
(tests/unit/test_render_round5.py); an older seed's dev draw keeps its random stream."""

from __future__ import annotations

import io
import random
import re

import pytest
from PIL import Image, ImageChops, JpegImagePlugin

from fixtures.render.base import Screen
from fixtures.render.capture import font_families, fonts_missing
from fixtures.render.palettes import PALETTES
from fixtures.render.photo import corners, photo
from fixtures.render.samples import render_variant
from fixtures.render.variants import (
    CAPTURES,
    FONTS,
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
from tests.unit.test_render_round3 import round_2_draw

pytestmark = pytest.mark.unit

ALL = available_screens()
DEV = screens_in_split(ALL, "dev")
FONT_E_MISSING = fonts_missing(ALL, ("d", "e"))
needs_font_e = pytest.mark.skipif(bool(FONT_E_MISSING), reason=f"missing {FONT_E_MISSING[:1]}")


def _values(variant: Variant) -> set[str]:
    return {variant.theme, variant.font, variant.capture, variant.screen}


def _round_3_draw(rng: random.Random, screen: str) -> Variant:
    """The dev draw of round 3, written out again (the reference for stable old seeds)."""
    round_2 = {v for held in ROUND_2.values() for v in held}
    variant = round_2_draw(rng, screen)
    side = random.Random(f"round 3 {rng.getstate()!r}")
    if side.random() < 0.5:
        return variant
    while not _values(variant) & round_2:
        variant = Variant(
            SCREENS[screen].style,
            screen,
            side.choice(THEMES[:3]),
            side.choice(FONTS[:3]),
            side.choice(CAPTURES[:5]),
        )
    return variant


def round_4_draw(rng: random.Random, screen: str) -> Variant:
    """The dev draw of round 4, written out again (the reference for stable old seeds)."""
    round_3 = {v for held in ROUND_3.values() for v in held}
    variant = _round_3_draw(rng, screen)
    side = random.Random(f"round 4 {rng.getstate()!r}")
    if side.random() < 0.5:
        return variant
    while not _values(variant) & round_3:
        variant = Variant(
            SCREENS[screen].style,
            screen,
            side.choice(THEMES[:4]),
            side.choice(FONTS[:4]),
            side.choice(CAPTURES[:6]),
        )
    return variant


def test_a_dev_draw_consumes_the_stream_as_in_round_3() -> None:
    kept = 0
    later = {v for held in (ROUND_3, ROUND_4) for vs in held.values() for v in vs}
    for name in DEV:
        if any(name in held["screen"] for held in (ROUND_2, ROUND_3, ROUND_4)):
            continue
        for seed in range(60):
            new, old = random.Random(seed), random.Random(seed)
            variant = pick_variant(new, name, "dev")
            reference = _round_3_draw(old, name)
            assert new.getstate() == old.getstate(), "the builder sees the same stream"
            if variant == reference:
                kept += 1
            else:
                assert _values(variant) & later, "a changed variant shows a later value"
    assert kept > 0


@pytest.mark.parametrize("name", ALL)
def test_dim_palette_is_a_fifth_dark_grey_low_contrast_look(name: str) -> None:
    *others, dim = (PALETTES[p] for p in SCREENS[name].palettes[:5])
    assert len(others) == 4
    for other in others:
        assert (dim["bg"], dim["accent"]) != (other["bg"], other["accent"])
    assert all(22 <= c <= 60 for c in dim["bg"]), "dark grey, not black"
    assert 7 <= contrast(dim["fg"], dim["bg"]) < 13, "off-white, softer than dark mode"
    assert 3 <= contrast(dim["muted"], dim["bg"]) < 5, "low-contrast grey secondary text"
    assert contrast(dim["accent"], dim["bg"]) >= 3
    assert max(dim["accent"]) - min(dim["accent"]) <= 120, "a muted accent"
    if SCREENS[name].style == "chat":
        assert contrast(dim["bubble_fg"], dim["bubble"]) >= 4.5


def test_font_e_is_a_fifth_family_in_every_script() -> None:
    for name, spec in SCREENS.items():
        families = [font_families(Variant(spec.style, name, font=f)) for f in FONTS[:5]]
        *earlier, e = families
        assert e and not set(e) & {f for fams in earlier for f in fams}
        assert ("Noto Serif" in e) == (spec.serif and spec.script == "latin")


def _red_box(rgb: Image.Image) -> tuple[int, int, int, int]:
    # The bounding box of the screenshot's red (250, 40, 40) after blur, light and JPEG.
    r, g, b = rgb.split()
    high = r.point(lambda v: 255 if v > 170 else 0)
    low_g, low_b = (c.point(lambda v: 255 if v < 110 else 0) for c in (g, b))
    box = ImageChops.multiply(ImageChops.multiply(high, low_g), low_b).getbbox()
    assert box is not None
    return box


def test_photo_shows_the_whole_screen_tilted_inside_the_frame() -> None:
    for seed in range(10):
        shot = Image.new("RGB", (1080, 2200 if seed % 2 else 1800), (250, 40, 40))
        data, ext = photo(random.Random(seed), shot, 43)
        decoded = Image.open(io.BytesIO(data))
        assert ext == "jpg" and isinstance(decoded, JpegImagePlugin.JpegImageFile)
        assert JpegImagePlugin.get_sampling(decoded) == 2, "4:2:0 chroma subsampling"
        assert 1600 <= max(decoded.size) <= 2401
        left, top, right, bottom = _red_box(decoded.convert("RGB"))
        w, h = decoded.size
        assert left > 0 and top > 0 and right < w and bottom < h, "the screen is inside"
        assert (right - left) / w > 0.6, "the screen fills most of the photo"


def test_photo_corners_turn_by_at_most_3_degrees_and_stay_in_the_frame() -> None:
    turned = 0
    for seed in range(40):
        tl, tr, br, bl = corners(random.Random(seed), (1000, 2000), (1300, 2400))
        for x, y in (tl, tr, br, bl):
            assert 0 < x < 1300 and 0 < y < 2400
        slope = (tr[1] - tl[1]) / (tr[0] - tl[0])
        assert abs(slope) < 0.09, "top edge within ~3 degrees plus the perspective pull"
        turned += abs(slope) > 0.01
    assert turned > 10


def test_photo_keeps_body_text_at_least_17_px() -> None:
    shot = Image.new("RGB", (720, 1200), (250, 40, 40))
    data, _ = photo(random.Random(1), shot, 29)
    left, _, right, _ = _red_box(Image.open(io.BytesIO(data)).convert("RGB"))
    assert (right - left) / 720 * 29 >= 16.5


def _sheet(seed: int, capture: str = "clean") -> Screen:
    return SCREENS["sheets_log"].build(
        random.Random(seed), Variant("generic", "sheets_log", capture=capture)
    )


def _texts(screen: Screen) -> list[list[str]]:
    return [[c.text for c in row.cells if c.text] for row in screen.rows]


def test_sheet_rows_print_each_set_with_its_weight_reps_and_type() -> None:
    notes = {"warmup": "warm-up", "drop": "drop set", "failure": "failure"}
    for seed in range(40):
        screen = _sheet(seed, "tall" if seed % 3 == 0 else "clean")
        assert screen.expected["title"] is None and screen.expected["layout"] == "generic"
        set_rows = [row for row in screen.rows if row.sets]
        sets = [s for ex in screen.expected["exercises"] for s in ex["sets"]]
        assert len(set_rows) == len(sets)
        header = next(t for t in _texts(screen) if t[:2] in (["1", "Date"], ["1", "DATE"]))
        for row, s in zip(set_rows, sets, strict=True):
            texts = [c.text for c in row.cells]
            assert str(s["reps"]) in texts
            if s["weight"] is not None:
                assert any(re.fullmatch(rf"{s['weight']:g}(\.0)?( kg| lbs)?", t) for t in texts)
            if s["set_type"] in notes:
                assert notes[s["set_type"]] in texts
            assert (s["rpe"] is not None) <= ("RPE" in header)
        unit_head = any(re.search(r"\((kg|lbs)\)", h, re.IGNORECASE) for h in header)
        cells = [t for row in set_rows for t in (c.text for c in row.cells)]
        if any(s["weight"] is not None for s in sets):
            unit_cells = any(re.search(r"\d (kg|lbs)$", t) for t in cells)
            assert unit_head != unit_cells, "the unit in the header or in every weight"


def test_sheet_names_the_first_row_of_each_block_and_dates_the_first_set() -> None:
    for seed in range(30):
        screen = _sheet(seed)
        set_rows = [[c.text for c in row.cells] for row in screen.rows if row.sets]
        first = 0
        for ex in screen.expected["exercises"]:
            assert ex["raw_name"] in set_rows[first]
            first += len(ex["sets"])
        day = screen.expected["performed_on"]
        y, _, d = (int(x) for x in day.split("-"))
        assert any(str(y) in t and (str(d) in t) for t in set_rows[0]), "the date is printed"
        if any("/" in t for t in set_rows[0]):
            assert d > 12, "slashed dates only when day and month cannot be swapped"


def test_sheet_columns_fit_the_screen_at_a_legible_size() -> None:
    for seed in range(40):
        screen = _sheet(seed)
        grid = screen.meta["grid"]
        xs = grid["xs"]
        assert xs == sorted(xs) and xs[0] > 0 and xs[-1] <= 1.0
        cells = [c for row in screen.rows if row.sets for c in row.cells]
        assert min(c.size for c in cells if c.text and c.role == "fg") >= 0.66
        assert max(c.x for c in cells) < 0.99


@needs_font_e
@pytest.mark.parametrize("name", ["sheets_log", "strong_history", "fleek_session", "japanese_log"])
def test_a_round_4_render_is_the_same_for_the_same_seed(name: str) -> None:
    first = render_variant(random.Random(11), name, "dev")
    again = render_variant(random.Random(11), name, "dev")
    assert first[1] == again[1] and first[2] == again[2]
    assert not first[1].heldout
