"""The apps the reader knows: one list, in this file.

Every entry is a module of `ingest.read`. A module that has `score(page) -> float`
and `parse(page) -> SessionDraft` is a layout `detect` may choose (`generic` is the
fallback and comes last); a module's `VOCABULARY` (`ingest.read.vocabulary`) adds its
words and set-row hooks to the one engine. The imports are plain: an app module that
fails to import stops the reader at start, it never silently disappears.
To add an app: write its module, add it to `APPS` (see docs/adding-an-app.md).
"""

from __future__ import annotations

from types import ModuleType

from ingest.read import fleek, generic, hevy, japanese, notes, strong
from ingest.read.vocabulary import BASE, Vocabulary

APPS: tuple[ModuleType, ...] = (strong, hevy, fleek, notes, japanese, generic)


def layouts() -> dict[str, ModuleType]:
    """The apps that are layouts (they score and parse a page), by name, generic last."""
    found = {
        module.__name__.rsplit(".", 1)[1]: module
        for module in APPS
        if module is not generic and hasattr(module, "score") and hasattr(module, "parse")
    }
    found["generic"] = generic
    return found


def app_vocabulary() -> Vocabulary:
    """The base vocabulary joined with every app's own."""
    joined = BASE
    for module in APPS:
        own = getattr(module, "VOCABULARY", None)
        if isinstance(own, Vocabulary):
            joined = joined | own
    return joined
