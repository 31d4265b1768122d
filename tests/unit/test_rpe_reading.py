"""RPE after a set: the r of `rpe` read as a 1 is not a digit of it."""

from __future__ import annotations

import pytest

from ingest.read.common import parse_set_body

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("90 kg x 3 @7.51rpe", 7.5),  # off the half steps: the 1 is the r
        ("90 kg x 3 @ 101rpe", 10.0),
        ("90 kg x 3 @ 7.5 rpe", 7.5),
        ("90 kg x 3 @ 8", 8.0),
    ],
)
def test_rpe(text: str, rpe: float) -> None:
    body = parse_set_body(text)
    assert body is not None and body.rpe == rpe
