"""Findings: what the reader noticed while reading a page, as data.

A finding has a dotted `kind` (`set.unreadable`, `weight.lost_point`...), a severity
(see `schema.models.Severity`), a place and evidence. Decisions read only kind and
severity: `needs_review` and `confidence` are the one place each is computed. The
sentence a person reads is rendered from the finding (`render`), and goes into
`SessionDraft.warnings` for the JSON contract; no code reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable

from schema.models import Finding, OcrPage, SessionDraft, Severity, Where

# How much a finding of a kind lowers the parse's confidence; other kinds weigh by severity.
_KIND_PENALTY = {
    "set.unreadable": 0.2,
    "set.orphan": 0.1,
    "date.missing": 0.2,
    "exercises.none": 0.5,
}
_SEVERITY_PENALTY: dict[Severity, float] = {"note": 0.0, "guess": 0.05, "doubt": 0.05, "error": 0.2}
# Below this confidence a parse goes to review whatever its findings.
REVIEW_BELOW = 0.7


def finding(
    kind: str,
    severity: Severity,
    sentence: str,
    where: Where | None = None,
    **evidence: str | int | float | bool | None,
) -> Finding:
    """A finding whose human sentence is `sentence` (kept as evidence, never matched)."""
    return Finding(
        kind=kind,
        severity=severity,
        where=where or Where(),
        evidence={"sentence": sentence, **evidence},
    )


def each(kind: str, severity: Severity, sentences: Iterable[str]) -> list[Finding]:
    """One finding of `kind` per sentence a repair returned."""
    return [finding(kind, severity, s) for s in sentences]


def render(item: Finding) -> str:
    """The sentence a person reads for a finding."""
    sentence = item.evidence.get("sentence")
    return str(sentence) if sentence is not None else item.kind


def needs_review(findings: Iterable[Finding], confidence: float) -> bool:
    """A parse needs a person's look when any finding is more than a note, or when its
    confidence is low."""
    return any(f.severity != "note" for f in findings) or confidence < REVIEW_BELOW


def confidence(findings: Iterable[Finding], mean_conf: float) -> float:
    """0..1 from the findings' weights, scaled by the OCR's mean word confidence."""
    conf = 1.0 - sum(_KIND_PENALTY.get(f.kind, _SEVERITY_PENALTY[f.severity]) for f in findings)
    if mean_conf > 0:
        conf *= 0.7 + 0.3 * min(100.0, mean_conf) / 100
    return round(max(0.0, min(1.0, conf)), 3)


def conclude(draft: SessionDraft, page: OcrPage) -> SessionDraft:
    """Fill a draft's confidence, review flag and warnings from its findings."""
    draft.confidence = confidence(draft.findings, page.mean_conf)
    draft.needs_review = needs_review(draft.findings, draft.confidence)
    draft.warnings = [*page.warnings, *(render(f) for f in draft.findings)]
    return draft
