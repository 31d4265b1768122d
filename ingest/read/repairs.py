"""Repairs of a whole exercise's sets, using the other sets as context.

OCR misreads that one line cannot reveal show up against the exercise's other
sets: a lost decimal point (`625` among `62.5`), a `+` read as a 4 (`415` among
`+15`). Each repair returns a warning.
"""

from __future__ import annotations

import re

from schema.models import SetDraft

_WORKING = ("working", "failure")


def fix_lost_decimals(sets: list[SetDraft]) -> list[str]:
    """Repair weights whose decimal point OCR dropped (`625 kg` for `62.5 kg`), in place.

    A weight ending in 5 is divided by ten when the exercise's other weights
    sit near the tenth and far from the weight itself (a drop set, lighter by
    nature, is no evidence for the others), or, with no other sets or all of
    them as heavy, when it is implausible (over 500 kg / 1100 lb). Returns one
    warning per fix.
    """
    # `+425 lb` among 40s: a `+` printed before the 4 says the 4 is the `+` read twice.
    warnings = _fix_plus_read_as_four([s for s in sets if re.search(r"\+\s?4", s.raw_line)], sets)
    for i, s in enumerate(sets):
        if not s.weight or s.weight != int(s.weight) or int(abs(s.weight)) % 10 != 5:
            continue
        w = abs(s.weight)
        # A drop set is lighter by nature: `15 lb` then a `2.5 lb` drop is no `1.5` misread.
        others = [
            abs(o.weight)
            for j, o in enumerate(sets)
            if o.weight and j != i and (o.set_type != "drop" or s.set_type == "drop")
        ]
        tenth = w / 10
        working = [abs(o.weight) for o in sets if o.weight and o.set_type in _WORKING]
        limit = 500 if s.unit == "kg" else 1100
        if s.set_type in ("warmup", "drop") and working and w > max(working) >= tenth:
            fix = True  # a warm-up or drop set heavier than every working set: `75` for `7.5`
        elif others and not all(o > limit for o in [w, *others]):
            near_tenth = sum(1 for o in others if 0.5 * tenth <= o <= 2 * tenth)
            near_self = sum(1 for o in others if 0.25 * w <= o <= 4 * w)
            fix = near_tenth > near_self
        else:
            # Alone, or every set as heavy as no one lifts (`525 kg` twice for 52.5).
            fix = w > limit
        if fix:
            s.weight = tenth if s.weight > 0 else -tenth
            warnings.append(f"weight {w:g} read as {tenth:g} (decimal point lost?): {s.raw_line}")
    # `901 lb` for `90 lb`, `2101` among `210`: the `l` of `lb` read as a 1 glued to the
    # weight. Plates step by 2.5 kg or 5 lb, so no app prints such a weight: left, but flagged.
    warnings += [
        f"weight {s.weight:g} ends in 1 (the l of lb read as a 1?): {s.raw_line}"
        for s in sets
        if s.weight and s.weight == int(s.weight) and abs(s.weight) >= 100 and s.weight % 10 == 1
    ]
    warnings.extend(_fix_plus_read_as_four(sets, sets))
    return warnings


def _fix_plus_read_as_four(candidates: list[SetDraft], sets: list[SetDraft]) -> list[str]:
    """`415 kg` among `+15`/`+12.5 kg` sets: the `+` of added weight read as a 4."""
    warnings: list[str] = []
    for s in candidates:
        if not s.weight or s.weight < 40:
            continue
        text = f"{s.weight:g}"
        others = sorted(o.weight for o in sets if o is not s and o.weight)
        # One other set is enough when it prints its `+` (added weight) and this one, its
        # `+` read as the 4, prints none.
        signed = "+" not in s.raw_line and any("+" in o.raw_line for o in sets if o is not s)
        if not others or (len(others) < 2 and not signed) or not text.startswith("4"):
            continue
        # The median, not the maximum: two sets may both have their `+` read as 4.
        median = others[len(others) // 2]
        if s.weight <= 4 * median:
            continue
        rest = float(text[1:])
        if 0.25 * median <= rest <= 4 * median:
            warnings.append(f"weight {text} read as +{rest:g} (a `+` read as 4?): {s.raw_line}")
            s.weight = rest
    return warnings


def flag_outliers(sets: list[SetDraft]) -> list[str]:
    """Warn of a value far above every other set of the exercise (`22min` among `1min 25s`,
    `40s`), or a lone unit or sign among theirs: nothing repairs it, but the parse must not
    pass unreviewed. Changes nothing."""
    # Apps print one unit per exercise, and an assisted exercise's `-` on every set: a lone
    # `lb` among `kg` is a misread unit, a lone positive weight a lost sign.
    units = [str(s.unit) for s in sets if s.unit]
    signs = [str(w > 0) for s in sets if (w := s.weight)]
    warnings = [
        f"one set's {what} is not the exercise's other sets'"
        for what, values in (("unit", units), ("sign", signs))
        if len(values) >= 3 and len(set(values)) == 2 and min(map(values.count, values)) == 1
    ]
    for field in ("weight", "duration_s", "distance", "reps"):
        # Cardio times go with their distance; only holds are compared with each other.
        timed = [s for s in sets if field != "duration_s" or s.distance is None]
        values = [(s, abs(v)) for s in timed if (v := getattr(s, field))]
        for s, value in values:
            others = [v for o, v in values if o is not s]
            # A hold (a time with no distance) over 10 minutes, a weight over 500 kg / 1100 lb:
            # misreads (`22min`, `1825kg` for 132.5), whatever the other sets say.
            long_hold = field == "duration_s" and s.distance is None and value > 600
            heavy = field == "weight" and value > (500 if s.unit == "kg" else 1100)
            enough = len(others) >= (1 if field == "duration_s" else 2)
            if (enough and value > 5 * max(others)) or long_hold or heavy:
                warnings.append(f"{field} {value:g} outside the exercise's pattern: {s.raw_line}")
    return warnings
