"""The one exercise-name normaliser used everywhere.

Ingest stores `name_norm = normalise(raw_name)` and the bind job groups rows by
it, so it must be deterministic, idempotent (`normalise(normalise(x)) ==
normalise(x)`) and cheap. It only removes differences of *spelling*, never of
*meaning*; everything that needs judgement (typos, OCR confusions, token order,
noise words such as "heavy" or "5x5", fuzzy scoring) belongs to the matcher.

What it does, in order:

1. Unicode NFKC (full-width letters, half-width katakana, ligatures) and casefold.
2. A bracketed group is moved to the front: Strong and Hevy write
   `Bench Press (Barbell)` where JEFIT writes `Barbell Bench Press`; both become
   `barbell bench press`. `|` becomes `l` (the only OCR repair done here: the
   bar never belongs in a name and would otherwise be lost as punctuation).
3. Punctuation and hyphens become spaces; the Japanese middle dot disappears.
4. Whitespace between two Hangul / kana / kanji characters is removed, because
   Korean and Japanese apps space names freely (`바벨 벤치 프레스` ==
   `바벨벤치프레스`); whitespace elsewhere collapses to one space.
5. Latin words lose their plural (`presses`, `curls`, `flyes`, `calves`).
6. Spelling variants become one form: compounds (`pull up`, `pull-up`,
   `pullups` -> `pullup`), abbreviations, expanded word by word wherever they
   stand (`db`, `bb`, `kb`, `ez`, `sa`, `cg`, `inc`, `bp`, `rdl`, `ohp`,
   `cgbp`, `sldl`...), synonyms of an implement (`smith machine` -> `smith`,
   `one arm` -> `single arm`, `lever` -> `machine`) and the German and Spanish
   implement words (`kurzhantel` -> `dumbbell`, `polea` -> `cable`).

`words_of` / `tokens_of` (end of the module) are the matcher's view of a
name: the normalised words minus set/rep noise (`5x5`, `heavy`, `warm up`),
with digits inside words read as the letters OCR confused them with.

`NORMALISER_VERSION` changes whenever this module (or Python's Unicode data)
does; the bind job records it and re-normalises stored names when it differs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Characters of scripts written without spaces between words.
_CJK = (
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul jamo, compatibility jamo, syllables
    "\u3040-\u30ff\u31f0-\u31ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs
)
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_BRACKETED = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]?")
_NON_WORD = re.compile(r"[^\w]+")
_MIDDLE_DOT = re.compile("[\u30fb\u00b7]")

# Plural forms that the generic rule below gets wrong, and words it must leave alone.
_PLURAL_EXCEPTIONS = {
    "calves": "calf",
    "flyes": "fly",
    "flies": "fly",
    "flye": "fly",
    "abs": "abs",
    "press": "press",
    "cross": "cross",
    "plus": "plus",
    "bus": "bus",
    "glutes": "glute",
    "biceps": "bicep",
    "triceps": "tricep",
    "quads": "quad",
    "lats": "lat",
    "delts": "delt",
    "series": "series",
    "swiss": "swiss",
    "ups": "up",
    "downs": "down",
    "outs": "out",
}

# Multi-word spelling variants, applied left to right on whole words after the
# plural step. Longer phrases first so that `lat pull down` is seen whole.
_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(src.split()), tuple(dst.split()))
    for src, dst in (
        ("low to high", "lowtohigh"),  # a direction: order matters, so one word
        ("high to low", "hightolow"),
        ("smith machine", "smith"),
        ("plate loaded", "machine"),
        ("lever", "machine"),
        ("hammer strength", "machine"),
        ("dumbell", "dumbbell"),
        ("dumbel", "dumbbell"),
        ("dl", "deadlift"),
        ("db", "dumbbell"),
        ("dbs", "dumbbell"),
        ("bb", "barbell"),
        ("kb", "kettlebell"),
        ("ez bar", "ezbar"),
        ("e z bar", "ezbar"),
        ("ez curl bar", "ezbar"),
        ("ez", "ezbar"),
        ("sz stange", "ezbar"),  # German: the SZ bar is the EZ bar
        ("szstange", "ezbar"),
        ("sz", "ezbar"),
        ("hex bar", "trapbar"),
        ("trap bar", "trapbar"),
        ("hexbar", "trapbar"),
        ("t bar", "tbar"),
        ("one arm", "single arm"),
        ("1 arm", "single arm"),
        ("one leg", "single leg"),
        ("1 leg", "single leg"),
        ("one legged", "single leg"),
        ("single legged", "single leg"),
        ("stiff legged", "stiff leg"),
        ("pull up", "pullup"),
        ("chin up", "chinup"),
        ("push up", "pushup"),
        ("press up", "pushup"),
        ("sit up", "situp"),
        ("step up", "stepup"),
        ("pull down", "pulldown"),
        ("push down", "pushdown"),
        ("pull over", "pullover"),
        ("press down", "pushdown"),
        ("pressdown", "pushdown"),
        ("paused", "pause"),
        ("alternating", "alternate"),
        ("kick back", "kickback"),
        ("dead lift", "deadlift"),
        ("cross over", "crossover"),
        ("skull crusher", "skullcrusher"),
        ("hyper extension", "hyperextension"),
        ("hyper", "hyperextension"),
        ("rdl", "romanian deadlift"),
        ("sldl", "stiff leg deadlift"),
        ("sdl", "stiff leg deadlift"),
        ("ohp", "overhead press"),
        ("cgbp", "close grip bench press"),
        ("bss", "bulgarian split squat"),
        ("ghr", "glute ham raise"),
        ("hspu", "handstand pushup"),
        ("ssb", "safety bar"),
        ("bp", "bench press"),
        ("inc", "incline"),
        ("dec", "decline"),
        ("sa", "single arm"),
        ("sl", "single leg"),
        ("cg", "close grip"),
        ("wg", "wide grip"),
        ("ng", "neutral grip"),
        ("bw", "bodyweight"),
        ("ext", "extension"),
        ("pd", "pulldown"),
        ("sm", "smith"),
        # Implements in German and Spanish names, so `Bankdrücken mit Kurzhanteln`
        # and `Press de banca con mancuernas` name their implement the English way.
        ("kurzhantel", "dumbbell"),
        ("kurzhanteln", "dumbbell"),
        ("langhantel", "barbell"),
        ("kabelzug", "cable"),
        ("kabel", "cable"),
        ("maschine", "machine"),
        ("multipresse", "smith"),
        ("mancuerna", "dumbbell"),
        ("barra z", "ezbar"),  # before `barra`: the Z bar is the EZ bar, not a barbell
        ("barra ez", "ezbar"),
        ("barra", "barbell"),
        ("polea", "cable"),
        ("maquina", "machine"),
        ("máquina", "machine"),
        ("multipower", "smith"),
    )
)
_PHRASE_FIRST = {src[0] for src, _ in _PHRASES}

# The rules are this module's code, so its bytes (and the Unicode tables NFKC
# and casefold use) identify the normaliser that wrote a stored `name_norm`.
NORMALISER_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + unicodedata.unidata_version.encode()
).hexdigest()[:16]


def _singular(word: str) -> str:
    """The singular of one latin word; other scripts and short words pass unchanged."""
    if word in _PLURAL_EXCEPTIONS:
        return _PLURAL_EXCEPTIONS[word]
    if len(word) <= 3 or not word.isascii() or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]


def _rewrite_phrases(words: list[str]) -> list[str]:
    """Replace the spelling-variant phrases of `_PHRASES`, longest first, left to right."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _PHRASE_FIRST:
            for src, dst in _PHRASES:
                if tuple(words[i : i + len(src)]) == src:
                    out.extend(dst)
                    i += len(src)
                    break
            else:
                out.append(words[i])
                i += 1
        else:
            out.append(words[i])
            i += 1
    return out


def _bracket_first(text: str) -> str:
    """Move bracketed groups to the front: `bench press (barbell)` -> `barbell bench press`."""
    groups = [g for g in _BRACKETED.findall(text) if g.strip()]
    if not groups:
        return text
    rest = _BRACKETED.sub(" ", text)
    return " ".join([*groups, rest])


@lru_cache(maxsize=262_144)
def normalise(name: str) -> str:
    """The normalised form of an exercise name (see the module docstring); `""` for no name."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("|", "l")
    text = _bracket_first(text)
    text = _MIDDLE_DOT.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = _CJK_GAP.sub("", text.strip())
    words = [_singular(w) for w in text.split()]
    # Twice, because a rewrite can create the start of another (`1 arm db` -> ...).
    words = _rewrite_phrases(_rewrite_phrases(words))
    return " ".join(words)


# -- the matcher's words ----------------------------------------------------------------------
# Not part of `normalise` (stored names keep them), but what the matcher compares:
# the normalised words without set/rep noise, with OCR digits inside words read as letters.

Tokens = tuple[str, ...]

_NOISE_TEXT = (
    "heavy light top set sets backoff working amrap pr rpe rep reps superset dropset x "
    "kg lb lbs min sec round rounds each per "
    # German and Spanish articles and prepositions (`mit`, `am`, `con`, `de`, ...)
    "mit am an der dem den con en de la el al del"
)
_NOISE_WORDS = frozenset(_NOISE_TEXT.split())
_NOISE_PHRASES = re.compile(r"\b(?:warm ?up|cool ?down|back ?off|drop ?set|top set)\b")
_NOISE_TOKEN = re.compile(r"^(?:\d+|\d+x\d*|x\d+|\d+(?:kg|lb|lbs|rep|reps|set|sets|rm|s))$")
_WORD = re.compile(r"[^\W_]+")
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b"})


def _ocr_digits(match: re.Match[str]) -> str:
    word = match.group()
    if _NOISE_TOKEN.match(word.casefold()):
        return word
    if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
        return word.translate(_OCR_DIGITS)
    return word


@lru_cache(maxsize=262_144)
def words_of(name: str) -> Tokens:
    """The words of a name that the matcher compares, in order, noise removed, no repeats."""
    # Digits inside words are OCR misreads (`8ench`, `Barbe11`); repaired before
    # `normalise` so that its plural and compound rules see the real word.
    text = _NOISE_PHRASES.sub(" ", normalise(_WORD.sub(_ocr_digits, name)))
    words: list[str] = []
    for word in text.split():
        if word not in words and word not in _NOISE_WORDS and not _NOISE_TOKEN.match(word):
            words.append(word)
    return tuple(words)


def tokens_of(name: str) -> Tokens:
    """The distinct, sorted words of a name: two names with the same tokens are the same."""
    return tuple(sorted(words_of(name)))
