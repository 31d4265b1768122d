"""Words whose box tells what they are, whatever OCR read in them: icons and dashes.

* An icon left of a row's text. A card's round thumbnail, an avatar or an app's icon
  left of a name is read as one short word of anything (`©`, `@`, `OO`, `Qo`, `C`, a
  digit: `6 Cable Crossover`). Its box tells it from text: square, and clearly taller
  than the words beside it (46 px beside 19 px text). A digit there made a name row look
  like a set row, which swallowed the exercise; spelled `ICON`, the row is a name
  beginning with an icon, which the reader strips like any other
  (`ingest.read.name_doubts`). Only a row of more words of letters than words with a
  digit is looked at: a set's badge in a coloured circle (`W`) stands taller than its
  digits too, and its letter is the set's type. (A `...` menu at the row's end may read
  as `a3`.)
* A dash in a table's cell (no weight, no previous set): a flat stroke that OCR read as
  `a` or `oa` at low confidence, whose box is a few pixels tall (3 px beside 21 px
  digits). Spelled `DASH`, the reader takes the cell for empty; left as letters, the row
  was unreadable and its set lost. Only beside a number: a `...` menu right of a name
  is flat too.
"""

from __future__ import annotations

import re
from statistics import median

from schema.models import OcrLine, OcrPage, OcrWord

ICON = "©"
DASH = "—"
# How much taller than the row's text an icon's box is at least: a thumbnail stands
# 1.7-2.4x its tallest word (those under 1.8 are found as one of its column); on a
# photo's slanted rows a column header (`Set` beside `Weight`) 1.5x, and a Japanese
# name's first word 1.65x the rest.
TALLER = 1.8
# Width over height of a square-ish box (a round thumbnail, a square app icon).
SQUARE = (0.6, 1.6)
# A dash's box: at most this share of the row's text height, and at least 3x as wide
# as tall.
FLAT = 0.25
_NUMBER = re.compile(r"\d")
_VALUE = re.compile(r"^[+-]?\d[\d.,:]*$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def by_shape(page: OcrPage) -> OcrPage:
    """The page with its icons spelled `ICON` and its dashes `DASH` (a copy when any is).

    An icon column is one: a short first word of the same size at the same place as an
    icon found is one too (a thumbnail beside `Cycling`, whose descenders make the word
    as tall as 2/3 of it)."""
    firsts = [(i, line.words[0]) for i, line in enumerate(page.lines) if line.words]
    found = [w for i, w in firsts if _is_icon(w, page.lines[i].words[1:])]
    icons = {i for i, w in firsts if w.text != ICON and any(_same_place(w, f) for f in found)}
    lines = [_spelled(line, i in icons) for i, line in enumerate(page.lines)]
    if all(new is old for new, old in zip(lines, page.lines, strict=True)):
        return page
    return page.model_copy(update={"lines": lines})


def _spelled(line: OcrLine, icon: bool) -> OcrLine:
    """The line with its first word spelled `ICON` (when `icon`) and its dashes `DASH`."""
    words = list(line.words)
    if icon:
        words[0] = words[0].model_copy(update={"text": ICON})
    values = [w.height for w in words if _VALUE.match(w.text) and w.height]
    for i, word in enumerate(words):
        if values and word.text != DASH and _is_dash(word, median(values)):
            words[i] = word.model_copy(update={"text": DASH})
    if not icon and all(new is old for new, old in zip(words, line.words, strict=True)):
        return line
    return line.model_copy(update={"words": tuple(words)})


def _is_dash(word: OcrWord, text_height: float) -> bool:
    """A word of no digit in a flat box: a stroke, not text."""
    flat = 0 < word.height <= FLAT * text_height and word.width >= 3 * word.height
    return flat and not _NUMBER.search(word.text)


def _same_place(word: OcrWord, icon: OcrWord) -> bool:
    """Whether a short word's box is an icon's: square, as tall (within a quarter), as far
    left (within its height: a turned photo's rows start further left down the page)."""
    same = abs(word.height - icon.height) <= icon.height / 4
    same = same and abs(word.left - icon.left) <= icon.height
    return len(word.text) <= 3 and same and _square(word)


def _is_icon(word: OcrWord, rest: tuple[OcrWord, ...]) -> bool:
    """A short word in a square box clearly taller than every word of the row's text,
    beside more words of letters than words with a digit."""
    if not 1 <= len(word.text) <= 3 or not word.height or not word.width:
        return False
    text = [w.height for w in rest if _WORD.search(w.text) and w.height]
    if len(text) <= sum(bool(_NUMBER.search(w.text)) for w in rest):
        return False
    # The tallest word, not a typical one: a `...` menu beside a name reads as a flat
    # `ses` a few pixels tall, which made `Sit` of `Sit Up` look tall.
    return word.height >= TALLER * max(text) and _square(word)


def _square(word: OcrWord) -> bool:
    low, high = SQUARE
    return low <= word.width / word.height <= high
