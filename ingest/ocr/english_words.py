"""What an English page pass reads for what it is on a workout screen in another script.

Pure functions over `OcrWord`s. On a Korean or Japanese screen the English pass reads
numbers, units, separators and the labels apps keep in English right; every other
word is a line to read again in the screen's script (`ingest.ocr.languages`).
"""

from __future__ import annotations

import re

from schema.models import OcrWord

# Words a page pass in English reads for what they are on a workout screen
# in another language: numbers with units or reps ('22.5kg', '12X', '3:08',
# '99%', '2025.03.19'), separators, and the labels apps keep in English
# (Fleek's 'MAX Weight: 60kg | 1RM: 81kg', '238 KCAL 54 min 7402 kg').
_NUMERIC_WORD = re.compile(
    r"[+\-]?\d+(?:[.,:/]\d+)*(?:kg|lbs?|x|%|reps?|min|sec|s|km|mi|m)?", re.IGNORECASE
)
_ENGLISH_LABELS = frozenset(
    [
        "max",
        "weight",
        "1rm",
        "total",
        "reps",
        "rep",
        "sets",
        "set",
        "kcal",
        "cal",
        "min",
        "sec",
        "kg",
        "lb",
        "lbs",
        "km",
        "mi",
        "exercises",
        "exercise",
        "volume",
        "duration",
        "time",
    ]
)


# A long number English was unsure of, or one it closed with a bracket: a unit printed in
# another script after the digits. Japanese prints its units as kanji, and English
# reads them as more digits and a bracket ('13回' as '138]', '18回' as '186)') or
# glues a date into one number ('2024年2月3日' as '20242838' at 46); read alone
# with jpn those rows come back right ('13回', '2024年2月3日').
_UNSURE_NUMBER = 70.0
_BRACKETED_NUMBER = re.compile(r"\d[)\]]")


def english_word(word: OcrWord, units_in_script: bool = True) -> bool:
    """A word the English pass reads for what it is: a number, a unit, a label or a separator.

    With `units_in_script` (a page whose units may be printed in its script, as Japanese
    prints `回` and `年月日`), not a number closed with a bracket or a long one read unsure.
    """
    token = word.text.strip(":|.,;'\"()[]")
    if not token:
        return True  # a separator such as '|'
    if units_in_script and _BRACKETED_NUMBER.search(word.text):
        return False
    if _NUMERIC_WORD.fullmatch(token):
        # Short numbers read unsure are everywhere (a '9' at 40); a long one is a glued row.
        return not units_in_script or word.conf >= _UNSURE_NUMBER or len(token) < 4
    return token.lower() in _ENGLISH_LABELS
