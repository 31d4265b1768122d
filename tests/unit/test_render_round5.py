"""Round 5 of the held-out protocol: the new values (theme `vivid`, font `f`, capture
`markup`, screen `generic_daylog`) are what a held-out draw must show, the values of
rounds 1 to 4 are dev, and an older seed's dev draw keeps its random stream."""

from __future__ import annotations

import colorsys
import io
import json
import random
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from bench import accuracy_tally
from fixtures.render.__main__ import main as render_main
from fixtures.render.base import Screen
from fixtures.render.capture import font_families, fonts_missing
from fixtures.render.content import MONTHS
from fixtures.render.draw import Style
from fixtures.render.fonts import FONTS as FONT_FILES
from fixtures.render.markup import markup, text_lines
from fixtures.render.palettes import PALETTES
from fixtures.render.samples import render_variant, write_corpus
from fixtures.render.variants import (
    CAPTURES,
    FONTS,
    HELD_OUT,
    ROUND_1,
    ROUND_2,
    ROUND_3,
    ROUND_4,
    SCREENS,
    Variant,
    available_screens,
    pick_variant,
    screens_in_split,
)
from schema.models import SessionDraft
from tests.unit.palette_contrast import contrast
from tests.unit.test_render_round4 import round_4_draw

pytestmark = pytest.mark.unit

ALL = available_screens()
DEV = screens_in_split(ALL, "dev")
EARLIER = {v for held in (ROUND_1, ROUND_2, ROUND_3, ROUND_4) for vs in held.values() for v in vs}
ROUND_5 = {v for held in HELD_OUT.values() for v in held}
FONT_F_MISSING = fonts_missing(ALL, ("d", "e", "f"))
needs_font_f = pytest.mark.skipif(bool(FONT_F_MISSING), reason=f"missing {FONT_F_MISSING[:1]}")


def _values(variant: Variant) -> set[str]:
    return {variant.theme, variant.font, variant.capture, variant.screen}


def test_a_dev_draw_consumes_the_stream_as_in_round_4_and_keeps_about_half_its_variants() -> None:
    kept = swapped = 0
    round_4 = {v for held in ROUND_4.values() for v in held}
    for name in DEV:
        if any(name in held["screen"] for held in (ROUND_2, ROUND_3, ROUND_4)):
            continue
        for seed in range(60):
            new, old = random.Random(seed), random.Random(seed)
            variant = pick_variant(new, name, "dev")
            reference = round_4_draw(old, name)
            assert new.getstate() == old.getstate(), "the builder sees the same stream"
            if variant == reference:
                kept += 1
            else:
                assert _values(variant) & round_4, "a changed variant shows a round-4 value"
                swapped += 1
    assert 0.35 < kept / (kept + swapped) < 0.65


def test_dev_shows_every_value_of_rounds_1_to_4_and_no_round_5_value() -> None:
    rng = random.Random(3)
    seen: set[str] = set()
    for _ in range(30):
        for name in DEV:
            variant = pick_variant(rng, name, "dev")
            assert not variant.heldout
            seen |= _values(variant)
    assert seen >= EARLIER
    assert not seen & ROUND_5
    sheets = {pick_variant(rng, "sheets_log", "dev").capture for _ in range(80)}
    assert sheets == set(CAPTURES[:7]), "sheets_log draws from all round-4 values"


def test_every_held_out_draw_shows_a_round_5_value_and_all_of_them_appear() -> None:
    rng = random.Random(4)
    seen: set[str] = set()
    for _ in range(20):
        for name in ALL:
            variant = pick_variant(rng, name, "heldout")
            assert _values(variant) & ROUND_5
            seen |= _values(variant)
    assert seen >= ROUND_5
    assert seen >= EARLIER, "earlier values mix into held-out images"


def test_the_bench_holds_out_the_same_values_as_the_renderer() -> None:
    assert {k: set(v) for k, v in HELD_OUT.items()} == accuracy_tally.HELD_OUT
    for earlier in (ROUND_1, ROUND_2, ROUND_3, ROUND_4):
        for axis, values in earlier.items():
            for value in values:
                assert not accuracy_tally.is_heldout({"variant": {axis: value}})


@pytest.mark.parametrize("name", ALL)
def test_vivid_palette_is_a_sixth_saturated_colour_page(name: str) -> None:
    *others, vivid = (PALETTES[p] for p in SCREENS[name].palettes)
    assert len(others) == 5
    for other in others:
        assert vivid["bg"] != other["bg"]
    bg = vivid["bg"]
    _, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in bg))
    assert saturation >= 0.6 and value >= 0.35, "a saturated colour, not grey or black"
    assert vivid["fg"] == (255, 255, 255)
    assert contrast(vivid["fg"], bg) >= 6 and contrast(vivid["fg"], vivid["card"]) >= 5
    assert contrast(vivid["muted"], bg) >= 4, "secondary text stays legible"
    assert contrast(vivid["accent"], bg) >= 4.5
    assert contrast(vivid["onfill"], vivid["accent"]) >= 4.5
    if SCREENS[name].style == "chat":
        assert contrast(vivid["bubble_fg"], vivid["bubble"]) >= 4.5
        assert contrast(vivid["bubble_in_fg"], vivid["bubble_in"]) >= 4.5


def test_font_f_is_a_sixth_family_in_every_script() -> None:
    for name, spec in SCREENS.items():
        families = [font_families(Variant(spec.style, name, font=f)) for f in FONTS]
        *earlier, f = families
        assert f and not set(f) & {fam for fams in earlier for fam in fams}
        assert ("Linux Libertine" in f) == (spec.serif and spec.script == "latin")


def _page(lines: int = 14) -> tuple[Image.Image, list[int]]:
    # Black text lines on a white phone page; body text 43 px as on a 1080 px screen.
    image = Image.new("RGB", (1080, 1900), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT_FILES["DejaVu Sans"][0], 43)
    draw.text((60, 40), "9:41", font=font, fill=(0, 0, 0))
    ys = [200 + 110 * i for i in range(lines)]
    for i, y in enumerate(ys):
        draw.text((60, y), f"Bench Press {i}", font=font, fill=(0, 0, 0))
        draw.text((700, y), f"{60 + i} kg x 8", font=font, fill=(0, 0, 0))
    return image, ys


def test_text_lines_finds_the_body_lines_and_not_the_status_bar() -> None:
    image, ys = _page()
    lines = text_lines(image, 43)
    assert len(lines) == len(ys)
    for (x0, y0, x1, y1), y in zip(lines, ys, strict=True):
        assert y - 5 <= y0 <= y + 20 and y1 - y0 < 60 and x0 < 70 and x1 > 880


def _dark(image: Image.Image) -> set[tuple[int, int]]:
    gray = image.convert("L")
    w, h = gray.size
    data = gray.tobytes()
    return {(x, y) for y in range(0, h, 3) for x in range(0, w, 3) if data[y * w + x] < 90}


def test_markup_leaves_the_text_dark_the_status_bar_alone_and_saves_png_or_jpeg() -> None:
    image, _ = _page()
    text = _dark(image)
    formats = set()
    for seed in range(7):
        data, ext = markup(random.Random(seed), image, Style(width=1080))
        marked = Image.open(io.BytesIO(data)).convert("RGB")
        formats.add(ext)
        assert marked.size == image.size
        assert (
            marked.crop((0, 0, 1080, 110)).getextrema()
            == image.crop((0, 0, 1080, 110)).getextrema()
        ), "the status bar is not marked"
        assert marked.tobytes() != image.tobytes(), "something is drawn"
        kept = len(text & _dark(marked)) / len(text)
        assert kept > 0.93, "highlighter and pen leave the glyphs dark"
    assert formats == {"png", "jpg"}


def test_markup_is_the_same_for_the_same_seed() -> None:
    image, _ = _page()
    assert markup(random.Random(5), image, Style()) == markup(random.Random(5), image, Style())


def _day(seed: int, capture: str = "clean") -> Screen:
    variant = Variant("generic", "generic_daylog", capture=capture)
    return SCREENS["generic_daylog"].build(random.Random(seed), variant)


def test_daylog_prints_one_line_per_set_with_decimal_weight_and_plural_unit() -> None:
    for seed in range(40):
        screen = _day(seed, "tall" if seed % 3 == 0 else "clean")
        assert screen.expected["title"] is None and screen.expected["layout"] == "generic"
        set_rows = [row for row in screen.rows if row.sets]
        sets = [s for ex in screen.expected["exercises"] for s in ex["sets"]]
        assert len(set_rows) == len(sets)
        for row, s in zip(set_rows, sets, strict=True):
            texts = [c.text for c in row.cells]
            assert s["set_type"] == "working" and s["rpe"] is None, "the app has no set types"
            if s["reps"] is not None:
                assert f"{s['reps']} rep" in " ".join(texts)
            if s["weight"] is not None:
                unit = "lbs" if s["unit"] == "lb" else "kgs"
                assert f"{s['weight']:.1f} {unit}" in texts
            if s["distance"] is None and s["weight"] is None:
                assert not any(re.search(r"kgs|lbs", t) for t in texts)


def test_daylog_names_the_day_not_a_session() -> None:
    for seed in range(30):
        screen = _day(seed)
        y, m, d = (int(x) for x in screen.expected["performed_on"].split("-"))
        header = " ".join(c.text for row in screen.rows[:2] for c in row.cells)
        assert str(y) in header and re.search(rf"\b{d}\b", header)
        assert MONTHS[m - 1][:3].upper() in header.upper()
        names = [ex["raw_name"] for ex in screen.expected["exercises"]]
        accents = [c.text for row in screen.rows for c in row.cells if c.role == "accent"]
        assert accents == names, "each exercise is one coloured header"


@needs_font_f
@pytest.mark.parametrize(
    "name", ["generic_daylog", "strong_history", "fleek_session", "japanese_log"]
)
def test_a_round_5_render_is_the_same_for_the_same_seed(name: str) -> None:
    first = render_variant(random.Random(11), name, "heldout")
    again = render_variant(random.Random(11), name, "heldout")
    assert first[1] == again[1] and first[2] == again[2]
    assert _values(first[1]) & ROUND_5


def _contract_part(label: dict[str, Any]) -> dict[str, Any]:
    return {k: label[k] for k in ("layout", "performed_on", "title", "exercises")}


@needs_font_f
def test_held_out_labels_are_valid_contract_parses(tmp_path: Path) -> None:
    write_corpus(tmp_path, 16, 3, ALL, "heldout", record=False)
    labels = [json.loads(p.read_text("utf-8")) for p in sorted(tmp_path.glob("*.expected.json"))]
    assert len(labels) == 16
    for label in labels:
        draft = SessionDraft.model_validate(_contract_part(label))
        assert _contract_part(draft.contract_dict()) == _contract_part(label)
        variant = Variant(**label["variant"])
        assert variant.heldout and _values(variant) & ROUND_5
        assert asdict(variant) == label["variant"]
        assert (tmp_path / label["file"]).exists()


def test_list_screens_marks_the_held_out_screen(capsys: pytest.CaptureFixture[str]) -> None:
    assert render_main(["--list-screens"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert ["generic_daylog", "generic", "held out"] in rows
    assert ["sheets_log", "generic"] in rows
