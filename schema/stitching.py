"""Stitching the screenshots of one long workout into one session: pure alignment.

A long workout is scrolled through in two to four screenshots (parts). Where
the scroll repeated, consecutive parts show the same exercises: the last ones
of one part are the first ones of the next, the last of them often cut off
after a few sets. Stitching lines the exercise sequences up at the offset
where their names agree, counts what both show once and keeps the order.

Everything here works on `Part`s of `Exercise(name, sets, ref)` with opaque
set items, so the same code plans a database merge (items are row ids) and is
tested with plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Exercise(Generic[T]):
    """One exercise of a part: its normalised name, its sets in order, and what it stands for.

    `absorbed` lists the refs of exercises that were counted once into this one.
    """

    name: str
    sets: tuple[T, ...]
    ref: int = 0
    absorbed: tuple[int, ...] = field(default=())


Part = Sequence[Exercise[T]]


def best_offset(first: Sequence[str], second: Sequence[str]) -> int | None:
    """The offset `d` at which `second[i]` lines up with `first[i + d]`, or None.

    Every overlapping pair must name the same exercise and at least one pair
    must overlap. Of several such offsets the one with the largest overlap wins
    (a scroll repeats as little as it must, but a duplicate screenshot repeats
    everything); ties go to the offset nearest zero, then to the positive one.
    """
    best: tuple[int, int, int] | None = None  # (overlap, -|d|, d)
    for d in range(-(len(second) - 1), len(first)):
        lo, hi = max(0, -d), min(len(second), len(first) - d)
        if hi <= lo:
            continue
        if all(second[i] == first[i + d] for i in range(lo, hi)):
            key = (hi - lo, -abs(d), d)
            if best is None or key > best:
                best = key
    return None if best is None else best[2]


def _combine(a: Exercise[T], b: Exercise[T], a_first: bool) -> tuple[Exercise[T], tuple[T, ...]]:
    """One exercise seen in two parts, counted once.

    The row stored first (lower ref) is kept. When one reading's sets are the
    start of the other's, the scroll repeated them (and cut one reading off):
    the longer wins and the repeats are dropped. Otherwise the two show
    different sets of the exercise, which continue each other in workout order
    (`a_first` says whether `a` comes first). Returns the exercise and the set
    items counted twice.
    """
    keep, other = (a, b) if a.ref <= b.ref else (b, a)
    absorbed = (*keep.absorbed, other.ref, *other.absorbed)
    shorter, longer = sorted((keep.sets, other.sets), key=len)
    if longer[: len(shorter)] == shorter:
        extra = other.sets[len(keep.sets) :]
        dropped = other.sets[: len(keep.sets)]
        return Exercise(keep.name, keep.sets + extra, keep.ref, absorbed), dropped
    ordered = a.sets + b.sets if a_first else b.sets + a.sets
    return Exercise(keep.name, ordered, keep.ref, absorbed), ()


def merge_at(first: Part[T], second: Part[T], offset: int) -> tuple[list[Exercise[T]], list[T]]:
    """`first` and `second` lined up at `offset` (see `best_offset`) as one sequence.

    Where both show an exercise it is counted once (see `_combine`). Returns
    the merged sequence and the set items counted twice (to drop).
    """
    base_first, base_second = max(0, -offset), max(0, offset)
    total = max(base_first + len(first), base_second + len(second))
    out: list[Exercise[T]] = []
    dropped: list[T] = []
    for g in range(total):
        a = first[g - base_first] if 0 <= g - base_first < len(first) else None
        b = second[g - base_second] if 0 <= g - base_second < len(second) else None
        if a is not None and b is not None:
            combined, lost = _combine(a, b, a_first=offset >= 0)
            out.append(combined)
            dropped.extend(lost)
        elif a is not None:
            out.append(a)
        elif b is not None:
            out.append(b)
    return out, dropped


def stitch(first: Part[T], second: Part[T]) -> tuple[list[Exercise[T]], list[T]] | None:
    """Two parts of one workout as one sequence, or None when their exercises do not overlap."""
    offset = best_offset([e.name for e in first], [e.name for e in second])
    if offset is None:
        return None
    return merge_at(first, second, offset)


def join(first: Part[T], second: Part[T]) -> list[Exercise[T]]:
    """Two parts one after the other, for a merge by hand where they do not overlap.

    When the scroll was cut inside an exercise (the first part ends and the
    second begins with it) its sets are joined into one exercise.
    """
    if first and second and first[-1].name == second[0].name:
        last, head = first[-1], second[0]
        joined = Exercise(last.name, last.sets + head.sets, last.ref, (*last.absorbed, head.ref))
        return [*first[:-1], joined, *second[1:]]
    return [*first, *second]


def stitch_all(parts: Sequence[Part[T]]) -> list[list[Exercise[T]]]:
    """Fold parts together until no two overlap; the groups left, in a stable order.

    For parts that are overlapping windows of one workout the result is one
    group, whatever order the parts came in.
    """
    groups: list[list[Exercise[T]]] = [list(p) for p in parts if p]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                result = stitch(groups[i], groups[j])
                if result is not None:
                    groups[i] = result[0]
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups
