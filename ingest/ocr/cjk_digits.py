"""The digits of CJK rows read again with the Latin model.

A row of a Japanese or Korean screen is read by that script's model (`ingest.ocr.stage`):
it reads the kanji and the syllables, but its digits worse than the English model, which
was trained on far more of them. On rendered Japanese logs it read `107.5kg` as
`1097.5kg` or `197.5kg`, `10回` as `19回` and `60秒` as `69秒`, where English, given the
same digits alone, read them right. So every word of a CJK row made of digits and Latin
letters (`107.5kg`, `19`, `2025`) is cut out alone (`digit_words`, `cut_outs`: the
script model's boxes are loose, so a neighbouring kanji's ink is taken off by its
height), and all of them are read in one run of the Latin model (`reread_digits`).

A Latin reading replaces the script model's (`merge_digits`) when it is a well-formed
number read at least as confidently, with as many digits or one fewer from inside the
word (`_plausible`): a digit more or one fewer at an edge is what a cut through a
neighbour or through the digits gives, so it is not taken. A reading with the same
digits lends the word its confidence, when higher. Rows without the script (English
read them already) and words with a CJK letter in them are left alone, so Latin pages
are never touched; so are Korean pages (`REREAD_LANGUAGES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Any

from PIL import Image, ImageOps

from ingest.ocr.tesseract import ocr_crops
from schema.models import OcrLine, OcrPage, OcrWord

# The languages whose rows' digits are read again. Not kor: on the 75 Fleek screens of
# the four round-3 sets the run (an eng process, 0.15-0.3 s of CPU, most of it loading
# the model) changed no digit; Hangul rows print their numbers apart ('60kg', '12X').
REREAD_LANGUAGES = frozenset({"jpn"})
# A word worth a second reading: digits and Latin letters or marks, at least one digit.
# Or a weight whose digits the script model read as letters (`Skg` for `5kg`).
_DIGIT_RUN = re.compile(r"[0-9A-Za-z.,:%/+\-]*\d[0-9A-Za-z.,:%/+\-]*|[0-9SOIlBZ.,]+(?:kg|lbs?)")
# A reading that may replace the script model's: a number, with its separators, a
# unit printed in Latin letters and a times sign glued on (`107.5kg`, `5,480kg`,
# `1:30`, `12X`, `10kgX`).
_NUMBER = re.compile(r"\d{1,4}(?:[.,:]\d{1,3})*(?:kg|lbs?|km|mi|m|s|%)?[x×]?", re.IGNORECASE)
# White around a cut-out word: tesseract wants a margin, and the row's neighbours
# (a kanji right after the digits) must not come in with it.
_MARGIN = 8
# Marks at the edges of a reading: a neighbour's strokes (`10|` beside a `回`).
_EDGE_MARKS = "|[](){}:;!'`\""
# Ink reaching this share of the digits' height above or below them is a CJK glyph's;
# ink outside a word's box shorter than this share of it is a stroke, not a digit.
_TALLER = 0.08
_MIN_SLACK = 1.5
_SHORT = 0.85
# How far (a share of the line's height) a digit run's box is widened towards a kanji.
_REACH = 0.3


Run = tuple[int, int, int, int]  # a run of inked columns: left, right, top, bottom of its ink


@dataclass(frozen=True)
class Target:
    """A word to read again: the index of its line and of the word in it, the box to cut
    out, the word's own span in that box, and whether a neighbour's ink may lie at the
    box's left and right edge (`digit_words`)."""

    line: int
    word: int
    box: tuple[int, int, int, int]
    inner: tuple[int, int]
    peel: tuple[bool, bool]


def digit_words(page: OcrPage, script: re.Pattern[str]) -> list[Target]:
    """The digit runs of the lines of `page` that hold `script`, each with a box to cut out.

    The script model's boxes are loose by a few pixels: the box of `12` in `2023年12月`
    can leave out the `1`, the box of `19` reach over the `回` after it. Towards a word
    of the script (or nothing) the box is widened by a share of the line's height, and
    the neighbour's ink is taken off later (`cut_out`); towards a Latin word (`60kg`
    then `×`) it ends where that word begins.
    """
    found: list[Target] = []
    for index, line in enumerate(page.lines):
        if not script.search(line.text):
            continue
        words, reach = line.words, round(_REACH * (line.bottom - line.top))
        for at, word in enumerate(words):
            if not _DIGIT_RUN.fullmatch(word.text):
                continue
            before = words[at - 1] if at else None
            after = words[at + 1] if at + 1 < len(words) else None
            peel = (_open(before, script), _open(after, script))
            left = word.left - reach if peel[0] else max(word.left, _edge(before, "right"))
            right = word.right + reach if peel[1] else min(word.right, _edge(after, "left"))
            if before and peel[0]:
                left = max(left, before.left + before.width // 2)
            if after and peel[1]:
                right = min(right, after.left + after.width // 2)
            if right - left >= 2:
                box = (max(0, left), line.top, right, line.bottom)
                inner = (word.left - box[0], word.right - box[0])
                found.append(Target(index, at, box, inner, peel))
    return found


def _open(word: OcrWord | None, script: re.Pattern[str]) -> bool:
    """Whether the side of a digit run towards `word` may be widened: nothing, or script."""
    return word is None or script.search(word.text) is not None


def _edge(word: OcrWord | None, side: str) -> int:
    return 0 if word is None else int(getattr(word, side))


def _ink_runs(crop: Image.Image, fill: int) -> list[Run]:
    """The runs of columns of `crop` that hold ink (darker than halfway to its darkest)."""
    width, height = crop.size
    pixels = list(crop.tobytes())  # mode L: one byte a pixel
    level = (fill + min(pixels, default=fill)) / 2
    runs: list[Run] = []
    for x in range(width):
        rows = [y for y in range(height) if pixels[y * width + x] < level]
        if not rows:
            continue
        if runs and runs[-1][1] == x:
            left, _, top, bottom = runs[-1]
            runs[-1] = (left, x + 1, min(top, rows[0]), max(bottom, rows[-1] + 1))
        else:
            runs.append((x, x + 1, rows[0], rows[-1] + 1))
    return runs


def _background(crop: Image.Image) -> int:
    """The crop's background: the median of its edge pixels."""
    width, height = crop.size
    edge = [crop.getpixel((x, y)) for x in range(width) for y in (0, height - 1)]
    edge += [crop.getpixel((x, y)) for y in range(height) for x in (0, width - 1)]
    return int(median(v for v in edge if isinstance(v, int | float)))


def _neighbour_ink(run: Run, band: tuple[float, float]) -> bool:
    """Whether a run at the edge of a cut-out is a neighbour's: it reaches above or below
    the digits' band (a CJK glyph fills its whole em, digits the height of a capital),
    or it is too short for a digit (the tip of a kanji's stroke)."""
    height = band[1] - band[0]
    slack = max(_MIN_SLACK, _TALLER * height)
    if run[2] < band[0] - slack or run[3] > band[1] + slack:
        return True
    return run[3] - run[2] < _SHORT * height


def cut_outs(img: Image.Image, targets: list[Target]) -> list[Image.Image]:
    """Each target's box of `img` without its neighbours' ink, on a margin of background.

    The digits' band (the top and bottom of their ink) is the median over the runs of
    ink inside the words' own spans on the line: the line's digits outnumber the
    stray strokes of its kanji.
    """
    crops = [img.crop(t.box).convert("L") for t in targets]
    fills = [_background(c) for c in crops]
    runs = [_ink_runs(c, f) for c, f in zip(crops, fills, strict=True)]
    inside: dict[int, list[Run]] = {}
    for target, found in zip(targets, runs, strict=True):
        lo, hi = target.inner
        inside.setdefault(target.line, []).extend(r for r in found if lo <= (r[0] + r[1]) / 2 <= hi)
    out: list[Image.Image] = []
    for target, crop, fill, found in zip(targets, crops, fills, runs, strict=True):
        line_runs = inside[target.line] or found or [(0, 0, 0, crop.height)]
        band = (median(r[2] for r in line_runs), median(r[3] for r in line_runs))
        while target.peel[1] and len(found) >= 2 and _neighbour_ink(found[-1], band):
            found = found[:-1]
        while target.peel[0] and len(found) >= 2 and _neighbour_ink(found[0], band):
            found = found[1:]
        if found:
            crop = crop.crop((found[0][0], 0, found[-1][1], crop.height))
        out.append(ImageOps.expand(crop, border=_MARGIN, fill=fill))
    return out


def _reading(lines: list[OcrLine]) -> tuple[str, float] | None:
    """The number a cut-out word was read as, and its confidence; None when it reads as
    no number. Marks at its edges are the neighbours' strokes (`10|` beside a `回`)."""
    read = [w for line in lines for w in line.words]
    text = "".join(w.text for w in read).strip(_EDGE_MARKS).rstrip(".,")
    if not read or not _NUMBER.fullmatch(text):
        return None
    return text, min(w.conf for w in read)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _plausible(old: str, new: str) -> bool:
    """Whether the Latin reading `new` may stand for the script model's `old`: as many
    digits, or one digit fewer where `old` has one more inside it (`1097.5kg` for
    `107.5kg`, `183` for `13`). A digit more, or one fewer at an edge, is what a cut
    through a neighbour (`2セ` read `24`) or through the digits (`15` read `1`) gives."""
    if len(_digits(new)) == len(_digits(old)) or len(new) == len(old):  # `Skg`: `5kg`
        return True
    plain = new.replace(",", ".").lower()
    inner = range(1, len(old) - 1)
    return any(
        old[i].isdigit() and (old[:i] + old[i + 1 :]).replace(",", ".").lower() == plain
        for i in inner
    )


# Under this confidence the script model's last digit before a CJK glyph may be the glyph.
_UNSURE = 65


def _glyph_digit(old: OcrWord, new: str, target: Target) -> bool:
    """`109` at 43 for `10回`: the script model read the glyph after the digits as one more
    digit, where the Latin model, given the digits alone, read them without it."""
    unsure = target.peel[1] and old.conf < _UNSURE and old.text.isdigit()
    return unsure and old.text[:-1] == new


def merge_digits(page: OcrPage, targets: list[Target], readings: list[list[OcrLine]]) -> int:
    """Put the Latin model's readings of `targets` into `page`; returns how many changed.

    A reading whose digits differ replaces the word when it is a well-formed number
    (`_NUMBER`) read at least as confidently; one whose digits agree lends the word its
    confidence, when higher (the word keeps its own separators: `77,5kg` for `77.5kg`).
    """
    changed = 0
    for target, lines in zip(targets, readings, strict=True):
        reading = _reading(lines)
        if reading is None:
            continue
        text, conf = reading
        line = page.lines[target.line]
        old = line.words[target.word]
        if _digits(text) == _digits(old.text):
            update: dict[str, Any] = {"conf": max(conf, old.conf)}
        elif conf >= old.conf and (_plausible(old.text, text) or _glyph_digit(old, text, target)):
            update = {"text": text, "conf": conf}
            changed += 1
        else:
            continue
        words = list(line.words)
        words[target.word] = old.model_copy(update=update)
        page.lines[target.line] = OcrLine(words=tuple(words))
    return changed


def reread_digits(
    page: OcrPage,
    img: Image.Image,
    script: re.Pattern[str],
    *,
    languages: str,
    timeout_s: float,
    command: str,
) -> dict[str, Any]:
    """Read the digit runs of `page`'s `script` rows again with `languages` (one run).

    `page` is changed in place; returns what was done, for the page's settings.
    """
    targets = digit_words(page, script)
    if not targets:
        return {"digit_words": 0}
    crops = cut_outs(img, targets)
    readings = ocr_crops(crops, languages=languages, timeout_s=timeout_s, command=command)
    changed = merge_digits(page, targets, readings)
    return {"digit_words": len(targets), "digits_changed": changed}
