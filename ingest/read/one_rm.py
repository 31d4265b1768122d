"""The 1RM estimate an app prints beside a set, as evidence about the set's reps.

Strong prints Epley's estimate (`one_rm_estimate`) right of each set: a reading it
singles out needs no second look (`one_rm_confirms`). OCR garbles the estimate as often
as the set (`649` for 49), so a disagreement is no evidence either way.
"""

from __future__ import annotations


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


def is_subsequence(short: str, long: str) -> bool:
    """Whether `short`'s characters appear in `long` in order (`130` in `1380`)."""
    it = iter(long)
    return all(ch in it for ch in short)
