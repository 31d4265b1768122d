"""Set types read from a badge column, checked against the exercise's other sets.

A drop set is lighter than the set before it: that is what a drop set is. The
`D` badge is a letter OCR also reads as `O` (and a set number such as 5 can be
read as `o`), so a drop set read from an `O`/`o` badge at the same weight as the
set before it is a working set whose number was misread. A badge OCR could not
read leaves the set's type a guess unless the set numbers around it place it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ingest.read.rows import set_number
from ingest.read.structure import vocabulary
from schema.models import SetDraft

_O_BADGE = re.compile(r"^\s*[Oo][.,:;]?\s+[+-]?\d")


def fix_o_badge_drops(sets: list[SetDraft]) -> list[str]:
    """Make a drop set read from an `O` badge, and no lighter than the set before, working.

    `o 82.5kg xX 1 @ 7.5 rpe` after `4 82.5kg x 4`: set 5 read as `o`. Returns warnings.
    """
    warnings: list[str] = []
    for before, s in pairwise(sets):
        if s.set_type != "drop" or not _O_BADGE.match(s.raw_line):
            continue
        if s.weight is None or before.weight is None or s.weight < before.weight:
            continue
        s.set_type = "working"
        warnings.append(f"badge O read as a set number like the other sets: {s.raw_line!r}")
    return warnings


# A badge OCR could not read: neither a set number nor a W/D/F badge (`所 70kg x 8` for
# `F 70kg x 8`, but `必 100Ibx15` for set 2 and `al 70kg x 5` for set 1).
_UNKNOWN_BADGE = re.compile(r"^\s*(?P<b>\S{1,3}?)[.,:;]?\s+[+-]?\d")
_KNOWN_BADGE = re.compile(r"^(?:\d{1,2}|[wW]{1,3}\d{0,2}|VV|[DFEOo]|Fe|EF|[|lIL!1]{1,2}|(?i:set))$")
_NUMBER = re.compile(r"^\s*(\d{1,2})[.,:;)]?\s+[+-]?\d")


def flag_unknown_badges(sets: list[SetDraft]) -> list[str]:
    """Warn of a set whose badge was unreadable, unless its place says it is the set number
    due there: the badge holds that number (`4h`, `3)`, `S)` for 5), or the next readable
    number comes exactly as many sets later (set 1 before `2`, `rz` and `S` between `1`
    and `4`). Otherwise it may be a warm-up, drop or failure set read as a working one.
    Changes nothing."""
    warnings: list[str] = []
    for i, s in enumerate(sets):
        m = _UNKNOWN_BADGE.match(s.raw_line)
        badge = m.group("b") if m else ""
        if not m or _KNOWN_BADGE.match(badge) or badge.lower() in vocabulary().warmup_badges:
            continue
        expected = 1 + sum(o.set_type == "working" for o in sets[:i])
        if re.sub(r"\D", "", m.group("b").replace("S", "5")) == str(expected):
            continue
        later = [(j, _NUMBER.match(o.raw_line)) for j, o in enumerate(sets) if j > i]
        after = next(((j, n) for j, n in later if n), None)
        if after and int(after[1].group(1)) - expected == after[0] - i:
            continue
        warnings.append(f"badge unreadable, its set read as {s.set_type}: {s.raw_line!r}")
    return warnings


def fix_lost_badges(sets: list[SetDraft]) -> list[str]:
    """`45kg 10回` before `1セット目 92.5kg 13回`: a set with no badge at all where the other
    sets are numbered lost its badge; before the first numbered set it was a warm-up
    (working sets are the numbered ones), after it it may be anything. A guess."""
    numbered = [i for i, s in enumerate(sets) if set_number(s.raw_line) is not None]
    if len(numbered) < 2:
        return []
    found: list[str] = []
    for i, s in enumerate(sets):
        if i in numbered or s.set_type != "working" or not _BARE_START.match(s.raw_line):
            continue
        if i < numbered[0]:
            s.set_type = "warmup"
        found.append(f"set without its badge, read as {s.set_type}: {s.raw_line!r}")
    return found


# A set row that starts with its weight or reps: no badge, no number.
_BARE_START = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s?(?:kg|lb|回|reps)", re.IGNORECASE)
