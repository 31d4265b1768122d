"""Pick the layout that fits a page best and parse it (generic as the fallback).

Every layout module exposes `score(page) -> float` (0..1) and
`parse(page) -> SessionDraft`. Modules that are not installed yet are skipped.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ingest.read import generic
from schema.models import OcrPage, SessionDraft

LAYOUT_MODULES = ("strong", "hevy", "fleek", "notes")
# Below this, no specific layout is convincing and the generic parser decides.
MIN_SCORE = 0.3


def layout_modules() -> dict[str, ModuleType]:
    """The importable layout modules by name, generic last."""
    found: dict[str, ModuleType] = {}
    for name in LAYOUT_MODULES:
        try:
            module = importlib.import_module(f"ingest.read.{name}")
        except ImportError:
            continue
        if hasattr(module, "score") and hasattr(module, "parse"):
            found[name] = module
    found["generic"] = generic
    return found


def scores(page: OcrPage) -> dict[str, float]:
    """Every layout's score for the page (a layout whose scorer fails scores 0)."""
    result: dict[str, float] = {}
    for name, module in layout_modules().items():
        try:
            result[name] = float(module.score(page))
        except Exception:  # a scorer bug must not stop the other layouts
            result[name] = 0.0
    return result


def parse_page(page: OcrPage) -> SessionDraft:
    """Parse with the best-scoring layout; the generic parser when none is convincing."""
    modules = layout_modules()
    ranked = sorted(scores(page).items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0] if ranked else ("generic", 0.0)
    if best_score < MIN_SCORE:
        best = "generic"
    try:
        draft: SessionDraft = modules[best].parse(page)
    except Exception as exc:  # a parser bug degrades to the generic parse, never a crash
        draft = generic.parse(page)
        draft.warnings.append(
            f"layout {best} failed ({type(exc).__name__}: {exc}); parsed generically"
        )
        draft.needs_review = True
        return draft
    runner_up = next((s for name, s in ranked if name != best), 0.0)
    if best != "generic" and best_score - runner_up < 0.1:
        draft.warnings.append(
            f"layout {best} chosen narrowly over another (scores {best_score:.2f}/{runner_up:.2f})"
        )
    return draft
