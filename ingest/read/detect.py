"""Pick the layout that fits a page best and parse it (generic as the fallback).

The layouts (`ingest.read.registry`) expose `score(page) -> float` (0..1) and `parse(page)`.
"""

from __future__ import annotations

from datetime import date

from ingest.ocr.shapes import by_shape
from ingest.read import generic
from ingest.read import set_doubts as doubt
from ingest.read.chat import bubble_document
from ingest.read.findings import conclude, finding
from ingest.read.name_doubts import chrome_title, future_date, icon_column, name_doubts
from ingest.read.registry import layouts
from ingest.read.sheet import read_sheet
from schema.models import Finding, OcrPage, SessionDraft

# At or below this, no app's layout is convincing (one weak mark, a date form `at 6:24 AM`,
# other apps print too) and the generic parser decides. The generic layout's own score does
# not compete: an app's marks name the app even on a page that reads well generically.
MIN_SCORE = 0.3


def scores(page: OcrPage) -> dict[str, float]:
    """Every layout's score for the page (a layout whose scorer fails scores 0)."""
    result: dict[str, float] = {}
    for name, module in layouts().items():
        try:
            result[name] = float(module.score(page))
        except Exception:  # a scorer bug must not stop the other layouts
            result[name] = 0.0
    return result


def parse_page(page: OcrPage, today: date | None = None) -> SessionDraft:
    """Parse with the best-scoring layout; the generic parser when none is convincing.

    `today` (the clock's date by default) is the latest date a session can be on.

    A page of chat is read as the document in its bubble (`chat.bubble_document`), when
    that finds exercises; its own layout is the app whose text the bubble holds.
    """
    today, page = today or date.today(), by_shape(page)
    document = bubble_document(page)
    if document is not None:
        draft = _parse_best(document, today)
        if draft.exercises:
            sentence = "read the text of a chat bubble; the chat around it is not part of it"
            draft.findings.append(finding("chat.bubble", "note", sentence))
            draft.warnings.append(sentence)
            return draft
    return _parse_best(page, today)


def page_doubts(draft: SessionDraft, page: OcrPage, today: date) -> list[Finding]:
    """Every doubt over the whole draft, after the names are stripped of an icon column."""
    names = [*icon_column(draft), *chrome_title(draft), *name_doubts(draft)]
    sets = [*doubt.assisted_sign(draft), *doubt.implausible_distances(draft)]
    rows = [*doubt.lost_digits(draft, page), *doubt.lost_rows(draft, page)]
    return [*names, *sets, *rows, *doubt.weight_lost(draft), *future_date(draft, today)]


def _parse_best(page: OcrPage, today: date) -> SessionDraft:
    """Parse with the best-scoring layout; the generic parser when none is convincing."""
    modules = layouts()
    apps = {name: s for name, s in scores(page).items() if name != "generic"}
    ranked = sorted(apps.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0] if ranked else ("generic", 0.0)
    if best_score <= MIN_SCORE:
        best = "generic"
    try:
        draft: SessionDraft = read_sheet(page) or modules[best].parse(page)
    except Exception as exc:  # a parser bug degrades to the generic parse, never a crash
        draft = generic.parse(page)
        sentence = f"layout {best} failed ({type(exc).__name__}: {exc}); parsed generically"
        draft.findings.append(finding("layout.failed", "error", sentence))
        return conclude(draft, page)
    if doubts := [*page_doubts(draft, page, today), *doubt.sets_against_summary(draft, page)]:
        draft.findings.extend(doubts)
        draft = conclude(draft, page)
    return draft
