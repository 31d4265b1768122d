"""Match quality of the alias matcher on the labelled names, beside a naive rapidfuzz baseline.

    python bench/match_quality.py [--labels FILE ...] [--names 50000] [-v]

Labelled names (TSV: raw_name, expected, language, source[, near-miss pair]):
`fixtures/match_labels.tsv` (dev: the catalogue may be tuned on it) and
`fixtures/match_labels_heldout.tsv` (held out: written before the catalogue
was edited for it; reported separately). `expected` is a catalogue key,
`ambiguous` (must be reported ambiguous, never bound) or `none` (no exercise).

Figures, overall, per file, and by language and by source:

* precision = correct bindings / bindings made (a binding of an `ambiguous`
  or `none` name is a wrong one);
* recall = correct bindings / names whose expected answer is a key;
* wrong merges = names bound to a key of another family than the expected
  key's (a different movement; a wrong equipment of the right movement is
  counted as wrong, not as a merge);
* garbage bound = `none` names bound to any key;
* ambiguous = `ambiguous` names reported ambiguous / all of them.

The baseline is `rapidfuzz.process.extractOne(name, all_aliases,
scorer=WRatio, processor=default_process)` with a score cut-off of 90.
`--names N` also times `match_many` on N synthetic names (off by default).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schema.models import MatchResult  # noqa: E402
from workers.names.catalogue import Catalogue, load_catalogue  # noqa: E402
from workers.names.matcher import Matcher  # noqa: E402

DEV = ROOT / "fixtures" / "match_labels.tsv"
HELD_OUT = ROOT / "fixtures" / "match_labels_heldout.tsv"
NOT_A_KEY = ("none", "ambiguous")

Binder = Callable[[list[str]], dict[str, MatchResult]]


@dataclass(frozen=True)
class Label:
    """One labelled raw name."""

    raw_name: str
    expected: str  # a key, `none` or `ambiguous`
    language: str
    source: str
    file: str


def read_labels(path: Path) -> list[Label]:
    """The labelled names of a TSV file (comment lines start with `#`)."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        labels.append(Label(cols[0], cols[1], cols[2], cols[3], path.stem))
    return labels


@dataclass
class Figures:
    """The figures of one group of labelled names."""

    names: int = 0
    truth: int = 0
    made: int = 0
    correct: int = 0
    merges: int = 0
    garbage: int = 0
    ambiguous: int = 0
    ambiguous_reported: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.made if self.made else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0


def score(
    labels: Iterable[Label], results: dict[str, MatchResult], family: dict[str, str]
) -> Figures:
    """The figures of `labels` given the matcher's results."""
    f = Figures()
    for label in labels:
        got = results[label.raw_name]
        key = got.alias_key
        f.names += 1
        f.truth += label.expected not in NOT_A_KEY
        f.made += key is not None
        if label.expected == "ambiguous":
            f.ambiguous += 1
            f.ambiguous_reported += got.method == "ambiguous"
        elif label.expected == "none":
            f.garbage += key is not None
        elif key == label.expected:
            f.correct += 1
        elif key is not None and family.get(key, key) != family.get(label.expected):
            f.merges += 1
    return f


def wrong_rows(labels: Iterable[Label], results: dict[str, MatchResult]) -> list[str]:
    """One line per name the matcher got wrong or missed."""
    rows = []
    for label in labels:
        got = results[label.raw_name]
        if label.expected == "ambiguous":
            ok = got.method == "ambiguous"
        elif label.expected == "none":
            ok = got.alias_key is None
        else:
            ok = got.alias_key == label.expected
        if not ok:
            shown = got.alias_key or got.method
            rows.append(f"    {label.file}: {label.raw_name!r} -> {shown} (label {label.expected})")
    return rows


def ours(catalogue: Catalogue) -> Binder:
    """The liftlens matcher as a binder."""
    matcher = Matcher(catalogue)
    return lambda names: matcher.match_many(names)


def naive(catalogue: Catalogue, cutoff: float = 90.0) -> Binder:
    """The naive baseline: best WRatio over all aliases, with a cut-off."""
    choices = [a for ex in catalogue.exercises for a in (ex.display_name, *ex.aliases)]
    keys = [ex.key for ex in catalogue.exercises for _ in (ex.display_name, *ex.aliases)]

    def bind(names: list[str]) -> dict[str, MatchResult]:
        out = {}
        for name in names:
            best = process.extractOne(
                name, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                score_cutoff=cutoff,
            )  # fmt: skip
            key = keys[best[2]] if best else None
            out[name] = MatchResult(raw_name=name, alias_key=key, score=0.0, method="naive")
        return out

    return bind


HEADER = (
    f"{'group':<22}{'names':>6}{'precision':>10}{'recall':>8}{'wrong merges':>13}"
    f"{'garbage bound':>14}{'ambiguous':>10}"
)


def line(title: str, f: Figures) -> str:
    """One table row."""
    amb = f"{f.ambiguous_reported}/{f.ambiguous}" if f.ambiguous else "-"
    return (
        f"{title:<22}{f.names:>6}{f.precision:>10.3f}{f.recall:>8.3f}{f.merges:>13}"
        f"{f.garbage:>14}{amb:>10}"
    )


def table(
    title: str, labels: list[Label], results: dict[str, MatchResult], family: dict[str, str]
) -> None:
    """Print the figures of `labels`: all of them, by language and by source."""
    print(f"\n{title}\n{HEADER}")
    print(line("all", score(labels, results, family)))
    for attr in ("language", "source"):
        for value in sorted({getattr(label, attr) for label in labels}):
            group = [label for label in labels if getattr(label, attr) == value]
            print(line(f"{attr} {value}", score(group, results, family)))


def synthetic_names(catalogue: Catalogue, count: int, seed: int = 7) -> list[str]:
    """`count` distinct names as a large log would hold them: spellings, typos, OCR, junk."""
    rng = random.Random(seed)
    aliases = [a for ex in catalogue.exercises for a in (ex.display_name, *ex.aliases)]
    ocr = {"b": "8", "B": "8", "o": "0", "O": "0", "l": "1", "s": "5", "S": "5"}
    names: set[str] = set(aliases)
    while len(names) < count:
        chars = list(rng.choice(aliases))
        i = rng.randrange(len(chars))
        if rng.random() < 0.5 and chars[i] in ocr:
            chars[i] = ocr[chars[i]]
        else:
            chars.insert(i, rng.choice("abcdefghijklmnopqrstuvwxyz"))
        names.add("".join(chars))
    return sorted(names)[:count]


def timing(catalogue: Catalogue, count: int) -> None:
    """Time `match_many` on `count` synthetic names."""
    synthetic = synthetic_names(catalogue, count)
    matcher = Matcher(catalogue)
    wall, cpu = time.perf_counter(), time.process_time()
    results = matcher.match_many(synthetic)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    methods = Counter(r.method for r in results.values())
    print(
        f"\nmatch_many: {len(synthetic)} distinct synthetic names in {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU; methods {dict(methods)}"
    )


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--labels", type=Path, action="append", help="default: dev + held-out")
    parser.add_argument("--names", type=int, default=0, help="synthetic names to time (0: none)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list wrong names (dev)")
    args = parser.parse_args()

    catalogue = load_catalogue()
    family = {ex.key: ex.family for ex in catalogue.exercises}
    labels = [label for path in args.labels or [DEV, HELD_OUT] for label in read_labels(path)]
    names = [label.raw_name for label in labels]
    results = ours(catalogue)(names)
    print(f"catalogue {catalogue.version}: {len(catalogue.exercises)} exercises")
    table(f"liftlens matcher, {len(labels)} labelled names", labels, results, family)
    for stem in sorted({label.file for label in labels}):
        group = [label for label in labels if label.file == stem]
        table(f"{stem} ({len(group)} names)", group, results, family)
    base = naive(catalogue)(names)
    print(f"\nnaive WRatio >= 90, all names\n{HEADER}")
    print(line("all", score(labels, base, family)))
    if args.verbose:
        # The held-out names' failures are not listed: the catalogue is not tuned on them.
        dev = [label for label in labels if label.file != HELD_OUT.stem]
        print("\n".join(wrong_rows(dev, results)))
    if args.names:
        timing(catalogue, args.names)


if __name__ == "__main__":
    main()
