"""Time the OCR stage (`ingest.ocr.stage.ocr_bytes`) against bare `tesseract IMG stdout tsv`.

    python bench/ocr_speed.py [DIR_OR_FILES...] [--repeat N] [--limit N]
    python bench/ocr_speed.py [DIR_OR_FILES...] --configs [--config NAME]...

With no paths it uses fixtures/screens/ when it exists, else a few images it
renders itself into a temp dir. By default it prints, per style (the
`variant.style` or `layout` of the `*.expected.json` beside each image, else
the file name's first word), the CPU seconds per image of the OCR stage and
of bare `OMP_THREAD_LIMIT=1 tesseract IMG stdout --psm 6 tsv` (with and
without `-c tessedit_do_invert=0`) and their ratios; bare tesseract reads
with the languages the stage settled on for most of the style's screens.
CPU (this process and its children) is the figure least disturbed by other
load on a shared machine. With `--configs`, every bare configuration runs
over the same images, one at a time and two in parallel, and it prints
seconds per image and the ratio ours / fastest bare.

Compare like with like: on a Korean screen the OCR stage reads the page
with eng, then its Korean rows with kor and its unsure number rows with
eng+kor, while bare eng reads Hangul as garbage; time Korean screens apart
with `--bare-lang eng+kor`.

`time_bare_tesseract` and `time_ocr_stage` are imported by
bench/parse_accuracy.py.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ingest.ocr.stage import ocr_bytes
from ingest.ocr.tesseract import ocr_crops, tesseract_info
from schema.settings import Settings

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
FIXTURE_SCREENS = Path(__file__).resolve().parent.parent / "fixtures" / "screens"

# name -> (extra environment, extra tesseract arguments). "default" leaves
# tesseract's OpenMP threading alone; the others pin it to one thread.
BARE_CONFIGS: dict[str, tuple[dict[str, str], list[str]]] = {
    "default threads, psm 3": ({}, []),
    "OMP=1, psm 3": ({"OMP_THREAD_LIMIT": "1"}, []),
    "OMP=1, psm 4": ({"OMP_THREAD_LIMIT": "1"}, ["--psm", "4"]),
    "OMP=1, psm 6": ({"OMP_THREAD_LIMIT": "1"}, ["--psm", "6"]),
    "OMP=1, psm 11": ({"OMP_THREAD_LIMIT": "1"}, ["--psm", "11"]),
    "OMP=1, psm 6, no invert": (
        {"OMP_THREAD_LIMIT": "1"},
        ["--psm", "6", "-c", "tessedit_do_invert=0"],
    ),
    "OMP=1, psm 4, no invert": (
        {"OMP_THREAD_LIMIT": "1"},
        ["--psm", "4", "-c", "tessedit_do_invert=0"],
    ),
    "OMP=1, psm 11, no invert": (
        {"OMP_THREAD_LIMIT": "1"},
        ["--psm", "11", "-c", "tessedit_do_invert=0"],
    ),
}
# The configuration bench/parse_accuracy.py compares against by default: the
# fastest one measured on this machine (see the report in the commit history).
FASTEST_BARE = "OMP=1, psm 6, no invert"

SAMPLE_LINES = [
    "Push Day",
    "Saturday, February 7, 2026 at 7:32 PM",
    "Bench Press (Barbell)",
    "Set 1: 60 kg × 8",
    "Set 2: 62.5 kg × 8",
    "W: 20 kg × 10",
    "Incline Dumbbell Press",
    "Set 1: 24 kg × 10",
    "Set 2: 24 kg × 9 [Failure]",
    "Lateral Raise",
    "Set 1: 10 kg × 15",
    "link.strong.app",
]
SAMPLE_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_sample_images(directory: Path) -> list[Path]:
    """Render a few screenshot-like PNGs (light/dark, 1x-3x scale) into `directory`."""
    paths: list[Path] = []
    for scale, dark in ((3, False), (3, True), (2, False), (1, False)):
        size = 15 * scale
        line_h = int(size * 1.9)
        width, height = 390 * scale, line_h * (len(SAMPLE_LINES) + 2)
        bg, fg = ((18, 18, 20), (235, 235, 235)) if dark else ((255, 255, 255), (30, 30, 30))
        img = Image.new("RGB", (width, height), bg)
        draw = ImageDraw.Draw(img)
        font = ImageFont.truetype(SAMPLE_FONT, size)
        for i, text in enumerate(SAMPLE_LINES):
            draw.text((16 * scale, line_h * (i + 1)), text, font=font, fill=fg)
        path = directory / f"sample_{scale}x_{'dark' if dark else 'light'}.png"
        img.save(path)
        paths.append(path)
    return paths


def collect_images(args: Sequence[str]) -> list[Path]:
    """Image files named, or found (sorted) in the folders named."""
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
        elif path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
            found.append(path)
    return found


def _wall_per_image(job: Callable[[Path], object], paths: Sequence[Path], parallel: int) -> float:
    """Seconds of wall time per image for running `job` over `paths`."""
    started = time.perf_counter()
    if parallel <= 1:
        for path in paths:
            job(path)
    else:
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(job, paths))
    return (time.perf_counter() - started) / max(1, len(paths))


def time_bare_tesseract(
    paths: Sequence[Path],
    *,
    config: str = FASTEST_BARE,
    parallel: int = 1,
    repeat: int = 1,
    languages: str = "eng",
) -> float:
    """Seconds per image for bare `tesseract IMG stdout tsv` under one of `BARE_CONFIGS`."""
    extra_env, extra_args = BARE_CONFIGS[config]
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"} | extra_env

    def run(path: Path) -> None:
        args = ["tesseract", str(path), "stdout", "-l", languages, *extra_args, "tsv"]
        subprocess.run(args, env=env, capture_output=True, check=True)

    return _wall_per_image(run, list(paths) * repeat, parallel)


def time_ocr_stage(
    paths: Sequence[Path], settings: Settings, *, parallel: int = 1, repeat: int = 1
) -> float:
    """Seconds per image for our whole OCR stage (`ocr_bytes`: load, preprocess, tesseract)."""
    tesseract_info(settings.tesseract_cmd)  # the one-time version probe is not per-image cost

    def run(path: Path) -> None:
        ocr_bytes(path.read_bytes(), settings)

    return _wall_per_image(run, list(paths) * repeat, parallel)


OURS = "ours: ocr_bytes"


def _interleaved(
    paths: Sequence[Path],
    settings: Settings,
    names: Sequence[str],
    repeat: int,
    bare_languages: str,
) -> dict[str, tuple[float, float, float]]:
    """Mean (sequential, 2-parallel, CPU) seconds per image per configuration.

    Each repeat runs every configuration once, in a rotating order, so load
    from other processes on a shared machine spreads over all of them alike.
    CPU (ours and the children's, sequential pass) is the figure least
    disturbed by other load.
    """
    runners: dict[str, Callable[[int], float]] = {
        f"bare {name}": functools.partial(_bare_pass, paths, name, bare_languages) for name in names
    }
    runners[OURS] = functools.partial(_ours_pass, paths, settings)
    totals = {name: [0.0, 0.0, 0.0] for name in runners}
    order = list(runners)
    for r in range(repeat):
        shift = r % len(order)
        for name in order[shift:] + order[:shift]:
            cpu_before = cpu_seconds()
            totals[name][0] += runners[name](1)
            totals[name][2] += (cpu_seconds() - cpu_before) / max(1, len(paths))
            totals[name][1] += runners[name](2)
    return {
        name: (seq / repeat, par / repeat, cpu / repeat) for name, (seq, par, cpu) in totals.items()
    }


def cpu_seconds() -> float:
    """User + system CPU of this process, its finished children and its live ones (the
    warm OCR engine, `ingest.ocr.warm_engine`, lives as long as this process)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return done + _live_children_cpu()


def _live_children_cpu() -> float:
    """CPU seconds of this process's running children (Linux /proc; 0 elsewhere)."""
    pids: set[str] = set()
    for tasks in Path("/proc/self/task").glob("*/children"):
        pids.update(tasks.read_text().split())
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile; its CPU is in RUSAGE_CHILDREN once reaped
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _bare_pass(paths: Sequence[Path], name: str, languages: str, parallel: int) -> float:
    return time_bare_tesseract(paths, config=name, parallel=parallel, languages=languages)


def _ours_pass(paths: Sequence[Path], settings: Settings, parallel: int) -> float:
    return time_ocr_stage(paths, settings, parallel=parallel)


def style_of(path: Path) -> str:
    """The style of a labelled image (its `variant.style`, else `layout`), else its name's start."""
    label = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json")
    if label.is_file():
        data = json.loads(label.read_text(encoding="utf-8"))
        style = (data.get("variant") or {}).get("style") or data.get("layout")
        if isinstance(style, str):
            return style
    return path.stem.split("_")[0]


# The bare configurations of the per-style table: the one the issue measured
# against, and the fastest found.
STYLE_BARES = ("OMP=1, psm 6", FASTEST_BARE)


def _cpu_per_image(job: Callable[[Path], object], paths: Sequence[Path]) -> float:
    """CPU seconds (this process and its children) per image for running `job` over `paths`."""
    before = cpu_seconds()
    for path in paths:
        job(path)
    return (cpu_seconds() - before) / max(1, len(paths))


def warm_up(settings: Settings) -> float:
    """Load the stage's languages once (the warm engine keeps them for the worker's life,
    as the version probe is kept); the CPU seconds that took."""
    before = cpu_seconds()
    tesseract_info(settings.tesseract_cmd)
    word = Image.new("L", (120, 40), 255)
    ImageDraw.Draw(word).text((10, 12), "Squat 60", fill=0)
    for lang in {*settings.ocr_languages.split("+"), *settings.ocr_auto_languages.split("+")}:
        if lang in tesseract_info(settings.tesseract_cmd).languages:
            ocr_crops([word], languages=lang, timeout_s=60, command=settings.tesseract_cmd)
    return cpu_seconds() - before


def style_table(paths: Sequence[Path], settings: Settings, repeat: int) -> None:
    """Print, per style and overall, CPU s/image of the stage and bare tesseract, and ratios."""
    print(f"one-time start (probe, languages loaded): {warm_up(settings):.2f} s CPU")
    styles: dict[str, list[Path]] = {}
    for path in paths:
        styles.setdefault(style_of(path), []).append(path)
    head = "".join(f"{'bare ' + name.split(', ', 1)[1]:>22s}" for name in STYLE_BARES)
    print(f"{'style':10s}{'images':>7s}{'bare -l':>9s}{'ours':>8s}{head}   (CPU s/image, ratio)")
    totals = [0.0] * (1 + len(STYLE_BARES))
    for style, group in sorted(styles.items()):
        languages: Counter[str] = Counter()

        def ours(path: Path, tally: Counter[str] = languages) -> None:
            tally[ocr_bytes(path.read_bytes(), settings).languages] += 1

        cpus = [0.0] * (1 + len(STYLE_BARES))
        for _ in range(repeat):
            cpus[0] += _cpu_per_image(ours, group) / repeat
            lang = languages.most_common(1)[0][0]
            for i, name in enumerate(STYLE_BARES, start=1):
                cpus[i] += _cpu_per_image(_bare_job(name, lang), group) / repeat
        totals = [t + c * len(group) for t, c in zip(totals, cpus, strict=True)]
        _style_row(style, len(group), lang, cpus)
    _style_row("overall", len(paths), "", [t / max(1, len(paths)) for t in totals])


def _bare_job(config: str, languages: str) -> Callable[[Path], object]:
    """Bare `tesseract IMG stdout tsv` under one of `BARE_CONFIGS`, as a job over one path."""
    extra_env, extra_args = BARE_CONFIGS[config]
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"} | extra_env

    def run(path: Path) -> object:
        args = ["tesseract", str(path), "stdout", "-l", languages, *extra_args, "tsv"]
        return subprocess.run(args, env=env, capture_output=True, check=True)

    return run


def _style_row(style: str, images: int, lang: str, cpus: list[float]) -> None:
    ours = cpus[0]
    cells = "".join(f"{bare:>13.3f} {ours / bare:>7.2f}x" for bare in cpus[1:])
    print(f"{style:10s}{images:>7d}{lang:>9s}{ours:>8.3f}{cells}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print CPU per style against bare tesseract, or every bare configuration (`--configs`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="image files or folders")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the images")
    parser.add_argument(
        "--limit", type=int, default=0, help="use at most N images, spread over the set (0 = all)"
    )
    parser.add_argument(
        "--config",
        action="append",
        choices=list(BARE_CONFIGS),
        help="a bare configuration to run (repeatable; default: all)",
    )
    parser.add_argument(
        "--bare-lang",
        default="eng",
        help="languages for bare tesseract (e.g. eng+kor for Korean screens); ours uses "
        "LIFTLENS_OCR_LANGUAGES and LIFTLENS_OCR_AUTO_LANGUAGES",
    )
    parser.add_argument(
        "--configs", action="store_true", help="compare every bare configuration (not per style)"
    )
    opts = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        paths = collect_images(
            opts.paths or ([str(FIXTURE_SCREENS)] if FIXTURE_SCREENS.is_dir() else [])
        )
        if not paths:
            paths = make_sample_images(Path(tmp))
        if 0 < opts.limit < len(paths):
            step = len(paths) / opts.limit
            paths = [paths[int(i * step)] for i in range(opts.limit)]
        settings = Settings()
        names = opts.config or list(BARE_CONFIGS)
        print(
            f"{len(paths)} images x {opts.repeat} repeat(s), tesseract {tesseract_info().version}"
        )
        if not opts.configs:
            style_table(paths, settings, opts.repeat)
            return 0
        results = _interleaved(paths, settings, names, opts.repeat, opts.bare_lang)
        print(
            f"{'configuration':32s} {'1 at a time':>12s} {'2 parallel':>12s} {'CPU':>8s}"
            "   (s/image)"
        )
        for name, (seq, par, cpu) in results.items():
            print(f"{name:32s} {seq:12.3f} {par:12.3f} {cpu:8.3f}")
        ours_seq, ours_par, ours_cpu = results.pop(OURS)
        best_cpu = min(results.items(), key=lambda kv: kv[1][2])
        best_seq = min(results.items(), key=lambda kv: kv[1][0])
        best_par = min(results.items(), key=lambda kv: kv[1][1])
        print(
            f"ratio ours / fastest bare: {ours_seq / best_seq[1][0]:.3f} (1 at a time, vs "
            f"{best_seq[0]}), {ours_par / best_par[1][1]:.3f} (2 parallel, vs {best_par[0]}), "
            f"{ours_cpu / best_cpu[1][2]:.3f} (CPU, vs {best_cpu[0]})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
