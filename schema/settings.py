"""One validated settings object, read from `LIFTLENS_*` variables.

Load it once at the edge (CLI entry, worker start, API start) with
`Settings()` and pass it in; nothing else reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """liftlens configuration. Every field maps to `LIFTLENS_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="LIFTLENS_", extra="ignore")

    database_url: str | None = Field(
        default=None, description="PostgreSQL URL; unset means an embedded server."
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL; unset means an embedded redis-server."
    )
    data_dir: Path = Field(default=Path(".liftlens"), description="Embedded services' data.")
    inbox: Path = Field(default=Path("inbox"), description="The watched folder.")

    ocr_languages: str = Field(default="eng", description="Tesseract languages always used.")
    ocr_auto_languages: str = Field(
        default="kor+jpn",
        description="Extra languages tried only when the image looks like it needs them.",
    )
    ocr_timeout_s: float = Field(default=60.0, gt=0)

    max_upload_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    max_image_pixels: int = Field(default=40_000_000, gt=0)

    task_soft_time_limit_s: int = Field(default=120, gt=0)
    task_time_limit_s: int = Field(default=180, gt=0)
    task_max_retries: int = Field(default=8, ge=0)
    broker_visibility_timeout_s: int | None = Field(
        default=None, description="Default: twice the hard time limit plus 30 s."
    )
    worker_concurrency: int = Field(default=1, ge=1)

    watch_stable_s: float = Field(default=2.0, ge=0)
    watch_rescan_s: float = Field(default=30.0, gt=0)
    watch_polling: bool = False
    watch_delete_processed: bool = False

    bind_interval_s: float = Field(default=300.0, gt=0)
    reaper_interval_s: float = Field(default=60.0, gt=0)

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_token: str | None = None

    tesseract_cmd: str = Field(
        default="tesseract", description="The tesseract binary (a name on PATH or a path)."
    )
    ocr_psm: int | None = Field(
        default=None, ge=0, le=13, description="Tesseract page segmentation mode; unset = ours."
    )

    restart_backoff_s: float = Field(
        default=0.5,
        gt=0,
        description="First wait before `liftlens up` restarts a child that died; doubles after.",
    )
    fault_hold: str | None = Field(
        default=None,
        description=(
            "Tests only: hold each OCR task at this point (after_claim, after_ocr) until the "
            "file <data_dir>/fault-release exists, so a fault can be injected mid-task."
        ),
    )

    @field_validator("database_url", "redis_url", "api_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty variable (e.g. from a compose file) means "not configured".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _limits_are_ordered(self) -> Settings:
        if self.task_soft_time_limit_s >= self.task_time_limit_s:
            raise ValueError("task_soft_time_limit_s must be below task_time_limit_s")
        vt = self.broker_visibility_timeout_s
        if vt is not None and vt <= self.task_time_limit_s:
            # Redis would hand a still-running task to a second worker.
            raise ValueError("broker_visibility_timeout_s must be above task_time_limit_s")
        return self
