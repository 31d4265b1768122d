"""Hold times whose unit letters OCR read as digits (`1min` as `1000`, `35s` as `355`).

A set row of a timed exercise that reads as a bare number is a time that lost
its letters. Which letters depends on how the page prints times: with unit
letters (`1min 20s`, `35s`, as Hevy and some apps do) or with a colon (`1:20`).
`time_style` reads that from the page's other rows; `letters_as_digits` reads
the time back when the page prints unit letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# `35s`, `1min`, `1min 20s` as printed (a set line may carry a badge before them).
_LETTER_TIME = re.compile(r"(?<![\d:.])\d{1,2}\s?(?:min\b|s\b)", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"^(?:\S{1,3}\s+)?\d{1,2}:\d{2}$")
_PREFIX = re.compile(r"^(?:set\s*\d{1,2}\s*[:;.]?|\S{1,2})\s+", re.IGNORECASE)
# `1min` read as `1000` / `1010`, `11010` (m as 0 or 10, i as 1 or 0, n as 0),
# optionally followed by the seconds (`1010 20s`: 1min 20s).
_MIN_AS_DIGITS = re.compile(r"^(?P<m>\d)[01]{2,3}0(?:\s+(?P<s>[1-5]?\d)\s?s)?$")
# `35s` read as `355`: the s read as a 5.
_S_AS_FIVE = re.compile(r"^(?P<s>[1-5]?\d)5$")


def time_style(texts: Iterable[str]) -> bool | None:
    """True when the page's set rows print times with unit letters, False with a colon,
    None when no row shows a time (or both forms show)."""
    letters = clock = False
    for text in texts:
        letters = letters or bool(_LETTER_TIME.search(text))
        clock = clock or bool(_CLOCK_TIME.match(text.strip()))
    return letters if letters != clock else None


def letters_as_digits(text: str) -> tuple[int, str] | None:
    """Seconds, and a warning, from a bare-number time row of a page that prints unit letters.

    `1 1000` is `1min`, `1 1010 20s` is `1min 20s`, `2 355` is `35s`. None for other rows.
    """
    body = _PREFIX.sub("", text.strip(" )]|.,;'"), count=1)
    if m := _MIN_AS_DIGITS.match(body):
        seconds = int(m.group("m")) * 60 + int(m.group("s") or 0)
        return seconds, f"time read as {seconds} s, min read as digits (guess): {text!r}"
    if (m := _S_AS_FIVE.match(body)) and int(m.group("s")) > 0:
        seconds = int(m.group("s"))
        return seconds, f"time read as {seconds} s, the s read as 5 (guess): {text!r}"
    return None
