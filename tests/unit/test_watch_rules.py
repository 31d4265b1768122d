"""The watched folder's pure rules: what is ignored, when a file is stable, where it goes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import PurePath

import pytest

from ingest.sources import watch_rules as rules

pytestmark = pytest.mark.unit

ROOT = PurePath("/inbox")


@pytest.mark.parametrize(
    "rel",
    [
        "shot.png.part",
        "shot.png.crdownload",
        "upload.TMP",
        "~$notes.docx",
        ".DS_Store",
        ".hidden.png",
        ".processed/a.png",
        ".failed/a.png",
        ".failed/a.png.error.json",
        "sub/.git/x.png",
        "@eaDir/shot.png/SYNOFILE_THUMB_M.jpg",
        "photos/@eaDir/a.png",
        "Thumbs.db",
        "__MACOSX/a.png",
    ],
)
def test_ignored(rel: str) -> None:
    assert rules.ignore_reason(PurePath(rel)) is not None


@pytest.mark.parametrize(
    "rel", ["shot.png", "sub/dir/IMG_0001.JPG", "my.part.png", "tmp/shot.png", "a~$b.png"]
)
def test_considered(rel: str) -> None:
    assert rules.ignore_reason(PurePath(rel)) is None


def test_the_folder_itself_is_not_a_file() -> None:
    assert rules.ignore_reason(PurePath()) is not None


def test_is_inside() -> None:
    assert rules.is_inside(PurePath("/inbox/a/b.png"), ROOT)
    assert not rules.is_inside(PurePath("/etc/passwd"), ROOT)
    assert not rules.is_inside(PurePath("/inbox2/a.png"), ROOT)


def test_first_sight_is_never_stable_even_with_zero_wait() -> None:
    obs, stable = rules.observe(None, rules.FileStat(10, 1), now=100.0, stable_s=0)
    assert not stable
    assert obs.since == 100.0


def test_stable_after_unchanged_for_the_period() -> None:
    stat = rules.FileStat(10, 1)
    obs, _ = rules.observe(None, stat, 0.0, 2.0)
    obs, stable = rules.observe(obs, stat, 1.9, 2.0)
    assert not stable
    obs, stable = rules.observe(obs, stat, 2.0, 2.0)
    assert stable


def test_a_change_restarts_the_clock() -> None:
    obs, _ = rules.observe(None, rules.FileStat(10, 1), 0.0, 2.0)
    obs, stable = rules.observe(obs, rules.FileStat(20, 1), 1.5, 2.0)
    assert not stable and obs.since == 1.5
    # Same size, new mtime (rewritten in place) also counts as a change.
    obs, stable = rules.observe(obs, rules.FileStat(20, 2), 3.5, 2.0)
    assert not stable and obs.since == 3.5
    _, stable = rules.observe(obs, rules.FileStat(20, 2), 5.5, 2.0)
    assert stable


def test_processed_destination_keeps_the_relative_path() -> None:
    dest = rules.processed_destination(ROOT, PurePath("a/b/shot.png"), lambda _p: False)
    assert dest == PurePath("/inbox/.processed/a/b/shot.png")


def test_collisions_get_a_suffix_never_overwrite() -> None:
    taken = {PurePath("/inbox/.processed/shot.png"), PurePath("/inbox/.processed/shot-1.png")}
    dest = rules.processed_destination(ROOT, PurePath("shot.png"), taken.__contains__)
    assert dest == PurePath("/inbox/.processed/shot-2.png")


def test_collision_without_extension() -> None:
    taken = {PurePath("/inbox/.processed/README")}
    dest = rules.processed_destination(ROOT, PurePath("README"), taken.__contains__)
    assert dest == PurePath("/inbox/.processed/README-1")


def test_failed_destination_avoids_a_leftover_error_file() -> None:
    taken = {PurePath("/inbox/.failed/x.png.error.json")}
    dest = rules.failed_destination(ROOT, PurePath("x.png"), taken.__contains__)
    assert dest == PurePath("/inbox/.failed/x-1.png")
    assert rules.error_file_for(dest) == PurePath("/inbox/.failed/x-1.png.error.json")


def test_error_record() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    record = rules.error_record(PurePath("a/x.png"), "not an image", 7, at)
    assert record == {
        "file": "a/x.png",
        "reason": "not an image",
        "upload_id": 7,
        "rejected_at": "2026-01-02T03:04:05+00:00",
    }


def test_retry_delay_backs_off_to_the_rescan_period() -> None:
    delays = [rules.retry_delay(n, first_s=1.0, max_s=30.0) for n in range(0, 8)]
    assert delays == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert rules.retry_delay(10_000, first_s=1.0, max_s=30.0) == 30.0
