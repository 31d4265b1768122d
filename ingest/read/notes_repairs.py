"""Repairs of single words of shorthand note lines that OCR misread.

An `L` read as `l.`/`I.` (`RDI.` for RDL) and a ghost `S` before a weight (`S50kg`).
Both are guesses: the parser warns so the parse is reviewed.
"""

from __future__ import annotations

import re

_L_AS_LETTER_AND_DOT = re.compile(r"\b[lI]\.(?=[a-z])|(?<=\b[A-Z]{2})I\.(?=\s|$)")


def foot_of_l(name: str) -> str:
    """`l.eg extension`, `RDI. 3x10`: an `L` read as `l`/`I` and a dot (its foot).

    A dot never sits inside a word nor ends an all-capitals abbreviation of a
    name, so `l.`/`I.` there is the `L` whose foot OCR split off."""
    return _L_AS_LETTER_AND_DOT.sub("L", name)


# `S50kg`: an `S` before a weight, read as a 5 unless that gives more than a person lifts.
_S_WEIGHT = re.compile(r"(?<![A-Za-z\d.,])S(?P<w>\d+(?:[.,]\d+)?)(?=\s?(?P<unit>kg|lb)s?\b)")
_MOST = {"kg": 500.0, "lb": 1100.0}


def drop_ghost_s(tail: str) -> str:
    """`Leg extension 1x10 @ S50kg`: a ghost `S` before 50 kg, not 550 kg.

    The set grammar reads an `S` before a number as a 5 (`S5kg`, `SOlb`); when
    that reading passes the heaviest a person lifts, the `S` is a speck read
    as a letter and goes. A guess: the parser flags the line for review."""

    def read(m: re.Match[str]) -> str:
        as_five = float("5" + m.group("w").replace(",", "."))
        return m.group("w") if as_five > _MOST[m.group("unit")] else m.group(0)

    return _S_WEIGHT.sub(read, tail)
