"""Guesses a set line's reading took: a mark or a letter read for what it most likely was.

Each entry is (kind, what the raw line shows, the sentence); every one found is a
`guess` finding that sends the parse to review.
"""

from __future__ import annotations

import re

from ingest.read.findings import finding
from schema.models import Finding, SetType

# Readings of a set line that took a mark or a letter for what it most likely was:
# (kind, the raw line shows it, the sentence) - each a guess that sends the parse to review.
_LETTER_GUESSES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "time.s_as_5",
        re.compile(r"(?<![\d.:])[1-5]\d5s\b"),
        "time read as {seconds} s, the s read as 5 (guess)",
    ),
    ("badge.e_as_f", re.compile(r"^\W*E\s"), "badge E read from a letter as F (failure?)"),
    # `x1l`: a ghost mark or a second 1; the shorter reading is kept, but it is a guess.
    (
        "reps.trailing_l",
        re.compile(r"[xX×]\s?\d{1,2}[lI](?:\s|$|@)|\d[lI]{2}\s?reps"),
        "reps {reps} read without a trailing l (stray mark?)",
    ),
)


def letter_guesses(
    raw: str, reps: int | None, rpe: float | None, seconds: int | None, set_type: SetType
) -> list[Finding]:
    """The guesses a set line's reading took (see `_LETTER_GUESSES`)."""
    return [
        finding(kind, "guess", f"{sentence.format(reps=reps, rpe=rpe, seconds=seconds)}: {raw!r}")
        for kind, pattern, sentence in _LETTER_GUESSES
        if pattern.search(raw) and (kind != "badge.e_as_f" or set_type == "failure")
    ]
