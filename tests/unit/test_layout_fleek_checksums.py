"""Fleek's own totals choosing between OCR repairs (texts as recorded from rendered screens)."""

from __future__ import annotations

import pytest

from ingest.read.fleek_checksums import (
    Cell,
    Fix,
    Summary,
    fit_reps_total,
    fix_session,
    read_summary,
    session_notes,
    weight_readings,
)

pytestmark = pytest.mark.unit


def test_summary_rows_are_read() -> None:
    summary = read_summary(["252 KCAL 63 min 4720 kg", "5 EXERCISES 22 sets 228 reps"])
    assert summary == Summary(exercises=5, sets=22, reps=228, volume=4720)
    assert read_summary(["238 KCAL 54"]) == Summary()


def test_an_inserted_digit_is_dropped_where_total_reps_says() -> None:
    # fleek_1_005: `17 22` recorded as `127 _ 22`, Total Reps: 39.
    values, note = fit_reps_total(["127", "22"], 39)
    assert values == [17, 22]
    assert note is not None and "127" in note


def test_two_cells_run_together_are_cut_where_total_reps_says() -> None:
    # fleek_1_025: `23 25` recorded as `23-25`, Total Reps: 81.
    values, _ = fit_reps_total(["19", "8", "23-25", "6"], 81)
    assert values == [19, 8, 23, 25, 6]


def test_one_unreadable_cell_gets_what_the_total_leaves() -> None:
    # fleek_42000_010: `5` recorded as `iS)`, Total Reps: 27.
    values, _ = fit_reps_total(["16", "iS)", "6"], 27)
    assert values == [16, 5, 6]


def test_reps_that_add_up_as_read_are_kept() -> None:
    assert fit_reps_total(["22", "10", "8", "6", "23"], 69) == ([22, 10, 8, 6, 23], None)


def test_no_repair_or_several_repairs_give_no_answer() -> None:
    assert fit_reps_total(["15", "15", "15"], 50) == (None, None)
    # `127 127` adding up to 29 is 17 + 12 or 12 + 17: no way to tell.
    assert fit_reps_total(["127", "127"], 29) == (None, None)
    assert fit_reps_total(["iS)", "i)"], 20) == (None, None)


def test_weight_readings_undo_one_slip_under_the_max() -> None:
    readings = dict((value, cost) for cost, value in weight_readings("217.5", 22.5))
    assert readings[17.5] == 1
    assert 217.5 not in readings and 27.5 not in readings
    assert (1, 67.5) in weight_readings("67.", 90)
    assert {v for _, v in weight_readings("8:0", 80)} >= {80.0, 8.0}
    assert (1, 7.5) in weight_readings("75", 10)


def _cells(rows: list[tuple[float | None, int, str]], top: float) -> list[Cell]:
    return [
        Cell(
            weight=w,
            reps=r,
            text=t,
            doubtful=t != f"{w:g}" if w is not None else True,
            max_weight=top,
            exercise=0,
        )
        for w, r, t in rows
    ]


def test_the_session_volume_picks_the_reading_of_an_inserted_digit() -> None:
    # fleek_40000_060: `17.5` recorded as `217.5` (conf 2); MAX Weight 22.5kg.
    cells = _cells(
        [(10, 12, "10"), (21.75, 12, "217.5"), (22.5, 15, "22.5"), (22.5, 10, "22.5")], 22.5
    )
    assert fix_session(cells, Summary(volume=893), 0) == Fix(1, "weight", 17.5)


def test_the_session_volume_restores_a_lost_last_digit() -> None:
    # fleek_40000_150: `67.5` recorded as `67.`; 3532 kg is 3532.5 rounded.
    cells = _cells([(90, 12, "90"), (67, 3, "67."), (90, 10, "90"), (90, 15, "90")], 90)
    assert fix_session(cells, Summary(volume=3532, reps=40), 0) == Fix(1, "weight", 67.5)


def test_the_session_volume_reads_a_mark_inside_a_number() -> None:
    # fleek_42000_042: `80` recorded as `8:0`.
    cells = _cells([(40, 8, "40"), (80, 5, "80"), (None, 3, "8:0")], 80)
    assert fix_session(cells, Summary(volume=960), 0) == Fix(2, "weight", 80)


def test_the_session_reps_and_volume_pick_a_reps_cell() -> None:
    # fleek_47000_037: `15X` recorded as `4I15X`; 40 bodyweight reps elsewhere.
    cells = _cells([(12.5, 15, "12.5"), (12.5, None, "12.5")], 12.5)  # type: ignore[list-item]
    cells[1].reps_text, cells[1].reps_doubtful = "4I15X", True
    summary = Summary(volume=375, reps=70)
    assert fix_session(cells, summary, 40) == Fix(1, "reps", 15)


def test_no_single_repair_means_no_fix() -> None:
    cells = _cells([(90, 12, "90"), (67, 3, "67."), (90, 10, "90")], 90)
    assert fix_session(cells, Summary(volume=5000), 0) is None
    assert fix_session(cells, Summary(volume=2010), 0) is None  # agrees already


def test_totals_that_disagree_are_warned_about() -> None:
    notes = session_notes(Summary(4, 18, 202, 4925), exercises=3, sets=13, reps=121, volume=4925)
    assert len(notes) == 3
    assert session_notes(Summary(), exercises=3, sets=13, reps=121, volume=1.0) == []


def test_a_digit_lost_from_a_wide_box_is_put_back_by_the_volume() -> None:
    # fleek_47200_072: `25` recorded as `2` in a box as wide as `50` (this exercise
    # alone: 1137.5 kg).
    cells = _cells([(2, 8, "2"), (37.5, 5, "37.5"), (50, 5, "50"), (50, 10, "50")], 50)
    cells[0].doubtful = True
    assert fix_session(cells, Summary(volume=1138), 0) is None  # no room seen: no guess
    cells[0].lost_digit = True
    assert fix_session(cells, Summary(volume=1138), 0) == Fix(0, "weight", 25)


def test_an_unreadable_weight_gets_what_the_session_volume_leaves() -> None:
    # fleek_66000_004: `7.5` recorded as `tS` (conf 86); MAX Weight 7.5kg, 225 kg in all.
    cells = _cells([(None, 6, "tS"), (7.5, 12, "7.5"), (7.5, 12, "7.5")], 7.5)
    assert fix_session(cells, Summary(volume=225), 0) == Fix(0, "weight", 7.5)
    # fleek_66000_067: `20` recorded as `#=+.24-` and trimmed to 4 under MAX Weight 20kg.
    cells = _cells([(20, 12, "20"), (4, 10, "#=+.24-"), (20, 5, "20")], 20)
    assert fix_session(cells, Summary(volume=540), 0) == Fix(1, "weight", 20)


def test_a_volume_no_plausible_load_fills_gives_no_fix() -> None:
    cells = _cells([(None, 6, "tS"), (7.5, 12, "7.5")], 7.5)
    assert fix_session(cells, Summary(volume=200), 0) is None  # 18.3 kg: over the MAX
    two = _cells([(None, 6, "tS"), (None, 6, "iS)"), (7.5, 12, "7.5")], 7.5)
    assert fix_session(two, Summary(volume=135), 0) is None  # either cell could be 7.5
