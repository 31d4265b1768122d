"""Re-parse after a reader change: new reads land, hand corrections win, misfits go to review.

The reader runs in-process on the recorded OCR of a Strong sample (no Tesseract),
first with a worse reader (weights of 100 kg and more lose their
first digit, flagged as a guess), then with the real reader. The re-parse task
function is called directly, with a real database.
"""

from __future__ import annotations

import pytest

from schema.db import connect
from schema.repo_corrections import CorrectionDraft, load_corrected_session, record
from schema.repo_revisions import get_run, sessions_in_scope, start_run
from schema.settings import Settings
from tests.reparse_seed import SAMPLE, recorded_parser, upload_sample, worse_parser
from workers.process import process_upload
from workers.reparse import reparse_session

pytestmark = pytest.mark.integration


def _edit(pos: int, ref: str, field: str, after: object) -> CorrectionDraft:
    return CorrectionDraft(
        action="edit", target="set", exercise_pos=pos, set_ref=ref, field=field, after=after
    )


def test_reparse_needs_review_updates_reads_and_keeps_hand_corrections(
    settings: Settings,
) -> None:
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        doubted, clean = upload_sample(conn, SAMPLE), upload_sample(conn, "strong_1_009")
    outcome = process_upload(settings, clean, parse=recorded_parser)
    first = process_upload(settings, doubted, parse=worse_parser)
    assert first.status == "needs_review" and first.session_id is not None
    sid = first.session_id

    with connect(settings.database_url, autocommit=True) as conn:
        read = load_corrected_session(conn, sid)
        assert read is not None
        swing = read.exercises[0]
        assert [s.weight for s in swing.sets][:2] == [17.5, 17.5]
        # By hand: the first set's weight fixed to what the screen shows, the second
        # set's weight mistyped (115), and the first set's reps changed (3 -> 4).
        for draft in (_edit(0, "r0", "weight", 117.5), _edit(0, "r1", "weight", 115)):
            assert record(conn, sid, draft, "web") is not None
        assert record(conn, sid, _edit(0, "r0", "reps", 4), "web") is not None
        raw_before = conn.execute(
            "SELECT id, raw_name FROM session_exercises ORDER BY id"
        ).fetchall()

        # The reader got better (the real rule is back): re-parse what needs review.
        ids = sessions_in_scope(conn, "needs_review", [])
        assert ids == [sid]  # the clean session is not touched
        run_id = start_run(conn, "needs_review", len(ids))
    change = reparse_session(settings, run_id, sid, parse=recorded_parser)

    assert change.changed and change.sets_changed >= 2 and change.review_before
    with connect(settings.database_url, autocommit=True) as conn:
        now = load_corrected_session(conn, sid)
        assert now is not None and now.revision == 2
        sets = now.exercises[0].sets
        assert (sets[0].weight, sets[0].reps) == (117.5, 4)  # hand corrections kept
        assert sets[1].weight == 115  # the hand value wins over the new read ...
        assert sets[2].weight == 117.5  # ... and the new read reaches the rest
        # ... but the mistyped one was made on a read that said 17.5 and now says
        # 117.5, so the session stays in review and says why.
        assert now.needs_review and change.review_after
        assert [c.kind for c in now.conflicts] == ["correction.read_changed"]
        assert any("says 117.5" in r for r in change.reasons)
        # The old read is kept as revision 1: its rows are detached, not edited.
        kept = conn.execute(
            "SELECT id, raw_name FROM session_exercises WHERE parse_revision_id IS NOT NULL "
            "ORDER BY id"
        ).fetchall()
        assert [dict(r) for r in kept] == [
            dict(r) for r in raw_before if r["id"] in {k["id"] for k in kept}
        ]
        old_weights = conn.execute(
            "SELECT s.weight FROM exercise_sets s JOIN session_exercises e ON e.id = s.exercise_id "
            "WHERE e.parse_revision_id IS NOT NULL AND e.position = 0 ORDER BY s.position"
        ).fetchall()
        assert float(old_weights[0]["weight"]) == 17.5
        run = get_run(conn, run_id)
        assert run is not None and run.finished and run.done == 1
        clean_session = conn.execute(
            "SELECT revision FROM workout_sessions WHERE id = %s", (outcome.session_id,)
        ).fetchone()
        assert clean_session is not None and clean_session["revision"] == 1

    # Reading again with the same reader changes nothing and stores no revision.
    again = reparse_session(settings, None, sid, parse=recorded_parser)
    assert not again.changed
