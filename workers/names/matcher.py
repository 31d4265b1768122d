"""The alias matcher: a raw exercise name -> a canonical key, or honestly none.

Pure and deterministic: no database, no files. The bind job builds one
`Matcher` per run (catalogue + operator aliases + ignored names) and calls
`match_many` on the distinct names.

A name is tokenised (`schema.name_norm.normalise`, then noise such as `5x5`,
`heavy`, `warm up` dropped and OCR digits inside words read as letters:
`8ench` -> `bench`, `Pu11` -> `pull`) and compared as an unordered token set,
so `Bench Press (Barbell)` and `Barbell Bench Press` are one key. Then, first
decision wins:

1. ignored: an operator declared this name (normalised) no exercise ->
   `ignored`, no key (as in the bind job, an ignore beats a mapping).
2. operator: an operator mapped this name -> `operator`.
3. exact: the token set is a catalogue alias (or an alias plus the
   exercise's own implement: `Leg Press (Machine)`) -> `exact`, score 100.
4. corrected: unknown words are corrected against the catalogue vocabulary
   (one edit for words up to 7 letters, two beyond, transpositions count
   once, `rn` read as `m`; a run-together `benchpress` is split; a Korean or
   Japanese name is compared whole, jamo by jamo, and must keep its qualifier
   and implement words). If the corrected names hit aliases of exactly one
   key -> `fuzzy`.
5. subset: an alias whose every significant word (qualifier, implement,
   movement, body part) is in the name, while each extra word of the name
   occurs in some alias of the same key (`Cable Fly Crossovers`). A word known
   to no alias blocks this step, so `Meadows Row` never becomes a row and
   `Incline Bench Press` never `bench_press`. The best key must lead the
   runner-up by `MARGIN` -> `fuzzy`.
6. otherwise `unmapped`, with up to three suggestions.

Scores are 0..100 (100 for exact, operator and ignored; for `fuzzy` the
similarity of the name to the alias it bound to; for `unmapped` the score of
the best suggestion). A wrong binding costs more than none, so every fuzzy
step is a set rule with a veto, never "the first alias found inside a name".
The word classes (qualifiers, implements, movements, body parts, CJK guard
words) live in `workers.names.catalogue`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from schema.models import MatchResult
from schema.name_norm import Tokens, normalise, words_of
from schema.name_norm import tokens_of as tokens_of  # re-exported for the bind job
from workers.names.catalogue import (
    CJK_GUARDS,
    CJK_IMPLEMENT_WORDS,
    IMPLEMENTS,
    SOFT,
    STRICT,
    Catalogue,
)

MARGIN = 5.0
CJK_MIN_SIMILARITY = 86.0

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮ", "アイウエオツヤユヨワ")
_CJK_CHAR = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u9fff]")
_HANGUL = re.compile("[\uac00-\ud7af]")


def _is_cjk(token: str) -> bool:
    return bool(_CJK_CHAR.search(token))


def _cjk_key(token: str) -> str:
    """Comparison form of a CJK word: Hangul split into jamo, small kana folded (OCR)."""
    return unicodedata.normalize("NFD", token.translate(_SMALL_KANA))


def _cjk_guards(token: str) -> frozenset[str]:
    found = {g for g, words in CJK_GUARDS.items() if any(w in token for w in words)}
    if "smith" in found:
        found.discard("machine")  # スミスマシン / 스미스 머신 is one implement
    return frozenset(found)


@dataclass(frozen=True)
class _Alias:
    tokens: Tokens
    text: str  # the tokens joined, for scoring
    key: str


class Matcher:
    """Decides canonical keys for raw names (see the module docstring for the rules)."""

    def __init__(
        self,
        catalogue: Catalogue,
        extra_aliases: Mapping[str, str] | None = None,
        ignored: Collection[str] = (),
    ) -> None:
        self.catalogue = catalogue
        self._display = {ex.key: ex.display_name for ex in catalogue.exercises}
        self._exact: dict[Tokens, str | None] = {}
        self._universe: dict[str, set[str]] = defaultdict(set)
        self._operator: dict[Tokens, str] = {}
        self._ignored: set[Tokens] = set()
        derived: list[tuple[Tokens, str]] = []
        for ex in catalogue.exercises:
            for alias in (ex.display_name, *ex.aliases):
                toks = tokens_of(alias)
                self._add(toks, ex.key)
                derived.extend((d, ex.key) for d in _with_implement(toks, ex.equipment))
        for toks, key in derived:  # an explicit alias always beats a derived one
            if toks not in self._exact:
                self._add(toks, key)
        for alias_norm, key in (extra_aliases or {}).items():
            toks = tokens_of(alias_norm)
            self._operator[toks] = key
            self._add(toks, key, force=True)
        self._ignored = {tokens_of(name) for name in ignored}
        self._aliases = [_Alias(t, " ".join(t), k) for t, k in self._exact.items() if k]
        self._by_strict: dict[frozenset[str], list[_Alias]] = defaultdict(list)
        for a in self._aliases:
            self._by_strict[frozenset(a.tokens) & STRICT].append(a)
        words = {w for a in self._aliases for w in a.tokens}
        latin = sorted(w for w in words if not _is_cjk(w))
        self._latin_set = frozenset(latin)
        self._latin_by_len: dict[int, list[str]] = defaultdict(list)
        for w in latin:
            self._latin_by_len[len(w)].append(w)
        cjk = sorted(w for w in words if _is_cjk(w))
        self._cjk = cjk
        self._cjk_keys = [_cjk_key(w) for w in cjk]
        self._cjk_guards = [_cjk_guards(w) for w in cjk]
        self._alias_texts = [a.text for a in self._aliases]
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(self._aliases):
            for w in a.tokens:
                self._by_word[w].append(i)
        self._corrections: dict[str, tuple[str, ...]] = {}
        # Korean/Japanese words as the catalogue spaces them (`인클라인 덤벨 프레스`),
        # so that a CJK name in another word order is still the same set of words.
        self._cjk_words = {w for words in CJK_GUARDS.values() for w in words}
        for ex in catalogue.exercises:
            for alias in ex.aliases:
                parts = re.split(r"[\s・·]+", alias)
                self._cjk_words.update(normalise(p) for p in parts if p and _is_cjk(p))
        self._cjk_sets: dict[frozenset[str], str | None] = {}
        for toks, bound in self._exact.items():
            seg = self._segment(toks)
            if seg and bound and self._cjk_sets.setdefault(seg, bound) != bound:
                self._cjk_sets[seg] = None  # two keys tile the same words: no decision

    def _segment(self, toks: Tokens) -> frozenset[str] | None:
        """The catalogue's CJK words that exactly tile a one-word CJK name (finest tiling)."""
        if len(toks) != 1 or not _is_cjk(toks[0]):
            return None
        word = toks[0]
        best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 10), end):
                prefix = best[start]
                if (
                    prefix is not None
                    and word[start:end] in self._cjk_words
                    and (best[end] is None or len(prefix) + 1 > len(best[end] or ()))
                ):
                    best[end] = (*prefix, word[start:end])
        found = best[len(word)]
        return frozenset(found) if found and len(found) > 1 else None

    def _cjk_reordered(self, toks: Tokens) -> str | None:
        seg = self._segment(toks)
        return self._cjk_sets.get(seg) if seg else None

    def _add(self, toks: Tokens, key: str, force: bool = False) -> None:
        if not toks:
            return
        if force or toks not in self._exact:
            self._exact[toks] = key
        elif self._exact[toks] != key:
            self._exact[toks] = None  # two keys claim it: it decides nothing
        self._universe[key].update(toks)

    # -- public API ---------------------------------------------------------------------------

    def match(self, raw_name: str) -> MatchResult:
        """The decision for one raw name."""
        return self._decide(raw_name, words_of(raw_name))

    def match_many(self, names: Iterable[str]) -> dict[str, MatchResult]:
        """Decisions for many names; each distinct token set is decided once."""
        decided: dict[Tokens, MatchResult] = {}
        out: dict[str, MatchResult] = {}
        for name in names:
            if name in out:
                continue
            words = words_of(name)
            if words not in decided:
                decided[words] = self._decide(name, words)
            out[name] = decided[words].model_copy(update={"raw_name": name})
        return out

    # -- the decision -------------------------------------------------------------------------

    def _decide(self, raw: str, words: Tokens) -> MatchResult:
        toks = tuple(sorted(words))
        if toks in self._ignored:
            return MatchResult(raw_name=raw, alias_key=None, score=100.0, method="ignored")
        if toks in self._operator:
            return MatchResult(
                raw_name=raw, alias_key=self._operator[toks], score=100.0, method="operator"
            )
        exact = self._exact.get(toks) or self._cjk_reordered(toks)
        if exact:
            return MatchResult(raw_name=raw, alias_key=exact, score=100.0, method="exact")
        text = " ".join(toks)
        hit = self._corrected(words) or self._subset(words)
        if hit is not None:
            key, alias_text = hit
            score = round(max(fuzz.ratio(text, alias_text), 50.0), 1)
            return MatchResult(raw_name=raw, alias_key=key, score=score, method="fuzzy")
        suggestions = self._suggest(text)
        best = suggestions[0]["score"] if suggestions else 0.0
        return MatchResult(
            raw_name=raw, alias_key=None, score=best, method="unmapped", suggestions=suggestions
        )

    def _corrected(self, words: Tokens) -> tuple[str, str] | None:
        """Step 4: correct unknown words; accept when all hits agree on one key."""
        options = [(w,) if w in self._latin_set else self._correct(w) for w in words]
        if any(not o for o in options) or all(
            o == (w,) for o, w in zip(options, words, strict=True)
        ):
            return None
        hits: dict[str, str] = {}
        for combo in itertools.islice(itertools.product(*options), 64):
            cand = tokens_of(" ".join(combo))
            key = self._exact.get(cand)
            if key:
                hits.setdefault(key, " ".join(cand))
        if len(hits) != 1:
            return None
        return next(iter(hits.items()))

    def _correct(self, word: str) -> tuple[str, ...]:
        if word not in self._corrections:
            if _is_cjk(word):
                self._corrections[word] = self._correct_cjk(word)
            else:
                self._corrections[word] = self._correct_latin(word)
        return self._corrections[word]

    def _correct_latin(self, word: str) -> tuple[str, ...]:
        if len(word) < 3 or not word.isalpha():
            return ()
        for a, b in (("rn", "m"), ("vv", "w")):
            if a in word and word.replace(a, b) in self._latin_set:
                return (word.replace(a, b),)
        limit = 1 if len(word) <= 7 else 2
        # `normalise` may have taken a final s for a plural (`pres` -> `pre`): try it back.
        # Only words of a near length can be within `limit` edits.
        near = [
            w
            for n in range(len(word) - limit, len(word) + limit + 2)
            for w in self._latin_by_len.get(n, ())
        ]
        found = [
            (w, d)
            for variant in (word, word + "s")
            for w, d, _ in process.extract(
                variant, near, scorer=OSA.distance, score_cutoff=limit, limit=6
            )
        ]
        if found:
            best = min(d for _, d in found)
            return tuple(sorted({w for w, d in found if d == best}))
        for i in range(2, len(word) - 1):  # `benchpress` -> `bench press`
            if word[:i] in self._latin_set and word[i:] in self._latin_set:
                return (f"{word[:i]} {word[i:]}",)
        return ()

    def _correct_cjk(self, word: str) -> tuple[str, ...]:
        guards = _cjk_guards(word)
        found = process.extract(
            _cjk_key(word),
            self._cjk_keys,
            scorer=fuzz.ratio,
            score_cutoff=CJK_MIN_SIMILARITY,
            limit=8,
        )
        ranked = [(s, self._cjk[i]) for _, s, i in found if self._cjk_guards[i] == guards]
        if not ranked:
            return ()
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
            return ()
        return (ranked[0][1],)

    def _subset(self, words: Tokens) -> tuple[str, str] | None:
        """Step 5: an alias contained in the name whose key explains every extra word."""
        fixed = []
        for w in words:
            options = (w,) if w in self._latin_set else self._correct(w)
            if len(options) != 1:
                return None  # an unknown or ambiguous word: no set rule can vouch for it
            fixed.extend(options[0].split())
        name = frozenset(tokens_of(" ".join(fixed)))
        strict = sorted(name & STRICT)
        text = " ".join(sorted(name))
        best: dict[str, tuple[float, str]] = {}
        for size in range(len(strict), 0, -1):
            for subset in itertools.combinations(strict, size):
                for alias in self._by_strict.get(frozenset(subset), ()):
                    missing = set(alias.tokens) - name
                    if not missing <= SOFT or (missing and len(name & set(alias.tokens)) < 2):
                        continue
                    if not name - set(alias.tokens) <= self._universe[alias.key]:
                        continue
                    score = fuzz.ratio(text, alias.text)
                    if score > best.get(alias.key, (-1.0, ""))[0]:
                        best[alias.key] = (score, alias.text)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < MARGIN:
            return None
        return ranked[0][0], ranked[0][1][1]

    def _suggest(self, text: str) -> list[dict[str, Any]]:
        """Up to three distinct keys whose aliases look most like the name."""
        if not text:
            return []
        # Rank the aliases sharing a (corrected) word with the name; only when
        # none does, every alias, by the cheap plain ratio.
        pool: set[int] = set()
        for word in text.split():
            options = (word,) if word in self._by_word else self._correct(word)
            for option in options:
                for w in option.split():
                    pool.update(self._by_word.get(w, ()))
        if pool:
            # Half shared words (Jaccard), half spelling (Indel ratio).
            words = set(text.split())
            found = []
            for i in pool:
                alias = self._aliases[i]
                shared = len(words.intersection(alias.tokens))
                jaccard = shared / (len(words) + len(alias.tokens) - shared)
                found.append((50 * jaccard + fuzz.ratio(text, alias.text) / 2, i))
            found.sort(key=lambda si: (-si[0], si[1]))
        else:
            found = [
                (score, i)
                for _, score, i in process.extract(
                    text, self._alias_texts, scorer=fuzz.ratio, limit=12, score_cutoff=50
                )
            ]
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for score, i in found:
            key = self._aliases[i].key
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "alias_key": key,
                    "display_name": self._display.get(key, key),
                    "score": round(score, 1),
                }
            )
            if len(out) == 3:
                break
        return out


def _with_implement(toks: Tokens, equipment: str) -> list[Tokens]:
    """The alias with the exercise's own implement named: `leg press` -> `machine leg press`."""
    if equipment not in IMPLEMENTS or any(t in IMPLEMENTS for t in toks):
        return []
    if all(_is_cjk(t) for t in toks) and len(toks) == 1:
        word = toks[0]
        if _cjk_guards(word) & IMPLEMENTS:
            return []
        korean = bool(_HANGUL.search(word))
        return [
            (prefix + word,)
            for prefix in CJK_IMPLEMENT_WORDS.get(equipment, ())
            if bool(_HANGUL.search(prefix)) == korean
        ]
    return [tuple(sorted({*toks, equipment}))]
