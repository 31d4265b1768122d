"""The Tesseract boundary: "is it installed, which version, which languages" apart from "run it".

A read hands tesseract one image file (an uncompressed grayscale BMP, or the
pages of an uncompressed TIFF for a batch of crops) and takes back TSV. By
default the warm engine reads it (`ingest.ocr.warm_engine`: a child process per
worker that keeps the engines loaded, giving the CLI's TSV byte for byte);
when libtesseract cannot be loaded, or `LIFTLENS_TESSERACT_CMD` names another
command than `tesseract`, one tesseract process per pass reads the file from
an in-memory file. `ingest.ocr.stage.ocr_bytes` is the whole OCR stage for a
file's bytes: validate, preprocess, choose languages, run.

Why warm: a tesseract process spends 0.2-0.3 s of CPU starting with eng and
0.3-0.8 s with jpn or eng+jpn (loading models, building the legacy engine's
tables) against 0.1-0.3 s to read a screenshot, and a Japanese page took three
runs. Measured with `bench/ocr_speed.py DIR --limit 42` (CPU of the stage and
its children against bare `OMP_THREAD_LIMIT=1 tesseract IMG stdout --psm 6 tsv`,
the languages loaded once before timing; "before" is one process per read,
measured just before on the same images, with the texture guard of
`ingest.ocr.languages.weak_signal` already in; without it round-4 strong was
1.73x and japanese 1.16x):

    style      round 3: before  after   round 4: before  after
    chat                0.98x   0.65x            1.16x   0.79x
    fleek               0.67x   0.48x            0.61x   0.46x
    generic             1.03x   0.54x            1.07x   0.55x
    hevy                0.88x   0.56x            0.94x   0.66x
    japanese            1.13x   0.53x            1.34x   0.67x
    notes               0.87x   0.39x            1.11x   0.84x
    strong              0.79x   0.56x            1.40x   1.10x
    overall             0.89x   0.53x            1.05x   0.68x

Round-4 strong is one photo whose screen was not found: its page pass alone
costs 3.9 s against 1.1 s bare (global thresholding turns the film grain into
69 lines of debris; tesseract's Sauvola thresholding, `-c thresholding_method=2`,
reads its screen right in 0.46 s). A picture's grain is now measured before the
page pass (`ingest.ocr.grain`), and a grainy picture read whole (no screen found in
it) is read with Sauvola thresholding: on the 8 such round-4 photos the stage went
from 1.06x to 0.69x bare (strong 1.74x -> 0.64x). The TSV is the CLI's: 214 reads
of 120 round-3 and round-4 images (pages and crop batches, eng, jpn, kor) were
identical.

Threading: tesseract always gets `OMP_THREAD_LIMIT=1`. Its OpenMP threads spin
while waiting; on this 2-core machine shared with other work, default threading
cost 3.2 s of CPU and 2.9 s of wall time per screenshot against 0.70 s and
0.79 s single-threaded, and two single-threaded pages in parallel use both
cores without fighting. Language choice and the re-reading of lines live in
`ingest.ocr.languages` and `ingest.ocr.stage`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image

from ingest.ocr import warm_engine
from schema.errors import OcrError, OcrTimeout, TesseractMissing
from schema.models import OcrLine, OcrPage, OcrWord

DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor"
# Page segmentation: 6 = "a single uniform block of text". Screenshots are
# rows of text across the full width (tables, set rows), and psm 6 keeps a
# row as one line with its columns as words. Word recall on 25 rendered
# screens: psm 6 0.865, psm 4 0.864, psm 3 (default) 0.854, psm 11 0.839.
DEFAULT_PSM = 6
_MAX_PSM = 13
# The command that selects the warm engine; any other (a path, a wrapper) runs the CLI.
DEFAULT_COMMAND = "tesseract"
# Tesseract would retry every low-confidence line inverted (tessedit_do_invert);
# preprocess() already turns dark mode into dark-on-light, so the retry only
# costs time (+11% CPU, same recall).
_TESS_CONFIG = ("-c", "tessedit_do_invert=0")
# Tesseract's Sauvola thresholding (local), for a photo's grain (`ingest.ocr.grain`);
# the default, Otsu (global), reads screenshots as well and faster.
LOCAL_THRESHOLD = {"thresholding_method": "2"}

_VERSION_RE = re.compile(r"tesseract\s+v?(\d+\.\d+(?:\.\d+)?\S*)", re.IGNORECASE)


@dataclass(frozen=True)
class TesseractInfo:
    """What the installed tesseract is: its path, version and installed languages."""

    command: str
    path: str
    version: str
    languages: frozenset[str]


@functools.lru_cache(maxsize=8)
def tesseract_info(command: str = "tesseract") -> TesseractInfo:
    """Probe the tesseract binary once per command; raise `TesseractMissing` if absent."""
    path = shutil.which(command)
    if path is None:
        raise TesseractMissing(
            f"tesseract not found (command {command!r}); "
            f"install the Debian packages: {DEBIAN_PACKAGES}"
        )
    version_out = _probe([path, "--version"])
    match = _VERSION_RE.search(version_out)
    version = match.group(1) if match else version_out.strip().splitlines()[0]
    langs_out = _probe([path, "--list-langs"])
    # First line is 'List of available languages in "...":'.
    languages = frozenset(
        line.strip() for line in langs_out.splitlines()[1:] if line.strip() and " " not in line
    )
    return TesseractInfo(command=command, path=path, version=version, languages=languages)


def _probe(args: list[str]) -> str:
    """Run a short informational tesseract command; stdout and stderr together."""
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TesseractMissing(
            f"tesseract at {args[0]} could not be run; "
            f"install the Debian packages: {DEBIAN_PACKAGES}",
            detail=str(exc),
        ) from exc
    if proc.returncode != 0:
        raise TesseractMissing(
            f"tesseract at {args[0]} failed its probe (exit {proc.returncode})",
            detail=proc.stderr.strip(),
        )
    # Older releases print the version on stderr.
    return proc.stdout + proc.stderr


def require_languages(info: TesseractInfo, languages: str) -> None:
    """Raise `TesseractMissing` naming the package when a requested language is not installed."""
    missing = [lang for lang in languages.split("+") if lang and lang not in info.languages]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise TesseractMissing(
            f"tesseract language data missing: {', '.join(missing)}; install: {packages}"
        )


def ocr_image(
    img: Image.Image,
    *,
    languages: str,
    timeout_s: float,
    psm: int | None = None,
    command: str = "tesseract",
    local_threshold: bool = False,
) -> OcrPage:
    """Run one tesseract pass over `img`; words assembled into lines, with timing and settings.
    `local_threshold` binarises it with Sauvola's method instead of Otsu's (`LOCAL_THRESHOLD`).

    Raises `OcrTimeout` (retryable) past `timeout_s`, `OcrError` with stderr on
    failure, `TesseractMissing` when the binary or a language is absent. A page
    with no text is returned with a warning.
    """
    psm = DEFAULT_PSM if psm is None else psm
    variables = LOCAL_THRESHOLD if local_threshold else {}
    tsv, millis, info = _run_tesseract([img], languages, timeout_s, psm, command, variables)
    lines = parse_tsv(tsv)
    words = [w for line in lines for w in line.words]
    warnings = [] if words else ["no text found on the image (blank page?)"]
    settings: dict[str, Any] = {"psm": psm, "omp_thread_limit": 1, "invert_retry": False}
    if local_threshold:
        settings["threshold"] = "sauvola"
    return OcrPage(
        lines=lines,
        engine="tesseract",
        engine_version=info.version,
        languages=languages,
        settings=settings,
        width=img.width,
        height=img.height,
        mean_conf=round(sum(w.conf for w in words) / len(words), 2) if words else 0.0,
        millis=millis,
        warnings=warnings,
    )


def ocr_crops(
    crops: list[Image.Image],
    *,
    languages: str,
    timeout_s: float,
    psm: int = 7,
    command: str = "tesseract",
) -> list[list[OcrLine]]:
    """OCR several small images (e.g. single text lines, psm 7) in ONE tesseract run.

    They travel as the pages of one uncompressed TIFF, so the start-up and
    model load (~0.1 s) is paid once; returns the lines of each crop in order.
    """
    if not crops:
        return []
    tsv, _millis, _info = _run_tesseract(crops, languages, timeout_s, psm, command)
    pages = parse_tsv_pages(tsv)
    return [pages.get(n, []) for n in range(1, len(crops) + 1)]


def _run_tesseract(
    images: list[Image.Image],
    languages: str,
    timeout_s: float,
    psm: int,
    command: str,
    variables: dict[str, str] | None = None,
) -> tuple[str, int, TesseractInfo]:
    """One read of `images` with tesseract `variables` (TSV text, milliseconds, the probed
    info): by the warm engine (`ingest.ocr.warm_engine`) when tesseract is the default
    command, else by one tesseract process, as when the library cannot be loaded."""
    info = tesseract_info(command)
    require_languages(info, languages)
    data = image_file(images)
    started = time.perf_counter()
    tsv = None
    if command == DEFAULT_COMMAND and 0 <= psm <= _MAX_PSM:
        tsv = warm_engine.read_tsv(data, languages, psm, timeout_s, variables)
    if tsv is None:
        tsv = _run_cli(info, data, languages, timeout_s, psm, variables)
    millis = round((time.perf_counter() - started) * 1000)
    return tsv, millis, info


def _run_cli(
    info: TesseractInfo,
    data: bytes,
    languages: str,
    timeout_s: float,
    psm: int,
    variables: dict[str, str] | None = None,
) -> str:
    """One tesseract process over the image file `data` (`-c` each of `variables`): its TSV."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    given = (variables or {}).items()
    config = [arg for name, value in given for arg in ("-c", f"{name}={value}")]
    with _file_for_child(data) as (path, fds):
        args = [info.path, path, "stdout", "-l", languages, "--psm", str(psm), *_TESS_CONFIG]
        args += config
        try:
            proc = subprocess.run(
                [*args, "tsv"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout_s,
                env=env,
                pass_fds=fds,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            # subprocess.run has already killed and reaped the child.
            raise OcrTimeout(f"tesseract ran past its {timeout_s:g} s limit") from exc
        except OSError as exc:
            tesseract_info.cache_clear()
            raise TesseractMissing(
                f"tesseract could not be started; install the Debian packages: {DEBIAN_PACKAGES}",
                detail=str(exc),
            ) from exc
    if proc.returncode != 0:
        # Some usage errors (e.g. a bad --psm) go to stdout instead of stderr.
        output = proc.stderr or proc.stdout
        detail = output.decode("utf-8", "replace").strip()[-2000:]
        raise OcrError(f"tesseract failed (exit {proc.returncode})", detail=detail)
    return proc.stdout.decode("utf-8", "replace")


def image_file(images: list[Image.Image]) -> bytes:
    """The images as one grayscale image file for tesseract: a BMP, or the pages of an
    uncompressed TIFF.

    Measured: tesseract spends least CPU on an uncompressed grayscale BMP given
    by path (0.30 s CPU vs 0.38 s for the RGB PNG on a 1170x1615 screen); PGM
    is read slowly, and anything on stdin a character at a time.
    """
    grays = [img if img.mode == "L" else img.convert("L") for img in images]
    first, rest = grays[0], grays[1:]
    out = io.BytesIO()
    if rest:
        first.save(out, format="TIFF", save_all=True, append_images=rest)
    else:
        first.save(out, format="BMP")
    return out.getvalue()


@contextlib.contextmanager
def _file_for_child(data: bytes) -> Iterator[tuple[str, tuple[int, ...]]]:
    """`data` as a file a child process can open: (path, fds the child must inherit).

    On Linux the file lives in memory (memfd) and the child opens it as /dev/fd/N:
    nothing touches disk.
    """
    if not hasattr(os, "memfd_create"):  # not Linux
        with tempfile.TemporaryDirectory(prefix="liftlens-ocr-") as tmp:
            path = os.path.join(tmp, "page")
            with open(path, "wb") as handle:
                handle.write(data)
            yield path, ()
        return
    fd = os.memfd_create("liftlens-ocr")
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
        yield f"/dev/fd/{fd}", (fd,)
    finally:
        os.close(fd)


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract TSV into lines: words grouped by (page, block, par, line), left to right.

    Lines are returned top to bottom (by their top edge), which is the visual
    order parsers expect even when tesseract reads blocks in another order.
    """
    return [line for _page, lines in sorted(parse_tsv_pages(tsv).items()) for line in lines]


def parse_tsv_pages(tsv: str) -> dict[int, list[OcrLine]]:
    """Like `parse_tsv`, but the lines of each page (1-based) of a multi-image run apart."""
    groups: dict[tuple[int, int, int, int], list[OcrWord]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = max(0.0, float(cols[10]))
        except ValueError:
            continue
        word = OcrWord(text=text, left=left, top=top, width=width, height=height, conf=conf)
        groups.setdefault(key, []).append(word)
    pages: dict[int, list[OcrLine]] = {}
    for (page, *_rest), words in groups.items():
        pages.setdefault(page, []).append(OcrLine(words=tuple(sorted(words, key=lambda w: w.left))))
    return {n: sorted(lines, key=lambda ln: (ln.top, ln.left)) for n, lines in pages.items()}
