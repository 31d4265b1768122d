"""Set types read from a badge column, checked against the exercise's other sets.

A drop set is lighter than the set before it: that is what a drop set is. The
`D` badge is a letter OCR also reads as `O` (and a set number such as 5 can be
read as `o`), so a drop set read from an `O`/`o` badge at the same weight as the
set before it is a working set whose number was misread.
"""

from __future__ import annotations

import re
from itertools import pairwise

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
