"""Round 3 of the held-out protocol: the new values (theme `contrast`, font `d`, capture
`story`, screen `generic_cards`) are what a held-out draw must show, the values of
rounds 1 and 2 are dev, and an older seed's dev draw keeps its random stream."""

from __future__ import annotations

import io
import json
import random
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, JpegImagePlugin

from bench import accuracy_tally
from fixtures.render.__main__ import main as render_main
from fixtures.render.base import Screen
from fixtures.render.capture import font_families, fonts_missing
from fixtures.render.palettes import PALETTES
from fixtures.render.samples import write_corpus
from fixtures.render.story import story
from fixtures.render.variants import (
    CAPTURES,
    FONTS,
    HELD_OUT,
    ROUND_1,
    ROUND_2,
    SCREENS,
    THEMES,
    Variant,
    available_screens,
    pick_variant,
    screens_in_split,
)
from schema.models import SessionDraft
from tests.unit.palette_contrast import contrast

pytestmark = pytest.mark.unit

ALL = available_screens()
DEV = screens_in_split(ALL, "dev")
EARLIER = {v for held in (*ROUND_1.values(), *ROUND_2.values()) for v in held}
ROUND_3 = {v for held in HELD_OUT.values() for v in held}
FONT_D_MISSING = fonts_missing(ALL, ("d",))
needs_font_d = pytest.mark.skipif(bool(FONT_D_MISSING), reason=f"missing {FONT_D_MISSING[:1]}")


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


def _round_2_draw(rng: random.Random, screen: str) -> Variant:
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


def test_a_dev_draw_consumes_the_stream_as_in_round_2_and_keeps_about_half_its_variants() -> None:
    kept = swapped = 0
    round_2 = {v for held in ROUND_2.values() for v in held}
    for name in DEV:
        if name in ROUND_2["screen"]:
            continue
        for seed in range(60):
            new, old = random.Random(seed), random.Random(seed)
            variant = pick_variant(new, name, "dev")
            reference = _round_2_draw(old, name)
            assert new.getstate() == old.getstate(), "the builder sees the same stream"
            if variant == reference:
                kept += 1
            else:
                assert _values(variant) & round_2, "a changed variant shows a round-2 value"
                swapped += 1
    assert 0.35 < kept / (kept + swapped) < 0.65


def test_dev_shows_every_value_of_rounds_1_and_2_and_no_round_3_value() -> None:
    rng = random.Random(3)
    seen: set[str] = set()
    for _ in range(30):
        for name in DEV:
            variant = pick_variant(rng, name, "dev")
            assert not variant.heldout
            seen |= _values(variant)
    assert seen >= EARLIER
    assert not seen & ROUND_3


def test_every_held_out_draw_shows_a_round_3_value_and_all_of_them_appear() -> None:
    rng = random.Random(4)
    seen: set[str] = set()
    for _ in range(20):
        for name in ALL:
            variant = pick_variant(rng, name, "heldout")
            assert _values(variant) & ROUND_3
            seen |= _values(variant)
    assert seen >= ROUND_3
    assert seen >= EARLIER, "earlier values mix into held-out images"


def test_the_bench_holds_out_the_same_values_as_the_renderer() -> None:
    assert {k: set(v) for k, v in HELD_OUT.items()} == accuracy_tally.HELD_OUT
    for earlier in (ROUND_1, ROUND_2):
        for axis, values in earlier.items():
            for value in values:
                assert not accuracy_tally.is_heldout({"variant": {axis: value}})


@pytest.mark.parametrize("name", ALL)
def test_contrast_palette_is_a_fourth_high_contrast_black_look(name: str) -> None:
    *others, black = (PALETTES[p] for p in SCREENS[name].palettes)
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
        a, b, c, d = (font_families(Variant(spec.style, name, font=f)) for f in FONTS)
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


def _contract_part(label: dict[str, Any]) -> dict[str, Any]:
    return {k: label[k] for k in ("layout", "performed_on", "title", "exercises")}


@needs_font_d
def test_held_out_labels_are_valid_contract_parses(tmp_path: Path) -> None:
    write_corpus(tmp_path, 14, 3, ALL, "heldout", record=False)
    labels = [json.loads(p.read_text("utf-8")) for p in sorted(tmp_path.glob("*.expected.json"))]
    assert len(labels) == 14
    for label in labels:
        draft = SessionDraft.model_validate(_contract_part(label))
        assert _contract_part(draft.contract_dict()) == _contract_part(label)
        variant = Variant(**label["variant"])
        assert variant.heldout and _values(variant) & ROUND_3
        assert asdict(variant) == label["variant"]
        assert (tmp_path / label["file"]).exists()


def test_list_screens_marks_the_held_out_screen(capsys: pytest.CaptureFixture[str]) -> None:
    assert render_main(["--list-screens"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert ["generic_cards", "generic", "held out"] in rows
    assert ["chat_telegram", "chat"] in rows
