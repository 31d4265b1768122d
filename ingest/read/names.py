"""Exercise names as shown: cleaned of OCR debris, the equipment suffix made whole.

`exercise_name` is what every engine-based layout stores as `raw_name`; `capital_l`
gives a title or name its capital L back (`lower B` -> `Lower B`).
"""

from __future__ import annotations

import re

from ingest.read.common import clean_text
from ingest.read.rows import ONE_RM_SUFFIX

EQUIPMENT = (
    "Barbell",
    "Dumbbell",
    "Cable",
    "Machine",
    "Kettlebell",
    "EZ Bar",
    "Assisted",
    "Treadmill",
    "Weighted",
    "Band",
    "Bodyweight",
    "Smith Machine",
)
_OPEN_TAIL = re.compile(r"\((?P<tail>[A-Za-z ]{3,})[^()A-Za-z]*[a-z]{0,3}$")


def exercise_name(text: str) -> str:
    """The exercise name as shown, cleaned only of OCR debris and a trailing `1RM` column.

    An equipment suffix whose `)` OCR garbled (`(Cablajm`) gets its word and `)` back.
    """
    name = clean_text(ONE_RM_SUFFIX.sub("", clean_text(text)))
    name = re.sub(r"(?<=[a-z]{2})\.(?= [A-Z(])", "", name)  # `Lat. Pulldown`: a stray dot
    words = name.split()
    if (
        len(words) >= 2
        and name[:1].islower()
        and all(w.lstrip("(")[:1].isupper() for w in words[1:])
    ):
        # `lateral Raise`, `lunge (Dumbbell)`: the capital read as lowercase
        name = name[0].upper() + name[1:]
    name = capital_l(name)
    name = _equipment_letter(name)
    m = _OPEN_TAIL.search(name)
    if m and name.count("(") > name.count(")"):
        tail = m.group("tail").lower()
        for word in EQUIPMENT:
            stem = word.lower()[:-1]
            if tail.startswith(stem) and len(tail) <= len(word) + 3:
                return f"{name[: m.start()]}({word})"
    return name


def _equipment_letter(name: str) -> str:
    """`Skullcrusher (fZ Bar)`: one letter of a known equipment suffix misread."""
    m = re.search(r"\((?P<e>[^()]{4,})\)$", name)
    if not m or m.group("e") in EQUIPMENT:
        return name
    for word in EQUIPMENT:
        diff = [(a, b) for a, b in zip(m.group("e"), word, strict=False) if a != b]
        if len(word) == len(m.group("e")) and len(diff) == 1:
            return f"{name[: m.start()]}({word})"
    return name


def capital_l(name: str) -> str:
    """`Hanging leg Raise`, `Lying I.eg Curl`, `l.ower B`: a capital L read as `l`, `I.` or `l.`
    (serif fonts) in a name or title whose other words are all capitalised."""
    words = name.split()
    for i, word in enumerate(words):
        others = [w for j, w in enumerate(words) if j != i and w[:1].isalpha()]
        if not others or not all(w[:1].isupper() for w in others):
            continue
        if re.fullmatch(r"l[a-z]{2,}", word):
            words[i] = "L" + word[1:]
        elif re.fullmatch(r"[Il]\.[a-z]{2,}", word):  # `I.eg`, `l.ower`
            words[i] = "L" + word[2:]
    return " ".join(words)
