"""The generic layout: a title, a date, exercise headers each followed by set lines.

This is also the engine the Strong and Hevy parsers run with their own options:
every row of the page is classified (status bar, noise, date, set, text), then
an exercise is the text row right before a run of set rows. Rows that are not
workout data (status and navigation bars, column headers, summary rows, badges,
links) are recognised and skipped, so they never become exercises.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from rapidfuzz.distance import Levenshtein

from ingest.read.bare_times import letters_as_digits, time_style
from ingest.read.columns import garbled_badge_rows, rows_at_the_set_edge, split_glued_badges
from ingest.read.common import (
    clean_text,
    fix_lost_decimals,
    fix_unit_outliers,
    split_glued_letter,
    visual_rows,
)
from ingest.read.date_repairs import garbled_date_row
from ingest.read.garbled_weights import (
    fix_extra_digit,
    fix_odd_decimal,
    fix_plus_beside_plus_sets,
    fix_point_lost_twice,
    flag_lookalike_weights,
    weight_from_other_sets,
)
from ingest.read.repairs import (
    fix_confused_digit,
    fix_doubled_minutes,
    flag_outliers,
    is_guess,
)
from ingest.read.rows import ONE_RM_SUFFIX, Options, Row, classify, parse_set_line, set_number
from ingest.read.set_types import (
    fix_drops_between_numbers,
    fix_o_badge_drops,
    flag_unknown_badges,
)
from ingest.read.widths import choose_by_width, fits_width, flag_lost_points
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft

__all__ = ["Options", "assemble", "exercise_name", "parse", "parse_set_line", "parse_with", "score"]

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
    name = clean_text(ONE_RM_SUFFIX.sub("", clean_text(text)))
    name = re.sub(r"(?<=[a-z]{2})\.(?= [A-Z(])", "", name)  # `Lat. Pulldown`: a stray dot
    words = name.split()
    if (
        len(words) >= 2
        and name[:1].islower()
        and all(w.lstrip("(")[:1].isupper() for w in words[1:])
    ):
        # `lateral Raise`, `lunge (Dumbbell)`: the capital read as lowercase
        name = name[0].upper() + name[1:]
    name = _capital_l(name)
    name = _equipment_letter(name)
    m = _OPEN_TAIL.search(name)
    if m and name.count("(") > name.count(")"):
        tail = m.group("tail").lower()
        for word in EQUIPMENT:
            stem = word.lower()[:-1]
            if tail.startswith(stem) and len(tail) <= len(word) + 3:
                return f"{name[: m.start()]}({word})"
        # `(Cabiey`, `(Cablejirm`: the word and its `)` with up to two letters misread.
        near = [
            word
            for word in EQUIPMENT
            if tail[:2] == word[:2].lower()
            and Levenshtein.distance(m.group(0)[1 : len(word) + 2].lower(), f"{word.lower()})") <= 2
        ]
        if len(near) == 1:
            return f"{name[: m.start()]}({near[0]})"
    return name


def _equipment_letter(name: str) -> str:
    """`Skullcrusher (fZ Bar)`: one letter of a known equipment suffix misread."""
    m = re.search(r"\((?P<e>[^()]{4,})\)$", name)
    if not m or m.group("e") in EQUIPMENT:
        return name
    for word in EQUIPMENT:
        diff = [(a, b) for a, b in zip(m.group("e"), word, strict=False) if a != b]
        if len(word) == len(m.group("e")) and len(diff) == 1:
            return f"{name[: m.start()]}({word})"
    return name


def _capital_l(name: str) -> str:
    """`Hanging leg Raise`, `Lying I.eg Curl`, `l.ower B`: a capital L read as `l`, `I.` or `l.`
    (serif fonts) in a name or title whose other words are all capitalised."""
    words = name.split()
    for i, word in enumerate(words):
        others = [w for j, w in enumerate(words) if j != i and w[:1].isalpha()]
        if not others or not all(w[:1].isupper() for w in others):
            continue
        if re.fullmatch(r"l[a-z]{2,}", word):
            words[i] = "L" + word[1:]
        elif re.fullmatch(r"[Il]\.[a-z]{2,}", word):  # `I.eg`, `l.ower`
            words[i] = "L" + word[2:]
    return " ".join(words)


def assemble(rows: list[Row], page: OcrPage, options: Options) -> SessionDraft:
    """Exercises from classified rows: a header is the text row right before a run of sets."""
    warnings: list[str] = list(page.warnings)
    exercises: list[ExerciseDraft] = []
    before_first: list[str] = []
    pending: list[str] = []
    performed_on: date | None = None
    title_before_date: str | None = None
    bad = orphans = last_number = 0
    unread: list[tuple[ExerciseDraft, int, Row]] = []
    set_rows = (r.text for r in rows if r.kind in ("set", "badset"))
    letters = options.seconds_suffix or time_style(set_rows) is True
    for row in rows:
        if row.kind == "set" and row.set is not None:
            warnings.extend(row.notes)
            number = set_number(row.text)
            # `Set 4` after the previous exercise's set 2 or 3: the row between is a garbled set
            # (or debris), not a header; an exercise's sets start at 1.
            follows = number is not None and number > 1 and number > last_number > 0
            if (pending and exercises and follows) or _continues(exercises, row.set, pending):
                warnings.extend(f"ignored line: {p!r}" for p in pending)
                pending = []
            if number == 2 and len(pending) >= 2 and not re.search(r"[A-Za-z]{3}", pending[-1]):
                # `Side Plank`, `lO)`, `2 1:00`: sets start at 1, so a wordless row between
                # a header and set 2 is set 1 garbled, not the header.
                bad += 1
                warnings.append(f"unreadable set line: {pending.pop()!r}")
            if pending:
                if not exercises:
                    before_first.extend(pending[:-1])
                else:
                    warnings.extend(f"ignored line: {p!r}" for p in pending[:-1])
                exercises.append(ExerciseDraft(raw_name=exercise_name(pending[-1])))
                pending, last_number = [], 0
            if not exercises:
                orphans += 1
                warnings.append(f"set line before any exercise: {row.text!r}")
                continue
            if number is not None:
                # `S 52.5 kg x 9` then `4 52.5 kg x 13`: set 3's number was misread, the set
                # is there; only a number beyond the working sets read so far lost a set.
                working = sum(s.set_type == "working" for s in exercises[-1].sets)
                if number > last_number + 1 and number > working + 1:
                    warnings.append(f"set {last_number + 1} missing before {row.text!r}")
                last_number = number
            exercises[-1].sets.append(row.set)
        elif row.kind == "text" and exercise_name(row.text):
            pending.append(row.text)
        elif row.kind == "date" and performed_on is None:
            performed_on = row.date
            warnings.extend(row.notes)
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
            if _opens_exercise(row.text, pending) and (exercises or performed_on is not None):
                # `Plank` then `1 355`: the header of an exercise whose first set is garbled
                # (after the date: before it, a text row is the title and this the date).
                warnings.extend(f"ignored line: {p!r}" for p in pending[:-1])
                exercises.append(ExerciseDraft(raw_name=exercise_name(pending[-1])))
                pending, last_number = [], 0
            mine = exercises and not pending  # a row under a pending header is not ours
            if mine and letters and (timed := _letter_time(row.text, exercises[-1])):
                exercises[-1].sets.append(timed[0])
                warnings.append(timed[1])
                continue
            bad += 1
            warnings.append(f"unreadable set line: {row.text!r}")
            if mine:
                unread.append((exercises[-1], len(exercises[-1].sets), row))
    for ex, index, garbled in reversed(unread):
        fits = partial(fits_width, rows, garbled)
        if found := weight_from_other_sets(garbled.text, ex.sets, fits):
            ex.sets.insert(index, found[0])
            warnings.remove(f"unreadable set line: {garbled.text!r}")
            warnings.append(found[1])
            bad -= 1
    title = clean_text(title_before_date) if title_before_date else None
    if title is None and before_first:
        title = clean_text(before_first[0])
    title = _capital_l(split_glued_letter(title)) if title else None
    for ex in exercises:
        if _NOT_A_NAME.search(ex.raw_name):
            warnings.append(f"exercise name outside the exercise's pattern: {ex.raw_name!r}")
        warnings.extend(fix_unit_outliers(ex.sets))
        warnings.extend(fix_point_lost_twice(ex.sets))
        warnings.extend(fix_odd_decimal(ex.sets))
        warnings.extend(fix_lost_decimals(ex.sets))
        warnings.extend(fix_plus_beside_plus_sets(ex.sets))
        warnings.extend(fix_extra_digit(ex.sets))
        warnings.extend(fix_confused_digit(ex.sets))
        warnings.extend(flag_lookalike_weights(ex.sets))
        warnings.extend(fix_o_badge_drops(ex.sets))
        warnings.extend(fix_drops_between_numbers(ex.sets))
        warnings.extend(flag_unknown_badges(ex.sets))
        warnings.extend(fix_doubled_minutes(ex.sets))
        warnings.extend(flag_outliers(ex.sets))
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


# Marks no exercise name holds (`Re @platcas` for `Leg Press`): the header is garbled.
_NOT_A_NAME = re.compile(r"[@#$%^*=<>{}\[\]|~\\§©®]")


def _garbled(text: str) -> bool:
    """`See oie a Kec le`: OCR debris of a row, not a name (names are words in Title Case)."""
    words = re.findall(r"[A-Za-z]+", text)
    lower = sum(w[0].islower() for w in words)
    return len(words) >= 3 and lower >= 2 and "(" not in text


def _continues(exercises: list[ExerciseDraft], first: SetDraft, pending: list[str]) -> bool:
    """A garbled row between sets of one weight is debris inside an exercise, not a header."""
    if not exercises or not pending or not exercises[-1].sets or not _garbled(pending[-1]):
        return False
    last = exercises[-1].sets[-1]
    return first.weight is not None and (first.weight, first.unit) == (last.weight, last.unit)


def _opens_exercise(text: str, pending: list[str]) -> bool:
    """A garbled first set (`1 355`, no number or number 1) right after a header opens its
    exercise: the header must not be lost with the set."""
    number = set_number(text)
    return bool(pending) and number in (None, 1) and not _garbled(pending[-1])


def _letter_time(text: str, exercise: ExerciseDraft) -> tuple[SetDraft, str] | None:
    """A bare-number row of a timed exercise (or of one with no set read yet) as a time
    whose unit letters OCR read as digits, on a page that prints times with letters."""
    if any(s.duration_s is None or s.reps or s.distance for s in exercise.sets):
        return None
    found = letters_as_digits(text)
    if found is None:
        return None
    seconds, warning = found
    known = [s.duration_s or 0 for s in exercise.sets]
    if known and not min(known) / 3 <= seconds <= max(known) * 3:
        return None
    return SetDraft(duration_s=seconds, raw_line=text), warning


_BARE_CLOCK = re.compile(r"^(?:set\s*\d{1,2}\s*[:;.]?|\S{1,2})?\s*(\d{1,2})([0-5]\d)$", re.I)


def _bare_time(text: str, exercises: list[ExerciseDraft], seconds_suffix: bool) -> SetDraft | None:
    """A bare number in a timed exercise (every other set is a time): `2 155` is `1:55`
    whose colon OCR lost, or with `seconds_suffix` `305` is `30s` with the `s` read as 5."""
    m = _BARE_CLOCK.match(text.strip(" )]|.,;'"))  # `2 125)`: debris after the digits
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
    guessed = any(is_guess(w) for w in draft.warnings)
    draft.needs_review = (
        bad > 0 or lost_rpe or guessed or not draft.exercises or draft.confidence < 0.7
    )
    return draft


def parse_with(page: OcrPage, options: Options) -> SessionDraft:
    """Run the engine with a layout's options (used by the Strong and Hevy parsers)."""
    rows = classify(page, options)
    if options.layout == "generic":  # Strong and Hevy read their garbled dates their own way
        rows = garbled_date_row(rows)
    rows = rows_at_the_set_edge(garbled_badge_rows(rows))
    rows = flag_lost_points(choose_by_width(split_glued_badges(rows, options), options))
    return assemble(rows, page, options)


def parse(page: OcrPage) -> SessionDraft:
    """Parse a page of an unknown app: exercise headers followed by set lines."""
    draft = parse_with(page, Options())
    if doubtful := doubtful_distances(page, draft):
        draft.warnings.extend(doubtful)
        draft.needs_review = True
    return draft


# Below this confidence a distance word may hide a lost decimal point (`42km`: 15%).
_DISTANCE_CONF = 50


def doubtful_distances(page: OcrPage, draft: SessionDraft) -> list[str]:
    """`1 42km | 54:30` for `1 4.2 km | 54:30`: a distance of two digits or more, read
    without a point and with low confidence, may have lost its decimal point (apps
    print `4.2 km`); the time beside it cannot tell, so the parse needs a look."""
    rows = {row.text: row for row in visual_rows(page)}
    warnings: list[str] = []
    for exercise in draft.exercises:
        for s in exercise.sets:
            row = rows.get(s.raw_line)
            if row is None or s.distance is None or s.distance < 10 or s.distance % 1:
                continue
            digits = f"{s.distance:g}"
            if any(w.text.startswith(digits) and w.conf < _DISTANCE_CONF for w in row.words):
                warnings.append(f"distance {digits} read with low confidence, a point lost?")
    return warnings


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
