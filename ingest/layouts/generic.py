"""The generic layout: a title, a date, exercise headers each followed by set lines.

This is also the engine the Strong and Hevy parsers run with their own options:
every row of the page is classified (status bar, noise, date, set, text), then
an exercise is the text row right before a run of set rows. Rows that are not
workout data (status and navigation bars, column headers, summary rows, badges,
links) are recognised and skipped, so they never become exercises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ingest.layouts.common import (
    clean_text,
    fix_lost_decimals,
    fix_unit_outliers,
    normalize_set_text,
    parse_date,
    parse_set_body,
    split_glued_letter,
    visual_rows,
)
from schema.models import ExerciseDraft, OcrLine, OcrPage, SessionDraft, SetDraft, SetType

RowKind = Literal["status", "noise", "date", "set", "badset", "text"]

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
_STATUS = re.compile(r"^\d{1,2}[:.]\d{2}\b.*%$|^\d{1,2}[:.]\d{2}$|^\d{1,3}\s*%$")
_LINK = re.compile(r"https?:|www\.|\.app\b|\.com\b|@hevy|strong\.app|hevy\.com", re.IGNORECASE)
_BADGE = re.compile(r"^(top\s*\d+\s*%?|\d+\s*prs?|pr|new record)$", re.IGNORECASE)
_SHARE_BAR = re.compile(r"^(<\s*\w+|notes|messages|done)$", re.IGNORECASE)
_SUMMARY_VALUES = re.compile(r"\b\d+\s*prs?\b|^\S{1,3}h\s+\d+\s*m(in)?\b", re.IGNORECASE)
_ONE_RM = re.compile(r"\s+[1lI|]\s?R[MN™]+$")

_PREFIX_TYPED = re.compile(r"^(warm[\s-]*up|drop|failure)\s*set\s*\d*\s*[:;.,]?\s*", re.IGNORECASE)
_PREFIX_SET = re.compile(
    r"^s[ea]t\s*(\d{1,2})?\s*[:;.,]{1,2}\s*|^set\s+(\d{1,2})\s+", re.IGNORECASE
)
_PREFIX_WARM = re.compile(r"^w\s*\d{0,2}\s*[:;]\s*", re.IGNORECASE)
# A badge column: W (warm-up, also read `Ww`, `VV`), D (drop, also `O`, `ㅁ`), F (failure),
# a set number (`1`, also `l`, `I`, `Ll`); any other single character is an unknown badge.
_BADGE_COL = re.compile(
    r"^(?P<b>[wW][wW]{0,2}|VV|[DFOoㅁ口]|[Ff][eE]|\d{1,2}|[|lIL!1]{1,2}|\S{1,2})[.,:;]?\s+"
    r"(?=[+-]?\s?\d)"
)
_LEADING_DEBRIS = re.compile(r"^[\s|_~`'\".,;:!»«©*•·]+")
# Words an exercise header never holds: a row with them is a set line OCR garbled.
_SET_WORDS = re.compile(r"reps?\b|(?<![a-z])(kg|lbs?)\b|\d\s*[x×]\s*\d", re.IGNORECASE)
_SET_SHAPED = re.compile(
    r"^(set\b|w\d*:|warm|drop set|failure set|[+-]?\d|[a-z|!]{1,3}\s+[+-]?\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class Options:
    """What a layout knows about its rows. `one_rm_column`: a trailing number is the app's
    estimated 1RM (Strong app screens), not a misread. `seconds_suffix`: a bare number in
    a timed exercise is `30s` with the `s` read as 5, not `3:05` without its colon."""

    layout: str = "generic"
    one_rm_column: bool = False
    seconds_suffix: bool = False  # times print as `1min 53s` (Hevy), not `1:53` (Strong)


@dataclass
class Row:
    """One classified visual row."""

    kind: RowKind
    text: str
    line: OcrLine
    set: SetDraft | None = None
    date: date | None = None
    notes: list[str] = field(default_factory=list)


def parse_set_line(text: str, one_rm_column: bool = False) -> tuple[SetDraft, list[str]] | None:
    """A set from one line in any known form, with warnings; None if it is not a set line.

    Prefixes: `Set 1:`, `W:`, `W1:`, `Warm-up Set:`, `Drop Set:`, a badge column
    (`W`, `D`, `F`, a set number). Tags: `[Warm-up]`, `[Failure]`, `[Drop]`.
    """
    raw = text
    text = normalize_set_text(_LEADING_DEBRIS.sub("", text))
    set_type: SetType = "working"
    if m := _PREFIX_TYPED.match(text):
        word = m.group(1).lower()
        set_type = "warmup" if word.startswith("warm") else "drop" if word == "drop" else "failure"
        text = text[m.end() :]
    elif m := _PREFIX_SET.match(text):
        text = text[m.end() :]
    elif m := _PREFIX_WARM.match(text):
        set_type = "warmup"
        text = text[m.end() :]
    elif (m := _BADGE_COL.match(text)) and parse_set_body(text) is None:
        badge = m.group("b").upper()
        if badge.startswith("W") or badge == "VV":
            set_type = "warmup"
        elif badge in ("D", "O", "ㅁ", "口"):
            set_type = "drop"
        elif badge in ("F", "FE"):
            set_type = "failure"
        text = text[m.end() :]
    body = parse_set_body(text)
    if body is None:
        return None
    notes: list[str] = []
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
        notes.append(f"ignored text after a set: {rest!r} in {raw!r}")
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


def _reps_from_one_rm(
    weight: float | None, reps: int | None, one_rm: int, raw: str, notes: list[str]
) -> int | None:
    """Check reps against the app's estimated 1RM (Epley: w * (1 + reps / 30)).

    A reps reading with an extra digit (`111` for 11) disagrees with the 1RM
    column; the reps the 1RM implies win when they are the reading minus a digit.
    """
    if not weight or weight <= 0 or not reps or abs(weight * (1 + reps / 30) - one_rm) <= 1.5:
        return reps
    implied = round((one_rm / weight - 1) * 30)
    if 1 <= implied <= 30 and abs(weight * (1 + implied / 30) - one_rm) <= 1.0:
        text = str(reps)
        if len(text) > len(str(implied)) and _is_subsequence(str(implied), text):
            notes.append(f"reps {reps} read as {implied} (from the 1RM column): {raw!r}")
            return implied
    return reps


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9%]+", text.lower()) if w]


def classify(page: OcrPage, options: Options) -> list[Row]:
    """Every visual row of the page with its kind (and its set or date when it has one)."""
    rows: list[Row] = []
    previous = ""
    for index, line in enumerate(visual_rows(page)):
        text = line.text.strip()
        words = _words(text)
        near_top = page.height > 0 and line.bottom < page.height * 0.06
        kind: RowKind = "text"
        row = Row(kind, text, line)
        if (index == 0 or near_top) and _STATUS.match(text):
            row.kind = "status"
        elif (
            not words
            or _LINK.search(text)
            or _BADGE.match(text.strip(" .!"))
            or _SHARE_BAR.match(text)
            or ("weight" in words and any(w.startswith("rep") for w in words))
            or _ONE_RM.sub("", " " + text).strip() == ""
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
            _SET_SHAPED.match(_LEADING_DEBRIS.sub("", text)) and any(c.isdigit() for c in text)
        ) or _SET_WORDS.search(text):
            row.kind = "badset"
        previous = "summary" if sum(w in SUMMARY_WORDS for w in words) >= 2 else ""
        rows.append(row)
    return rows


EQUIPMENT = (
    "Barbell",
    "Dumbbell",
    "Cable",
    "Machine",
    "Kettlebell",
    "EZ Bar",
    "Assisted",
    "Treadmill",
    "Weighted",
    "Band",
    "Bodyweight",
    "Smith Machine",
)
_OPEN_TAIL = re.compile(r"\((?P<tail>[A-Za-z ]{3,})[^()A-Za-z]*[a-z]{0,3}$")


def exercise_name(text: str) -> str:
    """The exercise name as shown, cleaned only of OCR debris and a trailing `1RM` column.

    An equipment suffix whose `)` OCR garbled (`(Cablajm`) gets its word and `)` back.
    """
    name = clean_text(_ONE_RM.sub("", clean_text(text)))
    m = _OPEN_TAIL.search(name)
    if m and name.count("(") > name.count(")"):
        tail = m.group("tail").lower()
        for word in EQUIPMENT:
            stem = word.lower()[:-1]
            if tail.startswith(stem) and len(tail) <= len(word) + 3:
                return f"{name[: m.start()]}({word})"
    return name


def assemble(rows: list[Row], page: OcrPage, options: Options) -> SessionDraft:
    """Exercises from classified rows: a header is the text row right before a run of sets."""
    warnings: list[str] = list(page.warnings)
    exercises: list[ExerciseDraft] = []
    before_first: list[str] = []
    pending: list[str] = []
    performed_on: date | None = None
    title_before_date: str | None = None
    bad = orphans = 0
    for row in rows:
        if row.kind == "set" and row.set is not None:
            warnings.extend(row.notes)
            if pending:
                if not exercises:
                    before_first.extend(pending[:-1])
                else:
                    warnings.extend(f"ignored line: {p!r}" for p in pending[:-1])
                exercises.append(ExerciseDraft(raw_name=exercise_name(pending[-1])))
                pending = []
            if not exercises:
                orphans += 1
                warnings.append(f"set line before any exercise: {row.text!r}")
                continue
            exercises[-1].sets.append(row.set)
        elif row.kind == "text" and exercise_name(row.text):
            pending.append(row.text)
        elif row.kind == "date" and performed_on is None:
            performed_on = row.date
            if not exercises:
                seen = before_first + pending
                title_before_date = seen[-1] if seen else None
                before_first, pending = [], []
        elif row.kind == "badset" and (
            clock := _bare_time(row.text, exercises, options.seconds_suffix)
        ):
            exercises[-1].sets.append(clock)
            warnings.append(f"time without its colon read as {clock.duration_s} s: {row.text!r}")
        elif row.kind == "badset":
            bad += 1
            warnings.append(f"unreadable set line: {row.text!r}")
    title = clean_text(title_before_date) if title_before_date else None
    if title is None and before_first:
        title = clean_text(before_first[0])
    title = split_glued_letter(title) if title else None
    for ex in exercises:
        warnings.extend(fix_unit_outliers(ex.sets))
        warnings.extend(fix_lost_decimals(ex.sets))
    return _finish(
        SessionDraft(
            layout=options.layout,
            title=title or None,
            performed_on=performed_on,
            exercises=exercises,
            warnings=warnings,
        ),
        page,
        bad=bad,
        orphans=orphans,
    )


_BARE_CLOCK = re.compile(r"^(?:set\s*\d{1,2}\s*[:;.]?|\S{1,2})?\s*(\d{1,2})([0-5]\d)$", re.I)


def _bare_time(text: str, exercises: list[ExerciseDraft], seconds_suffix: bool) -> SetDraft | None:
    """A bare number in a timed exercise (every other set is a time): `2 155` is `1:55`
    whose colon OCR lost, or with `seconds_suffix` `305` is `30s` with the `s` read as 5."""
    m = _BARE_CLOCK.match(text.strip())
    if not m or not exercises or not exercises[-1].sets:
        return None
    if not all(s.duration_s and s.reps is None and s.distance is None for s in exercises[-1].sets):
        return None
    digits = m.group(1) + m.group(2)
    if seconds_suffix:
        if not digits.endswith("5") or int(digits[:-1]) >= 60:
            return None
        seconds = int(digits[:-1])
    else:
        seconds = int(m.group(1)) * 60 + int(m.group(2))
    known = [s.duration_s or 0 for s in exercises[-1].sets]
    # Far from the exercise's other times, the reading is a guess: leave it unreadable.
    if not min(known) / 3 <= seconds <= max(known) * 3:
        return None
    return SetDraft(duration_s=seconds, raw_line=text)


def _finish(draft: SessionDraft, page: OcrPage, *, bad: int, orphans: int) -> SessionDraft:
    """Confidence from what went wrong; `needs_review` when the parse is doubtful."""
    conf = 1.0
    conf -= 0.2 * bad + 0.1 * orphans
    conf -= 0.05 * sum(
        "decimal point" in w or "ignored" in w or "read as" in w for w in draft.warnings
    )
    if draft.performed_on is None:
        conf -= 0.2
        draft.warnings.append("no date found")
    if not draft.exercises:
        conf -= 0.5
        draft.warnings.append("no exercises found")
    if page.mean_conf > 0:
        conf *= 0.7 + 0.3 * min(100.0, page.mean_conf) / 100
    draft.confidence = round(max(0.0, min(1.0, conf)), 3)
    # An unreadable RPE (`@ Orpe`) means a field of the set is missing: doubtful.
    lost_rpe = any(w.startswith("ignored text after a set: '@") for w in draft.warnings)
    draft.needs_review = bad > 0 or lost_rpe or not draft.exercises or draft.confidence < 0.7
    return draft


def parse_with(page: OcrPage, options: Options) -> SessionDraft:
    """Run the engine with a layout's options (used by the Strong and Hevy parsers)."""
    return assemble(classify(page, options), page, options)


def parse(page: OcrPage) -> SessionDraft:
    """Parse a page of an unknown app: exercise headers followed by set lines."""
    return parse_with(page, Options())


def score(page: OcrPage) -> float:
    """How much the page looks like a workout log at all (the fallback's modest score)."""
    rows = classify(page, Options())
    sets = sum(r.kind == "set" for r in rows)
    bad = sum(r.kind == "badset" for r in rows)
    if sets < 2:
        return 0.25 if sets else 0.05
    # Pages made of header + set-line blocks look like this layout even from an unknown app;
    # Strong and Hevy win with their own markers (links, table headers), which score higher.
    return round(0.25 + 0.35 * sets / (sets + bad), 3)
