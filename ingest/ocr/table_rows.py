"""Which rows of a set table the page pass garbled: those worth one more read as crops.

A set table is found from its structure, not from any app's glyphs: its rows start
with a short first cell (a set number, or a badge such as `W`, `D`, `F` however it
was read) in one column, the set-number column, that at least
`MIN_COLUMN_ROWS` rows starting with a number share (their first words overlap
horizontally). A row of the table is unsure when a value cell (a cell before the row
holds two numbers) reads as letters where digits belong (`ESR)` for `132.5`, `WED`
for `7.5`, `d5` for `75`) under `UNSURE_CELL_CONF`. A garbled word after two numbers
is a mark column (a check box, a medal, a 1RM estimate): the set is already read, and
reading it again would only cost CPU.

Read alone, such a row mostly comes back right ('1 7 ESR)' as '1 7 132.5',
'Ww WED 12' as 'W 7.5 12', '1 ial' as '1 1:15'); `ingest.ocr.stage` reads the chosen
rows in one batched run and `ingest.ocr.rows.merge_rows` keeps a row only where it
reads with a higher median confidence.
"""

from __future__ import annotations

import re

from schema.models import OcrLine, OcrPage, OcrWord

UNSURE_CELL_CONF = 60
MAX_TABLE_ROWS = 8
# Rows starting with a set number that make a column a table's set-number column.
MIN_COLUMN_ROWS = 3
# A value cell: a row's cells up to its second number are read again when garbled.
VALUE_CELLS = 2
# A row starting with a badge holds a number within this many cells after it.
BADGE_ROW_CELLS = 3

_SET_NUMBER = re.compile(r"^\d{1,2}$")
# A first cell: a set number, or a badge: one letter, read up to three times when
# drawn large (`W`, `Ww`, `WwW`); not a header's `Set`.
_FIRST_CELL = re.compile(r"^(?:\d{1,2}|([^\W\d_])\1{0,2})$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# Letters where a value belongs; not a unit, a tag or a count (`lbx8`, `reps`, `x8`, `@7`)
# nor a mark of one character (a PR medal read as `é`).
_GARBLE = re.compile(
    r"^(?!(?:kg|lbs?|Ib|reps?|km|mi|min)(?:\W|x|$)|x\d+$)[^\W\d_]\S+$", re.IGNORECASE
)


def unsure_table_rows(page: OcrPage) -> list[int]:
    """Indexes, in page order, of the set-table rows whose value cells the page pass
    garbled (see the module docstring); the `MAX_TABLE_ROWS` worst of the page."""
    numbered = [
        line.words[0] for line in page.lines if line.words and _SET_NUMBER.match(line.words[0].text)
    ]
    found = []
    for i, line in enumerate(page.lines):
        if not _in_set_column(line, numbered):
            continue
        garbled = _garbled_value_confs(line.words)
        if garbled:
            found.append((min(garbled), i))
    return sorted(i for _, i in sorted(found)[:MAX_TABLE_ROWS])


def _in_set_column(line: OcrLine, numbered: list[OcrWord]) -> bool:
    """Whether `line` starts with a short cell in a column of set numbers and holds a digit."""
    words = line.words
    if len(words) < 2 or not _FIRST_CELL.match(words[0].text):
        return False
    # A badge's row holds a number in its first cells; a column header (`SET KG REPS`,
    # `Set Weight & Reps 1RM`) starts with a short word too, but holds none there.
    if not _SET_NUMBER.match(words[0].text) and not any(
        _DIGIT.search(w.text) for w in words[1 : 1 + BADGE_ROW_CELLS]
    ):
        return False
    first = words[0]
    right = first.left + first.width
    column = [w for w in numbered if w.left < right and first.left < w.left + w.width]
    return len(column) >= MIN_COLUMN_ROWS


def _garbled_value_confs(words: tuple[OcrWord, ...]) -> list[float]:
    """Confidences of the garbled words among a row's value cells (after its first cell,
    before it holds `VALUE_CELLS` numbers)."""
    confs = []
    numbers = 0
    for word in words[1:]:
        if numbers >= VALUE_CELLS:
            break
        if word.conf < UNSURE_CELL_CONF and _GARBLE.match(word.text):
            confs.append(word.conf)
        numbers += bool(_DIGIT.search(word.text))
    return confs


def fitted_reread(old: OcrLine, lines: list[OcrLine], crop_top: int) -> list[OcrLine]:
    """A row's reading from its crop (whose top sat at `crop_top` on the page), kept only
    when it still starts with a set number or a badge (a crop of a spreadsheet's row read
    '“ Aor ® 2022' for '10 Apr9, 2022'); its words' boxes are cut to the row's band, as
    a crop's read can return boxes three times the text's height that would reach into
    the rows above and below."""
    words = [w for line in lines for w in line.words]
    if not words or not _FIRST_CELL.match(min(words, key=lambda w: w.left).text):
        return []
    top, bottom = old.top - crop_top, old.bottom - crop_top
    fitted = []
    for line in lines:
        cut = []
        for w in line.words:
            w_top = min(max(w.top, top), bottom - 1)
            w_bottom = min(w.top + w.height, bottom)
            cut.append(w.model_copy(update={"top": w_top, "height": max(1, w_bottom - w_top)}))
        fitted.append(OcrLine(words=tuple(cut)))
    return fitted
