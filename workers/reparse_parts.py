"""The new read of a stitched session: its parts' drafts combined the way stitching does (pure).

Each part is read on its own; the exercise sequences are lined up with
`schema.stitching` (sets compared by their values, not by the OCR line they
came from), so what the scroll repeated is counted once and the order is kept.
Parts that no longer overlap are put one after the other, in part order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from schema.models import ExerciseDraft, SessionDraft, SetDraft
from schema.stitching import Exercise, join, stitch_all

# Exercise refs must be unique across parts: part index * this + position.
_REF_STEP = 100_000


@dataclass(frozen=True)
class _Item:
    look: tuple[object, ...]
    draft: SetDraft = field(compare=False, hash=False)


def _look(s: SetDraft) -> tuple[object, ...]:
    return (s.set_type, s.reps, s.weight, s.unit, s.duration_s, s.distance, s.rpe)


def combine_parts(drafts: Sequence[SessionDraft], normalise: Callable[[str], str]) -> SessionDraft:
    """One draft for a session read from several screenshots, in part order."""
    if len(drafts) == 1:
        return drafts[0]
    names: dict[int, str] = {}
    parts: list[list[Exercise[_Item]]] = []
    for p, draft in enumerate(drafts):
        part: list[Exercise[_Item]] = []
        for pos, ex in enumerate(draft.exercises):
            ref = p * _REF_STEP + pos
            names[ref] = ex.raw_name
            items = tuple(_Item(_look(s), s) for s in ex.sets)
            part.append(Exercise(normalise(ex.raw_name), items, ref))
        parts.append(part)
    groups = stitch_all(parts)
    sequence: list[Exercise[_Item]] = groups[0] if groups else []
    for group in groups[1:]:
        sequence = join(sequence, group)
    first = drafts[0]
    warnings = [w for d in drafts for w in d.warnings]
    return first.model_copy(
        update={
            "exercises": [
                ExerciseDraft(raw_name=names[e.ref], sets=[i.draft for i in e.sets])
                for e in sequence
            ],
            "confidence": min(d.confidence for d in drafts),
            "needs_review": any(d.needs_review for d in drafts),
            "warnings": list(dict.fromkeys(warnings)),
            "findings": [f for d in drafts for f in d.findings],
        }
    )
