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
4. equipment unsure: a name naming no implement whose words (bench and
   SOFT words aside) are those of aliases of two or more keys that differ
   by their implement (`Shoulder Press`) -> `ambiguous`, with those keys.
5. corrected: unknown words are corrected against the catalogue vocabulary
   (one edit for words up to 7 letters, two beyond, transpositions count
   once, `rn` read as `m`; a run-together `benchpress` is split; a Korean or
   Japanese name is compared whole, see `workers.names.cjk`). If the
   corrected names hit aliases of exactly one key -> `fuzzy`; of several
   keys -> `ambiguous`, with them.
6. subset: an alias whose every significant word (qualifier, implement,
   movement, body part) is in the name, while each extra word of the name
   occurs in some alias of the same key (`Cable Fly Crossovers`). A word known
   to no alias blocks this step, so `Meadows Row` never becomes a row and
   `Incline Bench Press` never `bench_press`. The best key must lead the
   runner-up by `MARGIN` -> `fuzzy`; keys within `MARGIN` of the best ->
   `ambiguous`.
7. otherwise `unmapped`, with up to three suggestions; but when the name's
   words are all known, one a movement, and the two best suggestions score at least
   `CLOSE_MIN_SCORE` within `MARGIN` of each other -> `ambiguous`.

An `ambiguous` name is never bound: its candidates (key, display name,
score, best first) are its `suggestions`, for an operator to decide.
Scores are 0..100 (100 for exact, operator and ignored; for `fuzzy` the
similarity of the name to the alias it bound to; for `unmapped` and
`ambiguous` the score of the best suggestion or candidate). A wrong binding
costs more than none, so every fuzzy step is a set rule with a veto, never
"the first alias found inside a name".
The word classes (qualifiers, implements, movements, body parts, CJK guard
words) live in `workers.names.catalogue`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from schema.models import MatchResult
from schema.name_norm import Tokens, words_of
from schema.name_norm import tokens_of as tokens_of  # re-exported for the bind job
from workers.names.catalogue import IMPLEMENTS, MOVEMENTS, SOFT, STRICT, Catalogue
from workers.names.cjk import CjkIndex, is_cjk, with_implement

MARGIN = 5.0
# Suggestions this good and within MARGIN of each other make a name ambiguous, not unmapped.
CLOSE_MIN_SCORE = 70.0
# Words a name may leave out on its way to an equipment variant (`Incline Press` is
# `Incline Bench Press (Dumbbell)`, `(Barbell)`, ...): see `_plain_candidates`.
FILLER = SOFT | {"bench"}


@dataclass(frozen=True)
class _Alias:
    tokens: Tokens
    text: str  # the tokens joined, for scoring
    key: str


@dataclass(frozen=True)
class _Found:
    """What a fuzzy step found: one key, or the keys it cannot tell apart (key, alias text)."""

    keys: tuple[tuple[str, str], ...]


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
                derived.extend((d, ex.key) for d in with_implement(toks, ex.equipment))
        for toks, key in derived:  # an explicit alias always beats a derived one
            if toks not in self._exact:
                self._add(toks, key)
        for alias_norm, named in (extra_aliases or {}).items():
            toks = tokens_of(alias_norm)
            key = catalogue.current_key(named)  # an operator alias follows a retired key
            self._operator[toks] = key
            self._add(toks, key, force=True)
        self._ignored = {tokens_of(name) for name in ignored}
        self._aliases = [_Alias(t, " ".join(t), k) for t, k in self._exact.items() if k]
        self._by_strict: dict[frozenset[str], list[_Alias]] = defaultdict(list)
        for a in self._aliases:
            self._by_strict[frozenset(a.tokens) & STRICT].append(a)
        words = {w for a in self._aliases for w in a.tokens}
        latin = sorted(w for w in words if not is_cjk(w))
        self._latin_set = frozenset(latin)
        self._latin_by_len: dict[int, list[str]] = defaultdict(list)
        for w in latin:
            self._latin_by_len[len(w)].append(w)
        self._alias_texts = [a.text for a in self._aliases]
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(self._aliases):
            for w in a.tokens:
                self._by_word[w].append(i)
        self._corrections: dict[str, tuple[str, ...]] = {}
        self._cjk = CjkIndex(
            words, (a for ex in catalogue.exercises for a in ex.aliases), self._exact
        )
        # Aliases naming one implement, by their words without it: the equipment
        # variants a name that names no implement could mean.
        self._by_plain: dict[frozenset[str], dict[str, str]] = defaultdict(dict)
        for a in self._aliases:
            if sum(t in IMPLEMENTS for t in a.tokens) == 1:
                plain = frozenset(a.tokens) - IMPLEMENTS - FILLER
                self._by_plain[plain].setdefault(a.key, a.text)

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
        exact = self._exact.get(toks) or self._cjk.reordered(toks)
        if exact:
            return MatchResult(raw_name=raw, alias_key=exact, score=100.0, method="exact")
        text = " ".join(toks)
        found = self._plain_candidates(toks) or self._corrected(words) or self._subset(words)
        if found is not None:
            return self._found_result(raw, text, found)
        suggestions = self._suggest(text)
        best = suggestions[0]["score"] if suggestions else 0.0
        close = [s for s in suggestions if best - s["score"] < MARGIN]
        method = "unmapped"
        known = set(toks) <= self._latin_set and bool(set(toks) & MOVEMENTS)
        if len(close) > 1 and best >= CLOSE_MIN_SCORE and known:
            # Two keys fit the name's known words about equally well (`Cable Kickback`).
            method, suggestions = "ambiguous", close
        return MatchResult(
            raw_name=raw, alias_key=None, score=best, method=method, suggestions=suggestions
        )

    def _found_result(self, raw: str, text: str, found: _Found) -> MatchResult:
        """Bound (`fuzzy`) when one key was found; `ambiguous` with the candidates otherwise."""
        scored = sorted(
            ((round(max(fuzz.ratio(text, alias), 50.0), 1), key) for key, alias in found.keys),
            key=lambda sk: (-sk[0], sk[1]),
        )
        if len(scored) == 1:
            score, key = scored[0]
            return MatchResult(raw_name=raw, alias_key=key, score=score, method="fuzzy")
        candidates = [
            {"alias_key": key, "display_name": self._display.get(key, key), "score": score}
            for score, key in scored
        ]
        return MatchResult(
            raw_name=raw,
            alias_key=None,
            score=scored[0][0],
            method="ambiguous",
            suggestions=candidates,
        )

    def _plain_candidates(self, toks: Tokens) -> _Found | None:
        """Step 4: a name naming no implement, whose words fit two or more equipment variants.

        `Shoulder Press` is `Shoulder Press (Dumbbell)`, `(Machine)`, ...: only the
        equipment is unsure, so the name is ambiguous rather than bound to one of them.
        """
        if any(t in IMPLEMENTS for t in toks):
            return None
        plain = frozenset(toks) - FILLER
        if not plain & MOVEMENTS:
            return None
        variants = self._by_plain.get(plain, {})
        return _Found(tuple(variants.items())) if len(variants) > 1 else None

    def _corrected(self, words: Tokens) -> _Found | None:
        """Step 5: correct unknown words; one key when all hits agree, else the keys hit."""
        options = [(w,) if w in self._latin_set else self._correct(w) for w in words]
        if any(not o for o in options) or all(
            o == (w,) for o, w in zip(options, words, strict=True)
        ):
            return None
        hits: dict[str, str] = {}
        plain: dict[str, str] = {}
        for combo in itertools.islice(itertools.product(*options), 64):
            cand = tokens_of(" ".join(combo))
            key = self._exact.get(cand)
            if key:
                hits.setdefault(key, " ".join(cand))
            variants = self._plain_candidates(cand)
            for k, alias in variants.keys if variants else ():
                plain.setdefault(k, alias)
        if hits:
            return _Found(tuple(hits.items()))
        return _Found(tuple(plain.items())) if plain else None

    def _correct(self, word: str) -> tuple[str, ...]:
        if word not in self._corrections:
            if is_cjk(word):
                self._corrections[word] = self._cjk.correct(word)
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

    def _subset(self, words: Tokens) -> _Found | None:
        """Step 6: an alias contained in the name whose key explains every extra word."""
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
        top = ranked[0][1][0]
        return _Found(tuple((k, alias) for k, (s, alias) in ranked if top - s < MARGIN))

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
