"""Repairs of Strong set rows that the app's own columns reveal, and Strong-only checks.

* The 1RM column (Epley's estimate, rounded) contradicts a misread weight:
  `1 325kgx15@10 49` is 32.5 kg, `3 7kgx5 82` is 70 kg.
* Strong prints times as `m:ss`: a time with no colon (`1 12S` for `1:25`) is
  a misread, read as `m:ss` when it can be, and flagged either way.
* Added weight prints with `+`: among `+10 kg` sets, `417.5 kg` is `+17.5` with
  the `+` read as 4.
* A row that starts with its weight (`2 kg x5` for `2 -5 kg x 5`) lost its badge
  or its weight: flagged.

Every function changes the sets in place and returns its sentences; `repair_sets`
turns them into findings of each repair's kind and severity.
"""

from __future__ import annotations

import re

from ingest.read.common import normalize_set_text
from ingest.read.findings import each
from ingest.read.rows import one_rm_estimate
from schema.models import Finding, SetDraft

# An app-screen set row: `1 130 kg x 3 143`, `W 20lbx9 26`; the last number is Strong's 1RM.
ONE_RM_ROW = re.compile(
    r"(?P<w>\d+(?:[.,]\d+)?) (?P<u>kg|lb) x (?P<r>\d{1,2})(?: @ \d+(?:[.,]\d+)?)? (?P<orm>\d{1,4})$"
)
# An app row that starts with its weight (`2 kg x5` for `2 -5 kg x 5`): the first number
# is the badge column's set number and the weight was lost, or the badge was lost.
_BADGE_OR_WEIGHT_LOST = re.compile(r"^\s*\d{1,2}\s?(?:kg|lb)\s?[xX×]", re.IGNORECASE)
# A time row without its colon: a badge, then 3 digits (`12S`: the 5 read as S).
_COLONLESS_TIME = re.compile(
    r"^\s*(?:set\s*\d{1,2}\s*[:;.]|\S{1,2}[.,]?)\s+(\d)([0-5][\dSs])$", re.I
)


def repair_sets(sets: list[SetDraft]) -> list[Finding]:
    """All Strong set repairs and checks for one exercise's sets (in place); the findings.

    A weight the 1RM column confirms is a note; the others guess."""
    found = each("weight.by_one_rm", "note", fix_weights_by_one_rm(sets))
    found += each("weight.plus_as_4", "guess", fix_plus_read_as_four(sets))
    found += each("time.lost_colon", "guess", fix_times_without_colon(sets))
    found += each(
        "set.badge_or_weight_lost",
        "guess",
        (
            f"set row without its badge or weight (guess): {s.raw_line!r}"
            for s in sets
            if _BADGE_OR_WEIGHT_LOST.match(s.raw_line)
        ),
    )
    return found


def agrees_with_one_rm(s: SetDraft) -> bool:
    """True when the set's row ends in a 1RM (`3 A7T5kgx3 52`) that its weight and reps
    round to: the row's own check on a weight read from elsewhere."""
    m = _TRAILING_ONE_RM.search(normalize_set_text(s.raw_line))
    return bool(m and s.weight and s.reps and _agrees(s.weight, s.reps, int(m.group(1)), 0.5))


# The 1RM column after the reps of an app row (`... x3 52`).
_TRAILING_ONE_RM = re.compile(r"x\s?\d{1,2}(?:\s?@\s?\d+(?:[.,]\d)?)?\s(\d{1,4})$")


def _agrees(weight: float, reps: int, one_rm: int, slack: float = 1.0) -> bool:
    """Strong's 1RM column is Epley's estimate, rounded: w * (1 + reps / 30)."""
    return abs(one_rm_estimate(weight, reps) - one_rm) <= slack


def _weight_readings(weight: float) -> set[float]:
    """Other readings of a weight OCR may have garbled: the decimal point lost (`325` for
    32.5), a trailing 0 lost (`7` for 70), one digit too many (`55` for 5: a ghost `S`
    read as 5, a stray mark as 1), or both a digit too many and the point lost (`A475kg`
    for 47.5 kg: the ghost `A` read as 4, 4475)."""
    text = f"{weight:g}"
    readings = {weight / 10, weight * 10}
    if "." not in text and len(text) > 1:
        shorter = {float(text[:i] + text[i + 1 :]) for i in range(len(text))}
        readings |= shorter | {r / 10 for r in shorter}
    return {r for r in readings if r > 0}


def fix_weights_by_one_rm(sets: list[SetDraft]) -> list[str]:
    """Repair weights the app's own 1RM column contradicts, in place.

    `1 325kgx15@10 49`: 325 kg for 15 reps is no 1RM of 49, but 32.5 kg is
    (32.5 * 1.5 = 48.75): the decimal point was lost on every set alike, so the
    other sets cannot tell. Candidates are the weight as the row reads and the
    readings of it and of the parsed weight (which an earlier repair from the
    other sets may have changed: `425` taken for `+25`). A weight changes only
    when exactly one candidate agrees with the column, or one of several is the
    weight of another set of the exercise. Returns one warning per repair.
    """
    warnings: list[str] = []
    for s in sets:
        m = ONE_RM_ROW.search(normalize_set_text(s.raw_line))
        if not m or not s.weight or s.weight <= 0 or not s.reps:
            continue
        one_rm = int(m.group("orm"))
        if _agrees(s.weight, s.reps, one_rm):
            continue
        # Another reading must round to the column exactly (32 and 32.5 both near 49 do not).
        # An earlier repair from the other sets may have guessed wrong: read the row again.
        as_read = float(m.group("w").replace(",", "."))
        readings = _weight_readings(s.weight) | _weight_readings(as_read) | {as_read}
        readings.discard(s.weight)
        agreeing = {r for r in readings if _agrees(r, s.reps, one_rm, slack=0.5)}
        if len(agreeing) > 1:
            # `425` at 9 reps, 1RM 55: 42.5 and 42 both round near; the other sets say 42.5.
            agreeing &= {o.weight for o in sets if o is not s}
        if len(agreeing) == 1:
            fixed = agreeing.pop()
            warnings.append(
                f"weight {s.weight:g} read as {fixed:g} (from the 1RM column): {s.raw_line}"
            )
            s.weight = fixed
    return warnings


def fix_plus_read_as_four(sets: list[SetDraft]) -> list[str]:
    """`2 417.5kg x11` after `1 +10kgx6`: added weight whose `+` OCR read as a 4.

    When some sets of the exercise print a `+` and a set without one reads
    4 followed by a weight near theirs (and far below its own value), the 4 is
    the sign. A guess: flagged.
    """
    signed = [s.weight for s in sets if s.weight and s.weight > 0 and "+" in s.raw_line]
    warnings: list[str] = []
    if not signed:
        return warnings
    for s in sets:
        text = f"{s.weight:g}" if s.weight else ""
        if "+" in s.raw_line or not text.startswith("4") or len(text) < 2:
            continue
        rest = float(text[1:].lstrip("0") or 0)
        if rest > 0 and s.weight and s.weight > 4 * max(signed) and rest <= 4 * max(signed):
            warnings.append(f"weight {text} read as +{rest:g} (a `+` read as 4?): {s.raw_line}")
            s.weight = rest
    return warnings


def fix_times_without_colon(sets: list[SetDraft]) -> list[str]:
    """`1 12S` in a hold: Strong prints `1:25`; the colon lost and the 5 read as S.

    A time Strong printed has a colon, so a duration read without one is a
    misread: as `m:ss` when its digits allow (a guess), else left and flagged.
    """
    warnings: list[str] = []
    for s in sets:
        if s.duration_s is None or s.distance is not None or ":" in s.raw_line:
            continue
        m = _COLONLESS_TIME.match(s.raw_line)
        if m:
            seconds = int(m.group(1)) * 60 + int(m.group(2).replace("S", "5").replace("s", "5"))
            warnings.append(f"time without its colon read as {seconds} s: {s.raw_line!r}")
            s.duration_s = seconds
        else:
            warnings.append(f"time without its colon (guess): {s.raw_line!r}")
    return warnings
