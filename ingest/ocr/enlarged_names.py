"""Exercise names on Japanese pages read a second time, at twice the size.

A voiced kana differs from its plain and half-voiced forms only by a mark the size of a
full stop: two dots (`ベ`, dakuten) or a small ring (`ペ`, handakuten). At the height
pages are read at (`ingest.ocr.images.TARGET_LINE_PX`, about 32 px a line) the Japanese
model can read one for the other with confidence: `ベンチプレス` as `ペンチプレス` at 88-93,
`ダンベル` as `ダンペル` at 95, `スクワット` as `スクワッド`, which no doubt caught. Read at
twice the size, the same crops came back `ベン` and `ベル`. Some katakana names come back
garbled at the page's size and whole at twice it (`ワイツブプス` at 48-51 for `ディップス`,
read at 90-93 enlarged; `ケニージルララギヤ` for `ケーブルフライ`).

So the exercise names the script re-read reads (`name_rows`) ride in the same run a second
time, enlarged (`enlarged`), and `merge_name` compares the two readings:

* where they differ only in voicing marks (the same letters once the marks are taken
  off), the line keeps its reading: the enlarged one was right on 4 of 5 such names
  (`ベン`, `ケーブル`, `スクワット`) but read `エアロバイク` as `エアロパイク`;
* where the line was read unsurely (a word under `SURE`) and every script word of the
  enlarged reading is sure, the enlarged reading replaces it.

Either way the words the readings disagree on get a confidence under the reader's doubt
threshold for katakana (`UNSURE_CONF`): two readings that disagree are a guess, for the
user to confirm. Otherwise the line is left alone: a crop read larger is not read better in
general (`サイドプランク` came back `サイ ドブ プラ ンク` at 60-71; kanji such as `懸垂` read
no better).
"""

from __future__ import annotations

import unicodedata

from PIL import Image

from ingest.ocr.languages import SCRIPT_OF
from ingest.ocr.rows import shifted_line
from schema.models import OcrLine, OcrPage, OcrWord

# The languages whose script has voicing marks.
LANGUAGES = frozenset({"jpn"})
# How much the name crops are enlarged for their second reading.
MARK_SCALE = 2
# The confidence given to a word the two readings disagree on: under the reader's doubt
# threshold for katakana read unsurely (`ingest.read.name_doubts`, 70).
UNSURE_CONF = 60.0
# A reading whose words are all at least this confident is sure.
SURE = 85.0
_SCRIPT = SCRIPT_OF["jpn"]
# Darker than this is ink on the prepared page (dark text on white); white kept either
# side of the ink, in the crop's pixels.
_INK = 128
_MARGIN = 10
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


def enlarged(
    img: Image.Image, boxes: list[tuple[int, int, int, int]]
) -> list[tuple[Image.Image, tuple[int, int]]]:
    """The crops of `boxes` cut to their ink's columns (and `_MARGIN`), `MARK_SCALE` times
    their size, each with its offset in `img`. The page-wide band of a name is mostly
    white, and enlarged whole it cost 0.25 s of CPU a page."""
    found = []
    for box in boxes:
        crop = img.crop(box).convert("L")
        ink = crop.point(lambda v: 255 if v < _INK else 0).getbbox()
        left, right = (ink[0], ink[2]) if ink else (0, crop.width)
        left, right = max(0, left - _MARGIN), min(crop.width, right + _MARGIN)
        size = ((right - left) * MARK_SCALE, crop.height * MARK_SCALE)
        cut = crop.crop((left, 0, right, crop.height)).resize(size, Image.Resampling.LANCZOS)
        found.append((cut, (box[0] + left, box[1])))
    return found


def _unmarked(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if c not in _MARKS)


def merge_names(page: OcrPage, enlarged: dict[int, tuple[tuple[int, int], list[OcrLine]]]) -> int:
    """Merge each line's enlarged reading, read from a crop at the given offset
    (`merge_name`); how many lines changed."""
    return sum(merge_name(page, i, lines, offset) for i, (offset, lines) in enlarged.items())


def merge_name(page: OcrPage, index: int, lines: list[OcrLine], offset: tuple[int, int]) -> bool:
    """Merge the enlarged reading `lines` of line `index`, read from a crop at `offset`
    (see the module docstring); whether the line changed."""
    if merge_marks(page, index, lines):
        return True
    line = page.lines[index]
    big = [w for read in lines for w in read.words if _SCRIPT.search(w.text)]
    unsure = any(w.conf < SURE or not _SCRIPT.search(w.text) for w in line.words)
    same = "".join(w.text for w in big) == "".join(w.text for w in line.words)
    # A row with a digit in either reading is a set row the page pass made look like a
    # name (`1セット目 9回` read with no digit by English), not a name.
    digit = any(c.isdigit() for read in [line, *lines] for c in read.text)
    if not big or not unsure or same or digit or min(w.conf for w in big) < SURE:
        return False
    page.lines[index] = shifted_line([_shrunk(w) for w in big], *offset)
    return True


def _shrunk(word: OcrWord) -> OcrWord:
    """A word of an enlarged crop in the crop's own pixels, and unsure (`UNSURE_CONF`)."""
    box = {k: round(getattr(word, k) / MARK_SCALE) for k in ("left", "top", "width", "height")}
    return word.model_copy(update={**box, "conf": min(word.conf, UNSURE_CONF)})


def merge_marks(page: OcrPage, index: int, lines: list[OcrLine]) -> bool:
    """Mark unsure the words of line `index` whose voicing marks its enlarged reading
    `lines` reads otherwise, where the two differ only in marks. Whether any changed."""
    line = page.lines[index]
    big = "".join(w.text for read in lines for w in read.words)
    small = "".join(w.text for w in line.words)
    if big == small or len(big) != len(small) or _unmarked(big) != _unmarked(small):
        return False
    words, at = [], 0
    for word in line.words:
        text = big[at : at + len(word.text)]
        at += len(word.text)
        update = {"conf": min(word.conf, UNSURE_CONF)}
        words.append(word if text == word.text else word.model_copy(update=update))
    page.lines[index] = OcrLine(words=tuple(words))
    return True
