"""An icon left of a row's text, whatever OCR read in it, spelled as one mark.

A card's round thumbnail, an avatar or an app's icon left of a name is read by OCR as
one short word of anything (`©`, `@`, `OO`, `Qo`, `C`, a digit: `6 Cable Crossover`).
Its box tells it from text: square, and clearly taller than the words beside it (46 px
beside 19 px text). A digit there made a name row look like a set row with a number,
which swallowed the exercise; spelled as `ICON`, the row is a name beginning with an
icon, which the reader strips like any other (`ingest.read.name_doubts`).

Only a row whose other words are mostly words, not numbers, is looked at: a set's badge
in a coloured circle (`W`) stands taller than its digits too, and its letter is the
set's type. (A `...` menu at the row's end may read as `a3`.)
"""

from __future__ import annotations

import re

from schema.models import OcrLine, OcrPage, OcrWord

ICON = "©"
# How much taller than the row's text an icon's box is at least: a thumbnail stands
# 2.3-2.4x; on a photo's slanted rows a column header (`Set` beside `Weight`) 1.5x.
TALLER = 1.8
# Width over height of a square-ish box (a round thumbnail, a square app icon).
SQUARE = (0.6, 1.6)
_NUMBER = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]{2,}")


def mark_icons(page: OcrPage) -> OcrPage:
    """The page with each row's leading icon word spelled `ICON` (a copy when any is).

    An icon column is one: a short first word of the same size at the same place as an
    icon found is one too (a thumbnail beside `Cycling`, whose descenders make the word
    as tall as 2/3 of it)."""
    firsts = [(i, line.words[0]) for i, line in enumerate(page.lines) if line.words]
    found = [w for i, w in firsts if _is_icon(w, page.lines[i].words[1:])]
    marked = {i for i, w in firsts if w.text != ICON and any(_same_place(w, f) for f in found)}
    if not marked:
        return page
    lines = [_marked(line) if i in marked else line for i, line in enumerate(page.lines)]
    return page.model_copy(update={"lines": lines})


def _marked(line: OcrLine) -> OcrLine:
    """The line with its first word spelled `ICON`."""
    first = line.words[0].model_copy(update={"text": ICON})
    return line.model_copy(update={"words": (first, *line.words[1:])})


def _same_place(word: OcrWord, icon: OcrWord) -> bool:
    """Whether a short word's box is an icon's: as tall, as far left (within a quarter of
    its height)."""
    near = icon.height / 4
    same = abs(word.height - icon.height) <= near and abs(word.left - icon.left) <= near
    return len(word.text) <= 3 and same


def _is_icon(word: OcrWord, rest: tuple[OcrWord, ...]) -> bool:
    """A short word in a square box clearly taller than every word of the row's text,
    beside more words of letters than words with a digit."""
    if not 1 <= len(word.text) <= 3 or not word.height or not word.width:
        return False
    text = [w.height for w in rest if _WORD.search(w.text) and w.height]
    if len(text) <= sum(bool(_NUMBER.search(w.text)) for w in rest):
        return False
    low, high = SQUARE
    # The tallest word, not a typical one: a `...` menu beside a name reads as a flat
    # `ses` a few pixels tall, which made `Sit` of `Sit Up` look tall.
    return word.height >= TALLER * max(text) and low <= word.width / word.height <= high
