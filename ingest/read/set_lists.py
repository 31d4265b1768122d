"""A note's sets written one by one: `140x5, 150x3, 160x1 kg`, `40 kg 8/8/7`, `24 kg x 10, 10, 8`.

`listed` reads such a tail into (reps, weight) pairs. `restore_crosses` runs first, on
the tail as OCR read it: in a list of `WEIGHTxREPS` items, OCR may lose one item's `x`
(`385x3, 3905 lb` for `390x5`) or read its reps as a letter (`210xS`). The other items
show where the cut goes: the weight nearest theirs (`3905` is 390 x 5, not 39 x 05).
Each restored item is returned as a sentence for a `guess` finding: a person looks.
"""

from __future__ import annotations

import re

NUM = r"\d+(?:[.,]\d+)?"
UNIT = r"(?P<unit>kg|lb)s?"
# After normalize_set_text: `140 x 5, 150 x 3, 160 x 1 kg`.
_PAIRS = re.compile(
    rf"^(?P<list>{NUM}\s*x\s*\d{{1,3}}(?:\s*,\s*{NUM}\s*x\s*\d{{1,3}})+)\s*(?:{UNIT})?$",
    re.IGNORECASE,
)
_REPS_LIST = re.compile(
    rf"^(?P<w>{NUM})\s*{UNIT}\s*(?:x\s*)?(?P<list>\d{{1,3}}(?:\s*[/,]\s*\d{{1,3}})+)$",
    re.IGNORECASE,
)
# One item of the raw list, whole (`385x3`, `180*1`) or with its `x` lost (`3905`, `97.55`).
_ITEM = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\s*[xX×*]\s*(\d{1,2}|S)$")
_BARE = re.compile(r"^\d{2,4}(?:\.\d{1,2})?$")
# The items, and the unit after the last (as OCR spells it: `Ib`, `|b`).
_LIST = re.compile(r"^(?P<items>.*[\dS])(?P<unit>[^\d,]*)$")
# A restored weight further than this share from every other item's is no reading.
_NEAR = 0.5


def listed(tail: str) -> tuple[list[tuple[int, float]], str | None] | None:
    """The (reps, weight) pairs a normalised tail lists, and its unit; None when it lists none."""
    if m := _PAIRS.match(tail):
        pairs = [
            (int(r), float(w.replace(",", ".")))
            for w, r in re.findall(rf"({NUM})\s*x\s*(\d{{1,3}})", m.group("list"))
        ]
        return pairs, m.group("unit")
    if m := _REPS_LIST.match(tail):
        weight = float(m.group("w").replace(",", "."))
        reps = [int(r) for r in re.split(r"\s*[/,]\s*", m.group("list"))]
        return [(r, weight) for r in reps], m.group("unit")
    return None


def restore_crosses(tail: str) -> tuple[str, list[str]]:
    """The raw tail with each item's lost `x` put back, and a sentence per item restored.

    Only a list of at least two items, one of them whole, is judged; items are parted by
    `, ` (a comma with no space is a decimal comma: `102,5x8`)."""
    m = _LIST.match(tail.strip())
    items = m.group("items").split(", ") if m else []
    whole = [_ITEM.match(i.strip()) for i in items]
    weights = [float(w.group(1)) for w in whole if w and w.group(2) != "S"]
    if len(items) < 2 or not weights:
        return tail, []
    restored, guesses = [], []
    for item, parts in zip(items, whole, strict=True):
        new = item = item.strip()
        if parts and parts.group(2) == "S":  # `210xS`: the 5 read as a letter
            new = f"{parts.group(1)}x5"
        elif parts is None and _BARE.match(item) and (cut := _cut(item, weights)):
            new = cut
        if new != item:
            guesses.append(f"set {item!r} read as {new!r}, beside {', '.join(items)!r}")
        restored.append(new)
    return ", ".join(restored) + (m.group("unit") if m else ""), guesses


def _cut(digits: str, weights: list[float]) -> str | None:
    """Where an item's lost `x` was: its last one or two digits are the reps, the rest the
    weight nearest the other items' weights (None when no cut comes near them)."""
    cuts = [(digits[:-n], digits[-n:]) for n in (1, 2)]
    cuts = [(w, r) for w, r in cuts if w and w[-1] != "." and r.isdigit() and r[0] != "0"]
    off = [(min(abs(float(w) - x) / x for x in weights), f"{w}x{r}") for w, r in cuts]
    return min((o for o in off if o[0] <= _NEAR), default=(0.0, None))[1]
