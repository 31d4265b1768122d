"""Fleek's session titles: muscle-group words (`가슴 이두`) read back from OCR's syllables.

Big bold titles lose final consonants and gain phantom syllables; a title names
muscle groups from a short list, so its syllables are split into known groups, a
group one stroke off is that group, and runs still unknown are matched by sound
(flagged guesses).
"""

from __future__ import annotations

import re

from ingest.read.findings import finding
from ingest.read.fleek_names import _HANGUL, MUSCLE_GROUPS, _nearest, _segment, _tokens, guess
from ingest.read.hangul import jamo, misread_distance
from schema.models import Finding, OcrWord


def _split_letters(letters: str, words: frozenset[str]) -> list[str] | None:
    """`letters` cut into known words (fewest words), or None when it cannot be."""
    best: list[list[str] | None] = [[]] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 12), end):
            prefix = best[start]
            if prefix is not None and letters[start:end] in words:
                candidate = [*prefix, letters[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[-1]


def _groups_by_sound(letters: str) -> list[str] | None:
    """`letters` cut into muscle groups each within a misread distance of 2 (and
    nearer to it than to any other group), fewest groups on a tie; None when no such cut exists."""
    groups = [(g, jamo(g)) for g in MUSCLE_GROUPS]
    best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 3), end):
            prev = best[start]
            if prev is None:
                continue
            piece = jamo(letters[start:end])
            # A syllable count that differs costs a little too (`드그` is `둔근` before `등`).
            size = end - start
            ranked = sorted(
                (misread_distance(piece, j) + 0.25 * abs(len(g) - size), g) for g, j in groups
            )
            cost, group = ranked[0]
            if cost > 2 or ranked[1][0] <= cost:
                continue
            # Each group costs a little: on a tie, `드그` is one `둔근`, not `등 등`.
            current = best[end]
            if current is None or prev[0] + cost + 0.1 < current[0]:
                best[end] = (prev[0] + cost + 0.1, [*prev[1], group])
    found = best[-1]
    return found[1] if found else None


def _groups_with_strays(letters: str, words: frozenset[str]) -> list[str] | None:
    """Known words found in `letters` when no more than one stray syllable sits
    before, between or after them; None if anything else is left over."""
    pattern = "|".join(sorted(words, key=len, reverse=True))
    found = list(re.finditer(pattern, letters))
    if not found:
        return None
    edges = [0, *(x for m in found for x in (m.start(), m.end())), len(letters)]
    gaps = [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]
    return [m.group(0) for m in found] if all(g <= 1 for g in gaps) else None


def restore_title(words: list[OcrWord]) -> tuple[str | None, list[Finding]]:
    """The muscle-group title (`가슴 이두`), spaced as muscle-group words."""
    tokens = _tokens(words)
    if not tokens:
        return None, [finding("title.missing", "doubt", "no title found")]
    known = frozenset(MUSCLE_GROUPS)
    letters = "".join(t.text for t in tokens)
    groups = _split_letters(letters, known)
    if groups is None:
        # Phantom syllables glued to real ones (`삼두는 가슴스 등드`): drop single
        # stray syllables between groups, but say so.
        kept = _groups_with_strays(letters, known)
        if kept:
            sentence = f"title read as {letters!r}, stray syllables dropped"
            return " ".join(kept), [guess("title.strays", sentence)]
        groups = _segment(tokens, known).split()
    # A group with one misread stroke (`아체` for `하체`, `눈 근` for `둔근`) is still that group.
    fixed: list[str] = []
    notes: list[Finding] = []
    for g in groups:
        if fixed and fixed[-1] not in known and g not in known:
            joined = _nearest(fixed[-1] + g, MUSCLE_GROUPS)
            # Two unknown syllables side by side are one group that lost its final
            # consonants (`드` `그` for `둔근`), before either is taken for `등` alone.
            pair = fixed[-1] + g
            sound = _groups_by_sound(pair) if all(_HANGUL.fullmatch(c) for c in pair) else None
            if not joined and sound and len(sound) == 1:
                sentence = f"title words {fixed[-1]} {g} guessed as {sound[0]!r}"
                notes.append(guess("title.guessed", sentence))
                joined = sound[0]
            if joined:
                fixed[-1] = joined
                continue
        fixed.append(g)
    groups = [g if g in known else _nearest(g, MUSCLE_GROUPS) or g for g in fixed]
    # Runs still unknown: big bold titles lose final consonants (`보그저와` for
    # `복근 전완`); matched by sound, two strokes at most per group, and flagged.
    restored: list[str] = []
    run: list[str] = []
    for g in [*groups, ""]:
        if g and g not in known and all(_HANGUL.fullmatch(c) for c in g):
            run.append(g)
            continue
        if run:
            by_sound = _groups_by_sound("".join(run))
            if by_sound:
                sentence = f"title words {' '.join(run)!r} guessed as {' '.join(by_sound)!r}"
                notes.append(guess("title.guessed", sentence))
            restored += by_sound or run
            run = []
        if g:
            restored.append(g)
    # A title names each group once; a repeat is the same word read twice.
    restored = [g for i, g in enumerate(restored) if g not in known or g not in restored[:i]]
    title = " ".join(restored)
    if any(g not in known for g in restored):
        return title, [*notes, guess("title.unreadable", f"title partly unreadable: {title!r}")]
    return title, notes
