"""The variant corpus: every screen builds and draws, labels agree with what is drawn,
and the dev / held-out split keeps held-out values out of dev renders (the values of
each round: tests/unit/test_render_round2.py to tests/unit/test_render_round5.py)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from fixtures.render.__main__ import main as render_main
from fixtures.render.base import Screen
from fixtures.render.capture import fonts_missing
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
    THEMES,
    Split,
    Variant,
    available_screens,
    pick_variant,
    screens_in_split,
)

pytestmark = pytest.mark.unit

ALL = available_screens()
# Renders may draw fonts c to f; their Debian packages are in .ci/system-deps.sh.
FONTS_MISSING = fonts_missing(ALL, ("c", "d", "e", "f"))
needs_fonts = pytest.mark.skipif(bool(FONTS_MISSING), reason=f"missing {FONTS_MISSING[:1]}")
EXPECTED_LAYOUTS = {
    "strong": {"strong"},
    "hevy": {"hevy"},
    "fleek": {"fleek"},
    "japanese": {"generic"},
    "notes": {"notes"},
    "generic": {"generic"},
    "chat": {"strong", "hevy", "notes"},
}


def _expected_sets(screen: Screen) -> int:
    return sum(len(ex["sets"]) for ex in screen.expected["exercises"])


def test_every_registered_screen_has_a_builder() -> None:
    assert sorted(ALL) == sorted(SCREENS)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("capture", ["clean", "tall"])
def test_screen_builds_with_as_many_set_rows_as_expected_sets(name: str, capture: str) -> None:
    spec = SCREENS[name]
    for seed in range(4):
        variant = Variant(spec.style, name, capture=capture)
        screen = spec.build(random.Random(seed), variant)
        assert screen.expected["layout"] in EXPECTED_LAYOUTS[spec.style]
        assert screen.expected["exercises"], "a screen shows at least one exercise"
        assert sum(row.sets for row in screen.rows) == _expected_sets(screen)
        names = [ex["raw_name"] for ex in screen.expected["exercises"]]
        assert len(names) == len(set(names)), "names on one screen are distinct"


@needs_fonts
@pytest.mark.parametrize("name", ALL)
def test_screen_renders_in_dev_and_held_out_variants(name: str) -> None:
    splits: tuple[Split, ...] = ("dev", "heldout")
    for split in splits:
        if name not in screens_in_split([name], split):
            continue
        _, variant, data, ext = render_variant(random.Random(7), name, split)
        assert variant.heldout == (split == "heldout")
        magic = {"png": b"\x89PNG", "jpg": b"\xff\xd8\xff", "webp": b"RIFF"}
        assert data.startswith(magic[ext])
        assert variant.style == SCREENS[name].style


def test_cardio_and_holds_use_the_contract_fields() -> None:
    seen_units: set[str] = set()
    for seed in range(60):
        variant = Variant("strong", "strong_history")
        screen = SCREENS["strong_history"].build(random.Random(seed), variant)
        for ex in screen.expected["exercises"]:
            for s in ex["sets"]:
                if s["distance"] is not None:
                    assert s["distance_unit"] in ("km", "mi", "m")
                    assert s["duration_s"] and s["reps"] is None and s["weight"] is None
                    seen_units.add(s["distance_unit"])
    assert "m" in seen_units and seen_units & {"km", "mi"}


def test_hevy_in_workout_screen_has_no_date_or_title_and_previous_is_no_set() -> None:
    variant = Variant("hevy", "hevy_inworkout")
    screen = SCREENS["hevy_inworkout"].build(random.Random(3), variant)
    assert screen.expected["performed_on"] is None and screen.expected["title"] is None
    texts = [c.text for row in screen.rows for c in row.cells]
    assert "PREVIOUS" in texts
    assert all(row.sets <= 1 for row in screen.rows)


def test_hevy_kg_reps_table_prints_the_unit_only_in_the_header() -> None:
    for seed in range(30):
        variant = Variant("hevy", "hevy_workout")
        screen = SCREENS["hevy_workout"].build(random.Random(seed), variant)
        headers = [r for r in screen.rows if r.cells and r.cells[0].text == "SET"]
        if any(c.text in ("KG", "LBS") for r in headers for c in r.cells):
            set_rows = [r for r in screen.rows if r.sets]
            assert not any(re.search(r"\d\s?(kg|lb)", c.text) for r in set_rows for c in r.cells)
            return
    pytest.fail("no SET KG REPS table in 30 screens")


def test_notes_bare_weight_takes_the_unit_the_note_states() -> None:
    for seed in range(40):
        screen = SCREENS["notes_shorthand"].build(random.Random(seed), Variant("notes", "x"))
        units = {s["unit"] for ex in screen.expected["exercises"] for s in ex["sets"]}
        assert len(units - {None}) <= 1, "one note, one unit"


@pytest.mark.parametrize("split", ["dev", "heldout", "all"])
def test_pick_variant_stays_in_its_split(split: Split) -> None:
    rng = random.Random(1)
    for name in screens_in_split(ALL, split):
        for _ in range(20):
            variant = pick_variant(rng, name, split)
            if split == "dev":
                assert not variant.heldout
                assert variant.theme in THEMES[:5] and variant.font in FONTS[:5]
                assert variant.capture in CAPTURES[:7]
            elif split == "heldout":
                assert variant.heldout


def test_generic_daylog_is_held_out_and_absent_from_dev_where_sheets_log_now_is() -> None:
    assert "generic_daylog" in HELD_OUT["screen"] and "sheets_log" in ROUND_4["screen"]
    assert "chat_imessage" in ROUND_1["screen"] and "chat_telegram" in ROUND_2["screen"]
    assert "generic_cards" in ROUND_3["screen"]
    assert "generic_daylog" not in screens_in_split(ALL, "dev")
    dev = set(screens_in_split(ALL, "dev"))
    assert {"chat_imessage", "chat_telegram", "generic_cards", "sheets_log"} <= dev
    assert not pick_variant(random.Random(1), "sheets_log", "dev").heldout
    with pytest.raises(ValueError):
        pick_variant(random.Random(1), "generic_daylog", "dev")


def test_write_corpus_labels_every_image_with_its_variant(tmp_path: Path) -> None:
    screens = ["strong_history", "chat_whatsapp", "generic_daylog"]
    write_corpus(tmp_path, 6, 5, screens, "dev", record=False)
    labels = [json.loads(p.read_text("utf-8")) for p in sorted(tmp_path.glob("*.expected.json"))]
    assert len(labels) == 6
    for label in labels:
        assert set(label["variant"]) == {"style", "screen", "theme", "font", "capture"}
        assert label["variant"]["screen"] != "generic_daylog"
        assert not Variant(**label["variant"]).heldout
        assert (tmp_path / label["file"]).exists()


@needs_fonts
def test_cli_renders_held_out_screens_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "h"
    assert (
        render_main(
            [
                "--out",
                str(out),
                "--count",
                "3",
                "--split",
                "heldout",
                "--no-ocr",
                "--screens",
                "generic_daylog,japanese_log",
            ]
        )
        == 0
    )
    labels = [json.loads(p.read_text("utf-8")) for p in out.glob("*.expected.json")]
    assert len(labels) == 3 and all(Variant(**label["variant"]).heldout for label in labels)
    assert {label["variant"]["screen"] for label in labels} == {"generic_daylog", "japanese_log"}


def test_cli_without_split_keeps_the_original_layout_samples(tmp_path: Path) -> None:
    assert render_main(["--out", str(tmp_path), "--count", "5", "--no-ocr"]) == 0
    labels = [json.loads(p.read_text("utf-8")) for p in tmp_path.glob("*.expected.json")]
    assert len(labels) == 5 and all("variant" not in label for label in labels)
