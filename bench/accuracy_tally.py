"""Scoring of parses against labels, tallied per group (style, variant value, split).

A label is an `*.expected.json` (the `liftlens parse --json` contract plus
`file`, and for the variant corpus a `variant` object: style, screen, theme,
font, capture). `groups_of` says which rows of the report an image counts
in: its style; its split (`dev` or `held out`, by `fixtures.render.variants`);
for held-out images `held out: <style>`; and one row per axis value
(`theme=vivid`, `font=f`, ...), so each held-out value is seen on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SET_KEYS = ("reps", "weight", "unit", "is_warmup", "duration_s", "distance")
FULL_SET_KEYS = (*SET_KEYS, "set_type", "distance_unit", "rpe")
AXES = ("screen", "theme", "font", "capture")
# Held-out axis values (as in `fixtures.render.variants.HELD_OUT`, which the bench
# does not import so it can score a folder without the renderer).
# Round 5; the values of round 1 (theme alt, font b, capture messenger, screen chat_imessage),
# round 2 (theme tinted, font c, capture resampled, screen chat_telegram), round 3 (theme
# contrast, font d, capture story, screen generic_cards) and round 4 (theme dim, font e,
# capture photo, screen sheets_log) were evaluated once and are dev values since.
HELD_OUT = {
    "theme": {"vivid"},
    "font": {"f"},
    "capture": {"markup"},
    "screen": {"generic_daylog"},
}


def _set_key(ordinal: int, s: dict[str, Any], keys: tuple[str, ...]) -> tuple[Any, ...]:
    values = tuple(round(s[k], 3) if isinstance(s.get(k), float) else s.get(k) for k in keys)
    return (ordinal, *values)


def _sets(session: dict[str, Any], keys: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    return Counter(
        _set_key(i, s, keys)
        for i, ex in enumerate(session.get("exercises") or [])
        for s in ex.get("sets") or []
    )


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """What differs between a label and a parse (empty when the parse is fully right)."""
    diffs: list[str] = []
    for key in ("layout", "performed_on", "title"):
        if expected.get(key) != got.get(key):
            diffs.append(f"{key}: expected {expected.get(key)!r}, got {got.get(key)!r}")
    exp_ex, got_ex = expected.get("exercises") or [], got.get("exercises") or []
    if len(exp_ex) != len(got_ex):
        diffs.append(f"exercises: expected {len(exp_ex)}, got {len(got_ex)}")
    for i, (e, g) in enumerate(zip(exp_ex, got_ex, strict=False)):
        if e["raw_name"] != g["raw_name"]:
            diffs.append(f"exercise {i}: name {e['raw_name']!r} != {g['raw_name']!r}")
        es = [_set_key(0, s, FULL_SET_KEYS) for s in e["sets"]]
        gs = [_set_key(0, s, FULL_SET_KEYS) for s in g["sets"]]
        if es != gs:
            diffs.append(f"exercise {i} ({e['raw_name']}): sets {es} != {gs}")
    return diffs


def is_heldout(label: dict[str, Any]) -> bool:
    """True when any variant axis of the label has a held-out value."""
    variant = label.get("variant") or {}
    return any(variant.get(axis) in values for axis, values in HELD_OUT.items())


def groups_of(label: dict[str, Any]) -> list[str]:
    """The report rows an image counts in (see the module docstring)."""
    variant = label.get("variant")
    style = str(variant["style"]) if variant else str(label.get("layout"))
    groups = [style]
    if variant:
        held = is_heldout(label)
        groups.append("held out" if held else "dev")
        if held:
            groups.append(f"held out: {style}")
        groups += [f"{axis}={variant[axis]}" for axis in AXES if axis in variant]
    return groups


@dataclass
class Tally:
    """Running counts for one row of the report."""

    images: int = 0
    fully_right: int = 0
    set_tp: int = 0
    set_expected: int = 0
    set_got: int = 0
    names_right: int = 0
    names: int = 0
    dates_right: int = 0
    silent_wrong: int = 0
    right_reviewed: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)  # right, sent to review: why
    languages: Counter[str] = field(default_factory=Counter)
    paths: list[Path] = field(default_factory=list)

    def add(self, expected: dict[str, Any], got: dict[str, Any], seconds: float) -> None:
        """Count one image (an `error` parse counts as wrong and flagged)."""
        self.images += 1
        self.seconds += seconds
        diffs = differences(expected, got) if "error" not in got else [f"error: {got['error']}"]
        flagged = "error" in got or bool(got.get("needs_review"))
        if not diffs:
            self.fully_right += 1
            self.right_reviewed += flagged
            if flagged:
                why = "; ".join(str(w) for w in got.get("warnings") or []) or "low confidence"
                self.reviewed.append(f"{expected.get('file')}: {why}")
        else:
            self.silent_wrong += not flagged
            mark = "" if flagged else " [NOT FLAGGED]"
            self.failures.append(f"{expected.get('file')}{mark}: " + "; ".join(diffs))
        exp_sets, got_sets = _sets(expected, SET_KEYS), _sets(got, SET_KEYS)
        self.set_tp += sum((exp_sets & got_sets).values())
        self.set_expected += sum(exp_sets.values())
        self.set_got += sum(got_sets.values())
        exp_names = Counter(e["raw_name"] for e in expected.get("exercises") or [])
        got_names = Counter(e["raw_name"] for e in got.get("exercises") or [])
        self.names_right += sum((exp_names & got_names).values())
        self.names += sum(exp_names.values())
        self.dates_right += expected.get("performed_on") == got.get("performed_on")

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        for key in (
            "images",
            "fully_right",
            "set_tp",
            "set_expected",
            "set_got",
            "names_right",
            "names",
            "dates_right",
            "silent_wrong",
            "right_reviewed",
            "seconds",
        ):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def row(self) -> dict[str, float]:
        """The figures for the table."""
        p = self.set_tp / self.set_got if self.set_got else 0.0
        r = self.set_tp / self.set_expected if self.set_expected else 0.0
        n = max(1, self.images)
        return {
            "images": self.images,
            "fully_right": self.fully_right / n,
            "set_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "names_exact": self.names_right / max(1, self.names),
            "dates": self.dates_right / n,
            "silent_wrong": self.silent_wrong / n,
            "right_reviewed": self.right_reviewed / n,
            "s_per_image": self.seconds / n,
        }


def is_style_row(name: str) -> bool:
    """True for a style's row (the others regroup the same images by split or variant)."""
    return _order(name)[0] == 1


def _order(name: str) -> tuple[int, str]:
    if "=" in name:
        return (3, name)
    if name.startswith("held out") or name == "dev":
        return (2, name)
    return (1, name)


def print_table(tallies: dict[str, Tally]) -> None:
    """The accuracy table: styles, overall, split rows, then one row per axis value.

    `silent` is the share of images parsed wrong and NOT marked needs_review;
    `rev-ok` the share parsed right but sent to review anyway."""
    overall = Tally()
    for name, t in tallies.items():
        if is_style_row(name):
            overall.merge(t)
    header = f"{'group':<26}{'images':>7}{'fully':>8}{'set F1':>8}{'names':>8}{'dates':>8}"
    print(header + f"{'silent':>8}{'rev-ok':>8}{'s/img':>7}")
    styles = sorted(n for n in tallies if is_style_row(n))
    rest = sorted((n for n in tallies if not is_style_row(n)), key=_order)
    for name in [*styles, "overall", *rest]:
        t = overall if name == "overall" else tallies[name]
        r = t.row()
        print(
            f"{name:<26}{r['images']:>7}{r['fully_right']:>8.1%}{r['set_f1']:>8.4f}"
            f"{r['names_exact']:>8.1%}{r['dates']:>8.1%}{r['silent_wrong']:>8.1%}"
            f"{r['right_reviewed']:>8.1%}{r['s_per_image']:>7.3f}"
        )
