"""Column header words read through OCR's garbles, and the header words OCR lost.

A column header (`SET  PREVIOUS  KG  REPS  ✓`) is small muted text that OCR often
garbles (`SET PREY IS KG EF Vv`, `SET PREVIOUS KM TIMé`). A misread header word
must not make the table unreadable: each word is matched to the vocabulary's header
words exactly, then fuzzily (one or two letters off, or the first three letters of a
long word), and a word still unknown takes the role its place in the row gives it:
first it is the set column, between the set and the reps the weight, after
`PREVIOUS` (before the next known column) it is the rest of that wide column,
after a weight column it is the reps, after a distance the time, and a short mark
at the right end is the check column. A row is a header only when most of its words
are header words and it names a value column; a row with a stat label (`Volume`,
`Sets`) is a summary, not a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ingest.read.vocabulary import ColumnRole, Vocabulary, words

# Stat labels that never head a set column: a row with one is a summary row.
_SUMMARY_ONLY = words("volume sets records prs kcal calories exercises total workouts")
_VALUE_ROLES = frozenset({"weight", "reps", "weight_reps", "time", "distance"})
# The role that follows a column when the next header word is unreadable.
_NEXT_ROLE: dict[ColumnRole, ColumnRole] = {"weight": "reps", "distance": "time"}


@dataclass(frozen=True)
class HeaderWord:
    """One word of a candidate header row: its key, box and role (None: unknown)."""

    key: str
    left: int
    right: int
    role: ColumnRole | None
    fuzzy: bool = False
    unit: str | None = None
    sign: str = ""


def fuzzy_role(key: str, vocabulary: Vocabulary) -> tuple[ColumnRole | None, bool]:
    """The column a header word names, and whether it was matched fuzzily.

    Exact first; then, for a word of three letters or more, a header word of four or
    more letters it is one or two edits from (similarity 0.7) or whose first three
    letters it starts with (`PREY` for `PREVIOUS`).
    """
    exact = vocabulary.headers.get(key)
    if exact is not None:
        return exact, False
    # `IRM` for `1RM`: a 1 read as a look-alike letter in a short word.
    digits = vocabulary.headers.get(re.sub(r"^[il|]", "1", key)) if len(key) <= 4 else None
    if digits is not None:
        return digits, True
    if len(key) < 3 or not re.fullmatch(r"[^\W\d_]+", key) or key in _SUMMARY_ONLY:
        return None, False
    best: tuple[float, ColumnRole | None] = (0.0, None)
    for word, role in vocabulary.headers.items():
        if len(word) < 4:
            continue
        similarity = Levenshtein.normalized_similarity(key, word)
        if len(key) >= 3 and word.startswith(key[:3]) and key[:3].isalpha():
            similarity = max(similarity, 0.7)
        if similarity >= 0.7 and similarity > best[0]:
            best = (similarity, role)
    return best[1], best[1] is not None


def infer_unknown(words: list[HeaderWord]) -> list[HeaderWord] | None:
    """Give every unknown word the role its place gives it (see the module docstring);
    None when a word's role cannot be told (the row is then no header)."""
    out: list[HeaderWord] = []
    for i, word in enumerate(words):
        if word.role is not None:
            out.append(word)
            continue
        before = out[-1].role if out else None
        later = {w.role for w in words[i + 1 :] if w.role is not None}
        last = i == len(words) - 1
        role: ColumnRole | None = None
        taken = later | {w.role for w in out}
        if i == 0 and len(word.key) <= 3 and "set" not in taken:
            role = "set"  # the first column holds the set number (`siT` for `SET`)
        elif before == "set" and "reps" in later and not taken & {"weight", "weight_reps"}:
            role = "weight"  # between the set and the reps (`KO` for `KG`)
        elif before == "previous":
            role = "previous"
        elif before in _NEXT_ROLE and _NEXT_ROLE[before] not in later | {w.role for w in out}:
            role = _NEXT_ROLE[before]
        elif last and len(word.key) <= 2:
            role = "check"
        if role is None:
            return None
        unit = word.unit
        if role == "weight" and unit is None:
            unit = "kg" if word.key.startswith("k") else "lb" if word.key[:1] in "l1i" else None
        out.append(HeaderWord(word.key, word.left, word.right, role, True, unit, word.sign))
    return out


def plausible(words: list[HeaderWord]) -> bool:
    """Whether words matched to header roles make a header: two known words at least,
    at least half of the words known, none a stat label nor an unknown word with a digit,
    and a value column among them (`Time  Volume  Sets` is a summary)."""
    known = [w for w in words if w.role is not None]
    if len(known) < 2 or 2 * len(known) < len(words):
        return False
    if any(w.key in _SUMMARY_ONLY or (w.role is None and re.search(r"\d", w.key)) for w in words):
        return False  # a stat label, or a value (`Set 1:19 reps` is a set line)
    return bool({w.role for w in known} & _VALUE_ROLES)
