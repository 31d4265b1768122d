"""Parse accuracy on labelled screenshots, per layout and overall.

    python bench/parse_accuracy.py [DIR] [--render-seed S --count N] [--recorded]

With DIR: every `*.expected.json` there is a label for the image beside it.
Without DIR: a fresh set is rendered with `--render-seed` (default 1000, a
seed the committed fixtures never use) into a temporary folder. Each image
goes through `parse_file` (what `liftlens parse --json` prints); with
`--recorded`, the recorded `*.ocr.json` is parsed instead (no Tesseract);
`--save-ocr` writes each image's OCR beside it so it can be re-parsed later.

Printed per layout: images fully right, set-level F1 (reps, weight, unit,
warm-up, duration, distance), raw-name exact accuracy, date accuracy and
seconds per image; then (unless `--no-bare`) the OCR stage's seconds per
image beside bare `tesseract` with the languages those screens need, on up
to `--timing-images` images per layout, as wall and CPU ratios.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SET_KEYS = ("reps", "weight", "unit", "is_warmup", "duration_s", "distance")
FULL_SET_KEYS = (*SET_KEYS, "set_type", "distance_unit", "rpe")


def _set_key(ordinal: int, s: dict[str, Any], keys: tuple[str, ...]) -> tuple[Any, ...]:
    values = tuple(round(s[k], 3) if isinstance(s.get(k), float) else s.get(k) for k in keys)
    return (ordinal, *values)


def _sets(session: dict[str, Any], keys: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    return Counter(
        _set_key(i, s, keys)
        for i, ex in enumerate(session.get("exercises") or [])
        for s in ex.get("sets") or []
    )


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """What differs between a label and a parse (empty when the parse is fully right)."""
    diffs: list[str] = []
    for key in ("layout", "performed_on", "title"):
        if expected.get(key) != got.get(key):
            diffs.append(f"{key}: expected {expected.get(key)!r}, got {got.get(key)!r}")
    exp_ex, got_ex = expected.get("exercises") or [], got.get("exercises") or []
    if len(exp_ex) != len(got_ex):
        diffs.append(f"exercises: expected {len(exp_ex)}, got {len(got_ex)}")
    for i, (e, g) in enumerate(zip(exp_ex, got_ex, strict=False)):
        if e["raw_name"] != g["raw_name"]:
            diffs.append(f"exercise {i}: name {e['raw_name']!r} != {g['raw_name']!r}")
        es = [_set_key(0, s, FULL_SET_KEYS) for s in e["sets"]]
        gs = [_set_key(0, s, FULL_SET_KEYS) for s in g["sets"]]
        if es != gs:
            diffs.append(f"exercise {i} ({e['raw_name']}): sets {es} != {gs}")
    return diffs


@dataclass
class Tally:
    """Running counts for one layout."""

    images: int = 0
    fully_right: int = 0
    set_tp: int = 0
    set_expected: int = 0
    set_got: int = 0
    names_right: int = 0
    names: int = 0
    dates_right: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    paths: list[Path] = field(default_factory=list)

    def add(self, expected: dict[str, Any], got: dict[str, Any], seconds: float) -> None:
        """Count one image."""
        self.images += 1
        self.seconds += seconds
        diffs = differences(expected, got) if "error" not in got else [f"error: {got['error']}"]
        if not diffs:
            self.fully_right += 1
        else:
            self.failures.append(f"{expected.get('file')}: " + "; ".join(diffs))
        exp_sets, got_sets = _sets(expected, SET_KEYS), _sets(got, SET_KEYS)
        self.set_tp += sum((exp_sets & got_sets).values())
        self.set_expected += sum(exp_sets.values())
        self.set_got += sum(got_sets.values())
        exp_names = Counter(e["raw_name"] for e in expected.get("exercises") or [])
        got_names = Counter(e["raw_name"] for e in got.get("exercises") or [])
        self.names_right += sum((exp_names & got_names).values())
        self.names += sum(exp_names.values())
        self.dates_right += expected.get("performed_on") == got.get("performed_on")

    def row(self) -> dict[str, float]:
        """The figures for the table."""
        p = self.set_tp / self.set_got if self.set_got else 0.0
        r = self.set_tp / self.set_expected if self.set_expected else 0.0
        n = max(1, self.images)
        return {
            "images": self.images,
            "fully_right": self.fully_right / n,
            "set_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "names_exact": self.names_right / max(1, self.names),
            "dates": self.dates_right / n,
            "s_per_image": self.seconds / n,
        }


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
    """Parse every image and tally the results per layout."""
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
        tally = tallies.setdefault(label["layout"], Tally())
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


def print_table(tallies: dict[str, Tally]) -> None:
    """The per-layout accuracy table, overall last."""
    overall = Tally()
    for t in tallies.values():
        for key in ("images", "fully_right", "set_tp", "set_expected", "set_got", "names_right"):
            setattr(overall, key, getattr(overall, key) + getattr(t, key))
        overall.names += t.names
        overall.dates_right += t.dates_right
        overall.seconds += t.seconds
    header = f"{'layout':<9}{'images':>7}{'fully':>8}{'set F1':>8}{'names':>8}{'dates':>8}"
    print(header + f"{'s/img':>8}")
    for name, t in [*sorted(tallies.items()), ("overall", overall)]:
        r = t.row()
        print(
            f"{name:<9}{r['images']:>7}{r['fully_right']:>8.1%}{r['set_f1']:>8.4f}"
            f"{r['names_exact']:>8.1%}{r['dates']:>8.1%}{r['s_per_image']:>8.3f}"
        )


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


def main(argv: list[str] | None = None) -> int:
    """Render (or read) a labelled set, parse it, print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="labelled folder")
    parser.add_argument("--render-seed", type=int, default=1000)
    parser.add_argument("--count", type=int, default=100, help="images to render (no folder)")
    parser.add_argument("--layouts", default="", help="comma-separated layouts to render")
    parser.add_argument("--recorded", action="store_true", help="parse recorded *.ocr.json")
    parser.add_argument("--save-ocr", action="store_true", help="write *.ocr.json beside images")
    parser.add_argument("--no-bare", action="store_true", help="skip timing bare tesseract")
    parser.add_argument(
        "--timing-images", type=int, default=20, help="images per layout to time (default 20)"
    )
    parser.add_argument("--failures", action="store_true", help="list every wrong image")
    args = parser.parse_args(argv)
    folder = args.folder
    if folder is None:
        from fixtures.render.samples import ALL_LAYOUTS, write_samples

        folder = Path(tempfile.mkdtemp(prefix="liftlens-bench-"))
        layouts = tuple(args.layouts.split(",")) if args.layouts else ALL_LAYOUTS
        write_samples(folder, args.count, args.render_seed, layouts, record=args.recorded)
        print(f"rendered {args.count} images with seed {args.render_seed} into {folder}")
    pairs = labelled(folder)
    tallies = measure(pairs, args.recorded, args.save_ocr)
    print_table(tallies)
    if not args.no_bare:
        print_timings(time_layouts(tallies, args.timing_images), args.timing_images)
    if args.failures:
        for name, t in sorted(tallies.items()):
            for failure in t.failures:
                print(f"[{name}] {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
