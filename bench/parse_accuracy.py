"""Parse accuracy on labelled screenshots, per style, per split and per variant value.

    python bench/parse_accuracy.py [DIR] [--render-seed S --count N [--split dev|heldout|all]]
                                   [--recorded] [--failures] [--reviewed]

With DIR: every `*.expected.json` there is a label for the image beside it.
Without DIR: a fresh set is rendered with `--render-seed` (default 1000, a
seed the committed fixtures never use) into a temporary folder: the original
layouts, or with `--split` the variant corpus of `fixtures.render.variants`. Each image
goes through `parse_file` (what `liftlens parse --json` prints); with
`--recorded`, the recorded `*.ocr.json` is parsed instead (no Tesseract);
`--save-ocr` writes each image's OCR beside it so it can be re-parsed later.

Printed per style (the label's `variant.style`, else its layout), then for a
variant corpus per split (`dev`, `held out`, `held out: <style>`) and per axis
value (held out: `theme=vivid`, `font=f`, `capture=markup`, `screen=generic_daylog`; a
leave-one-variant-out view, each held-out value on its own row): images fully
right, set-level F1 (reps, weight, unit, warm-up, duration, distance), raw-name
exact accuracy, date accuracy, the share of images parsed wrong and not marked
for review (`silent`), the share parsed right but sent to review (`rev-ok`)
and seconds per image; then (unless `--no-bare`) the OCR stage's seconds per
image beside bare `tesseract` with the languages those screens need, on up
to `--timing-images` images per layout, as wall and CPU ratios. `--failures` lists
every wrong image; `--reviewed` every image read right but sent to review, with the
warnings that sent it (to find findings that fire on a line's form, not on doubt).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accuracy_tally import (
    Tally,
    differences,
    groups_of,
    is_style_row,
    print_table,
)

__all__ = ["differences"]


def labelled(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(image path, label) for every `*.expected.json` in the folder."""
    pairs = []
    for label_path in sorted(folder.glob("*.expected.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        pairs.append((folder / label["file"], label))
    return pairs


def parse_recorded(image: Path) -> tuple[dict[str, Any], str]:
    """Parse the recorded OCR beside an image (no Tesseract): (parse, OCR languages)."""
    from ingest.read.detect import parse_page
    from schema.models import OcrPage

    stem = image.name.rsplit(".", 1)[0]
    page = OcrPage.model_validate_json((image.parent / f"{stem}.ocr.json").read_text("utf-8"))
    return {"file": str(image), **parse_page(page).contract_dict()}, page.languages


def parse_live(image: Path, settings: Any, save_ocr: bool) -> tuple[dict[str, Any], str]:
    """What `liftlens parse --json` prints for the image, and the OCR languages it used.

    With `save_ocr`, the OCR is written beside the image to re-parse it later.
    """
    from ingest.read.files import parse_bytes, parse_file
    from schema.errors import LiftlensError

    try:
        page, draft = parse_bytes(image.read_bytes(), settings)
    except LiftlensError:  # the error line is what parse_file prints
        return parse_file(image, settings), "eng"
    if save_ocr:
        stem = image.name.rsplit(".", 1)[0]
        (image.parent / f"{stem}.ocr.json").write_text(page.model_dump_json(), encoding="utf-8")
    return {"file": str(image), **draft.contract_dict()}, page.languages


def measure(
    pairs: list[tuple[Path, dict[str, Any]]], recorded: bool, save_ocr: bool = False
) -> dict[str, Tally]:
    """Parse every image and tally the results per group (style, split, variant value)."""
    from schema.settings import Settings

    settings = Settings()
    tallies: dict[str, Tally] = {}
    for image, label in pairs:
        started = time.perf_counter()
        if recorded:
            got, languages = parse_recorded(image)
        else:
            got, languages = parse_live(image, settings, save_ocr)
        elapsed = time.perf_counter() - started
        for group in groups_of(label):
            tally = tallies.setdefault(group, Tally())
            tally.add(label, got, elapsed)
            tally.languages[languages] += 1
            tally.paths.append(image)
    return tallies


@dataclass
class Timing:
    """Seconds per image for the OCR stage and bare tesseract over the same images."""

    languages: str
    ours_wall: float
    bare_wall: float
    ours_cpu: float
    bare_cpu: float


def time_layouts(tallies: dict[str, Tally], per_layout: int) -> dict[str, Timing]:
    """Time the OCR stage beside the fastest bare tesseract, layout by layout.

    Bare tesseract gets the languages the stage settled on for most of the
    layout's screens (eng+kor for Korean ones): what it needs to read them.
    One image at a time; CPU (this process and its children) is the figure
    least disturbed by other load on the machine.
    """
    from bench.ocr_speed import cpu_seconds, time_bare_tesseract, time_ocr_stage
    from schema.settings import Settings

    settings = Settings()
    timings: dict[str, Timing] = {}
    for name, tally in sorted(tallies.items()):
        if not is_style_row(name):
            continue  # split and variant rows repeat the styles' images
        paths = tally.paths[:per_layout]
        languages = tally.languages.most_common(1)[0][0] if tally.languages else "eng"
        before = cpu_seconds()
        ours = time_ocr_stage(paths, settings)
        middle = cpu_seconds()
        bare = time_bare_tesseract(paths, languages=languages)
        after = cpu_seconds()
        n = max(1, len(paths))
        timings[name] = Timing(languages, ours, bare, (middle - before) / n, (after - middle) / n)
    return timings


def print_timings(timings: dict[str, Timing], per_layout: int) -> None:
    """OCR stage beside bare tesseract, per layout and over all timed images."""
    print(f"\nOCR stage vs bare tesseract (OMP=1, psm 6, no invert), {per_layout} images/layout")
    print(f"{'layout':<9}{'bare -l':>9}{'ocr s':>8}{'bare s':>8}{'ratio':>7}{'cpu ratio':>11}")
    rows = list(timings.items())
    if len(rows) > 1:
        total = Timing(
            "mixed",
            sum(t.ours_wall for t in timings.values()),
            sum(t.bare_wall for t in timings.values()),
            sum(t.ours_cpu for t in timings.values()),
            sum(t.bare_cpu for t in timings.values()),
        )
        rows.append(("overall", total))
    for name, t in rows:
        print(
            f"{name:<9}{t.languages:>9}{t.ours_wall:>8.3f}{t.bare_wall:>8.3f}"
            f"{t.ours_wall / t.bare_wall:>7.2f}{t.ours_cpu / max(t.bare_cpu, 1e-9):>11.2f}"
        )


def _render(args: argparse.Namespace) -> Path:
    from fixtures.render.samples import ALL_LAYOUTS, write_corpus, write_samples
    from fixtures.render.variants import available_screens

    folder = Path(tempfile.mkdtemp(prefix="liftlens-bench-"))
    if args.split:
        screens = available_screens()
        write_corpus(folder, args.count, args.render_seed, screens, args.split, args.recorded)
    else:
        layouts = tuple(args.layouts.split(",")) if args.layouts else ALL_LAYOUTS
        write_samples(folder, args.count, args.render_seed, layouts, record=args.recorded)
    return folder


def main(argv: list[str] | None = None) -> int:
    """Render (or read) a labelled set, parse it, print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="labelled folder")
    parser.add_argument("--render-seed", type=int, default=1000)
    parser.add_argument("--count", type=int, default=100, help="images to render (no folder)")
    parser.add_argument("--layouts", default="", help="comma-separated layouts to render")
    parser.add_argument(
        "--split", choices=("dev", "heldout", "all"), help="render the variant corpus"
    )
    parser.add_argument("--recorded", action="store_true", help="parse recorded *.ocr.json")
    parser.add_argument("--save-ocr", action="store_true", help="write *.ocr.json beside images")
    parser.add_argument("--no-bare", action="store_true", help="skip timing bare tesseract")
    parser.add_argument(
        "--timing-images", type=int, default=20, help="images per layout to time (default 20)"
    )
    parser.add_argument("--failures", action="store_true", help="list every wrong image")
    parser.add_argument(
        "--reviewed",
        action="store_true",
        help="list every image parsed right but sent to review, with its warnings",
    )
    args = parser.parse_args(argv)
    folder = args.folder
    if folder is None:
        folder = _render(args)
        print(f"rendered {args.count} images with seed {args.render_seed} into {folder}")
    pairs = labelled(folder)
    tallies = measure(pairs, args.recorded, args.save_ocr)
    print_table(tallies)
    if not args.no_bare:
        print_timings(time_layouts(tallies, args.timing_images), args.timing_images)
    if args.failures:
        for name, t in sorted(tallies.items()):
            if not is_style_row(name):
                continue
            for failure in t.failures:
                print(f"[{name}] {failure}")
    if args.reviewed:
        for name, t in sorted(tallies.items()):
            if is_style_row(name):
                for line in t.reviewed:
                    print(f"[{name}] right, reviewed: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
