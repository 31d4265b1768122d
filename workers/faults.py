"""A test-only fault-injection hook: hold a task at a named point until released.

With `LIFTLENS_FAULT_HOLD=after_ocr` every OCR task, on reaching that point,
writes `<data_dir>/fault-held-<upload_id>` and waits until the file
`<data_dir>/fault-release` exists. A test kills a process while tasks are held,
so kill-mid-task faults never depend on how fast the OCR is. Unset (the
default), `hold` returns at once.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from schema.settings import Settings

HoldPoint = Literal["after_claim", "after_ocr"]
RELEASE_FILE = "fault-release"


def held_marker(data_dir: Path, upload_id: int) -> Path:
    """The file a held task writes so a test knows it reached the hold point."""
    return data_dir / f"fault-held-{upload_id}"


def release_file(data_dir: Path) -> Path:
    """The file whose existence lets held tasks go on."""
    return data_dir / RELEASE_FILE


def hold(settings: Settings, point: HoldPoint, upload_id: int, poll_s: float = 0.05) -> None:
    """Wait at `point` while the fault hook names it and no release file exists."""
    if settings.fault_hold != point:
        return
    data_dir = settings.data_dir.resolve()
    if release_file(data_dir).exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    held_marker(data_dir, upload_id).write_text(point)
    while not release_file(data_dir).exists():
        time.sleep(poll_s)
