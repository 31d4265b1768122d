"""Stitching the parts of one workout: order kept, overlaps counted once, in any upload order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schema.stitching import Exercise, best_offset, join, stitch, stitch_all

Workout = list[tuple[str, tuple[str, ...]]]


def _part(workout: Workout, start: int, stop: int, cut: int | None) -> list[Exercise[str]]:
    """Exercises start..stop-1 of the workout; the last one shows only `cut` sets when given."""
    exercises = [Exercise(name, sets) for name, sets in workout[start:stop]]
    if cut is not None and exercises:
        last = exercises[-1]
        exercises[-1] = Exercise(last.name, last.sets[: max(1, cut)])
    return exercises


@st.composite
def scrolled(draw: st.DrawFn) -> tuple[Workout, list[list[Exercise[str]]]]:
    """A workout of distinct exercises and 2-4 overlapping scrolls through it."""
    n = draw(st.integers(4, 12))
    workout: Workout = [
        (f"ex{i}", tuple(f"ex{i}/set{j}" for j in range(draw(st.integers(1, 6))))) for i in range(n)
    ]
    parts: list[list[Exercise[str]]] = []
    start = prev_stop = 0
    while True:
        # Each scroll shows something new, so every exercise is seen whole somewhere.
        stop = draw(st.integers(max(start + 2, prev_stop + 1), start + 5))
        if stop >= n:
            parts.append(_part(workout, start, n, None))
            break
        cut = draw(st.none() | st.integers(1, 5))
        parts.append(_part(workout, start, stop, cut))
        # The next scroll repeats at least the last exercise shown (in full).
        start, prev_stop = draw(st.integers(max(start + 1, stop - 3), stop - 1)), stop
    return workout, parts


def _content(group: list[Exercise[str]]) -> Workout:
    return [(e.name, e.sets) for e in group]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_upload_order_gives_the_workout_once(data: st.DataObject) -> None:
    workout, parts = data.draw(scrolled())
    shuffled = data.draw(st.permutations(parts))
    groups = stitch_all(shuffled)
    assert len(groups) == 1
    assert _content(groups[0]) == workout


@settings(max_examples=200, deadline=None)
@given(scrolled())
def test_folding_one_part_at_a_time_is_order_independent(
    case: tuple[Workout, list[list[Exercise[str]]]],
) -> None:
    """As the worker does: each new part is stitched into what is stored so far."""
    workout, parts = case
    results = []
    for order in (parts, list(reversed(parts)), parts[1::2] + parts[0::2]):
        stored: list[list[Exercise[str]]] = []
        for part in order:
            stored = stitch_all([*stored, part])
        assert len(stored) == 1
        results.append(_content(stored[0]))
    assert all(r == workout for r in results)


def test_no_overlap_is_no_stitch() -> None:
    a = [Exercise("bench", ("1",)), Exercise("row", ("1",))]
    b = [Exercise("squat", ("1",))]
    assert best_offset(["bench", "row"], ["squat"]) is None
    assert stitch(a, b) is None


def test_a_conflicting_overlap_is_refused() -> None:
    # squat lines up, but the exercise after it differs: not one scroll.
    assert best_offset(["bench", "squat", "row"], ["squat", "curl"]) is None


def test_the_earlier_row_is_kept_and_twice_counted_sets_dropped() -> None:
    stored = [Exercise("b", ("b1", "b2"), ref=1), Exercise("c", ("c1",), ref=2)]
    new = [Exercise("c", ("c1", "c2", "c3"), ref=9), Exercise("d", ("d1",), ref=10)]
    result = stitch(stored, new)
    assert result is not None
    merged, dropped = result
    assert [(e.ref, e.sets) for e in merged] == [
        (1, ("b1", "b2")),
        (2, ("c1", "c2", "c3")),
        (10, ("d1",)),
    ]
    assert merged[1].absorbed == (9,)
    assert dropped == ["c1"]


def test_different_sets_of_one_exercise_continue_each_other() -> None:
    first = [Exercise("a", ("a1",), ref=5), Exercise("b", ("b1", "b2"), ref=6)]
    second = [Exercise("b", ("b3",), ref=2), Exercise("c", ("c1",), ref=3)]
    result = stitch(first, second)
    assert result is not None
    merged, dropped = result
    assert [(e.ref, e.sets) for e in merged] == [
        (5, ("a1",)),
        (2, ("b1", "b2", "b3")),
        (3, ("c1",)),
    ]
    assert dropped == []


def test_join_splices_an_exercise_cut_by_the_scroll() -> None:
    first = [Exercise("a", ("a1",), ref=1), Exercise("b", ("b1",), ref=2)]
    second = [Exercise("b", ("b2",), ref=3), Exercise("c", ("c1",), ref=4)]
    joined = join(first, second)
    assert [(e.name, e.sets) for e in joined] == [
        ("a", ("a1",)),
        ("b", ("b1", "b2")),
        ("c", ("c1",)),
    ]
    assert joined[1].absorbed == (3,)
