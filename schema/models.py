"""Pydantic records shared by ingest and workers.

Drafts (`SessionDraft`, `ExerciseDraft`, `SetDraft`) are what a layout parser
returns: pure data, no ids. Records (`Upload`, `SessionRecord`, ...) are rows
read back from PostgreSQL by the repository modules.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Unit = Literal["kg", "lb"]
SetType = Literal["warmup", "working", "drop", "failure"]
UploadStatus = Literal["queued", "processing", "done", "needs_review", "failed", "rejected"]

LB_TO_KG = 0.45359237


class OcrWord(BaseModel):
    """One word as Tesseract saw it, with its box in image pixels and confidence 0-100.

    `contrast` is how dark its ink stands against the background around it, 0-1
    (black on white near 1, grey placeholder text about half); None where it was
    not measured (OCR recorded before it was).
    """

    model_config = ConfigDict(frozen=True)

    text: str
    left: int = 0
    top: int = 0
    width: int = 0
    height: int = 0
    conf: float = 100.0
    contrast: float | None = None

    @property
    def right(self) -> int:
        """Right edge of the box."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """Bottom edge of the box."""
        return self.top + self.height

    @property
    def centre(self) -> float:
        """Horizontal centre of the box."""
        return self.left + self.width / 2


class OcrLine(BaseModel):
    """A line of words, left to right, as assembled from Tesseract's TSV."""

    model_config = ConfigDict(frozen=True)

    words: tuple[OcrWord, ...] = ()

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        """Mean word confidence (0-100); 0 for an empty line."""
        if not self.words:
            return 0.0
        return sum(w.conf for w in self.words) / len(self.words)

    @property
    def left(self) -> int:
        """Left edge of the line box."""
        return min((w.left for w in self.words), default=0)

    @property
    def top(self) -> int:
        """Top edge of the line box."""
        return min((w.top for w in self.words), default=0)

    @property
    def bottom(self) -> int:
        """Bottom edge of the line box."""
        return max((w.bottom for w in self.words), default=0)

    @property
    def right(self) -> int:
        """Right edge of the line box."""
        return max((w.right for w in self.words), default=0)

    @classmethod
    def from_text(cls, text: str, top: int = 0) -> OcrLine:
        """A line made from plain text (for share text and tests): words spaced 10 px apart."""
        words: list[OcrWord] = []
        x = 0
        for token in text.split():
            width = 10 * len(token)
            words.append(OcrWord(text=token, left=x, top=top, width=width, height=20))
            x += width + 10
        return cls(words=tuple(words))


class OcrPage(BaseModel):
    """The result of one OCR run over one image."""

    lines: list[OcrLine] = Field(default_factory=list)
    engine: str = "tesseract"
    engine_version: str = ""
    languages: str = "eng"
    settings: dict[str, Any] = Field(default_factory=dict)
    width: int = 0
    height: int = 0
    mean_conf: float = 0.0
    millis: int = 0
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """All lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @classmethod
    def from_text(cls, text: str) -> OcrPage:
        """A page made from plain text, one OcrLine per non-empty line."""
        lines = [
            OcrLine.from_text(t, top=30 * i) for i, t in enumerate(text.splitlines()) if t.strip()
        ]
        return cls(lines=lines, engine="text", mean_conf=100.0)


Severity = Literal["note", "guess", "doubt", "error"]
"""How much a finding weighs: a `note` is information only; a `guess` (the reader chose
between readings), a `doubt` (it could not decide) and an `error` (part of the page is
lost) each send the parse to review."""


class Where(BaseModel):
    """Where on the page a finding points: exercise and set positions (0-based) in the
    draft, the OCR line it came from, and the field concerned (`weight`, `reps`, `date`...)."""

    model_config = ConfigDict(frozen=True)

    exercise: int | None = None
    set: int | None = None
    line: int | None = None
    field: str | None = None


class Finding(BaseModel):
    """One thing the reader noticed, as data (a code, a place, evidence), never as text to match.

    `kind` is a dotted code from the reader's table of findings (e.g. `set.unreadable`,
    `date.missing`, `weight.lost_point`); the human sentence is rendered from `kind` and
    `evidence` by the reader, and decisions (review, confidence) read only these fields.
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    severity: Severity
    where: Where = Field(default_factory=Where)
    evidence: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class SetDraft(BaseModel):
    """One set as parsed. `weight` is as shown, in `unit`; negative means assisted."""

    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    set_type: SetType = "working"
    duration_s: int | None = None
    distance: float | None = None
    distance_unit: str | None = None
    rpe: float | None = None
    raw_line: str = ""

    @property
    def is_warmup(self) -> bool:
        """True for warm-up sets."""
        return self.set_type == "warmup"

    @property
    def weight_kg(self) -> float | None:
        """The weight converted to kilograms (None for bodyweight)."""
        if self.weight is None:
            return None
        if self.unit == "lb":
            return round(self.weight * LB_TO_KG, 3)
        return self.weight


class ExerciseDraft(BaseModel):
    """An exercise as seen: the raw name exactly as shown, and its sets in order."""

    raw_name: str
    sets: list[SetDraft] = Field(default_factory=list)


class SessionDraft(BaseModel):
    """What a layout parser returns for one screenshot."""

    layout: str
    title: str | None = None
    performed_on: date | None = None
    duration_min: int | None = None
    exercises: list[ExerciseDraft] = Field(default_factory=list)
    confidence: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    needs_review: bool = False
    findings: list[Finding] = Field(default_factory=list)

    def contract_dict(self) -> dict[str, Any]:
        """The `liftlens parse --json` shape (without `file`), see docs/architecture.md."""
        return {
            "layout": self.layout,
            "performed_on": self.performed_on.isoformat() if self.performed_on else None,
            "title": self.title,
            "exercises": [
                {
                    "raw_name": ex.raw_name,
                    "sets": [
                        {
                            "reps": s.reps,
                            "weight": s.weight,
                            "unit": s.unit,
                            "is_warmup": s.is_warmup,
                            "set_type": s.set_type,
                            "duration_s": s.duration_s,
                            "distance": s.distance,
                            "distance_unit": s.distance_unit,
                            "rpe": s.rpe,
                        }
                        for s in ex.sets
                    ],
                }
                for ex in self.exercises
            ],
            "confidence": round(self.confidence, 3),
            "needs_review": self.needs_review,
            "warnings": list(self.warnings),
        }


class Upload(BaseModel):
    """A row of `uploads`."""

    id: int
    sha256: str
    source: str
    original_name: str
    byte_size: int
    width: int | None = None
    height: int | None = None
    status: UploadStatus
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime
    updated_at: datetime
    enqueued_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


class SetRecord(BaseModel):
    """A row of `exercise_sets`."""

    id: int
    exercise_id: int
    position: int
    set_type: SetType
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    weight_kg: float | None = None
    duration_s: int | None = None
    distance: float | None = None
    distance_unit: str | None = None
    rpe: float | None = None
    raw_line: str = ""


class ExerciseRecord(BaseModel):
    """A row of `session_exercises`, with its sets."""

    id: int
    session_id: int
    position: int
    raw_name: str
    name_norm: str
    alias_key: str | None = None
    bound_score: float | None = None
    bound_method: str | None = None
    catalogue_version: str | None = None
    bound_at: datetime | None = None
    sets: list[SetRecord] = Field(default_factory=list)


class SessionRecord(BaseModel):
    """A row of `workout_sessions`, with its exercises."""

    id: int
    upload_id: int
    layout: str
    title: str | None = None
    performed_on: date | None = None
    duration_min: int | None = None
    confidence: float
    needs_review: bool
    warnings: list[str] = Field(default_factory=list)
    created_at: datetime
    exercises: list[ExerciseRecord] = Field(default_factory=list)


class MatchResult(BaseModel):
    """The `liftlens aliases match --json` shape, see docs/architecture.md."""

    raw_name: str
    alias_key: str | None
    score: float
    method: str
    suggestions: list[dict[str, Any]] = Field(default_factory=list)
