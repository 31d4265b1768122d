"""A navigation bar at the top of a page: a back arrow and a few words, in any language.

Apps draw a back button at the top left (`< History  Edit`, `< 履歴  編集`, `< Priya` in a
chat). Its words are the previous screen's name, which OCR often garbles (`< 2B`, `< eh`)
so a vocabulary of button words cannot tell it; the arrow and the place can: a short row
among the page's first rows that starts with `<` is chrome, never the workout's title.
"""

from __future__ import annotations

import re

from schema.models import OcrLine

# `<`, `‹`, `〈` (the arrow as OCR reads it), alone or glued to the first word.
_BACK_ARROW = re.compile(r"^[<‹〈]")
# The status bar and the navigation bar are the first rows of a screenshot.
_FIRST_ROWS = 3
_MAX_WORDS = 4
# A set row never starts with an arrow, but a row with a unit is data whatever its start.
_DATA = re.compile(r"\d\s?(?:kg|lbs?|km|mi|reps?|回|秒)\b|\d\s?[x×]\s?\d", re.IGNORECASE)


def is_back_bar(line: OcrLine, index: int) -> bool:
    """Whether the row at `index` (0 = the page's first) is a navigation bar with a back arrow."""
    words = [w.text for w in line.words if w.text.strip()]
    if index >= _FIRST_ROWS or not words or len(words) > _MAX_WORDS:
        return False
    return bool(_BACK_ARROW.match(words[0])) and not _DATA.search(line.text)
