"""The canonical exercise catalogue shipped in `fixtures/catalogue.json`.

Key scheme (stable: keys are stored in `session_exercises.alias_key`):

* snake_case ASCII, `[qualifiers_]movement[_implement]`, e.g. `bench_press`,
  `incline_bench_press_dumbbell`, `seated_leg_curl`, `single_arm_row_dumbbell`.
* Qualifiers (incline, decline, close_grip, front, romanian, sumo, stiff_leg,
  seated, standing, lying, single_leg, single_arm, reverse, weighted,
  assisted, ...) come first, in the order people say them.
* The implement suffix (`_barbell`, `_dumbbell`, `_machine`, `_cable`,
  `_smith`, `_ezbar`, `_kettlebell`, `_trap_bar`) is left out when the plain
  name already means that implement: `bench_press` is the barbell lift,
  `leg_press` the machine, `pullup` bodyweight, `lat_pulldown` the cable.
  When a plain name means no implement in particular (`Bicep Curl`), every
  variant carries its suffix and the plain name is no alias at all.
* An implement that is part of the name stays in it (`kettlebell_swing`).

Each exercise lists the aliases people write: app spellings (Strong/Hevy
`Bench Press (Barbell)`, JEFIT `Barbell Bench Press`), abbreviations, plurals,
Korean and Japanese names. The display name is always an alias too. No two
keys share an alias after `workers.normalise.normalise` (a unit test checks).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from schema.errors import ConfigError

DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.json"


class CanonicalExercise(BaseModel):
    """One canonical exercise: the key rows bind to, and the names that mean it."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    display_name: str
    equipment: str
    muscles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class Catalogue(BaseModel):
    """The whole catalogue; `version` is the sha256 (first 16 hex) of the file's bytes."""

    model_config = ConfigDict(frozen=True)

    version: str
    exercises: tuple[CanonicalExercise, ...]

    def by_key(self) -> dict[str, CanonicalExercise]:
        """The exercises indexed by key."""
        return {ex.key: ex for ex in self.exercises}


def parse_catalogue(data: bytes) -> Catalogue:
    """A Catalogue from the bytes of a catalogue JSON file (pure; no file access)."""
    try:
        doc = json.loads(data.decode("utf-8"))
        exercises = tuple(CanonicalExercise.model_validate(e) for e in doc["exercises"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError("invalid exercise catalogue", detail=str(exc)) from exc
    keys = [ex.key for ex in exercises]
    if len(set(keys)) != len(keys):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        raise ConfigError("duplicate catalogue keys", detail=", ".join(duplicates))
    return Catalogue(version=hashlib.sha256(data).hexdigest()[:16], exercises=exercises)


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read exercise catalogue {path}", detail=str(exc)) from exc
    return parse_catalogue(data)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load the catalogue (cached per path); default: the shipped `fixtures/catalogue.json`."""
    return _load((path or DEFAULT_CATALOGUE_PATH).resolve())
