"""Match quality and speed of the alias matcher, beside a naive rapidfuzz baseline.

    python bench/match_quality.py [--labels fixtures/match_labels.tsv] [--names 50000] [-v]

Precision = correct bindings / bindings made; recall = correct bindings /
names that have a true key. A near-miss pair (e.g. `Incline Bench Press` /
`Bench Press`) counts as merged when a member is bound to another member's key.
The baseline is `rapidfuzz.process.extractOne(name, all_aliases,
scorer=WRatio, processor=default_process)` over every catalogue alias, taken
as is and with a score cut-off of 90.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workers.names.catalogue import Catalogue, load_catalogue  # noqa: E402
from workers.names.matcher import Matcher  # noqa: E402

Binder = Callable[[list[str]], dict[str, str | None]]


@dataclass(frozen=True)
class Label:
    """One labelled raw name."""

    raw_name: str
    key: str | None
    category: str
    pair: str | None


def read_labels(path: Path) -> list[Label]:
    """The labelled names of a TSV file (comment lines start with `#`)."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        key = None if cols[1] == "-" else cols[1]
        pair = cols[3] if len(cols) > 3 and cols[3] else None
        labels.append(Label(cols[0], key, cols[2], pair))
    return labels


@dataclass
class Figures:
    """Precision, recall and near-miss merges of one binder on the labels."""

    made: int
    correct: int
    truth: int
    merged_pairs: int
    pairs: int
    wrong: list[tuple[str, str | None, str]]
    missed_by_category: Counter[str]

    @property
    def precision(self) -> float:
        return self.correct / self.made if self.made else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0


def evaluate(labels: list[Label], bound: dict[str, str | None]) -> Figures:
    """Score a name -> key decision table against the labels."""
    made = correct = 0
    wrong: list[tuple[str, str | None, str]] = []
    missed: Counter[str] = Counter()
    for label in labels:
        got = bound[label.raw_name]
        if got is not None:
            made += 1
            if got == label.key:
                correct += 1
            else:
                wrong.append((label.raw_name, label.key, got))
        elif label.key is not None:
            missed[label.category] += 1
    groups: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        if label.pair:
            groups[label.pair].append(label)
    merged = 0
    for members in groups.values():
        own = {m.raw_name: m.key for m in members}
        other_keys = {m.raw_name: {o.key for o in members if o.key != m.key} for m in members}
        if any(bound[name] in other_keys[name] for name in own):
            merged += 1
    truth = sum(1 for label in labels if label.key is not None)
    return Figures(made, correct, truth, merged, len(groups), wrong, missed)


def ours(catalogue: Catalogue) -> Binder:
    """The liftlens matcher as a binder."""
    matcher = Matcher(catalogue)

    def bind(names: list[str]) -> dict[str, str | None]:
        return {name: r.alias_key for name, r in matcher.match_many(names).items()}

    return bind


def naive(catalogue: Catalogue, cutoff: float = 0.0) -> Binder:
    """The naive baseline: best WRatio over all aliases, optionally with a cut-off."""
    choices: list[str] = []
    keys: list[str] = []
    for ex in catalogue.exercises:
        for alias in (ex.display_name, *ex.aliases):
            choices.append(alias)
            keys.append(ex.key)

    def bind(names: list[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for name in names:
            best = process.extractOne(
                name,
                choices,
                scorer=fuzz.WRatio,
                processor=utils.default_process,
                score_cutoff=cutoff,
            )
            out[name] = keys[best[2]] if best else None
        return out

    return bind


def synthetic_names(catalogue: Catalogue, count: int, seed: int = 7) -> list[str]:
    """`count` distinct names as a large log would hold them: spellings, typos, OCR, junk."""
    rng = random.Random(seed)
    aliases = [a for ex in catalogue.exercises for a in (ex.display_name, *ex.aliases)]
    letters = "abcdefghijklmnopqrstuvwxyz"
    ocr = {"b": "8", "B": "8", "o": "0", "O": "0", "l": "1", "I": "l", "s": "5", "S": "5"}
    junk = ["Heavy", "5x5", "Warm Up", "(Paused)", "Tempo", "Kroc", "Meadows", "Day 2", "PR"]

    def mutate(name: str) -> str:
        chars = list(name)
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            i = rng.randrange(len(chars)) if chars else 0
            if op < 0.25 and chars:
                chars[i] = rng.choice(letters)
            elif op < 0.45 and len(chars) > 3:
                del chars[i]
            elif op < 0.6 and len(chars) > 1 and i + 1 < len(chars):
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            elif op < 0.8 and chars and chars[i] in ocr:
                chars[i] = ocr[chars[i]]
            else:
                chars.insert(i, rng.choice(letters))
        text = "".join(chars)
        if rng.random() < 0.2:
            text = f"{text} {rng.choice(junk)}"
        return text.upper() if rng.random() < 0.1 else text

    names: set[str] = set(aliases)
    while len(names) < count:
        roll = rng.random()
        if roll < 0.85:
            names.add(mutate(rng.choice(aliases)))
        else:
            words = rng.randint(1, 3)
            names.add(" ".join(_random_word(rng, letters) for _ in range(words)))
    return sorted(names)[:count]


def _random_word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(3, 9))).title()


def report(name: str, figures: Figures, categories: dict[str, str], verbose: bool) -> None:
    """Print one binder's figures."""
    print(
        f"{name:<28} precision {figures.precision:.4f}  recall {figures.recall:.4f}  "
        f"bindings {figures.made} (correct {figures.correct}, wrong {len(figures.wrong)})  "
        f"near-miss pairs merged {figures.merged_pairs}/{figures.pairs}"
    )
    wrong_categories = Counter(categories[raw] for raw, _, _ in figures.wrong)
    if wrong_categories:
        print(f"    wrong bindings by category: {dict(wrong_categories)}")
    if verbose:
        for raw, want, got in figures.wrong:
            print(f"    wrong: {raw!r} -> {got} (label {want or '-'})")
        if figures.missed_by_category:
            print(f"    missed by category: {dict(figures.missed_by_category)}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "fixtures" / "match_labels.tsv")
    parser.add_argument("--names", type=int, default=50_000, help="synthetic names for speed")
    parser.add_argument("-v", "--verbose", action="store_true", help="list wrong bindings")
    args = parser.parse_args()

    catalogue = load_catalogue()
    labels = read_labels(args.labels)
    names = [label.raw_name for label in labels]
    by_name = {label.raw_name: label.category for label in labels}
    categories = Counter(label.category for label in labels)
    print(
        f"catalogue {catalogue.version}: {len(catalogue.exercises)} exercises; "
        f"{len(labels)} labelled names ({', '.join(f'{c} {n}' for c, n in categories.items())})"
    )
    for title, binder in (
        ("liftlens matcher", ours(catalogue)),
        ("naive extractOne WRatio", naive(catalogue)),
        ("naive WRatio, cutoff 90", naive(catalogue, cutoff=90.0)),
    ):
        verbose = args.verbose or title.startswith("lift")
        report(title, evaluate(labels, binder(names)), by_name, verbose)

    synthetic = synthetic_names(catalogue, args.names)
    started = time.perf_counter()
    matcher = Matcher(catalogue)
    built = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    results = matcher.match_many(synthetic)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    methods = Counter(r.method for r in results.values())
    print(
        f"match_many: {len(synthetic)} distinct synthetic names in {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU ({len(synthetic) / cpu:,.0f} names per CPU second; "
        f"matcher built in {built * 1000:.0f} ms); methods {dict(methods)}"
    )


if __name__ == "__main__":
    main()
