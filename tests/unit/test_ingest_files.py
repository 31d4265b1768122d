"""Which files `liftlens ingest DIR` takes: the watched folder's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli.ingest_run import IngestSummary, iter_files

pytestmark = pytest.mark.unit


def test_iter_files_skips_what_the_watcher_skips(tmp_path: Path) -> None:
    for rel in [
        "a.png",
        "sub/b.jpg",
        ".hidden.png",
        "c.png.part",
        ".processed/d.png",
        "@eaDir/e.png",
        "~$f.png",
        ".DS_Store",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    (tmp_path / "link.png").symlink_to(tmp_path / "a.png")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)] == [
        "a.png",
        "sub/b.jpg",
    ]


def test_summary_line_counts_every_outcome() -> None:
    line = IngestSummary(
        files=5, done=2, needs_review=1, failed=0, rejected=1, duplicates=1, seconds=3.25
    ).line()
    assert line == ("5 files in 3.2s: 2 done, 1 needs review, 0 failed, 1 rejected, 1 duplicates")
