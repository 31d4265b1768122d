"""Weights OCR garbled, read back from the exercise's other sets.

`3 7Wkgx7` among sets of `75 kg` (the 5 read as W), `2 Ad0lbx3` among `40 lb`
(the 4 read as A and a ghost d): the unit and the reps are readable, the weight
is not. When every other working set of the exercise has one weight, and the
digits that survived fit it, that weight is the best reading. It is a guess,
so its warning marks the parse for review. The same holds for a `+` read as a 4
in an exercise that prints `+` on every set, and for a digit read twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.read.common import normalize_set_text
from ingest.read.rows import is_subsequence, parse_set_line
from schema.models import SetDraft

_GARBLED = re.compile(
    r"^(?:(?P<badge>\d{1,2})\.?\s+)?(?P<w>[^\s@]*[A-Za-z][^\s@]*?)\s?(?P<u>[kK][gG]|lb)\s*x\s*"
    r"(?P<r>\d{1,3})\b(?P<rest>.*)$"
)


def weight_from_other_sets(
    text: str, sets: list[SetDraft], fits: Callable[[str], bool] | None = None
) -> tuple[SetDraft, str] | None:
    """The set of a row whose weight is garbled (`3 7Wkgx7`), with the weight all the
    exercise's other working sets share, and a warning; None when that is not safe.

    With no digit left (`4 WiASIKg xX 13`), the reading must also fit the row's width:
    `fits` says whether a set text (`77.5kg x 13`) is as wide as the row's.
    """
    m = _GARBLED.match(normalize_set_text(text))
    if not m:
        return None
    token = m.group("w")
    digits = re.sub(r"\D", "", token)
    working = [s for s in sets if s.set_type in ("working", "failure") and s.weight is not None]
    weights = {(s.weight, s.unit) for s in working}
    if len(working) < 2 or len(weights) != 1:
        return None
    weight, unit = weights.pop()
    if weight is None:
        return None
    shown = f"{abs(weight):g}"
    plain = shown.replace(".", "")
    if unit != m.group("u").lower() or abs(len(token) - len(shown)) > 1:
        return None
    if not is_subsequence(digits, plain):
        return None
    if not digits and (fits is None or not fits(f"{weight:g}{unit} x {m.group('r')}")):
        return None
    line = f"{m.group('badge') or ''} {weight:g} {unit} x {m.group('r')}{m.group('rest')}"
    parsed = parse_set_line(line.strip())
    if parsed is None or parsed[0].set_type not in ("working", "failure"):
        return None
    found = parsed[0].model_copy(update={"raw_line": text})
    return found, f"weight {token!r} read as {weight:g} like the other sets: {text!r}"


_PRINTED_PLUS = re.compile(r"\+\s?\d")


def fix_plus_beside_plus_sets(sets: list[SetDraft]) -> list[str]:
    """`47.5kgx 11` after `+17.5kg x11`: an exercise that prints `+` before every added
    weight lost it on one set, where it was read as a 4. Needs every other weighted set
    printed with its `+`; a guess, so its warning marks the parse for review. The `+`
    may also be read twice, as itself and a 4 (`+412,5kg` beside `+20 kg`): then the
    weight must be over ten times the others' to be taken for one (`+45 lb` beside
    `+10 lb` is real)."""
    warnings: list[str] = []
    for s in sets:
        text = f"{s.weight:g}" if s.weight else ""
        others = [o for o in sets if o is not s and o.weight]
        if not text.startswith("4") or len(text) < 2 or s.weight is None or s.weight < 0:
            continue
        if not others or not all(_PRINTED_PLUS.search(o.raw_line) for o in others):
            continue
        rest = float(text[1:])
        weights = sorted(abs(o.weight or 0) for o in others)
        middle = weights[len(weights) // 2]
        if _PRINTED_PLUS.search(s.raw_line) and not (
            re.search(r"\+\s?4", s.raw_line) and s.weight > 10 * middle
        ):
            continue
        if rest > 0 and 0.25 * middle <= rest <= 4 * middle:
            warnings.append(f"weight {text} read as +{rest:g} (a `+` read as 4?): {s.raw_line}")
            s.weight = rest
    return warnings


def fix_extra_digit(sets: list[SetDraft]) -> list[str]:
    """`1380lbx8` beside `130lb x 7`: a weight over four times every other set's, which is
    that weight with one digit too many (OCR read one glyph twice). A guess, flagged."""
    warnings: list[str] = []
    for s in sets:
        others = {o.weight for o in sets if o is not s and o.weight}
        if not s.weight or len(others) != 1:
            continue
        target = others.pop()
        if target is None or abs(s.weight) <= 4 * abs(target):
            continue
        read, want = f"{abs(s.weight):g}", f"{abs(target):g}"
        if len(read) == len(want) + 1 and any(
            read[:i] + read[i + 1 :] == want for i in range(len(read))
        ):
            warnings.append(f"weight {read} read as {want} like the other sets: {s.raw_line}")
            s.weight = target
    return warnings


# Digits Tesseract confuses with each other in app fonts (as `repairs.fix_confused_digit`).
_LOOKALIKES = {frozenset(p) for p in ("38", "56", "68", "08", "17", "49")}


def flag_lookalike_weights(sets: list[SetDraft]) -> list[str]:
    """Warn of a working set one look-alike digit away from the weight two or more other
    working sets share (`180` beside `130`, `130`): too few sets to repair, so the parse
    is marked for review. Changes nothing."""
    warnings: list[str] = []
    working = [s for s in sets if s.weight and s.set_type in ("working", "failure")]
    for s in working:
        others = [o.weight for o in working if o is not s]
        if len(others) < 2 or len(set(others)) != 1 or s.weight == others[0]:
            continue
        read, want = f"{s.weight:g}", f"{others[0]:g}"
        diff = [(a, b) for a, b in zip(read, want, strict=False) if a != b]
        if len(read) == len(want) and len(diff) == 1 and frozenset(diff[0]) in _LOOKALIKES:
            warnings.append(f"weight {read} outside the exercise's pattern ({want}?): {s.raw_line}")
    return warnings
