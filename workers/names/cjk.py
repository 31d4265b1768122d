"""Korean and Japanese names for the matcher: correction, word order, implied implements.

Korean and Japanese apps write a name as one run of characters
(`인클라인덤벨프레스`), so the matcher cannot compare them word by word as it
does Latin names. Three things happen here instead:

* correction: an unknown CJK word is compared whole, jamo by jamo (Hangul
  split with NFD, small kana folded, which OCR confuses), against the
  catalogue's CJK words, and must keep its qualifier and implement words
  (`CJK_GUARDS`);
* word order: a name is tiled with the catalogue's CJK words, so that
  `덤벨인클라인프레스` is the same set of words as `인클라인 덤벨 프레스`;
* implied implement: `레그프레스` is also `머신레그프레스`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from schema.name_norm import Tokens, normalise
from workers.names.catalogue import CJK_GUARDS, CJK_IMPLEMENT_WORDS, IMPLEMENTS

CJK_MIN_SIMILARITY = 86.0
# A correction must beat the runner-up by this much (same scale as the matcher's MARGIN).
CJK_MARGIN = 5.0

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮ", "アイウエオツヤユヨワ")
_CJK_CHAR = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u9fff]")
_HANGUL = re.compile("[\uac00-\ud7af]")


def is_cjk(token: str) -> bool:
    """True when the word holds Hangul, kana or kanji."""
    return bool(_CJK_CHAR.search(token))


def _cjk_key(token: str) -> str:
    """Comparison form of a CJK word: Hangul split into jamo, small kana folded (OCR)."""
    return unicodedata.normalize("NFD", token.translate(_SMALL_KANA))


def cjk_guards(token: str) -> frozenset[str]:
    """The qualifier and implement words (in English) a CJK word spells."""
    found = {g for g, words in CJK_GUARDS.items() if any(w in token for w in words)}
    if "smith" in found:
        found.discard("machine")  # スミスマシン / 스미스 머신 is one implement
    return frozenset(found)


def with_implement(toks: Tokens, equipment: str) -> list[Tokens]:
    """The alias with the exercise's own implement named: `leg press` -> `machine leg press`."""
    if equipment not in IMPLEMENTS or any(t in IMPLEMENTS for t in toks):
        return []
    if all(is_cjk(t) for t in toks) and len(toks) == 1:
        word = toks[0]
        if cjk_guards(word) & IMPLEMENTS:
            return []
        korean = bool(_HANGUL.search(word))
        return [
            (prefix + word,)
            for prefix in CJK_IMPLEMENT_WORDS.get(equipment, ())
            if bool(_HANGUL.search(prefix)) == korean
        ]
    return [tuple(sorted({*toks, equipment}))]


class CjkIndex:
    """The catalogue's CJK words, for correcting and re-ordering CJK names."""

    def __init__(
        self,
        alias_words: Iterable[str],
        raw_aliases: Iterable[str],
        exact: Mapping[Tokens, str | None],
    ) -> None:
        self._words = sorted(w for w in set(alias_words) if is_cjk(w))
        self._keys = [_cjk_key(w) for w in self._words]
        self._guards = [cjk_guards(w) for w in self._words]
        # Words as the catalogue spaces them (`인클라인 덤벨 프레스`), for tiling.
        self._tiles = {w for words in CJK_GUARDS.values() for w in words}
        for alias in raw_aliases:
            parts = re.split(r"[\s・·]+", alias)
            self._tiles.update(normalise(p) for p in parts if p and is_cjk(p))
        self._sets: dict[frozenset[str], str | None] = {}
        for toks, bound in exact.items():
            seg = self._segment(toks)
            if seg and bound and self._sets.setdefault(seg, bound) != bound:
                self._sets[seg] = None  # two keys tile the same words: no decision

    def _segment(self, toks: Tokens) -> frozenset[str] | None:
        """The catalogue's CJK words that exactly tile a one-word CJK name (finest tiling)."""
        if len(toks) != 1 or not is_cjk(toks[0]):
            return None
        word = toks[0]
        best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 10), end):
                prefix = best[start]
                if (
                    prefix is not None
                    and word[start:end] in self._tiles
                    and (best[end] is None or len(prefix) + 1 > len(best[end] or ()))
                ):
                    best[end] = (*prefix, word[start:end])
        found = best[len(word)]
        return frozenset(found) if found and len(found) > 1 else None

    def reordered(self, toks: Tokens) -> str | None:
        """The key of an alias with the same CJK words in another order, if exactly one."""
        seg = self._segment(toks)
        return self._sets.get(seg) if seg else None

    def correct(self, word: str) -> tuple[str, ...]:
        """The catalogue CJK word this one is a misspelling of, if one stands out."""
        guards = cjk_guards(word)
        found = process.extract(
            _cjk_key(word),
            self._keys,
            scorer=fuzz.ratio,
            score_cutoff=CJK_MIN_SIMILARITY,
            limit=8,
        )
        ranked = [(s, self._words[i]) for _, s, i in found if self._guards[i] == guards]
        if not ranked:
            return ()
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < CJK_MARGIN:
            return ()
        return (ranked[0][1],)
