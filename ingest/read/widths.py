"""Choose between readings of an ambiguous set line by the room its text takes on screen.

OCR adds marks that take no room: `67.5kgx1l` for `67.5 kg × 1` (is it 1 or 11?),
`A45kg x 9` for `45kg x 9`, `Q9reps` and `9Qreps` for `9 reps`. An app prints every set of a
page in one font, and digits are as wide as each other, so two set lines with the
same shape (`00.0kgx0`: digits as 0, spaces dropped) span the same width. A
reading whose shape the page shows elsewhere (or shows with one digit more or
less) has a predicted width; the reading whose prediction matches the measured
width of the row is the one on screen. With no such evidence nothing changes.
"""

from __future__ import annotations

import re
from statistics import median

from ingest.read.common import normalize_set_text
from ingest.read.rows import Row
from schema.models import OcrWord

_BADGE = re.compile(r"^(?:\d{1,2}|[A-Za-z]{1,3})[.,:;]?$")
_DIGITS = re.compile(r"^\d{2,}$")
# Readings to weigh, as (pattern, replacements) on the set's text (after any badge):
# `x1l` is 1 or 11, `xl1` is 1 or 11, a letter glued before the first number is a ghost.
_AMBIGUOUS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<=[xX×])\s?(\d)[lI](?=\s|$|@)"), (r" \g<1>", r" \g<1>1")),
    (re.compile(r"(?<=[xX×])\s?[lI](\d)(?=\s|$|@)"), (r" \g<1>", r" 1\g<1>")),
    (re.compile(r"^[A-CEG-VX-Za-z](?=\d)"), ("",)),  # not a glued W, D or F badge
    # `9Qreps`, `x9Q`: a Q after the reps is a ghost, or a 0 or 9 read as Q.
    (re.compile(r"(?<=\d)[Qq](?=\s?reps\b|\s|$|@)"), ("", "0", "9")),
    # `65|lbxo6`: an `o` between the `x` and the reps is a ghost (no app prints `x 06`).
    (re.compile(r"(?<=[xX×])[oO](?=\d)"), ("",)),
    # `5S reps`: an S after the reps is a ghost or a 5.
    (re.compile(r"(?<=\d)S(?=\s?reps\b)"), ("", "5")),
)
_FITS = 0.35  # of a digit's width: how close a prediction must come to the measured width


def _shape(text: str) -> str:
    """`62.5 kg x 8 @ 9` -> `00.0kgx0@0`: what decides a set line's printed width."""
    return re.sub(r"\d", "0", normalize_set_text(text).replace(" ", "").lower())


def _body(words: tuple[OcrWord, ...]) -> tuple[str, tuple[OcrWord, ...]]:
    """The badge (or "") and the words of the set up to its RPE (`@ 9 rpe`) or a column
    apart (Strong's 1RM), if any.

    These are left out of the width: only some sets of a page have an RPE, and a set
    with it then finds no line of its shape to compare with (`A45lb x 11 @ 9 rpe`); a
    column set apart stands where the column is, whatever the set's digits."""
    if len(words) >= 2 and _BADGE.match(words[0].text):
        badge, words = words[0].text, words[1:]
    else:
        badge = ""
    at = next((i for i, w in enumerate(words) if w.text.startswith("@")), len(words))
    # Strong's 1RM column (`20lbx9      26`): a gap wider than the set before it (and than
    # a few letters, so the space after a narrow `1` in `1 reps` is no column break).
    at = next((i for i in range(1, at) if _column_gap(words, i)), at)
    return badge, words[:at] if at else words


def _column_gap(words: tuple[OcrWord, ...], i: int) -> bool:
    """Whether a column break stands before words[i]."""
    gap = words[i].left - words[i - 1].right
    return gap > max(_span(words[:i]), 4 * words[i].height)


def _tail(row: Row, badge: str, words: tuple[OcrWord, ...]) -> str:
    """The words of the row after the badge and the set's measured words (its RPE, or "")."""
    return " ".join(w.text for w in row.line.words[bool(badge) + len(words) :])


def _span(words: tuple[OcrWord, ...]) -> int:
    return max(w.right for w in words) - min(w.left for w in words)


def _digit_width(rows: list[Row]) -> float | None:
    """The width of one digit: number words (`14`, `100`) give it, ink-tight boxes
    being a little narrower than the digits' advance. A page whose sets OCR read as
    one glued word each (`37,5kgx15`, `37,5kgx1`) has no number word: two clean set
    lines of one shape but for their count of digits give it instead."""
    sizes = [
        w.width / len(w.text) * 1.1 for r in rows for w in r.line.words if _DIGITS.match(w.text)
    ]
    if len(sizes) >= 2:
        return median(sizes)
    refs = _references(rows)
    steps = [
        (median(refs[a]) - median(refs[b])) / (a.count("0") - b.count("0"))
        for a in refs
        for b in refs
        if _skeleton(a) == _skeleton(b) and a.count("0") > b.count("0")
    ]
    return median(steps) if steps else None


def _references(rows: list[Row]) -> dict[str, list[int]]:
    """Measured widths of the page's cleanly read set lines, by shape."""
    found: dict[str, list[int]] = {}
    for row in rows:
        if row.kind != "set" or row.notes or row.set is None:
            continue
        _, words = _body(row.line.words)
        if words and not _readings(" ".join(w.text for w in words)):
            found.setdefault(_shape(" ".join(w.text for w in words)), []).append(_span(words))
    return found


def _skeleton(shape: str) -> str:
    """A shape without its digits: digits being equally wide, two lines of one skeleton
    differ in width only by their count of digits, wherever the digits stand."""
    return shape.replace("0", "")


def _predict(shape: str, refs: dict[str, list[int]], digit: float) -> float | None:
    """The width a line of this shape takes: measured, or from a line of the same
    skeleton with at most two digits more or fewer (`45lbx11` from `275lbx3`)."""
    if shape in refs:
        return median(refs[shape])
    near = [
        (abs(shape.count("0") - other.count("0")), other)
        for other in refs
        if _skeleton(other) == _skeleton(shape)
    ]
    near = [(gap, other) for gap, other in near if gap <= 2]
    if not near:
        return None
    gap = min(g for g, _ in near)
    guesses = [
        median(refs[other]) + (shape.count("0") - other.count("0")) * digit
        for g, other in near
        if g == gap
    ]
    return median(guesses)


def _readings(text: str) -> list[str]:
    """Other readings of a set's text (none when it reads one way)."""
    out: list[str] = []
    for pattern, replacements in _AMBIGUOUS:
        if pattern.search(text):
            out.extend(pattern.sub(r, text, count=1) for r in replacements)
    return out


def fits_width(rows: list[Row], row: Row, text: str) -> bool:
    """Whether a set text (`77.5kg x 13`) would take the width the row's set takes on
    screen, judged by the page's other set lines (False with no evidence)."""
    digit = _digit_width(rows)
    refs = _references(rows)
    _, words = _body(row.line.words)
    predicted = _predict(_shape(text), refs, digit) if digit and words else None
    if digit is None or predicted is None:
        return False
    return abs(_span(words) - predicted) <= 0.25 * digit
