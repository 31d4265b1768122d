"""The Fleek parse held against the screen's summary rows.

The summary rows count the whole session (`4720 kg`, `5 EXERCISES 22 sets
228 reps`). When the parse does not add up, the one doubtful cell whose other
reading makes it add up is read again (`fleek_checksums.fix_session`); what
still disagrees is a warning, so the parse goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.read.findings import finding
from ingest.read.fleek_cells import WEIGHT_CELL, number, reps_value
from ingest.read.fleek_checksums import Cell, fix_session, read_summary, session_notes
from schema.models import ExerciseDraft, Finding, OcrWord, SetDraft


@dataclass
class SetSource:
    """A weighted set and the weight cell it was read from, for the session checks."""

    set: SetDraft
    word: OcrWord | None
    max_weight: float | None
    reps_word: OcrWord | None = None


def check_session(
    summary_texts: list[str], exercises: list[ExerciseDraft], sources: list[list[SetSource]]
) -> list[Finding]:
    """Hold the parse against the summary rows; repair the one cell they single out.

    `sources` are, per exercise, its weighted sets with the cells they were read
    from. Sets are changed in place; returns the notes and warnings.
    """
    summary = read_summary(summary_texts)
    notes: list[Finding] = []
    flat = [(i, src) for i, group in enumerate(sources) for src in group]
    weighted = {id(src.set) for _, src in flat}
    other_reps = sum(s.reps or 0 for e in exercises for s in e.sets if id(s) not in weighted)
    cells = _cells(flat)
    fix = fix_session(cells, summary, other_reps)
    if fix is not None:
        target = flat[fix.index][1]
        name = exercises[flat[fix.index][0]].raw_name
        word = target.word if fix.field == "weight" else target.reps_word
        sentence = (
            f"note: {name}: {fix.field} {word.text if word else '?'!r} read as {fix.value:g} "
            f"(the session totals {summary.volume} kg, {summary.reps} reps)"
        )
        notes.append(finding("cell.by_totals", "note", sentence))
        if fix.field == "weight":
            target.set.weight = fix.value
            target.set.unit = "kg"
        else:
            target.set.reps = int(fix.value)
    all_sets = [s for e in exercises for s in e.sets]
    notes.extend(
        finding("session.totals_disagree", "doubt", sentence)
        for sentence in session_notes(
            summary,
            exercises=len(exercises),
            sets=len(all_sets),
            reps=sum(s.reps or 0 for s in all_sets),
            volume=sum((s.weight or 0.0) * (s.reps or 0) for s in all_sets),
        )
    )
    return notes


def _cells(flat: list[tuple[int, SetSource]]) -> list[Cell]:
    """The weighted sets as cells for the checksums, each marked doubtful or not."""
    # A weight box much wider than its text lost a character (`2` as wide as `50`).
    per_char = sorted(
        src.word.width / len(src.word.text) for _, src in flat if src.word and src.word.text
    )
    char_width = per_char[len(per_char) // 2] if per_char else 0.0
    return [
        Cell(
            weight=src.set.weight,
            reps=src.set.reps,
            text=src.word.text if src.word else "",
            doubtful=src.word is not None
            and (
                _doubtful(src.word, src.set.weight)
                or src.word.width >= (len(src.word.text) + 0.6) * char_width > 0
            ),
            max_weight=src.max_weight,
            exercise=i,
            reps_text=src.reps_word.text if src.reps_word else "",
            reps_doubtful=src.reps_word is not None
            and (src.reps_word.conf < 60 or reps_value(src.reps_word.text) != src.set.reps),
            lost_digit=src.word is not None
            and char_width > 0
            and src.word.width >= (len(src.word.text) + 0.6) * char_width,
        )
        for i, src in flat
    ]


def _doubtful(word: OcrWord, weight: float | None) -> bool:
    """A weight cell worth a second reading: unsure, misshapen, or changed by a check."""
    as_read = number(word.text)
    return word.conf < 60 or not WEIGHT_CELL.match(word.text) or as_read != weight


def totals_agree(summary_texts: list[str], session_warnings: list[Finding]) -> bool:
    """Whether the screen shows its sets, reps and volume and the parse adds up to all three.

    `session_warnings` are what `check_session` returned: a disagreement is a
    doubt, a repair it chose is a note.
    """
    summary = read_summary(summary_texts)
    shown = None not in (summary.sets, summary.reps, summary.volume)
    return shown and all(w.severity == "note" for w in session_warnings)
