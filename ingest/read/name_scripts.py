"""Names in the wrong script: on a page whose names are Japanese or Korean, a name read
in Latin letters is most likely OCR garbage (`懸垂` read as `SE`, `딥스` as `ClAo`).

OCR reads a CJK word it could not read as a few Latin letters, often with good
confidence, and nothing in the letters tells they are wrong. The page tells: when
its other names and its title are in one CJK script, a short Latin-only name among
them is doubted (a finding), never silently accepted. A name spelled out in Latin
words (`Bench Press` among `スクワット`) is still doubted: it is rare on these apps,
and a look costs less than a wrong name kept.
"""

from __future__ import annotations

import re

from ingest.read.findings import finding
from schema.models import Finding, SessionDraft, Where

_SCRIPTS = {
    "Japanese": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
    "Korean": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
}
_LATIN = re.compile(r"[A-Za-z]")


def page_script(draft: SessionDraft) -> str | None:
    """The CJK script most of the page's names and its title are written in, if any."""
    texts = [e.raw_name for e in draft.exercises] + ([draft.title] if draft.title else [])
    for script, letters in _SCRIPTS.items():
        if 2 * sum(bool(letters.search(t)) for t in texts) > len(texts) >= 2:
            return script
    return None


def wrong_script_names(draft: SessionDraft) -> list[Finding]:
    """A doubt for each exercise name with Latin letters and none of the page's CJK script."""
    script = page_script(draft)
    if script is None:
        return []
    letters = _SCRIPTS[script]
    found: list[Finding] = []
    for index, exercise in enumerate(draft.exercises):
        name = exercise.raw_name
        if _LATIN.search(name) and not letters.search(name):
            sentence = f"name {name!r} is in Latin letters on a {script} page: garbled?"
            found.append(finding("name.wrong_script", "doubt", sentence, Where(exercise=index)))
    return found
