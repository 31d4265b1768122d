"""The Tesseract boundary: "is it installed, which version, which languages" apart from "run it".

One tesseract process per OCR pass, TSV on stdout, the image handed over as
an uncompressed grayscale BMP in an in-memory file. `ocr_bytes` is the whole
OCR stage for a file's bytes: validate, preprocess, choose languages, run.

Threading: the subprocess always gets `OMP_THREAD_LIMIT=1`. Tesseract's
OpenMP threads spin while waiting; on a 2-core machine shared with other
work that made one page 4-5x slower (2.2 s vs 0.48 s per page measured with
bench/ocr_speed.py), and with two pages in parallel the single-threaded
processes use both cores without fighting.
"""

from __future__ import annotations

import contextlib
import functools
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

from ingest.images import load_image, preprocess
from schema.errors import OcrError, OcrTimeout, TesseractMissing
from schema.models import OcrLine, OcrPage, OcrWord
from schema.settings import Settings

DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor"
# Page segmentation: 6 = "a single uniform block of text". Screenshots are
# rows of text across the full width (tables, set rows), and psm 6 keeps a
# row as one line with its columns as words. Word recall on 25 rendered
# screens: psm 6 0.865, psm 4 0.864, psm 3 (default) 0.854, psm 11 0.839.
DEFAULT_PSM = 6
# Tesseract would retry every low-confidence line inverted (tessedit_do_invert);
# preprocess() already turns dark mode into dark-on-light, so the retry only
# costs time (+11% CPU, same recall).
_TESS_CONFIG = ("-c", "tessedit_do_invert=0")

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
) -> OcrPage:
    """Run one tesseract pass over `img`; words assembled into lines, with timing and settings.

    Raises `OcrTimeout` (retryable) past `timeout_s`, `OcrError` with stderr on
    failure, `TesseractMissing` when the binary or a language is absent. A page
    with no text is returned with a warning.
    """
    info = tesseract_info(command)
    require_languages(info, languages)
    psm = DEFAULT_PSM if psm is None else psm
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    try:
        with _image_file(img) as (path, fds):
            args = [info.path, path, "stdout", "-l", languages, "--psm", str(psm), *_TESS_CONFIG]
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
    millis = round((time.perf_counter() - started) * 1000)
    if proc.returncode != 0:
        # Some usage errors (e.g. a bad --psm) go to stdout instead of stderr.
        output = proc.stderr or proc.stdout
        detail = output.decode("utf-8", "replace").strip()[-2000:]
        raise OcrError(f"tesseract failed (exit {proc.returncode})", detail=detail)

    lines = parse_tsv(proc.stdout.decode("utf-8", "replace"))
    words = [w for line in lines for w in line.words]
    warnings = [] if words else ["no text found on the image (blank page?)"]
    settings: dict[str, Any] = {"psm": psm, "omp_thread_limit": 1, "invert_retry": False}
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


@contextlib.contextmanager
def _image_file(img: Image.Image) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The image as a grayscale BMP file for tesseract: (path, fds the child must inherit).

    Measured (bench notes in the module docstring): tesseract spends least CPU
    on an uncompressed grayscale BMP given by path; PGM is read slowly, and
    anything on stdin is read a character at a time. On Linux the file lives
    in memory (memfd) and the child opens it as /dev/fd/N, so nothing touches
    the disk.
    """
    gray = img if img.mode == "L" else img.convert("L")
    if not hasattr(os, "memfd_create"):  # not Linux
        with tempfile.TemporaryDirectory(prefix="liftlens-ocr-") as tmp:
            path = os.path.join(tmp, "page.bmp")
            gray.save(path, format="BMP")
            yield path, ()
        return
    fd = os.memfd_create("liftlens-ocr")
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            gray.save(handle, format="BMP")
        yield f"/dev/fd/{fd}", (fd,)
    finally:
        os.close(fd)


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract TSV into lines: words grouped by (page, block, par, line), left to right.

    Lines are returned top to bottom (by their top edge), which is the visual
    order parsers expect even when tesseract reads blocks in another order.
    """
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
    lines = [OcrLine(words=tuple(sorted(ws, key=lambda w: w.left))) for ws in groups.values()]
    return sorted(lines, key=lambda line: (line.top, line.left))


_NON_LATIN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
# Tokens of workout screens that tesseract often reads with low confidence:
# numbers with units and reps ('290', 'Ib', '75kgx7', '3@9.5'), W badges
# ('Ww'). Matched after lower-casing and dropping stray punctuation.
_WORKOUT_TOKEN = re.compile(
    r"w+|[\d.,x×@%]*[li]?(kg|lb|lbs|ib|ibs|1b|reps?|min|sec|s|km|mi|m)?[\d.,x×@%]*"
)
_STRAY = str.maketrans("", "", "|\\[](){}:;,'\"`+-_!")


def _foreign_word(word: OcrWord) -> bool:
    """A low-confidence word that is not a URL, a number or a unit: likely another script."""
    if word.conf >= 70 or any(c in "/.@" for c in word.text):
        return False
    token = word.text.lower().translate(_STRAY)
    return len(token) >= 2 and not _WORKOUT_TOKEN.fullmatch(token)


def _foreign_line(line: OcrLine) -> bool:
    """A line where at least half the words look like another script."""
    foreign = sum(_foreign_word(w) for w in line.words)
    return foreign > 0 and 2 * foreign >= len(line.words)


def foreign_script_signals(page: OcrPage) -> tuple[bool, str]:
    """Whether an eng-only page looks like it holds non-Latin text, and why.

    Signals: CJK/Hangul characters already in the output, or at least two
    lines made mostly of low-confidence words that are not numbers or units.
    Measured on rendered screens: eng reads a Korean title or exercise name
    as a line like 'HA] DayA', 'aaa' or 'F712' (confidence 0-60), while the
    low-confidence words of English screens are numbers and units ('290 Ib
    x13', 'Ww' for a W badge).
    """
    if not page.lines:
        return False, "no words"
    if any(_NON_LATIN.search(line.text) for line in page.lines):
        return True, "non-Latin characters in the output"
    foreign = [line for line in page.lines if _foreign_line(line)]
    if len(foreign) >= 2:
        sample = " | ".join(line.text for line in foreign[:3])
        return True, f"{len(foreign)} lines look like another script: {sample}"
    return False, f"{len(foreign)} lines look like another script"


def ocr_bytes(data: bytes, settings: Settings) -> OcrPage:
    """The OCR stage for one file's bytes: validate, preprocess, choose languages, run.

    `settings.ocr_languages` (English) first. Only when that pass shows signs
    of non-Latin text are the installed `settings.ocr_auto_languages` tried,
    one at a time (eng+kor, then eng+jpn), until one's script shows up with
    good confidence: each extra language costs ~20-40% more per pass, so a
    Korean page pays eng + eng+kor, never eng+kor+jpn.
    """
    img = load_image(
        data, max_bytes=settings.max_upload_bytes, max_pixels=settings.max_image_pixels
    )
    prepared, steps = preprocess(img)
    upright_width, upright_height = steps["upright_size"]
    deadline = time.perf_counter() + settings.ocr_timeout_s

    def run(languages: str) -> OcrPage:
        remaining = max(0.1, deadline - time.perf_counter())
        return ocr_image(
            prepared,
            languages=languages,
            timeout_s=remaining,
            psm=settings.ocr_psm,
            command=settings.tesseract_cmd,
        )

    page = run(settings.ocr_languages)
    auto: dict[str, Any] = {"tried": []}
    extras = _auto_languages(settings, tesseract_info(settings.tesseract_cmd))
    needed, auto["reason"] = foreign_script_signals(page) if extras else (False, "none configured")
    if needed:
        passes = [page]
        confirmed: OcrPage | None = None
        for lang in extras:
            passes.append(run(f"{settings.ocr_languages}+{lang}"))
            auto["tried"].append(lang)
            if _script_confirmed(passes[-1], lang):
                confirmed = passes[-1]
                break
        spent = sum(p.millis for p in passes)
        # No language confirmed: keep the most confident pass.
        page = confirmed or max(passes, key=lambda p: p.mean_conf)
        page.millis = spent
    page.settings.update(preprocess=steps, auto_languages=auto)
    return _to_original_scale(page, (upright_width, upright_height))


# The script each auto language is for; a pass "confirms" its language when
# words in that script come back with good confidence (measured: eng+kor on
# a Korean screen gives Hangul at ~94, on a Japanese one at most a stray
# Hangul word at ~53).
_SCRIPT_OF = {
    "kor": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "jpn": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
}


def _script_confirmed(page: OcrPage, lang: str) -> bool:
    """Whether `page` holds confident words in the script of `lang`."""
    script = _SCRIPT_OF.get(lang)
    if script is None:  # a language we know no script for: trust the signals
        return not foreign_script_signals(page)[0]
    words = [w for line in page.lines for w in line.words if script.search(w.text)]
    return len(words) >= 2 and sum(w.conf for w in words) / len(words) >= 70


def _auto_languages(settings: Settings, info: TesseractInfo) -> list[str]:
    """The installed auto languages not already always used, in the configured order."""
    base = set(settings.ocr_languages.split("+"))
    wanted = [lang for lang in settings.ocr_auto_languages.split("+") if lang and lang not in base]
    return [lang for lang in wanted if lang in info.languages]


def _to_original_scale(page: OcrPage, size: tuple[int, int]) -> OcrPage:
    """Boxes in the uploaded image's pixels, whatever scaling preprocess applied."""
    width, height = size
    if page.width in (0, width):
        page.width, page.height = width, height
        return page
    fx, fy = width / page.width, height / page.height
    page.lines = [
        OcrLine(
            words=tuple(
                w.model_copy(
                    update={
                        "left": round(w.left * fx),
                        "top": round(w.top * fy),
                        "width": round(w.width * fx),
                        "height": round(w.height * fy),
                    }
                )
                for w in line.words
            )
        )
        for line in page.lines
    ]
    page.width, page.height = width, height
    return page
