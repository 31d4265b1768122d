"""Classify the visual rows of a page: status bar, noise, date, set line, garbled set, text.

Structure first (`ingest.read.structure`: chrome, stats, headers), then the set grammar:
`parse_set_line` reads one set in any known form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ingest.read.cells import cells_text, is_cell_row
from ingest.read.cjk_dates import unreadable_date, unsure_date
from ingest.read.common import normalize_set_text, parse_date, parse_set_body, visual_rows
from ingest.read.date_repairs import RELATIVE_DATE
from ingest.read.findings import finding
from ingest.read.letter_guesses import letter_guesses
from ingest.read.one_rm import one_rm_confirms
from ingest.read.structure import (
    Header,
    header_of,
    is_centred,
    join_cjk,
    roles,
    vocabulary,
    without_detached_tail,
)
from ingest.read.vocabulary import words
from schema.models import Finding, OcrLine, OcrPage, SetDraft, SetType

RowKind = Literal[
    "status", "noise", "chrome", "stat", "header", "note", "date", "set", "badset", "text"
]

NAV_WORDS = words(
    "home workout workouts profile history exercises measure today log progress settings feed "
    "routines calendar stats explore more start"
)
SUMMARY_WORDS = words("duration volume sets time records prs kcal exercises reps")
# `711 67%`: the status bar's clock with its colon lost, then the battery.
_STATUS = re.compile(
    r"^\d{1,2}[:.]\d{2}\b.*%\S*(?:\s\S{1,3})?$|^\d{1,2}[:.]\d{2}$|^\d{1,3}\s*%$|^\d{3,4}\s+\d{1,3}\s*%$"
)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")


def _clock_bar(line: OcrLine, width: int) -> bool:
    """A clock at the left and the rest at the far right, half the page apart: the status
    bar, however its battery was read (`8:32 14` for `8:32 94%`)."""
    words = line.words
    if width <= 0 or len(words) < 2 or not _CLOCK.match(words[0].text):
        return False
    return words[1].left - words[0].right > width / 2 and words[-1].right > 0.8 * width


_LINK = re.compile(r"https?:|www\.|\.app\b|\.com\b|@hevy|strong\.app|hevy\.com", re.IGNORECASE)
_BADGE = re.compile(r"^(top\s*\d+\s*%?|\d+\s*prs?|pr|new record)$", re.IGNORECASE)
_SHARE_BAR = re.compile(r"^(<\s*\w+|notes|messages|done)$", re.IGNORECASE)
# A profile row: an avatar's initial (or a mark) beside a user name (`6 fitwithtom`).
_PROFILE = re.compile(r"^\S\s+@?(?!rep|sec|min|hour|set|round|lap|cal)[a-z][a-z._]{4,}$")
# `5 PRs` ends the summary row; `3 PRS UKGEXES 149` is a garbled set row (its 1RM after).
_SUMMARY_VALUES = re.compile(r"\b\d+\s*prs?\b(?!.*\d{2})|^\S{1,3}h\s+\d+\s*m(in)?\b", re.IGNORECASE)
ONE_RM_SUFFIX = re.compile(r"(?:\s+|(?<=\)))[1lI|]\s?R[MN™m]+$")

_PREFIX_TYPED = re.compile(r"^(warm[\s-]*up|drop|failure)\s*set\s*\d*\s*[:;.,]?\s*", re.IGNORECASE)
_PREFIX_SET = re.compile(
    r"^s[eéa][tli][^\W\d]{0,2}\s*[:;.,]?\s*(\d{1,2})?\s*[:;.,]{1,2}\s*|^set\s+(\d{1,2})\s+",
    re.IGNORECASE,
)
# `W1:`, also with a ghost mark or the 1 misread (`W?1:`, `WI1:`, `W411:`).
_PREFIX_WARM = re.compile(r"^w\s?[^\s:;]{0,3}\s*[:;]\s*", re.IGNORECASE)
# A badge column: W (warm-up, also read `Ww`, `VV`), D (drop, also `O`, `ㅁ`), F (failure,
# also `E`, `EF`), a set number (`1`, also `l`, `I`, `Ll`); any other one or two characters (or
# three lowercase letters: `ale` for a `1`) are an unknown badge.
_BADGE_COL = re.compile(
    r"^(?P<b>[wW][wW]{0,2}|VV|[DEFOoㅁ口]|[Ff][eE]|[Ee][Ff]|\d{1,2}|[|lIL!1]{1,2}|\S{1,2}|[a-z]{3})"
    r"[.,:;]?\s+(?=[+-]?\s?\d)"
)
_LEADING_DEBRIS = re.compile(r"^[\s|_~`'\".,;:!»«©*•·]+")
# Words an exercise header never holds: a row with them is a set line OCR garbled
# (`Seb Ta mi | 03:13`: a distance and its time after the bar).
_SET_WORDS = re.compile(
    r"\b\w{0,2}eps\b|\dreps\b|(?<![a-z])(kg|lbs?|[|lI1]bs?)(?:\b|(?=[xX×]))|\d\s*[x×]\s*\d|^se[tr]\w*\b.*\d"
    r"|\b(?:km|mi)\s?[|lI!]\s?\d{1,2}:\d{2}|\d\s?[回秒]",
    re.IGNORECASE,
)
_SET_SHAPED = re.compile(
    r"^(set\b|w\d*:|warm|drop set|failure set|[+-]?\d|[a-z|!]{1,3}\s+[+-]?\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class Options:
    """What a layout knows about its rows. `one_rm_column`: a trailing number is the app's
    estimated 1RM (Strong app screens), not a misread."""

    layout: str = "generic"
    one_rm_column: bool = False


@dataclass
class Row:
    """One classified visual row."""

    kind: RowKind
    text: str
    line: OcrLine
    set: SetDraft | None = None
    date: date | None = None
    notes: list[Finding] = field(default_factory=list)
    columns: Header | None = None  # the table header a row of cells was read through


def parse_set_line(text: str, one_rm_column: bool = False) -> tuple[SetDraft, list[Finding]] | None:
    """A set from one line in any known form, with warnings; None if it is not a set line.

    Prefixes: `Set 1:`, `W:`, `W1:`, `Warm-up Set:`, `Drop Set:`, a badge column
    (`W`, `D`, `F`, a set number). Tags: `[Warm-up]`, `[Failure]`, `[Drop]`.
    """
    raw = text
    set_type, text = _prefix(normalize_set_text(_LEADING_DEBRIS.sub("", text)))
    body = parse_set_body(text)
    if body is None:
        return None
    notes: list[Finding] = []
    rest = body.rest.lower()
    for word, kind in (("warm", "warmup"), ("fail", "failure"), ("drop", "drop")):
        if word in rest:
            set_type = kind  # type: ignore[assignment]
            rest = re.sub(r"[\[(]?[a-z-]*" + word + r"[a-z-]*[\])]?", "", rest).strip()
    rest = rest.strip(" []().,;:|_'\"")
    if re.search(r"[a-z]{2}", rest) and body.weight is None and body.distance is None:
        return None  # `2S Pkg` is a weight set gone wrong, not 2 seconds
    reps = body.reps
    confirmed = False  # the app's 1RM estimate agrees with the reps read
    if one_rm_column and re.fullmatch(r"\d{1,4}", rest):
        confirmed = one_rm_confirms(body.weight, reps, int(rest))
    elif rest:
        # Digits or an RPE left over are a value the parse lost; other text is a tag.
        lost = rest.startswith("@") or any(c.isdigit() for c in rest)
        notes.append(
            finding(
                "set.text_ignored",
                "doubt" if lost else "note",
                f"ignored text after a set: {rest!r} in {raw!r}",
            )
        )
    guesses = letter_guesses(raw, reps, body.rpe, body.duration_s, set_type)
    # A reps reading the 1RM column confirms is no guess (`90 kg x 1l  123`: 11 reps).
    notes.extend(g for g in guesses if not (confirmed and g.kind.startswith("reps.")))
    draft = SetDraft(
        reps=reps,
        weight=body.weight,
        unit=body.unit,
        set_type=set_type,
        duration_s=body.duration_s,
        distance=body.distance,
        distance_unit=body.distance_unit,
        rpe=body.rpe,
        raw_line=raw,
    )
    return draft, notes


def _prefix(text: str) -> tuple[SetType, str]:
    """The set type a line's prefix or badge gives, and the line after it."""
    if m := _PREFIX_TYPED.match(text):
        word = m.group(1).lower()
        kind: SetType = (
            "warmup" if word.startswith("warm") else "drop" if word == "drop" else "failure"
        )
        return kind, text[m.end() :]
    if m := _PREFIX_SET.match(text):
        return "working", text[m.end() :]
    if m := _PREFIX_WARM.match(text):
        return "warmup", text[m.end() :]
    if (m := _BADGE_COL.match(text)) and _badge_then_body(text, m.end()):
        badge = m.group("b").upper()
        if badge.startswith("W") or badge == "VV":
            return "warmup", text[m.end() :]
        if badge in ("D", "O", "ㅁ", "口"):
            return "drop", text[m.end() :]
        if badge in ("F", "FE", "E", "EF"):  # `E`: the F badge read with one stroke too many
            return "failure", text[m.end() :]
        return "working", text[m.end() :]
    return "working", text


def _badge_then_body(text: str, end: int) -> bool:
    """Whether the line's first token is a badge column before the set.

    True when the whole line is no set, or when it reads as a set only by taking the
    badge for one and leaving a set behind (`4h 97.5 kg x 3`: set 4 read as 4 hours).
    """
    whole = parse_set_body(text)
    if whole is None:
        return True
    after = parse_set_body(text[end:])
    return after is not None and whole.rest == text[end:].strip()


_SET_NUMBER = re.compile(r"^set\s*(\d{1,2})\s*[:;.]|^(\d{1,2})[.)\]]?\s+(?=[+-]?\d)", re.I)


def set_number(text: str) -> int | None:
    """The printed number of a working set (`Set 3: ...`, a badge column `3 60 kg x 8`,
    an app's own spelling respelled: `3セット目`)."""
    text = text.strip()
    for respell in vocabulary().respell:
        text = respell(text)
    m = _SET_NUMBER.match(text)
    return int(m.group(1) or m.group(2)) if m else None


def _mostly_digits(text: str) -> bool:
    """`L225`: digits with at most one letter are never an exercise name."""
    return any(c.isdigit() for c in text) and sum(c.isalpha() for c in text) <= 1


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w%]+", text.lower()) if w]


def classify(page: OcrPage, options: Options) -> list[Row]:
    """Every visual row of the page with its kind (and its set or date when it has one).

    Structure first (`ingest.read.structure`): chrome, summary stats and column headers
    are noise, notes and rest timers are notes; under a column header a row of bare
    cells is read through the header's columns. Then each row is read by its text.
    """
    rows: list[Row] = []
    previous = ""
    lines = visual_rows(page)
    found_roles = roles(lines, page.width)
    header: Header | None = None
    for index, (line, role) in enumerate(zip(lines, found_roles, strict=True)):
        text = join_cjk(line.text.strip())
        words = _words(text)
        near_top = page.height > 0 and line.bottom < page.height * 0.06
        row = Row("text", text, line)
        if role == "header":
            header = header_of(line)
        status = _STATUS.match(text) or _clock_bar(line, page.width) or _is_status_bar(line, page)
        if (index == 0 or near_top) and status:
            row.kind = "status"
        elif role is not None:
            row.kind = role
        elif header is not None and _read_cells(row, header, options):
            pass
        else:
            _classify_text(row, words, previous, options)
            if row.kind == "text":
                row.text = without_detached_tail(line, text)
        labels = sum(w in SUMMARY_WORDS for w in words) >= 2 and not re.search(r"\d", text)
        previous = "summary" if labels else ""  # values on the next row, unless in the labels'
        rows.append(row)
    dates = [r for r in rows if r.kind == "date"]
    if len(dates) > 1 and is_centred(dates[0].line, page.width):
        dates[0].kind = "chrome"  # a chat's day chip above the shared workout's own date
    return rows


def _is_status_bar(line: OcrLine, page: OcrPage) -> bool:
    """The phone's status bar however OCR read it (`871 ine` for `8:11  67%`): at the
    very top, a few words only at the two edges (the clock left, the battery right)."""
    if page.width <= 0 or page.height <= 0 or line.bottom > 0.04 * page.height:
        return False
    words = line.words
    left = [w for w in words if w.right < 0.2 * page.width]
    right = [w for w in words if w.left > 0.7 * page.width]
    return (
        2 <= len(words) <= 5 and bool(left) and bool(right) and len(left) + len(right) == len(words)
    )


def _read_cells(row: Row, header: Header, options: Options) -> bool:
    """Read a row of bare cells through its table's header; False when it is none."""
    if not is_cell_row(row.line, header):
        return False
    text = cells_text(row.line, header, options.one_rm_column)
    parsed = parse_set_line(text, options.one_rm_column)
    if parsed is None:
        return False
    row.kind, row.set, row.notes, row.columns = "set", parsed[0], parsed[1], header
    row.set.raw_line = row.text  # the row as shown, not as its columns were joined
    return True


def _classify_text(row: Row, words: list[str], previous: str, options: Options) -> None:
    """The kind of a row that is no structure, from its text alone."""
    text = row.text
    if (
        not words
        or _LINK.search(text)
        or _BADGE.match(text.strip(" .!"))
        or _SHARE_BAR.match(text)
        or RELATIVE_DATE.match(text.strip())
        or _PROFILE.match(text)
        or ("weight" in words and any(w.startswith("rep") for w in words))
        or ONE_RM_SUFFIX.sub("", " " + text).strip() == ""
        or sum(w in SUMMARY_WORDS for w in words) >= 2
        or previous == "summary"
        or _SUMMARY_VALUES.search(text)
        or (len(words) >= 2 and all(w in NAV_WORDS for w in words))
    ):
        row.kind = "noise"
    elif parsed := parse_set_line(text, options.one_rm_column):
        row.kind, row.set, row.notes = "set", parsed[0], parsed[1]
    elif (when := parse_date(text)) is not None:
        row.kind, row.date = "date", when
        row.notes = unsure_date(row.line, text)
    elif (unreadable := unreadable_date(text)) is not None:
        row.kind, row.notes = "date", unreadable
    elif (
        (_SET_SHAPED.match(_LEADING_DEBRIS.sub("", text)) and any(c.isdigit() for c in text))
        or _SET_WORDS.search(text)
        or _mostly_digits(text)
    ):
        row.kind = "badset"
