"""The sessions pages as HTML (pure): Jinja2 templates in `ingest/web/templates/`.

Autoescaping is on for every template, so values from the database are
escaped. `doubts` places each reason for review on the row it is about: the
reader's findings by their position (`Finding.where`) and corrections that no
longer fit the read by their reference; what has no position is shown for the
whole session. The text of a warning is never searched: a read stored before
findings existed shows its warnings for the whole session.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field

from ingest.read.findings import render
from schema.corrected import CorrectionEvent, SessionView, conflict_text
from schema.models import Finding
from schema.read_diff import ReadChange
from schema.repo_revisions import ReparseRun
from schema.repo_session_list import SessionList


class Doubts(BaseModel):
    """Reasons for review, by where they point."""

    session: list[str] = Field(default_factory=list)
    exercises: dict[int, list[str]] = Field(default_factory=dict)
    sets: dict[str, list[str]] = Field(default_factory=dict)

    def of_set(self, pos: int, ref: str) -> list[str]:
        """Reasons pointing at one set."""
        return self.sets.get(f"{pos}.{ref}", [])


def finding_text(finding: Finding) -> str:
    """The reader's sentence for a finding, with its severity."""
    return f"{render(finding)} ({finding.severity})"


def doubts(view: SessionView) -> Doubts:
    """Every reason for review of the session, placed on its row where possible."""
    out = Doubts()

    def place(pos: int | None, ref: str | None, text: str) -> None:
        if pos is not None and ref is not None:
            out.sets.setdefault(f"{pos}.{ref}", []).append(text)
        elif pos is not None:
            out.exercises.setdefault(pos, []).append(text)
        else:
            out.session.append(text)

    for finding in view.read_findings:
        at = finding.where
        place(at.exercise, None if at.set is None else f"r{at.set}", finding_text(finding))
    for conflict in view.conflicts:
        ref = conflict.evidence.get("set")
        place(conflict.where.exercise, str(ref) if ref else None, conflict_text(conflict))
    if not view.read_findings:  # a read stored before findings existed
        out.session.extend(view.warnings)
    return out


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("ingest.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["duration"] = _duration
    return env


def _num(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def event_text(value: Any) -> str:
    """A before/after value for the audit list."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None) or "—"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def render_list(listing: SessionList, *, review: str, page: int, per_page: int) -> str:
    """The `/sessions` page."""
    pages = max(1, -(-listing.total // per_page))
    return (
        _env()
        .get_template("sessions.html")
        .render(listing=listing, review=review, page=page, pages=pages)
    )


def render_session(
    view: SessionView,
    events: Sequence[CorrectionEvent],
    *,
    flash: tuple[str, bool] | None,
    upload_ids: Sequence[int],
    reparse: ReparseRun | None = None,
) -> str:
    """The `/sessions/{id}` page: screenshot(s) beside the corrected table, and the audit.

    With `reparse` (a run this page queued) it shows the run's progress, reloading
    itself until the run is finished, then what the new read changed here.
    """
    undone = {e.undoes for e in events if e.action == "undo"}
    change = None
    if reparse is not None and str(view.id) in reparse.changes:
        change = ReadChange.model_validate(reparse.changes[str(view.id)])
    return (
        _env()
        .get_template("session.html")
        .render(
            view=view,
            doubts=doubts(view),
            events=list(reversed(events)),
            undone=undone,
            flash=flash,
            upload_ids=upload_ids,
            event_text=event_text,
            reparse=reparse,
            change=change,
        )
    )


def render_locked(path: str) -> str:
    """The token form shown instead of a sessions page until the browser presents the token."""
    return _env().get_template("sessions_locked.html").render(path=path, flash=None)
