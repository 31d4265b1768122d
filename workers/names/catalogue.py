"""The canonical exercise catalogue shipped as package data (`workers/names/data/catalogue.json`).

Keys are stable (stored in `session_exercises.alias_key`); the rules are
written down in docs/names.md:

* one key per movement and equipment: `key = family` when the equipment is
  the one the plain name means (`bench_press` is the barbell lift), else
  `key = family + "_" + EQUIPMENT_SUFFIX[equipment]` (`bench_press_dumbbell`);
* `family` is the movement without equipment, for roll-up (`bench_press`);
* the EZ bar is an equipment of its own (`bicep_curl_ezbar` beside
  `bicep_curl_barbell`, same family); attachments (V-bar, straight bar) are none;
* a key that leaves the catalogue is listed in `retired` with the key that
  replaced it, so operator aliases naming it follow, and the bind job's next
  full run moves its rows through ordinary binding events.

Each exercise lists the aliases people write: app spellings (Strong/Hevy
`Bench Press (Barbell)`, JEFIT `Barbell Bench Press`), plurals, and Korean,
Japanese (kana and romaji), German and Spanish names. The display name is
always an alias too. No two keys share an alias after
`schema.name_norm.normalise` (a unit test checks). Abbreviations (`db`,
`ohp`, ...) are expanded word by word by the normaliser, not listed here.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from schema.errors import ConfigError

# -- the vocabulary of aliases, by the part a word plays (used by the matcher) ---------------
# Qualifiers and implements make a different exercise; movements and body parts
# say what the exercise is. The matcher never lets a name drop or add one of
# these words on its way to an alias (see workers/matcher.py, steps 4 and 5).


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


IMPLEMENTS = _wordset(
    "barbell dumbbell machine cable smith kettlebell ezbar band trapbar bodyweight tbar"
)
QUALIFIERS = _wordset(
    """incline decline close wide narrow reverse underhand front romanian sumo stiff seated
    standing lying prone kneeling single weighted assisted overhead hack bulgarian split goblet
    pause deficit behind hammer preacher concentration spider zercher box jump pistol sissy
    nordic pendlay upright landmine rack floor walking lateral rear side hanging diamond pike
    handstand neutral power hang push arnold safety belt pendulum low high rope drag bayesian
    jm svend military air lowtohigh hightolow"""
)
MOVEMENTS = _wordset(
    """press curl row fly raise extension squat deadlift lunge pulldown pullup chinup pushup dip
    shrug crunch thrust bridge kickback pullover pushdown clean snatch jerk swing plank situp
    stepup twist rollout walk carry run jump climber rowing cycling walking bike treadmill
    elliptical morning thruster getup burpee slam crossover deck hyperextension hyper pull hold
    kick bug dog flag bend jack ball rope swimming hiking erg rower wheel chop woodchopper
    muscle"""
)
BODY_PARTS = _wordset(
    "chest shoulder leg calf hip glute lat tricep bicep back ab abs hamstring quad wrist neck "
    "delt pec forearm tibialis tib toe knee"
)
STRICT = IMPLEMENTS | QUALIFIERS | MOVEMENTS | BODY_PARTS
# Words an alias may have that a name may leave out (`Dumbbell Rear Lateral
# Raise` is the alias `Dumbbell Bent Over Lateral Raise`).
SOFT = _wordset("flat bent over grip bar degree conventional standard alternate")

# Korean and Japanese spellings of qualifier and implement words: a corrected
# CJK name must contain the same ones as the alias it is corrected to.
CJK_GUARDS = {
    "incline": ("인클라인", "インクライン"),
    "decline": ("디클라인", "デクライン"),
    "dumbbell": ("덤벨", "ダンベル"),
    "barbell": ("바벨", "バーベル"),
    "smith": ("스미스", "スミス"),
    "machine": ("머신", "マシン"),
    "cable": ("케이블", "ケーブル"),
    "ezbar": ("이지바", "ezバー", "イージーバー"),
    "romanian": ("루마니안", "ルーマニアン"),
    "sumo": ("스모", "スモウ", "スモー", "相撲"),
    "front": ("프론트", "프런트", "フロント"),
    "seated": ("시티드", "シーテッド"),
    "standing": ("스탠딩", "スタンディング"),
    "lying": ("라잉", "ライイング"),
    "close": ("클로즈", "クローズ", "ナロー"),
    "single": ("원암", "싱글", "ワンアーム", "ワンハンド", "シングル"),
    "reverse": ("리버스", "リバース"),
    "weighted": ("웨이티드", "중량", "加重"),
    "assisted": ("어시스트", "アシスト"),
    "hammer": ("해머", "ハンマー"),
    "overhead": ("오버헤드", "オーバーヘッド"),
    "rope": ("로프", "ロープ"),
    "stiff": ("스티프", "スティッフ"),
}
CJK_IMPLEMENT_WORDS = {
    "barbell": ("바벨", "バーベル"),
    "dumbbell": ("덤벨", "ダンベル"),
    "machine": ("머신", "マシン"),
    "cable": ("케이블", "ケーブル"),
    "smith": ("스미스", "スミス"),
    "kettlebell": ("케틀벨", "ケトルベル"),
    "ezbar": ("이지바", "ezバー", "イージーバー"),
}


# The key suffix of each equipment (docs/names.md); equipment not listed takes none.
EQUIPMENT_SUFFIX = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "machine": "machine",
    "cable": "cable",
    "smith": "smith",
    "ezbar": "ezbar",
    "kettlebell": "kettlebell",
    "band": "band",
    "bodyweight": "bodyweight",
    "trapbar": "trap_bar",
    "plate": "plate",
    "treadmill": "treadmill",
}


class CanonicalExercise(BaseModel):
    """One canonical exercise: the key rows bind to, and the names that mean it."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    # The movement without equipment (`bench_press` for `bench_press_dumbbell`).
    family: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    display_name: str
    equipment: str
    muscles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class Catalogue(BaseModel):
    """The whole catalogue; `version` is the sha256 (first 16 hex) of the file's bytes."""

    model_config = ConfigDict(frozen=True)

    version: str
    exercises: tuple[CanonicalExercise, ...]
    # Keys that left the catalogue -> the key that replaced them.
    retired: dict[str, str] = Field(default_factory=dict)

    def current_key(self, key: str) -> str:
        """The key that stands for `key` now: itself, or what replaced it when it was retired."""
        return self.retired.get(key, key)


def _allowed_keys(ex: CanonicalExercise) -> set[str]:
    """docs/names.md: the key is the family, or the family and its equipment's suffix."""
    suffix = EQUIPMENT_SUFFIX.get(ex.equipment)
    return {ex.family} | ({f"{ex.family}_{suffix}"} if suffix else set())


def parse_catalogue(data: bytes) -> Catalogue:
    """A Catalogue from the bytes of a catalogue JSON file (pure; no file access)."""
    try:
        doc = json.loads(data.decode("utf-8"))
        exercises = tuple(CanonicalExercise.model_validate(e) for e in doc["exercises"])
        retired = {str(k): str(v) for k, v in dict(doc.get("retired", {})).items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError("invalid exercise catalogue", detail=str(exc)) from exc
    keys = [ex.key for ex in exercises]
    if len(set(keys)) != len(keys):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        raise ConfigError("duplicate catalogue keys", detail=", ".join(duplicates))
    misnamed = sorted(ex.key for ex in exercises if ex.key not in _allowed_keys(ex))
    if misnamed:
        raise ConfigError("keys must be family [+ equipment suffix]", detail=", ".join(misnamed))
    stale = sorted(k for k, v in retired.items() if k in keys or v not in keys)
    if stale:
        raise ConfigError("retired keys must be gone and point at a key", detail=", ".join(stale))
    return Catalogue(
        version=hashlib.sha256(data).hexdigest()[:16], exercises=exercises, retired=retired
    )


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read exercise catalogue {path}", detail=str(exc)) from exc
    return parse_catalogue(data)


def shipped_catalogue_bytes() -> bytes:
    """The bytes of the catalogue shipped inside the package (found through importlib.resources)."""
    return resources.files("workers.names").joinpath("data", "catalogue.json").read_bytes()


@cache
def _load_shipped() -> Catalogue:
    return parse_catalogue(shipped_catalogue_bytes())


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load the catalogue (cached); default: the one shipped as package data."""
    return _load_shipped() if path is None else _load(path.resolve())
