"""Strong app rows OCR garbled past reading, read back through their 1RM column.

Strong prints, right of every weighted set, its estimated 1RM: Epley's
`weight * (1 + reps / 30)`, rounded. That number is often read well when the
set beside it is not: `1 fle/sm| ean le7, 245` (175 lb x 12), `Ww B0kg x7 37`
(30 kg x 7), `W 35kgx1l1l 48` (35 kg x 11). The weight comes from the row when
a reading of it fits the 1RM (`B0` is 30 or 80: only 30 does), else from the
exercise's other working sets when they all share one weight; the reps are
the ones the 1RM implies. A reading is kept only when exactly one
(weight, reps) pair rounds to the 1RM, and it is always a guess: the parse
stays marked for review.
"""

from __future__ import annotations

import itertools
import re

from ingest.read.one_rm import is_subsequence, one_rm_estimate
from schema.models import SetDraft, SetType, Unit

# A badge column, the garbled set, the 1RM column: `1 fle/sm| ean le7, 245`.
_ROW = re.compile(r"^\s*(?P<badge>\S{1,3})\s+(?P<body>.*?\S)\s+(?P<orm>\d{2,4})\s*$")
# A weight before its unit, with letters OCR puts for digits (`B0kg`, `1O lb`).
_WEIGHT = re.compile(
    r"(?<![\w.,])(?P<w>[\dBOoSlI]{1,3}(?:[.,][05])?)\s?(?P<u>kg|lb|[|lI1]b)(?![a-wyz])", re.I
)
_DIGIT_READINGS = {"B": "38", "O": "0", "o": "0", "S": "5", "l": "1", "I": "1"}
_RPE = re.compile(r"@\s?(?P<rpe>\d{1,2}(?:[.,]5)?)(?!\d)")
# Strong's reps column: 1RM estimates are printed for 1 to 30 reps.
_MAX_REPS = 30


def _set_type(badge: str) -> SetType | None:
    """The set type a badge column shows (`W`, `Ww`, `D`, `F`, `2`, `Zz` for 2), or None."""
    if re.fullmatch(r"[Ww]{1,3}", badge):
        return "warmup"
    if badge in ("D", "F"):
        return "drop" if badge == "D" else "failure"
    if re.fullmatch(r"\d{1,2}|[Zz]{1,2}|[a-z]{3}|[lI|]", badge):
        return "working"
    return None


def _readings(token: str) -> list[float]:
    """Every number a weight token may be: `B0` is 30 or 80, `22,5` is 22.5."""
    options = [_DIGIT_READINGS.get(c, c) for c in token.replace(",", ".")]
    values = {float("".join(p)) for p in itertools.product(*options)}
    return sorted(v for v in values if v > 0)


def _unit(text: str) -> Unit:
    return "kg" if text.lower() == "kg" else "lb"


def _fits(weight: float, one_rm: int) -> list[int]:
    """Reps for which the 1RM Strong would print for `weight` is `one_rm`."""
    return [r for r in range(1, _MAX_REPS + 1) if round(one_rm_estimate(weight, r)) == one_rm]


def _shown_reps(body: str) -> str:
    """The digits the row still shows after its `x` (`x1l1l`: 1111), before any RPE."""
    m = re.search(r"[xX×]([^xX×@]*)(?:@|$)", body)
    return re.sub(r"\D", "", re.sub(r"[lI|]", "1", m.group(1))) if m else ""


def set_from_one_rm(text: str, sets: list[SetDraft]) -> tuple[SetDraft, str] | None:
    """The set of an unreadable Strong row, from its 1RM column, and a warning; None
    when the row has no 1RM column or more than one set fits it.

    `sets` are the exercise's other sets, whose shared working weight stands in
    for a weight the row lost (working rows only: warm-ups are lighter).
    """
    m = _ROW.match(text)
    if not m or (set_type := _set_type(m.group("badge"))) is None:
        return None
    one_rm = int(m.group("orm"))
    body = re.sub(r"(?<=\d)([.,])\s(?=\d)", r"\1", m.group("body"))  # `22, 5kg`
    read = [
        (w, _unit(x.group("u"))) for x in _WEIGHT.finditer(body) for w in _readings(x.group("w"))
    ]
    if read:
        candidates, source = read, "the row"
    else:
        working = {(s.weight, s.unit) for s in sets if s.set_type == "working" and s.weight}
        if set_type not in ("working", "failure") or len(working) != 1:
            return None
        weight, unit = working.pop()
        candidates, source = [(float(weight or 0), unit or "kg")], "the other sets"
    fits = [(w, u, r) for w, u in candidates for r in _fits(w, one_rm)]
    shown = _shown_reps(body)
    if shown:  # `x3` beside a 1RM that says 27 reps: the row contradicts the reading
        fits = [f for f in fits if is_subsequence(str(f[2]), shown)]
    if len(fits) != 1:
        return None
    weight, unit, reps = fits[0]
    rpe = _RPE.search(body)
    found = SetDraft(
        reps=reps,
        weight=weight,
        unit=unit,
        set_type=set_type,
        rpe=float(rpe.group("rpe").replace(",", ".")) if rpe else None,
        raw_line=text,
    )
    return found, (
        f"garbled set read as {weight:g} {unit} x {reps} from the 1RM column"
        f" and the weight of {source} (guess): {text!r}"
    )
