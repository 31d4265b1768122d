"""The voicing marks of kana, read again at twice the size.

A voiced kana differs from its plain and half-voiced forms only by a mark the size of a
full stop: two dots (`ベ`, dakuten) or a small ring (`ペ`, handakuten). At the height
pages are read at (`ingest.ocr.images.TARGET_LINE_PX`, about 32 px a line) the Japanese
model can read one for the other with confidence: `ベンチプレス` as `ペンチプレス` at 88-93,
`ダンベル` as `ダンペル` at 95, which no doubt caught. Read at twice the size, the same crops
came back `ベン` and `ベル`.

So the exercise names the script re-read reads (`name_rows`) ride in the same run a second
time, enlarged (`enlarged`), and where the two readings differ only in voicing marks
(`merge_marks`: the same letters once the marks are taken off) the enlarged reading's marks
are kept, and the words that changed get a confidence under the reader's doubt threshold
for katakana: a mark read two ways is a guess, for the user to confirm. Readings that
differ in anything else are left alone: a crop read larger is not read better in general
(on 8 crops of garbled kanji names it read no more of them).
"""

from __future__ import annotations

import unicodedata

from PIL import Image

from schema.models import OcrLine, OcrPage

# The languages whose script has voicing marks.
LANGUAGES = frozenset({"jpn"})
# How much the name crops are enlarged for their second reading.
MARK_SCALE = 2
# The confidence given to a word whose marks were read two ways: under the reader's
# doubt threshold for katakana read unsurely (`ingest.read.name_doubts`, 70).
UNSURE_MARK_CONF = 60.0
_MARKS = {"\u3099", "\u309a"}  # combining dakuten and handakuten


def name_rows(page: OcrPage, indexes: list[int]) -> list[int]:
    """The lines of `indexes` without a digit right above a line with one: the exercise
    names over their set rows (and a title over its date), not chrome nor the set rows."""
    lines = page.lines
    return [
        i
        for i in indexes
        if i + 1 < len(lines) and not _digit(lines[i].text) and _digit(lines[i + 1].text)
    ]


def _digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def enlarged(img: Image.Image, boxes: list[tuple[int, int, int, int]]) -> list[Image.Image]:
    """The crops of `boxes`, `MARK_SCALE` times their size."""
    crops = [img.crop(box) for box in boxes]
    size = [(c.width * MARK_SCALE, c.height * MARK_SCALE) for c in crops]
    return [c.resize(s, Image.Resampling.LANCZOS) for c, s in zip(crops, size, strict=True)]


def _unmarked(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if c not in _MARKS)


def merge_marks(page: OcrPage, index: int, lines: list[OcrLine]) -> bool:
    """Give line `index` the voicing marks of its enlarged reading `lines`, where the two
    differ only in marks; the words changed are marked unsure. Whether any changed."""
    line = page.lines[index]
    big = "".join(w.text for read in lines for w in read.words)
    small = "".join(w.text for w in line.words)
    if big == small or len(big) != len(small) or _unmarked(big) != _unmarked(small):
        return False
    words, at = [], 0
    for word in line.words:
        text = big[at : at + len(word.text)]
        at += len(word.text)
        update = {"text": text, "conf": min(word.conf, UNSURE_MARK_CONF)}
        words.append(word if text == word.text else word.model_copy(update=update))
    page.lines[index] = OcrLine(words=tuple(words))
    return True
