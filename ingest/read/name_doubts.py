"""Doubts about what a page's read says, from what any log holds: names made of words
in the page's script, dates not in the future, titles that are no status bar's clock.

OCR misreads a letter of a word it knows well (`Deadiift`), leaves a stray mark beside a
CJK name (`シシンーング /`), reads a CJK word as a few Latin letters (`懸垂` as `SE`; on a
page whose other names and title are in one CJK script, any Latin-only name is doubted),
or a card's icon left of a name as `O`, `CO)`, `@` (stripped when most names of the page
have one, doubted on a lone name), or katakana as other katakana (`ラルニシダグ`, unsure).
Each rule turns what cannot be right, or is most likely misread, into a `doubt` finding.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from rapidfuzz.distance import Levenshtein

from ingest.ocr.languages import SCRIPT_OF
from ingest.read.findings import finding
from ingest.read.names import exercise_name
from ingest.read.vocabulary import NAME_WORDS
from schema.models import Finding, OcrLine, SessionDraft, Where

# A word shorter than this is too often one letter from another real word.
_MIN_LETTERS = 5
# Endings a known word takes in a name (`Curls`, `Inclined`, `Lunges`).
_ENDINGS = ("s", "es", "ed", "d", "ing")
# The CJK scripts by name, as OCR tells them apart (`ingest.ocr.languages`).
_SCRIPTS = {"Japanese": SCRIPT_OF["jpn"], "Korean": SCRIPT_OF["kor"]}
_CJK = re.compile("|".join(p.pattern for p in _SCRIPTS.values()))
_LATIN = re.compile(r"[A-Za-z]")
# A token with no letter or digit of any script: `/`, `|`, `_`, `-`, `.`.
_LONE_MARK = re.compile(r"[^\w\s]+|_+")
# A card's round thumbnail or icon left of the name, as OCR reads it: `O`, `O)`, `CO)`, `@`.
_ICON = re.compile(r"^[OC0@©®()\[\]{}|]{1,3} (?=\S)")
# A set's value read into the name (`RDL 2101`, `Squat 100kg`): a name never ends in one.
_VALUE_END = re.compile(r"\d(?:\s*(?:kg|lbs?))?$", re.IGNORECASE)
# Katakana (326 Japanese names: right ones read 83+ but one, each garbled one a word < 65).
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")
# A time zone ahead of the reader's can still be on the next day.
_ZONE_TOLERANCE = timedelta(days=1)


def _known(word: str) -> bool:
    """A name word, or one with an ending a name word takes."""
    return word in NAME_WORDS or any(
        word.endswith(end) and word[: -len(end)] in NAME_WORDS for end in _ENDINGS
    )


def misread_word(name: str) -> str | None:
    """The first Latin word of `name` one edit from a known name word without being one."""
    for match in re.finditer(r"[A-Za-z]+", name):
        word = match.group(0)
        low = word.lower()
        if len(low) < _MIN_LETTERS or _known(low):
            continue
        if any(Levenshtein.distance(low, known, score_cutoff=1) <= 1 for known in NAME_WORDS):
            return word
    return None


def row_doubts(line: OcrLine, index: int) -> list[Finding]:
    """Doubts on a name row: katakana read under 70, every word under 40, a lone mark at an end."""
    where, tokens = Where(exercise=index), line.text.split()
    found = [w.text for w in line.words if _KATAKANA.search(w.text) and w.conf < 70]
    sentence = f"name {line.text!r} read unsurely ({' '.join(found)}); garbled?"
    doubts = [finding("name.unsure_katakana", "doubt", sentence, where)] if found else []
    if max((w.conf for w in line.words), default=100) < 40:  # every word a guess: debris
        doubts.append(finding("name.unsure", "doubt", f"name {line.text!r} read unsurely", where))
    if _CJK.search(line.text) and len(tokens) >= 2:
        for mark in (t for t in {tokens[0], tokens[-1]} if _LONE_MARK.fullmatch(t)):
            sentence = f"name {line.text!r} has a stray {mark!r} at its edge; garbled?"
            doubts.append(finding("name.stray_mark", "doubt", sentence, where, mark=mark))
    return doubts


def page_script(draft: SessionDraft) -> str | None:
    """The CJK script most of the page's names and its title are written in, if any."""
    texts = [e.raw_name for e in draft.exercises] + ([draft.title] if draft.title else [])
    for script, letters in _SCRIPTS.items():
        if 2 * sum(bool(letters.search(t)) for t in texts) > len(texts) >= 2:
            return script
    return None


def name_doubts(draft: SessionDraft) -> list[Finding]:
    """A doubt for each exercise name in Latin letters on a CJK page, or with a misread word."""
    found: list[Finding] = []
    script = page_script(draft)
    for where, name in ((Where(exercise=i), e.raw_name) for i, e in enumerate(draft.exercises)):
        if script and _LATIN.search(name) and not _SCRIPTS[script].search(name):
            sentence = f"name {name!r} is in Latin letters on a {script} page: garbled?"
            found.append(finding("name.wrong_script", "doubt", sentence, where))
        if (word := misread_word(name)) is not None:
            sentence = f"name {name!r}: {word!r} is one letter from a known word; misread?"
            found.append(finding("name.misread_word", "doubt", sentence, where, word=word))
        if name.count("(") > name.count(")"):
            sentence = f"name {name!r} opens a bracket it does not close: garbled?"
            found.append(finding("name.open_bracket", "doubt", sentence, where))
        if _VALUE_END.search(name):
            sentence = f"name {name!r} ends in a number: a set's value read into it?"
            found.append(finding("name.value_end", "doubt", sentence, where))
    return found


def icon_column(draft: SessionDraft) -> list[Finding]:
    """Strip a leading icon token most names of the page (at least 2) begin with: the card's
    icon, not the name. A lone name that begins with one is doubted, not stripped."""
    names = [e.raw_name for e in draft.exercises]
    iconic = [i for i, name in enumerate(names) if _ICON.match(name)]
    if len(iconic) >= 2 and 2 * len(iconic) > len(names):
        for i in iconic:
            draft.exercises[i].raw_name = exercise_name(_ICON.sub("", names[i]))
        return []
    sentence = "name {!r} begins with an icon?"
    return [
        finding("name.icon", "doubt", sentence.format(names[i]), Where(exercise=i)) for i in iconic
    ]


def chrome_title(draft: SessionDraft) -> list[Finding]:
    """A doubt when the title is a time word (`PM`: a clock's) or starts in lowercase (clipped)."""
    if not draft.title or not re.fullmatch(r"(?i:[ap]\.?m\.?)|[a-z].*", draft.title.strip()):
        return []
    sentence = f"title {draft.title!r} is a time word or starts in lowercase: chrome, clipped?"
    return [finding("title.chrome", "doubt", sentence, Where(field="title"))]


def future_date(draft: SessionDraft, today: date) -> list[Finding]:
    """A doubt when the session's date is after `today` (a day's tolerance for time zones)."""
    performed = draft.performed_on
    if performed is None or performed <= today + _ZONE_TOLERANCE:
        return []
    sentence = f"date {performed.isoformat()} is in the future; misread digit?"
    return [finding("date.future", "doubt", sentence, Where(field="date"))]
