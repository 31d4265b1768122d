"""Classify the visual rows of a page: status bar, noise, date, set line, garbled set, text.

Noise is everything that is not workout data: navigation labels, summary rows
(`Duration Volume Sets`), column headers (`SET WEIGHT & REPS`, `1RM`), badges
(`Top 34%`), links and share-app bars. `parse_set_line` reads one set in any
known form; the generic engine (`ingest.read.generic`) assembles the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ingest.read.common import normalize_set_text, parse_date, parse_set_body, visual_rows
from ingest.read.findings import finding
from ingest.read.set_text import GHOST_S_AFTER_REPS, LETTER_REPS
from ingest.read.structure import (
    Header,
    cells_text,
    header_of,
    is_cell_row,
    is_centred,
    join_cjk,
    roles,
    vocabulary,
    without_detached_tail,
)
from schema.models import Finding, OcrLine, OcrPage, SetDraft, SetType

RowKind = Literal[
    "status", "noise", "chrome", "stat", "header", "note", "date", "set", "badset", "text"
]

NAV_WORDS = frozenset(
    [
        "home",
        "workout",
        "workouts",
        "profile",
        "history",
        "exercises",
        "measure",
        "today",
        "log",
        "progress",
        "settings",
        "feed",
        "routines",
        "calendar",
        "stats",
        "explore",
        "more",
        "start",
    ]
)
SUMMARY_WORDS = frozenset(
    [
        "duration",
        "volume",
        "sets",
        "time",
        "records",
        "prs",
        "kcal",
        "exercises",
        "reps",
    ]
)
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
# `5 PRs` ends the summary row; `3 PRS UKGEXES 149` is a garbled set row (its 1RM after).
_SUMMARY_VALUES = re.compile(r"\b\d+\s*prs?\b(?!.*\d{2})|^\S{1,3}h\s+\d+\s*m(in)?\b", re.IGNORECASE)
ONE_RM_SUFFIX = re.compile(r"(?:\s+|(?<=\)))[1lI|]\s?R[MN™m]+$")

_PREFIX_TYPED = re.compile(r"^(warm[\s-]*up|drop|failure)\s*set\s*\d*\s*[:;.,]?\s*", re.IGNORECASE)
_PREFIX_SET = re.compile(
    r"^s[eéa][tli][^\W\d]{0,2}\s*[:;.,]?\s*(\d{1,2})?\s*[:;.,]{1,2}\s*|^set\s+(\d{1,2})\s+",
    re.IGNORECASE,
)
# `W1:`, also with a ghost mark or the 1 doubled as I (`W?1:`, `WI1:`).
_PREFIX_WARM = re.compile(r"^w\s*[?!Il|]?\s*\d{0,2}\s*[:;]\s*", re.IGNORECASE)
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
    r"\b\w{0,2}eps\b|(?<![a-z])(kg|lbs?|[|lI1]b)(?:\b|(?=[xX×]))|\d\s*[x×]\s*\d|^se[tr]\w*\b.*\d"
    r"|\b(?:km|mi)\s?[|lI!]\s?\d{1,2}:\d{2}",
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
    if one_rm_column and re.fullmatch(r"\d{1,4}", rest):
        reps = _reps_from_one_rm(body.weight, reps, int(rest), raw, notes)

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
    notes.extend(_letter_guesses(raw, reps, body.rpe, body.duration_s, set_type))
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


# Readings of a set line that took a mark or a letter for what it most likely was:
# (kind, the raw line shows it, the sentence) - each a guess that sends the parse to review.
_LETTER_GUESSES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "time.s_as_5",
        re.compile(r"(?<![\d.:])[1-5]\d5s\b"),
        "time read as {seconds} s, the s read as 5 (guess)",
    ),
    ("badge.e_as_f", re.compile(r"^\W*E\s"), "badge E read from a letter as F (failure?)"),
    ("reps.mark_dropped", re.compile(r"/\d{1,2}\s?reps\b"), "a mark inside the reps dropped"),
    (
        "distance.mark_dropped",
        re.compile(r"\d&\s?(?:km|mi)\b"),
        "a mark inside the distance dropped",
    ),
    ("reps.from_letter", LETTER_REPS, "reps {reps} read from a letter (1 as l, 9 as Q, 5 as S?)"),
    (
        "rpe.from_letter",
        re.compile(r"@\s?(?:[QqOY]|[/B](?=\s?rpe))(?:\s?rpe\b|\s|$)"),
        "rpe {rpe} read from a letter (9 as O, Q, Y; 7 as /; 8 as B?)",
    ),
    # `x1l`: a ghost mark or a second 1; the shorter reading is kept, but it is a guess.
    (
        "reps.trailing_l",
        re.compile(r"[xX×]\s?\d{1,2}[lI](?:\s|$|@)|\d[lI]{2}\s?reps"),
        "reps {reps} read without a trailing l (stray mark?)",
    ),
    ("reps.trailing_s", GHOST_S_AFTER_REPS, "reps {reps} read without a trailing s (stray mark?)"),
)


def _letter_guesses(
    raw: str, reps: int | None, rpe: float | None, seconds: int | None, set_type: SetType
) -> list[Finding]:
    """The guesses a set line's reading took (see `_LETTER_GUESSES`)."""
    found: list[Finding] = []
    for kind, pattern, sentence in _LETTER_GUESSES:
        if not pattern.search(raw) or (kind == "badge.e_as_f" and set_type != "failure"):
            continue
        text = sentence.format(reps=reps, rpe=rpe, seconds=seconds)
        found.append(finding(kind, "guess", f"{text}: {raw!r}"))
    return found


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


def one_rm_estimate(weight: float, reps: int) -> float:
    """The 1RM Strong prints beside a set (before rounding): Epley's w * (1 + reps / 30)."""
    return weight * (1 + reps / 30)


def _reps_from_one_rm(
    weight: float | None, reps: int | None, one_rm: int, raw: str, notes: list[Finding]
) -> int | None:
    """Check reps against the app's estimated 1RM (`one_rm_estimate`).

    A reps reading with an extra digit (`111` for 11) disagrees with the 1RM
    column; the reps the 1RM implies win when they are the reading minus a digit.
    """
    if not weight or weight <= 0 or not reps or abs(one_rm_estimate(weight, reps) - one_rm) <= 1.5:
        return reps
    implied = round((one_rm / weight - 1) * 30)
    if 1 <= implied <= 30 and abs(one_rm_estimate(weight, implied) - one_rm) <= 1.0:
        text = str(reps)
        if len(text) > len(str(implied)) and is_subsequence(str(implied), text):
            sentence = f"reps {reps} read as {implied} (from the 1RM column): {raw!r}"
            notes.append(finding("reps.by_one_rm", "note", sentence))
            return implied
    return reps


def is_subsequence(short: str, long: str) -> bool:
    """Whether `short`'s characters appear in `long` in order (`130` in `1380`)."""
    it = iter(long)
    return all(ch in it for ch in short)


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
    header: Header | None = None
    for index, (line, role) in enumerate(zip(lines, roles(lines, page.width), strict=True)):
        text = join_cjk(line.text.strip())
        words = _words(text)
        near_top = page.height > 0 and line.bottom < page.height * 0.06
        row = Row("text", text, line)
        if role == "header":
            header = header_of(line)
        if (index == 0 or near_top) and (_STATUS.match(text) or _clock_bar(line, page.width)):
            row.kind = "status"
        elif role is not None:
            row.kind = role
        elif (
            header is not None
            and is_cell_row(line)
            and (
                parsed := parse_set_line(
                    cells_text(line, header, options.one_rm_column), options.one_rm_column
                )
            )
        ):
            row.kind, row.set, row.notes = "set", parsed[0], parsed[1]
            row.set.raw_line = text  # the row as shown, not as its columns were joined
        else:
            _classify_text(row, words, previous, options)
            if row.kind == "text":
                row.text = without_detached_tail(line, text)
        previous = "summary" if sum(w in SUMMARY_WORDS for w in words) >= 2 else ""
        rows.append(row)
    dates = [r for r in rows if r.kind == "date"]
    if len(dates) > 1 and is_centred(dates[0].line, page.width):
        dates[0].kind = "chrome"  # a chat's day chip above the shared workout's own date
    return rows


def _classify_text(row: Row, words: list[str], previous: str, options: Options) -> None:
    """The kind of a row that is no structure, from its text alone."""
    text = row.text
    if (
        not words
        or _LINK.search(text)
        or _BADGE.match(text.strip(" .!"))
        or _SHARE_BAR.match(text)
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
    elif (
        (_SET_SHAPED.match(_LEADING_DEBRIS.sub("", text)) and any(c.isdigit() for c in text))
        or _SET_WORDS.search(text)
        or _mostly_digits(text)
    ):
        row.kind = "badset"
