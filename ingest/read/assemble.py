"""From classified rows to a session: an exercise is the name-like row above a run of sets.

The rows come from `ingest.read.rows.classify` (and the row repairs the engine runs).
Text rows wait (`pending`) until a set row claims the last name-like one as its
exercise; a note under a name (`Pause at the bottom`) is no name. The first text
rows and the date give the title. Unreadable set rows are kept as data
(`Assembly.unread`) for the repairs that can read them from their exercise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from ingest.read.common import clean_text
from ingest.read.findings import finding
from ingest.read.name_doubts import row_doubts
from ingest.read.names import capital_l, exercise_name
from ingest.read.rows import Options, Row, set_number
from schema.models import ExerciseDraft, Finding, SetDraft, Severity, Where

# Words, as a name has them: three Latin letters, or two of a script without spaces
# (`懸垂`); a garbled set row (`lO)`, `2 1:00`) has none.
_WORDS = re.compile(r"[A-Za-z]{3}|[^\W\d_A-Za-z]{2}")
# A name row this much taller than the rows around it is the name (or the title).
_TALLER = 1.15


@dataclass
class Unread:
    """A set row the engine could not read, with the exercise and place it belongs to."""

    exercise: ExerciseDraft
    index: int
    row: Row


@dataclass
class Assembly:
    """What the rows make: title, date, exercises, findings, and the rows left unread."""

    title: str | None = None
    performed_on: date | None = None
    exercises: list[ExerciseDraft] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


@dataclass
class _State:
    out: Assembly
    options: Options
    pending: list[Row] = field(default_factory=list)
    before_first: list[Row] = field(default_factory=list)
    title_rows: list[Row] = field(default_factory=list)
    last_number: int = 0
    head_closed: bool = False  # a summary ended the page's head
    dated: bool = False  # the page's date row was seen

    def note(self, kind: str, severity: Severity, sentence: str, row: Row | None = None) -> None:
        where = Where(exercise=len(self.out.exercises) - 1 if self.out.exercises else None)
        evidence = {"row": row.text} if row is not None else {}
        self.out.findings.append(finding(kind, severity, sentence, where, **evidence))

    def ignore(self, rows: list[Row]) -> None:
        for row in rows:
            self.note("line.ignored", "guess", f"ignored line: {row.text!r}")

    def open_exercise(self) -> None:
        """The pending name-like row becomes an exercise; rows after it are its notes."""
        at = _name_at(self.pending, bool(self.out.exercises) or self.head_closed)
        before, name, after = self.pending[:at], self.pending[at], self.pending[at + 1 :]
        if not self.out.exercises:
            self.before_first.extend(before)
        else:
            self.ignore(before)
        self.out.exercises.append(ExerciseDraft(raw_name=exercise_name(name.text)))
        if _sentence_like(name.text):  # a garbled set row or a note, not a name?
            self.note("name.sentence", "doubt", f"a sentence as a name: {name.text!r}")
        self.out.findings.extend(row_doubts(name.line, len(self.out.exercises) - 1))
        for row in after:
            self.note("line.note", "note", f"note under {name.text!r}: {row.text!r}")
        self.pending, self.last_number = [], 0


def _height(row: Row) -> float:
    """The row's text height: the median of its words of three letters or more (an avatar's
    initial read as `@` stands taller than the text beside it)."""
    words = [w for w in row.line.words if w.height and len(w.text) >= 3] or row.line.words
    heights = [w.height for w in words if w.height]
    return float(median(heights)) if heights else 0.0


def _sentence_like(text: str) -> bool:
    """`Pause at the bottom`, `See oie a Kec le`: words mostly lowercase, no brackets - a
    note or OCR debris, not a name (names are words in Title Case)."""
    words = re.findall(r"[A-Za-z]+", text)
    lower = sum(w[0].islower() for w in words)
    return len(words) >= 3 and lower >= 2 and "(" not in text


def _name_at(pending: list[Row], block_start: bool) -> int:
    """Which pending row is the exercise's name. Notes follow the name they belong to:
    when the rows are a block of their own (after the previous exercise's sets, or after
    the page's summary), the name is the block's first name-like row. Otherwise (title
    rows may come first) it is the last name-like one, or a clearly taller one above it
    (a bold name over smaller note lines). Rows reading as sentences are notes."""
    named = [
        i
        for i, r in enumerate(pending)
        if not _sentence_like(r.text) and re.search(r"[^\W\d_]{2}", r.text)
    ]
    if not named:
        return len(pending) - 1
    if block_start:
        return named[0]
    last = named[-1]
    tallest = max(named, key=lambda i: (_height(pending[i]), i))
    if _height(pending[tallest]) > _TALLER * _height(pending[last]) > 0:
        return tallest
    return last


def _continues(exercises: list[ExerciseDraft], first: SetDraft, pending: list[Row]) -> bool:
    """A garbled row between sets of one weight is debris inside an exercise, not a header."""
    if not exercises or not pending or not exercises[-1].sets:
        return False
    last = exercises[-1].sets[-1]
    same = first.weight is not None and (first.weight, first.unit) == (last.weight, last.unit)
    return same and _sentence_like(pending[-1].text)


def _on_set(state: _State, row: Row, the_set: SetDraft) -> None:
    out = state.out
    out.findings.extend(row.notes)
    number = set_number(row.text)
    # `Set 4` after the previous exercise's set 2 or 3: the row between is a garbled set
    # (or debris), not a header; an exercise's sets start at 1 (set 1 opens one).
    follows = number is not None and number > 1 and number > state.last_number > 0
    if (state.pending and out.exercises and follows) or (
        number != 1 and _continues(out.exercises, the_set, state.pending)
    ):
        state.ignore(state.pending)
        state.pending = []
    if number == 2 and len(state.pending) >= 2 and not _WORDS.search(state.pending[-1].text):
        # `Side Plank`, `lO)`, `2 1:00`: sets start at 1, so a wordless row between
        # a header and set 2 is set 1 garbled, not the header.
        garbled = state.pending.pop()
        state.note("set.unreadable", "error", f"unreadable set line: {garbled.text!r}", garbled)
    if state.pending:
        state.open_exercise()
    if not out.exercises:
        state.note("set.orphan", "error", f"set line before any exercise: {row.text!r}")
        return
    if number is not None and number <= state.last_number:
        # Numbers start again with no name above: the next exercise's name was lost.
        sentence = f"set {number} after set {state.last_number} with no name between: {row.text!r}"
        state.note("exercise.name_lost", "doubt", sentence)
    if number is not None:
        # `S 52.5 kg x 9` then `4 52.5 kg x 13`: set 3's number was misread, the set
        # is there; only a number beyond the working sets read so far lost a set.
        working = sum(s.set_type == "working" for s in out.exercises[-1].sets)
        if number > state.last_number + 1 and number > working + 1:
            sentence = f"set {state.last_number + 1} missing before {row.text!r}"
            state.note("set.missing", "guess", sentence)
        state.last_number = number
    out.exercises[-1].sets.append(the_set)


def _on_date(state: _State, row: Row) -> None:
    state.out.performed_on = row.date
    state.dated = True  # a date row, even one that read as no date (`2929年1月24日`)
    state.out.findings.extend(row.notes)
    if not state.out.exercises:
        state.title_rows = state.before_first + state.pending
        state.before_first, state.pending = [], []


def _on_badset(state: _State, row: Row) -> None:
    out = state.out
    if _opens_exercise(row.text, state.pending) and (out.exercises or state.dated):
        # `Plank` then `1 355`: the header of an exercise whose first set is garbled
        # (after the date: before it, a text row is the title and this the date).
        state.ignore(state.pending[:-1])
        state.pending = state.pending[-1:]
        state.open_exercise()
    mine = out.exercises and not state.pending  # a row under a pending header is not ours
    state.note("set.unreadable", "error", f"unreadable set line: {row.text!r}", row)
    if mine:
        out.unread.append(Unread(out.exercises[-1], len(out.exercises[-1].sets), row))


def assemble_rows(rows: list[Row], options: Options) -> Assembly:
    """Title, date, exercises and findings from classified rows."""
    state = _State(Assembly(), options)
    for row in rows:
        if row.kind == "set" and row.set is not None:
            _on_set(state, row, row.set)
        elif row.kind == "text" and exercise_name(row.text):
            state.pending.append(row)
        elif row.kind == "date" and state.out.performed_on is None:
            _on_date(state, row)
        elif row.kind == "badset":
            _on_badset(state, row)
        elif row.kind == "header":
            # A column header starts a new table: its set numbers start again, and the
            # name above it is a name, whatever number OCR made of its first set.
            state.last_number = 0
        elif row.kind == "stat" and not state.out.exercises:
            # The summary closes the page's head: no exercise name above it.
            state.before_first += state.pending
            state.pending, state.head_closed = [], True
    state.out.title = _title(state)
    return state.out


# Mean word confidence below which a head row is debris or a user name beside an avatar.
_READABLE = 70
# A user name beside an avatar (`© mia.trains`, initials `( A ) alex`): a lower-case handle.
_HANDLE = re.compile(r"^(?:\S{1,4}\s+|\(\s?[A-Z]{1,2}\s?\)\s+)?@?[a-z][a-z0-9._]{2,}$")


def _title(state: _State) -> str | None:
    """The title: the row just above the date (else the first row before the first
    exercise), unless another of those rows is clearly taller (a bold title over a
    profile line)."""
    if state.title_rows:
        chosen = state.title_rows[-1]
        candidates = state.title_rows + state.before_first
    elif state.before_first:
        chosen = state.before_first[0]
        candidates = state.before_first
    else:
        return None
    # A profile's user name (`@ mia.trains`) is no title, however tall its avatar; nor is
    # a row OCR could barely read (a user name beside its avatar, `@ atex iitts`).
    named = [r for r in candidates if not _HANDLE.match(r.text) and r.line.conf >= _READABLE]
    if (_HANDLE.match(chosen.text) or chosen.line.conf < _READABLE) and named:
        after_date = [r for r in named if r in state.before_first and state.title_rows]
        chosen = (after_date or named)[-1]
    tallest = max(named or candidates, key=_height)
    if _height(tallest) > _TALLER * _height(chosen) > 0:
        chosen = tallest
    # `UpperA`: OCR glues a one-letter last word (`Full Body A`) to the one before.
    title = re.sub(r"(?<=[a-z])(?=[A-Z]$)", " ", clean_text(chosen.text))
    return capital_l(title) if title else None


def _opens_exercise(text: str, pending: list[Row]) -> bool:
    """A garbled first set (`1 355`, no number or number 1) right after a header opens its
    exercise: the header must not be lost with the set."""
    number = set_number(text)
    return bool(pending) and number in (None, 1) and not _sentence_like(pending[-1].text)
