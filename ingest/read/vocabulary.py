"""The words the reading engine knows, by what they mark on a page.

`BASE` holds the words any app uses (English); each app module adds its own as
`VOCABULARY` (the Japanese app its labels, Strong its tab bar), and the registry
(`ingest.read.registry`) joins them into the one vocabulary the engine reads with.
Words are lower case; a header word names the column it heads (`KG` the weight,
with its unit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

_SetRole = Literal[
    "set", "weight", "reps", "weight_reps", "time", "distance", "rpe", "previous", "one_rm", "check"
]
ColumnRole = _SetRole | Literal["exercise", "date", "notes"]  # the last: a log's columns (`sheet`)


def words(text: str) -> frozenset[str]:
    """A set of words from a space-separated string."""
    return frozenset(text.split())


def columns(spec: str) -> dict[str, ColumnRole]:
    """Header words from `role:word word ...; role:word ...`."""
    table: dict[str, ColumnRole] = {}
    for part in spec.split(";"):
        role, _, names = part.strip().partition(":")
        for name in names.split():
            table[name] = role  # type: ignore[assignment]
    return table


@dataclass(frozen=True)
class Vocabulary:
    """Chrome words (buttons, tabs: a row of only these is no data), summary labels (`Time`
    `Volume`), column header words, badges that mark a warm-up set (`W`, `アップ`), and
    hooks that respell a set row in the grammar's words (`1セット目 60kg 8回` -> `Set 1: ...`)."""

    chrome: frozenset[str] = frozenset()
    stats: frozenset[str] = frozenset()
    headers: Mapping[str, ColumnRole] = field(default_factory=dict)
    warmup_badges: frozenset[str] = frozenset()
    respell: tuple[Callable[[str], str], ...] = ()

    def __or__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(
            self.chrome | other.chrome,
            self.stats | other.stats,
            {**self.headers, **other.headers},
            self.warmup_badges | other.warmup_badges,
            self.respell + other.respell,
        )


BASE = Vocabulary(
    chrome=words(
        "edit share finish done back cancel save history home workout profile log start add "
        "exercise exercises discard menu more set notes here detail details"
    ),
    stats=words(
        "time duration volume sets records prs pr kcal calories exercises reps distance total "
        "workouts"
    ),
    headers=columns(
        "set:set #; weight:kg lbs lb weight; reps:reps rep; time:time duration; "
        "distance:km mi m distance; rpe:rpe; previous:previous prev; one_rm:1rm e1rm; "
        "check:✓ ✔ v"
    ),
    warmup_badges=words("w"),
)
# Units a header word prints for its column.
UNITS = {"kg": "kg", "lbs": "lb", "lb": "lb", "km": "km", "mi": "mi", "m": "m"}

# Words exercise names are made of (English, lower case): a name word one letter away from
# one of these and not itself one is most likely misread (`Deadiift`).
NAME_WORDS = words(
    "abduction adduction alternating alternate arnold around assisted back ball band bands "
    "barbell battle behind belt bench bend bent bicep biceps bicycle bike bird body bodyweight "
    "box bridge bulgarian burpee cable calf calves carry chair chest chin clean climber close "
    "concentration conventional cooldown core crossover cross crunch curl cycling dead deadlift "
    "deck decline deficit delt diamond dip dragon dumbbell elbow elliptical extension face "
    "farmer flat floor flutter fly flye front glute goblet good grip hack hammer hamstring "
    "handstand hang hanging high hiking hold hollow horizontal hyperextension incline inner "
    "inverted jack jackknife jerk jump jumping kettlebell kickback kick knee kneeling landmine "
    "lateral legged lower lunge lying machine medicine military morning mountain muscle narrow "
    "neck neutral nordic oblique outer over overhand overhead pallof pause paused pendlay "
    "pendulum pike pistol plank plate power preacher press prowler pull pulldown pullover "
    "pullup push pushdown pushup quad rack raise rear reverse rock roller rollout romanian rope "
    "rotation rower rowing running russian safety scissor seated shoulder shrug side single "
    "sissy situp skiing skip skullcrusher slam sled smith snatch spider split squat squeeze "
    "stability stair standing stationary step stiff straight stretch stretching sumo superman "
    "supported swimming swing tempo thigh through thrust thruster tibialis tricep triceps "
    "torso trainer trap treadmill turkish twist under underhand unilateral upper upright walk "
    "walking wall warmup weighted wheel wide woodchop wrist yoga zercher zottman"
)
