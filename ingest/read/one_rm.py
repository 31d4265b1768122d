"""The 1RM estimate an app prints beside a set, as evidence about the set's reps.

Strong prints Epley's estimate (`one_rm_estimate`) right of each set: a reps reading
with an extra digit disagrees with it (`reps_from_one_rm`), and a reading it singles
out needs no second look (`one_rm_confirms`).
"""

from __future__ import annotations

from ingest.read.findings import finding
from schema.models import Finding


def one_rm_confirms(weight: float | None, reps: int | None, one_rm: int) -> bool:
    """Whether the 1RM printed beside a set singles out its reps: the estimate for these
    reps rounds to it and the estimates for one rep fewer or more do not."""
    if not weight or weight <= 0 or not reps:
        return False

    def near(n: int) -> bool:
        return abs(one_rm_estimate(weight, n) - one_rm) <= 0.5

    return near(reps) and not near(reps - 1) and not near(reps + 1)


def one_rm_estimate(weight: float, reps: int) -> float:
    """The 1RM Strong prints beside a set (before rounding): Epley's w * (1 + reps / 30)."""
    return weight * (1 + reps / 30)


def reps_from_one_rm(
    weight: float | None, reps: int | None, one_rm: int, raw: str, notes: list[Finding]
) -> int | None:
    """Check reps against the app's estimated 1RM (`one_rm_estimate`).

    A reps reading with an extra digit (`111` for 11) disagrees with the 1RM
    column; the reps the 1RM implies win when they are the reading minus a digit.
    """
    if not weight or weight <= 0 or not reps or abs(one_rm_estimate(weight, reps) - one_rm) <= 1.5:
        return reps
    implied = round((one_rm / weight - 1) * 30)
    if 1 <= implied <= 30 and abs(one_rm_estimate(weight, implied) - one_rm) <= 1.0:
        text = str(reps)
        if len(text) > len(str(implied)) and is_subsequence(str(implied), text):
            sentence = f"reps {reps} read as {implied} (from the 1RM column): {raw!r}"
            notes.append(finding("reps.by_one_rm", "note", sentence))
            return implied
    return reps


def is_subsequence(short: str, long: str) -> bool:
    """Whether `short`'s characters appear in `long` in order (`130` in `1380`)."""
    it = iter(long)
    return all(ch in it for ch in short)
