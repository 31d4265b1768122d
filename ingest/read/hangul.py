"""Hangul helpers for reading OCR output: jamo spelling and a misread distance.

A Hangul syllable is an initial consonant, a vowel and an optional final
consonant. OCR mistakes are usually one of those parts, not a whole
syllable, so names are compared spelled out as jamo.
"""

from __future__ import annotations

import re

# A whole Hangul syllable (not a lone jamo).
HANGUL = re.compile(r"[\uac00-\ud7a3]")

_FIRST_FINAL = 0x11A8  # jamo code points from here on are final consonants
# Vowels that differ only by where a short stroke sits; OCR swaps them easily.
_O, _U, _EO, _A = "\u1169", "\u116e", "\u1165", "\u1161"  # ㅗ ㅜ ㅓ ㅏ as vowel jamo
_VOWEL_MIRRORS = frozenset({(_O, _U), (_U, _O), (_EO, _A), (_A, _EO)})


def jamo(text: str) -> str:
    """Hangul syllables spelled out as jamo, so one misread stroke is one edit, not one syllable."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out += [chr(0x1100 + code // 588), chr(0x1161 + (code % 588) // 28)]
            out += [chr(0x11A7 + code % 28)] if code % 28 else []
        else:
            out.append(ch)
    return "".join(out)


def misread_distance(read: str, shown: str) -> float:
    """Edit distance between two jamo spellings, weighted for how big bold Hangul is misread.

    A lost or extra final consonant costs 0.5 (they vanish in heavy glyphs:
    `보그` for `복근`), a mirrored vowel (`ㅗ`/`ㅜ`, `ㅓ`/`ㅏ`) 0.5, anything else 1.
    """

    def indel(ch: str) -> float:
        return 0.5 if ord(ch) >= _FIRST_FINAL else 1.0

    prev = [0.0]
    for ch in shown:
        prev.append(prev[-1] + indel(ch))
    for a in read:
        row = [prev[0] + indel(a)]
        for j, b in enumerate(shown, start=1):
            swap = 0.0 if a == b else 0.5 if (a, b) in _VOWEL_MIRRORS else 1.0
            row.append(min(prev[j] + indel(a), row[j - 1] + indel(b), prev[j - 1] + swap))
        prev = row
    return prev[-1]
