"""Fleek names whose word boxes hold more syllables than OCR read.

Tesseract sometimes reads one syllable of a short bold Hangul word and drops
the other, yet keeps the box of the whole word: `딥스` read as `팁` in a box
58 px wide at 32 px high - two syllables' room. A bold Hangul syllable is
about as wide as the text is high, so the box says how many syllables the
word had; a catalogue name of that length whose syllables at the read places
are one misread stroke (jamo) away at most, and the only such name, is the
word. A lone jamo OCR left in the box (`ㅅ` of `스`) says which consonant
starts a lost syllable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from ingest.read.hangul import jamo
from schema.models import OcrWord

_SYLLABLES = re.compile(r"^[\uac00-\ud7a3]+$")
_COMPAT_JAMO = re.compile(r"^[\u3131-\u314e]$")
# Compatibility consonants (as OCR prints a lone jamo) in the order of the initial jamo.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


def _initial(syllable: str) -> str:
    return chr(0x1100 + (ord(syllable) - 0xAC00) // 588)


def _hint(text: str) -> str | None:
    """The initial jamo a lone compatibility consonant stands for (`ㅅ` -> `ᄉ`)."""
    index = _INITIALS.find(text)
    return chr(0x1100 + index) if index >= 0 else None


def lost_syllables_match(
    tokens: Sequence[OcrWord], others: Sequence[OcrWord], names: Sequence[str]
) -> str | None:
    """The one name in `names` a row fits when its word box holds unread syllables.

    `tokens` are the row's cleaned words, `others` the marks cleaning dropped
    (where a lone jamo may be).

    Only single-word rows of short names are tried (one Hangul word, boxes not
    overlapping); every read syllable must sit where the name has it, with one
    jamo misread at most in all, and a lone jamo in the box must start one of
    the unread syllables. None when no name, or more than one, fits.
    """
    syllables = [w for w in tokens if _SYLLABLES.match(w.text)]
    if len(syllables) != len(tokens):
        return None
    if len(syllables) != 1:
        return None
    word = syllables[0]
    if word.height <= 0:
        return None
    room = max(len(word.text), round(word.width / word.height))
    if room <= len(word.text):
        return None
    hints = [
        h
        for w in others
        if _COMPAT_JAMO.match(w.text) and word.left <= w.left + w.width / 2 <= word.right
        for h in [_hint(w.text)]
        if h
    ]
    best: list[tuple[int, str]] = []
    for name in names:
        letters = name.replace(" ", "")
        if len(letters) != room or not _SYLLABLES.match(letters):
            continue
        for offset in range(room - len(word.text) + 1):
            read_at = letters[offset : offset + len(word.text)]
            edits = Levenshtein.distance(jamo(word.text), jamo(read_at))
            unread = letters[:offset] + letters[offset + len(word.text) :]
            if edits <= 1 and all(any(_initial(s) == h for s in unread) for h in hints):
                best.append((edits, name))
                break
    if not best:
        return None
    best.sort()
    tied = {name for edits, name in best if edits == best[0][0]}
    return best[0][1] if len(tied) == 1 else None
