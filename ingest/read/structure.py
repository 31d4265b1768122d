"""The structure of a page, read from its rows' shapes before any set is read.

Every app draws a workout the same way: chrome (status and navigation bars, chat
timestamps), a title and a date, a summary of labelled stats (`Time  Volume  Sets`
over `45min  5,230 kg  18`), then per exercise a name, maybe a note or a rest timer,
maybe a column header (`SET  KG  REPS`, `Set  Weight & Reps  1RM`, `PREVIOUS`), and
a run of set rows. `roles` names the rows that are structure, not data; `Header`
gives a table's columns their meaning, through which `cells` reads a row of bare cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from ingest.read.header_words import HeaderWord, fuzzy_role, infer_unknown, plausible
from ingest.read.vocabulary import UNITS, ColumnRole, Vocabulary
from schema.models import OcrLine, OcrWord

Role = Literal["chrome", "stat", "header", "note"]


@cache
def vocabulary() -> Vocabulary:
    """The base words and every registered app's. Imported here, not at the top: the app
    modules import the engine this module belongs to."""
    from ingest.read.registry import app_vocabulary

    return app_vocabulary()


# A value of a stat: `45min`, `1h 2m`, `5,230 kg`, `18`, `3 PRs`, `12.4 km`.
_STAT_VALUE = re.compile(
    r"^(?:\d[\d,.]*|[\d,.]*\d\s?(?:h|hr|min|m|s|kg|[lI1]bs?|km|mi|kcal|prs?)|kg|[lI1]bs?|km|min|h|prs?)$",
    re.IGNORECASE,
)
_DURATION_VALUE = re.compile(
    # `0h 40m` also with its 0 read as O (`Oh 40m`)
    r"\b\d{1,2}\s?h(?:r|rs)?\b|\b\d{1,3}\s?min\b|\b[\dO]+h\s?\d+m\b|\d+\s?(?:時間|分)",
    re.I,
)
_VOLUME_VALUE = re.compile(
    r"\b\d{1,3}(?:,\d{3})+\s?(?:kg|[lI1]bs?)\b|\b\d{4,6}\s?(?:kg|[lI1]bs?)\b", re.I
)
# `Rest Timer: 2min 0s`, `Rest: 90s`, `Notes: ...`: lines about an exercise, not its sets.
_NOTE = re.compile(r"^\W*(?:rest(?:\s*timer)?|notes?|休憩)\s*[:：]", re.IGNORECASE)
# A chat bubble's timestamp (`14:02 ✓✓`, `2:02 PM`), a day divider (`Today`), alone on a row.
_CHAT_STAMP = re.compile(
    r"^(?:(?:today|yesterday)\s*)?\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?\s*[✓✔√/vVwW]{0,3}$"
    r"|^(?:today|yesterday)$",
    re.IGNORECASE,
)
_BARE_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")


@dataclass(frozen=True)
class Column:
    """One column of a set table: what it holds, where its header word sits, its unit."""

    role: ColumnRole
    left: int
    right: int
    unit: str | None = None
    sign: str = ""  # `+KG`: added weight, `-KG`: assistance

    @property
    def centre(self) -> float:
        """The header word's horizontal centre."""
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Header:
    """A set table's column header, left to right."""

    columns: tuple[Column, ...]

    def unit(self, role: ColumnRole) -> str | None:
        """The unit the header prints for a column (`KG` -> kg), if any."""
        return next((c.unit for c in self.columns if c.role == role and c.unit), None)

    def sign(self) -> str:
        """`+` when the weight column holds added weight, `-` for assistance, else ``."""
        return next((c.sign for c in self.columns if c.role == "weight" and c.sign), "")


def _word_key(word: OcrWord) -> str:
    return word.text.strip(" .:;,()[]").lower()


def header_of(line: OcrLine) -> Header | None:
    """The column header a row is (`SET KG REPS`, `Set Weight & Reps 1RM`), else None.

    Words are matched to header words through OCR's garbles (`ingest.read.header_words`:
    `PREY` is `PREVIOUS`, an unreadable word after `KG` the reps); most words must be
    header words (`&` joins `Weight & Reps` into one column), and one column must hold
    the set's weight, reps or time: `Time Volume Sets` is a summary.
    """
    # Rules and marks OCR read as words (`SET | PREVIOUS`) are no columns.
    words = [w for w in line.words if re.search(r"\w|[✓✔&#]", w.text)]
    found: list[HeaderWord] = []
    i = 0
    while i < len(words):
        word, key = words[i], _word_key(words[i])
        if key in ("weight", "重量") and i + 2 < len(words) and words[i + 1].text == "&":
            found.append(HeaderWord(key, word.left, words[i + 2].right, "weight_reps"))
            i += 3
            continue
        found.append(_header_word(word, key))
        i += 1
    inferred = infer_unknown(found) if plausible(found) else None
    if inferred is None:
        return None
    columns = [Column(w.role or "check", w.left, w.right, w.unit, w.sign) for w in inferred]
    return Header(tuple(_merge_units(columns)))


def _header_word(word: OcrWord, key: str) -> HeaderWord:
    """One header word: its role (exact or fuzzy), or a unit word (`+KG`, `(lbs)`)."""
    role, fuzzy = fuzzy_role(key, vocabulary())
    if role is not None and not fuzzy:
        return HeaderWord(key, word.left, word.right, role, False, UNITS.get(key))
    unit = re.fullmatch(r"([+-]?)(?:weight|distance)?\s*\(?(kg|lbs?|km|mi)\)?", key)
    if unit:
        sign, name = unit.group(1), unit.group(2)
        role = "distance" if name in ("km", "mi") else "weight"
        return HeaderWord(key, word.left, word.right, role, False, UNITS.get(name), sign)
    return HeaderWord(key, word.left, word.right, role, fuzzy)


def _merge_units(columns: list[Column]) -> list[Column]:
    """`WEIGHT (KG)` read as two words: one weight column with the unit."""
    merged: list[Column] = []
    for column in columns:
        same = merged and merged[-1].role == column.role
        if same and column.role in ("weight", "distance", "previous"):
            last = merged.pop()
            unit = last.unit or column.unit
            column = Column(column.role, last.left, column.right, unit, last.sign or column.sign)
        merged.append(column)
    return merged


# Japanese writes no spaces: OCR's spaces between kana and kanji split one word.
_CJK_GAP = re.compile(
    r"(?<=[\u3040-\u30ff\u4e00-\u9fff・ー])\s+(?=[\u3040-\u30ff\u4e00-\u9fff・ー])"
)


def join_cjk(text: str) -> str:
    """`デッド リフ ト` -> `デッドリフト`: the spaces OCR put between Japanese characters."""
    return _CJK_GAP.sub("", text)


def _words(line: OcrLine) -> list[str]:
    text = join_cjk(" ".join(w.text for w in line.words)).lower()
    return [k for t in text.split() if (k := t.strip(" .:;,()[]"))]


def _is_stat_labels(line: OcrLine) -> bool:
    """`Time  Volume  Sets`, `Duration`: every word a stat label (icons may read as marks)."""
    words = [w for w in _words(line) if re.search(r"\w", w)]
    if not words or any(re.search(r"\d", w) for w in words):
        return False
    labels = [w for w in words if len(w) > 1]  # icons read as `O` are no labels
    return bool(labels) and all(w in vocabulary().stats for w in labels)


def _is_stat_values(line: OcrLine) -> bool:
    """`45min  5,230 kg  18`: every word a value of a stat (a number, a time, a volume)."""
    words = [w.text.strip(" |") for w in line.words if w.text.strip(" |")]
    return bool(words) and all(_STAT_VALUE.match(w) for w in words)


def _is_labelled_stats(line: OcrLine) -> bool:
    """`Duration 45min Volume 5,230 kg`, `合計時間 1時間23分 総重量 430kg`: labels and values."""
    return sum(w in vocabulary().stats for w in _words(line)) >= 2 and bool(
        re.search(r"\d", line.text)
    )


def is_summary_values(text: str) -> bool:
    """A row of stat values with no labels (`1h 2m  5,230 kg  3 PRs`): a time and a volume."""
    return bool(_DURATION_VALUE.search(text) and _VOLUME_VALUE.search(text)) and not re.search(
        r"\d\s?(?:kg|lbs?)\s?[xX×*]\s?\d", text
    )


def _is_stamp(line: OcrLine, width: int) -> bool:
    """A chat timestamp or day divider. A bare time (`0:30`) is one only away from the left
    edge (at a bubble's right end, or centred): on the left it may be a timed set."""
    text = line.text.strip()
    if not _CHAT_STAMP.match(text):
        return False
    return not _BARE_TIME.match(text) or (width > 0 and line.left > 0.3 * width)


def roles(lines: Sequence[OcrLine], width: int = 0) -> list[Role | None]:
    """The structural role of each row (None for rows that may be data); `width` is the
    page's, to tell a chat stamp at a bubble's end from a time at the left."""
    found: list[Role | None] = [None] * len(lines)
    for i, line in enumerate(lines):
        text = line.text.strip()
        if header_of(line) is not None:
            found[i] = "header"
        elif _NOTE.match(text) or _is_rest_timer(line):
            found[i] = "note"
        elif _is_stamp(line, width) or _is_buttons(line) or _is_back_bar(line, i):
            found[i] = "chrome"
        elif _is_stat_labels(line) or is_summary_values(text) or _is_labelled_stats(line):
            found[i] = "stat"
    for i, line in enumerate(lines):
        # A value row is a stat when a label row sits right above or below it.
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        labelled = any(found[j] == "stat" and _is_stat_labels(lines[j]) for j in near)
        if found[i] is None and labelled and _is_stat_values(line):
            found[i] = "stat"
    for i in range(len(lines) - 1):
        free = found[i] is None and found[i + 1] in (None, "stat")
        if free and _labels_over_values(lines[i], lines[i + 1]):
            found[i] = found[i + 1] = "stat"
    head = next((i for i, role in enumerate(found) if role in ("stat", "header")), 0)
    for i in range(head):
        if found[i] is None and is_title_bar(lines[i], width):
            found[i] = "chrome"
    return found


def _is_rest_timer(line: OcrLine) -> bool:
    """`(clock) Rest Timer: 1min 30s` however OCR read its words (`Ree: Tener teen 308`):
    a five-letter word one letter off `timer` (`Time` is a stat label), or two off after
    a `rest` two letters off, among the row's first four words."""
    keys = [_word_key(w) for w in line.words[:4]]
    for i, key in enumerate(keys):
        distance = Levenshtein.distance(key, "timer")
        rest = i > 0 and Levenshtein.distance(keys[i - 1], "rest") <= 2 and len(keys[i - 1]) >= 3
        if len(key) >= 5 and (distance <= 1 or (distance <= 2 and rest)):
            return True
    return False


def is_title_bar(line: OcrLine, width: int) -> bool:
    """A navigation bar above the page's summary: words centred on the page between an
    icon or button at an edge (`(clock)  Log Workout  Finish`, however OCR read them).
    A title of the workout is left-aligned, not framed."""
    if width <= 0:
        return False
    edges = [w for w in line.words if w.right < 0.15 * width or w.left > 0.8 * width]
    middle = [w for w in line.words if w not in edges]
    if not edges or not middle or re.search(r"\d", " ".join(w.text for w in middle)):
        return False
    left, right = middle[0].left, middle[-1].right
    return abs((left + right) / 2 - width / 2) < 0.05 * width and right - left < 0.6 * width


# A value only a summary shows: a duration, a volume with its unit, a thousands comma.
_STAT_UNIT = re.compile(r"\d\s?(?:h|min|s|kg|lbs?|[Il1]bs?|km|mi|kcal)\b|\d,\d{3}", re.I)


def _labels_over_values(labels: OcrLine, values: OcrLine) -> bool:
    """A summary drawn as a row of labels over a row of values (`Duration  Volume  Sets`
    over `57min 6s  10,374 kg  4`), known by its shape when OCR garbled the labels
    (`Juration Volume`): a row of two to five words without digits over a row of stat
    values, two labels at least standing over a value (same left edge or centre), and
    one label a stat word (else three aligned)."""
    words = [w for w in labels.words if re.search(r"[^\W\d_]{2}", w.text)]
    if not 2 <= len(words) <= 5 or re.search(r"\d", labels.text):
        return False
    text = values.text
    if not (_is_stat_values(values) or is_summary_values(text)) or not _STAT_UNIT.search(text):
        return False
    height = max(w.height for w in words) or 10
    aligned = sum(
        any(
            abs(w.left - v.left) <= 1.5 * height
            or abs((w.left + w.right) - (v.left + v.right)) <= 3 * height
            for v in values.words
        )
        for w in words
    )
    labelled = any(_word_key(w) in vocabulary().stats for w in words)
    return aligned >= 2 and (labelled or aligned >= 3)


def without_detached_tail(line: OcrLine, text: str) -> str:
    """A name row without a short word standing apart to its right (a menu button `...`
    read as `wae`, low and small; a column title far away): the text up to that gap."""
    words = line.words
    if len(words) < 2 or len(words[-1].text) > 5:
        return text
    height = sorted(w.height for w in words)[len(words) // 2]
    gap = words[-1].left - words[-2].right
    if gap <= 4 * height and not (gap > height and words[-1].height < height / 2):
        return text
    tail = words[-1].text
    return text[: -len(tail)].rstrip() if text.endswith(tail) else text


def _is_buttons(line: OcrLine) -> bool:
    """`< History   Edit`, `Finish`: a row made only of button and tab words."""
    words = [w for w in _words(line) if re.search(r"[^\W\d_]", w)]
    if not words or len(words) > 5 or re.search(r"\d", line.text):
        return False
    others = [w for w in words if w.lstrip("<‹ ") not in vocabulary().chrome]
    # `Log Workout Gis`: one short word OCR garbled among two or more button words.
    return not others or (
        len(words) - len(others) >= 2 and len(others) == 1 and len(others[0]) <= 4
    )


def is_centred(line: OcrLine, width: int) -> bool:
    """A row centred on a page, narrower than half of it (a chat's day chip, a bar title)."""
    if width <= 0 or not line.words:
        return False
    right = max(w.right for w in line.words)
    return abs((line.left + right) / 2 - width / 2) < 0.05 * width and right - line.left < width / 2


# A back arrow (`<`, `‹`, `〈` as OCR reads it) starting a short row among the first three;
# a row with a unit is data whatever its start.
_BACK_ARROW = re.compile(r"^[<‹〈]")
_DATA = re.compile(r"\d\s?(?:kg|lbs?|km|mi|reps?|回|秒)\b|\d\s?[x×]\s?\d", re.IGNORECASE)


def _is_back_bar(line: OcrLine, index: int) -> bool:
    """A navigation bar (`< History  Edit`, `< 履歴  編集`, `< Priya` in a chat): its words
    name the previous screen, which OCR often garbles (`< 2B`), so no vocabulary of button
    words tells it; the arrow and the place do: among the first rows (`index` 0 is the
    first), or anywhere with an action word far right of the label (`|`: a frame's edge)."""
    words = [w for w in line.words if w.text.strip() not in "|[]"]
    if not words or len(words) > 4 or not _BACK_ARROW.match(words[0].text):
        return False
    far = len(words) >= 3 and words[-1].left - words[-2].right > 6 * words[-1].height
    return (index < 3 or far) and not _DATA.search(line.text)
