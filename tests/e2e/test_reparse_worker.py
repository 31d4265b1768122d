"""`liftlens reparse --needs-review` through a real Celery worker (real Tesseract).

A Strong screenshot was stored by an older reader that lost the first digit of
weights of 100 kg and more (in-process) and flagged it; a person
fixed one weight by hand and changed one rep count. The worker runs today's reader:
the CLI queues the re-read, shows progress, prints the summary, and the new read
reaches every set while the hand corrections stay.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

from schema.db import connect
from schema.repo_corrections import CorrectionDraft, load_corrected_session, record
from schema.settings import Settings
from tests.e2e.conftest import REPO, Proc, liftlens_cmd, liftlens_env
from tests.reparse_seed import SAMPLE, upload_sample, worse_parser
from workers.process import process_upload

pytestmark = pytest.mark.e2e


def test_reparse_needs_review_with_a_worker(
    settings: Settings, start_worker: Callable[..., Proc]
) -> None:
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        upload_id = upload_sample(conn, SAMPLE)
    outcome = process_upload(settings, upload_id, parse=worse_parser)
    assert outcome.status == "needs_review" and outcome.session_id
    sid = outcome.session_id
    with connect(settings.database_url, autocommit=True) as conn:
        for field, value in (("weight", 117.5), ("reps", 4)):
            draft = CorrectionDraft(
                action="edit", target="set", exercise_pos=0, set_ref="r0", field=field, after=value
            )
            assert record(conn, sid, draft, "cli") is not None

    start_worker()
    done = subprocess.run(
        liftlens_cmd("reparse", "--needs-review", "--json", "--timeout", "240"),
        env=liftlens_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["finished"] and summary["sessions"] == 1 and summary["changed"] == 1
    assert summary["sets_changed"] >= 5 and summary["failed"] == 0

    with connect(settings.database_url) as conn:
        now = load_corrected_session(conn, sid)
        assert now is not None and now.revision == 2
        swing, deadlift = now.exercises[0], now.exercises[1]
        assert (swing.sets[0].weight, swing.sets[0].reps) == (117.5, 4)  # by hand, kept
        assert [s.weight for s in swing.sets[1:3]] == [117.5, 117.5]  # the new read
        assert [s.weight for s in deadlift.sets] == [100, 100]
        assert not now.conflicts
