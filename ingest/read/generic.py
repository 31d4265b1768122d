"""The generic layout, and the engine's pipeline that the Strong and Hevy parsers run with
their options (`parse_with`): rows classified, assembled, re-read, repaired and concluded, in
the order of the module map (`ingest.read`)."""

from __future__ import annotations

from ingest.read.assemble import Assembly, assemble_rows
from ingest.read.columns import split_glued_badges
from ingest.read.exercise_repairs import repair_exercise
from ingest.read.findings import conclude, finding
from ingest.read.garbled_weights import set_by_place, weight_from_other_sets
from ingest.read.lost_units import reps_before_damaged_unit
from ingest.read.names import exercise_name
from ingest.read.placeholders import drop_placeholders
from ingest.read.rows import Options, Row, classify, parse_set_line
from schema.models import Finding, OcrPage, SessionDraft

__all__ = ["Options", "assemble", "exercise_name", "parse", "parse_set_line", "parse_with", "score"]


def assemble(
    rows: list[Row], page: OcrPage, options: Options, found: list[Finding] | None = None
) -> SessionDraft:
    """A session from classified rows: assembled, unreadable rows re-read from their
    exercise's other sets, each exercise's sets repaired, findings concluded."""
    built = assemble_rows(rows, options)
    _reread_unread(built, rows)
    findings = [*(found or []), *built.findings]
    for index, exercise in enumerate(built.exercises):
        findings.extend(repair_exercise(exercise, index))
    if built.performed_on is None:
        findings.append(finding("date.missing", "note", "no date found"))
    if not built.exercises:
        findings.append(finding("exercises.none", "error", "no exercises found"))
    draft = SessionDraft(
        layout=options.layout,
        title=built.title or None,
        performed_on=built.performed_on,
        exercises=built.exercises,
        findings=findings,
    )
    return conclude(draft, page)


def _reread_unread(built: Assembly, rows: list[Row]) -> None:
    """Read an unreadable set row as its exercise's other sets' weight, as reps whose unit
    word OCR damaged (`lost_units`) or by its place under a garbled label; its
    `set.unreadable` finding becomes the guess."""
    for unread in reversed(built.unread):
        found = weight_from_other_sets(unread.row.text, unread.exercise.sets)
        kind = "weight.from_other_sets"
        if found is None:
            found, kind = reps_before_damaged_unit(rows, unread.row), "reps.unit_damaged"
        if found is None:
            found, kind = set_by_place(unread.row.text, unread.index), "set.label_garbled"
        if found is None:
            continue
        unread.exercise.sets.insert(unread.index, found[0])
        gone = (f for f in built.findings if f.kind == "set.unreadable")
        built.findings.remove(next(f for f in gone if f.evidence.get("row") == unread.row.text))
        built.findings.append(finding(kind, "guess", found[1]))


def parse_with(page: OcrPage, options: Options) -> SessionDraft:
    """Run the engine with a layout's options (used by the Strong and Hevy parsers)."""
    rows = classify(page, options)
    rows = split_glued_badges(rows, options)
    placeholders = drop_placeholders(rows)
    return assemble(rows, page, options, placeholders)


def parse(page: OcrPage) -> SessionDraft:
    """Parse a page of an unknown app: exercise headers followed by set lines."""
    draft = parse_with(page, Options())
    return conclude(draft, page)


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
