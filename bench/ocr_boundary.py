"""Time the Tesseract boundary: today's subprocess call against `pytesseract.image_to_data`.

    python bench/ocr_boundary.py [DIR_OR_FILES...] [--repeat N] [--limit N]

Every image is loaded and preprocessed once (`ingest.ocr.images.preprocess`,
what the OCR stage hands to tesseract); then each way of calling tesseract
reads the same prepared images with the same configuration (eng, psm 6,
`OMP_THREAD_LIMIT=1`, `tessedit_do_invert=0`, TSV out), in a rotating order
per repeat. Printed per way: CPU seconds per image (this process and its
children, the figure least disturbed by other load) and wall seconds, and
the ratio to today's call. The ways:

* `subprocess (ours)`: `ingest.ocr.tesseract.ocr_image`, an uncompressed
  grayscale BMP in an in-memory file, TSV on stdout, parsed into lines.
* `pytesseract, PNG`: `image_to_data(img)` as documented: pytesseract
  writes the image to a temporary PNG and reads the TSV back from a file.
* `pytesseract, BMP`: the same with the image's format set to BMP, so the
  temporary file is the cheap BMP.
* `pytesseract, DICT`: the BMP way with `output_type=Output.DICT`.

pytesseract takes its environment from `os.environ`, so `OMP_THREAD_LIMIT=1`
is set for the whole process here; the subprocess way sets it per call.
pytesseract is not a dependency of the project: install it to run this
bench (`pip install pytesseract`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from bench.ocr_speed import FIXTURE_SCREENS, collect_images
from ingest.ocr.images import load_image, preprocess
from ingest.ocr.tesseract import DEFAULT_PSM, ocr_image, parse_tsv, tesseract_info

CONFIG = f"--psm {DEFAULT_PSM} -c tessedit_do_invert=0"


def _ways() -> dict[str, Callable[[Image.Image], object]]:
    """name -> a function reading one prepared image with eng into something line-shaped."""
    # Imported by name: pytesseract is not a dependency of the project.
    pytesseract: Any = importlib.import_module("pytesseract")

    os.environ["OMP_THREAD_LIMIT"] = "1"

    def ours(img: Image.Image) -> object:
        return ocr_image(img, languages="eng", timeout_s=60)

    def py_png(img: Image.Image) -> object:
        img.format = None
        return parse_tsv(pytesseract.image_to_data(img, lang="eng", config=CONFIG, timeout=60))

    def py_bmp(img: Image.Image) -> object:
        img.format = "BMP"
        return parse_tsv(pytesseract.image_to_data(img, lang="eng", config=CONFIG, timeout=60))

    def py_dict(img: Image.Image) -> object:
        img.format = "BMP"
        return pytesseract.image_to_data(
            img, lang="eng", config=CONFIG, timeout=60, output_type=pytesseract.Output.DICT
        )

    return {
        "subprocess (ours)": ours,
        "pytesseract, PNG": py_png,
        "pytesseract, BMP": py_bmp,
        "pytesseract, DICT": py_dict,
    }


def cpu_split() -> tuple[float, float]:
    """User + system CPU seconds of (this process, its finished children)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(images: Sequence[Image.Image], repeat: int) -> dict[str, tuple[float, float, float]]:
    """(own CPU, tesseract CPU, wall) seconds per image for every way, in a rotating order."""
    ways = _ways()
    for way in ways.values():  # one-time probes (versions, imports) are not per-image cost
        way(images[0])
    totals: dict[str, list[float]] = {name: [0.0, 0.0, 0.0] for name in ways}
    order = list(ways)
    for r in range(repeat):
        shift = r % len(order)
        for name in order[shift:] + order[:shift]:
            (own, children), wall = cpu_split(), time.perf_counter()
            for img in images:
                ways[name](img)
            own_after, children_after = cpu_split()
            totals[name][0] += own_after - own
            totals[name][1] += children_after - children
            totals[name][2] += time.perf_counter() - wall
    n = max(1, len(images) * repeat)
    return {name: (own / n, tess / n, wall / n) for name, (own, tess, wall) in totals.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print CPU and wall seconds per image for each way of calling tesseract."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", help="image files or folders")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the images")
    parser.add_argument("--limit", type=int, default=0, help="at most N images (0 = all)")
    opts = parser.parse_args(argv)
    paths = collect_images(opts.paths or [str(FIXTURE_SCREENS)])
    if 0 < opts.limit < len(paths):
        step = len(paths) / opts.limit
        paths = [paths[int(i * step)] for i in range(opts.limit)]
    images = [
        preprocess(load_image(p.read_bytes(), max_bytes=1 << 30, max_pixels=1 << 30))[0]
        for p in paths
    ]
    print(f"{len(images)} images x {opts.repeat} repeat(s), tesseract {tesseract_info().version}")
    results = measure(images, opts.repeat)
    base_own, base_tess, base_wall = results["subprocess (ours)"]
    print(
        f"{'way':20s} {'own CPU':>8s} {'tess CPU':>9s} {'CPU':>7s} {'wall':>7s}"
        f" {'CPU ratio':>10s} {'wall ratio':>11s}   (s/image)"
    )
    for name, (own, tess, wall) in results.items():
        ratio = (own + tess) / (base_own + base_tess)
        print(
            f"{name:20s} {own:8.3f} {tess:9.3f} {own + tess:7.3f} {wall:7.3f}"
            f" {ratio:10.3f} {wall / base_wall:11.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
