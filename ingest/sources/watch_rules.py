"""The watched folder's decisions, as pure functions: ignore?, stable?, where to?

Nothing here touches the file system: callers pass in what they observed
(relative paths, sizes, mtimes, an `exists` predicate) and act on the answer.
The I/O loop in `ingest.sources.watcher` stays thin and these rules are unit-tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

PROCESSED_DIR = ".processed"
FAILED_DIR = ".failed"
ERROR_SUFFIX = ".error.json"

# Files still being written by a browser, a sync client or an editor.
PARTIAL_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp")
# Office lock files (`~$report.docx`) and similar owner files.
LOCK_PREFIXES = ("~$",)
# Metadata files and folders that NAS boxes, macOS and Windows drop into shares.
IGNORED_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
IGNORED_DIRS = frozenset(
    {
        "@eadir",
        "#recycle",
        "#snapshot",
        "$recycle.bin",
        "system volume information",
        "__macosx",
        "lost+found",
    }
)


def ignore_reason(rel: PurePath) -> str | None:
    """Why a path (relative to the watched folder) is skipped, or None to consider it.

    Dot-names cover `.DS_Store`, `.AppleDouble`, editors' swap files and the
    watcher's own `.processed` / `.failed` folders.
    """
    parts = rel.parts
    if not parts:
        return "the watched folder itself"
    for folder in parts[:-1]:
        if folder.startswith("."):
            return f"inside dot-folder {folder}"
        if folder.lower() in IGNORED_DIRS:
            return f"inside system folder {folder}"
    name = parts[-1]
    lowered = name.lower()
    if name.startswith("."):
        return "dotfile"
    if lowered in IGNORED_DIRS:
        return "system folder"
    if lowered in IGNORED_FILES:
        return "system file"
    if name.startswith(LOCK_PREFIXES):
        return "lock file"
    if lowered.endswith(PARTIAL_SUFFIXES):
        return "partial or temporary file"
    return None


def is_inside(target: PurePath, root: PurePath) -> bool:
    """True when a resolved path lies within the resolved watched folder.

    A symlink whose target is outside would let anyone who can write to the
    inbox make the watcher read (and then move the link to) arbitrary files.
    """
    return target == root or root in target.parents


@dataclass(frozen=True)
class FileStat:
    """What stability is judged on: size and modification time (ns)."""

    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Observation:
    """The last stat seen for a file and since when (monotonic seconds) it has not changed."""

    stat: FileStat
    since: float


def observe(
    previous: Observation | None, stat: FileStat, now: float, stable_s: float
) -> tuple[Observation, bool]:
    """Record a new stat of a file; True when it has been unchanged for `stable_s` seconds.

    The first sight of a file never counts as stable, even with an old mtime:
    `cp -p` and rsync keep the source's mtime while the copy is still growing,
    so only two looks `stable_s` apart prove the writer is finished.
    """
    if previous is None or previous.stat != stat:
        return Observation(stat, now), False
    return previous, now - previous.since >= stable_s


def next_free(candidate: PurePath, taken: Callable[[PurePath], bool]) -> PurePath:
    """`candidate`, else `name-1.ext`, `name-2.ext`...: the first name not taken (no overwrite)."""
    if not taken(candidate):
        return candidate
    stem, suffix = _split_name(candidate.name)
    n = 1
    while True:
        option = candidate.with_name(f"{stem}-{n}{suffix}")
        if not taken(option):
            return option
        n += 1


def _split_name(name: str) -> tuple[str, str]:
    # `shot.png` -> (`shot`, `.png`); a name with no dot keeps no suffix.
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, f".{ext}"


def processed_destination(
    root: PurePath, rel: PurePath, exists: Callable[[PurePath], bool]
) -> PurePath:
    """Where a stored file goes: `root/.processed/<rel>`, suffixed on a name collision."""
    return next_free(root / PROCESSED_DIR / rel, exists)


def failed_destination(
    root: PurePath, rel: PurePath, exists: Callable[[PurePath], bool]
) -> PurePath:
    """Where a rejected file goes: `root/.failed/<rel>`; neither it nor its .error.json taken."""
    return next_free(root / FAILED_DIR / rel, lambda p: exists(p) or exists(error_file_for(p)))


def error_file_for(path: PurePath) -> PurePath:
    """The `NAME.error.json` written beside a file moved to `.failed`."""
    return path.with_name(path.name + ERROR_SUFFIX)


def error_record(
    rel: PurePath, reason: str, upload_id: int | None, at: datetime
) -> dict[str, object]:
    """The contents of a `.error.json`: which file, why, which upload, when."""
    return {
        "file": rel.as_posix(),
        "reason": reason,
        "upload_id": upload_id,
        "rejected_at": at.isoformat(),
    }


def retry_delay(failures: int, *, first_s: float, max_s: float) -> float:
    """Seconds to wait before trying a service again after `failures` failures in a row.

    Doubles from `first_s` up to `max_s` (the rescan period), so an outage
    costs one log line per attempt, not a busy loop.
    """
    if failures <= 0:
        return 0.0
    return float(min(max_s, first_s * 2 ** min(failures - 1, 16)))
