"""Round 2 of the held-out protocol: its values (theme `tinted`, font `c`, capture
`resampled`, screen `chat_telegram`) were held out once and are dev since round 3
(tests/unit/test_render_round3.py); an older seed's dev draw keeps its random stream."""

from __future__ import annotations

import io
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from fixtures.render.capture import font_families, resampled
from fixtures.render.content import MONTHS
from fixtures.render.palettes import PALETTES
from fixtures.render.samples import rerecord, write_corpus
from fixtures.render.telegram import STATUSES
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
from schema.models import OcrPage
from tests.unit.palette_contrast import contrast

pytestmark = pytest.mark.unit

ALL = available_screens()
DEV = screens_in_split(ALL, "dev")


def _values(variant: Variant) -> set[str]:
    return {variant.theme, variant.font, variant.capture, variant.screen}


def _round_1_draw(rng: random.Random, screen: str) -> Variant:
    """The dev draw as it was before round 2 (the reference for stable old seeds)."""
    while True:
        variant = Variant(
            SCREENS[screen].style,
            screen,
            rng.choice(THEMES[:2]),
            rng.choice(FONTS[:2]),
            rng.choice(CAPTURES[:4]),
        )
        if not _values(variant) & {v for held in ROUND_1.values() for v in held}:
            return variant


def test_a_dev_draw_consumes_the_stream_as_before_round_2() -> None:
    rounds = (ROUND_1, ROUND_2, ROUND_3, ROUND_4)
    earlier = {v for held in rounds for values in held.values() for v in values}
    kept = 0
    for name in DEV:
        if any(name in held["screen"] for held in rounds):
            continue
        for seed in range(60):
            new, old = random.Random(seed), random.Random(seed)
            variant = pick_variant(new, name, "dev")
            reference = _round_1_draw(old, name)
            assert new.getstate() == old.getstate(), "the builder sees the same stream"
            if variant == reference:
                kept += 1
            else:
                assert _values(variant) & earlier, "a changed variant shows an earlier value"
    assert kept > 0


@pytest.mark.parametrize("name", ALL)
def test_tinted_palette_is_a_third_legible_look(name: str) -> None:
    default, alt, tinted = (PALETTES[p] for p in SCREENS[name].palettes[:3])
    for other in (default, alt):
        assert (tinted["bg"], tinted["accent"]) != (other["bg"], other["accent"])
    if SCREENS[name].style != "chat":
        assert contrast(tinted["fg"], tinted["bg"]) >= 7
        assert contrast(tinted["muted"], tinted["bg"]) >= 3
        assert contrast(tinted["accent"], tinted["bg"]) >= 3
        return
    # A chat's text sits on its bubbles, bars and chips, not on the wallpaper.
    assert contrast(tinted["bubble_fg"], tinted["bubble"]) >= 4.5
    assert contrast(tinted["bubble_in_fg"], tinted["bubble_in"]) >= 4.5
    assert contrast(tinted["muted"], tinted["bar"]) >= 3
    assert contrast(tinted["onfill"], tinted["chip"]) >= 3
    if name != "chat_imessage":  # iMessage prints its times outside the bubbles
        assert contrast(tinted["stamp"], tinted["bubble"]) >= 3


def test_font_c_is_a_third_family_in_every_script() -> None:
    for name, spec in SCREENS.items():
        a, b, c = (font_families(Variant(spec.style, name, font=f)) for f in FONTS[:3])
        assert c and not set(c) & (set(a) | set(b))
        assert ("Liberation Serif" in c) == (spec.serif and spec.script == "latin")


def test_resampled_capture_rescales_by_a_non_integer_factor_as_png_or_webp() -> None:
    image = Image.new("RGB", (1000, 1800), (250, 250, 250))
    formats: set[str] = set()
    for seed in range(16):
        data, ext = resampled(random.Random(seed), image)
        decoded = Image.open(io.BytesIO(data))
        assert (decoded.format or "").lower() == {"png": "png", "webp": "webp"}[ext]
        factor = decoded.width / 1000
        assert 0.6 <= factor <= 0.9 or 1.2 <= factor <= 1.5
        assert abs(decoded.height - 1800 * factor) <= 1
        formats.add(ext)
    assert formats == {"png", "webp"}


def test_telegram_puts_time_and_ticks_inside_the_bubble_under_a_header_and_date_chip() -> None:
    chip = re.compile(rf"^(Today|({'|'.join(MONTHS)}) \d{{1,2}})$")
    for seed in range(20):
        variant = Variant("chat", "chat_telegram")
        screen = SCREENS["chat_telegram"].build(random.Random(seed), variant)
        texts = [c.text for row in screen.rows for c in row.cells]
        assert any(t in STATUSES for t in texts[:4]) and screen.meta["pattern"]
        assert any(chip.match(c.text) for r in screen.rows for c in r.cells if c.box == "chip")
        stamped = [r for r in screen.rows if any(m.shape == "ticks" for m in r.marks)]
        assert len(stamped) == 1 and stamped[0].band is not None
        band, stamp = stamped[0].band, stamped[0].cells[-1]
        assert band.role == "bubble" and band.bottom and band.x0 < stamp.x < band.x1
        assert re.fullmatch(r"\d{1,2}:\d\d( [AP]M)?", stamp.text)
        assert screen.rows[-1].cells[0].text == "Message"
        assert sum(r.fill for r in screen.rows) == 1


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_rerecord_writes_recordings_into_a_folder_rendered_without_them(tmp_path: Path) -> None:
    write_corpus(tmp_path, 2, 11, ["notes_shorthand"], "dev", record=False)
    assert not list(tmp_path.glob("*.ocr.json"))
    # One of them as WebP, as a `resampled` capture may save it.
    label_path = sorted(tmp_path.glob("*.expected.json"))[0]
    label = json.loads(label_path.read_text("utf-8"))
    image = tmp_path / label["file"]
    webp = image.with_suffix(".webp")
    Image.open(image).convert("RGB").save(webp, format="WEBP", quality=80)
    image.unlink()
    label_path.write_text(json.dumps({**label, "file": webp.name}), "utf-8")
    assert rerecord(tmp_path) == 2
    pages = [OcrPage.model_validate_json(p.read_text("utf-8")) for p in tmp_path.glob("*.ocr.json")]
    assert len(pages) == 2 and all(page.lines for page in pages)
