"""Weights OCR garbled, read back from the exercise's other sets.

`3 7Wkgx7` among sets of `75 kg` (the 5 read as W), `2 Ad0lbx3` among `40 lb`
(the 4 read as A and a ghost d): the unit and the reps are readable, the weight
is not. When every other working set of the exercise has one weight, and the
digits that survived fit it, that weight is the best reading. It is a guess,
so its warning marks the parse for review.
"""

from __future__ import annotations

import re

from ingest.read.common import normalize_set_text
from ingest.read.one_rm import is_subsequence
from ingest.read.rows import parse_set_line
from schema.models import SetDraft

_GARBLED = re.compile(
    r"^(?:(?P<badge>\d{1,2})\.?\s+)?(?P<w>[^\s@]*[A-Za-z][^\s@]*?)\s?(?P<u>[kK][gG]|lb)\s*x\s*"
    r"(?P<r>\d{1,3})\b(?P<rest>.*)$"
)


def weight_from_other_sets(text: str, sets: list[SetDraft]) -> tuple[SetDraft, str] | None:
    """The set of a row whose weight is garbled (`3 7Wkgx7`), with the weight all the
    exercise's other working sets share, and a warning; None when that is not safe (with
    no digit of the weight left, `4 WiASIKg xX 13`, nothing says the weight is theirs).
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
    if not digits or not is_subsequence(digits, plain):
        return None
    line = f"{m.group('badge') or ''} {weight:g} {unit} x {m.group('r')}{m.group('rest')}"
    parsed = parse_set_line(line.strip())
    if parsed is None or parsed[0].set_type not in ("working", "failure"):
        return None
    found = parsed[0].model_copy(update={"raw_line": text})
    return found, f"weight {token!r} read as {weight:g} like the other sets: {text!r}"


_VALUES_AFTER_LABEL = re.compile(r"(\S.*?)\s(\d[\d.,]*\s?[a-z]{2,3}\s?\d{1,3}\s?回)$")


def set_by_place(text: str, index: int) -> tuple[SetDraft, str] | None:
    """A row whose label is garbled (`天必グ 20kg 9回`): the warm-up first, else a set."""
    m = _VALUES_AFTER_LABEL.match(text)
    warmup = m is not None and index == 0 and "目" not in m.group(1)
    parsed = parse_set_line(("W " if warmup else "") + m.group(2)) if m else None
    return (parsed[0].model_copy(update={"raw_line": text}), f"placed: {text}") if parsed else None
