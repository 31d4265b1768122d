"""Strong: the app's workout history screens and its share text.

App screens print a badge column (`W`, `1`, `D`, `F`), the set (`60 kg × 8`)
and an estimated 1RM column on the right; share text prints `Set 1: ...`,
`W1: ... [Warm-up]` and ends with a `link.strong.app` link.
"""

from __future__ import annotations

import re

from ingest.read.common import normalize_set_text, visual_rows
from ingest.read.date_repairs import fill_missing_date
from ingest.read.findings import conclude, finding
from ingest.read.generic import Options, parse_with
from ingest.read.one_rm import one_rm_estimate
from schema.models import OcrPage, SessionDraft

OPTIONS = Options(layout="strong", one_rm_column=True)

_LINK = re.compile(r"strong\.app|link\.strong", re.IGNORECASE)
_ONE_RM = re.compile(r"\b[1lI]\s?RM\b")
# The tab bar `Profile History Workout Exercises Measure`; OCR garbles the first words.
_NAV = re.compile(
    r"\bExercises\b.*\bMeasure\b|\bHistory\b.*\bWorkout\b|\bWorkout\b.*\bMeasure\b",
    re.IGNORECASE,
)
# The tab bar's last word, which no other app's bar holds.
_MEASURE = re.compile(r"\bMeasure\s*$", re.MULTILINE)
# One word of the tab bar is enough to tell it when OCR garbled the others (`Probie
# History Workoul`).
_NAV_WORD = re.compile(r"\b(?:Profile|History|Workout|Exercises|Measure)\b", re.IGNORECASE)
# Strong's dates end in `at 10:45 AM` (US) or `at 07:32` (24 h); Hevy writes `at 7:32pm`.
# OCR may lose the colon or read it as a space or slash (`at 16 59`, `at 2159`, `at 1/25`).
_DATE_TIME = re.compile(r"\bat\s+\d{1,2}\s?[:;./ ]?\s?\d{2}(\s?[AP]M\b|\s*$)")
_TAGS = re.compile(r"\[(Warm-up|Failure|Drop)\]|^W\d*:", re.IGNORECASE)
# An app-screen set row: `1 130 kg x 3 143`, `W 20lbx9 26`; the last number is Strong's 1RM.
_ONE_RM_ROW = re.compile(
    r"(?P<w>\d+(?:[.,]\d+)?) (?P<u>kg|lb) x (?P<r>\d{1,2})(?: @ \d+(?:[.,]\d+)?)? (?P<orm>\d{1,4})$"
)
_PRS = re.compile(r"\d+\s*[.,]?\s*PRs\b", re.IGNORECASE)  # `3 PRs`, `3.PRs`, `4PRS`


# Strong capitalises every word of an exercise name (`Seated Leg Curl (Machine)`): a word
# in lowercase lost its first letter (`Seated eg Curl`), which nothing here can restore.
_LOWERCASE_WORD = re.compile(r"(?:^|\s)[a-z]")


def parse(page: OcrPage) -> SessionDraft:
    """Parse a Strong app screen or Strong share text."""
    draft = parse_with(page, OPTIONS)
    for exercise in draft.exercises:
        if _LOWERCASE_WORD.search(exercise.raw_name):
            sentence = f"name word lost its capital letter: {exercise.raw_name!r}"
            draft.findings.append(finding("name.lost_capital", "doubt", sentence))
    if trailing := _text_after_the_last_set(page, draft):
        sentence = f"text after the last set, an exercise lost? {trailing!r}"
        draft.findings.append(finding("exercise.lost_after_last", "doubt", sentence))
    # Strong prints the date on every workout: without it the parse needs a look.
    fill_missing_date(draft, [ln.text for ln in page.lines])
    return conclude(draft, page)


def _text_after_the_last_set(page: OcrPage, draft: SessionDraft) -> str | None:
    """`Hollow Body Hold` then `Sele)` (its set garbled) then the link: a last exercise
    whose sets OCR lost is dropped without a trace, so a text row between the last set
    and the screen's end (the share link, the tab bar) needs a look. Returns that row."""
    raws = {s.raw_line for e in draft.exercises for s in e.sets}
    rows = [row.text.strip() for row in visual_rows(page)]
    last = max((i for i, text in enumerate(rows) if text in raws), default=None)
    if last is None:
        return None
    for text in rows[last + 1 :]:
        if _LINK.search(text) or _NAV_WORD.search(text):
            return None  # the share text's or the screen's end: what follows is another's
        if re.search(r"[A-Za-z]{3}", text):
            return text
    return None


def score(page: OcrPage) -> float:
    """0..1: how much the page looks like Strong (link, 1RM column, nav labels, date form)."""
    text = page.text
    lines = [line.text for line in page.lines]
    points = 0.0
    if _LINK.search(text):
        points += 0.9
    if _ONE_RM.search(text):
        points += 0.4
    if _NAV.search(text):
        points += 0.3
    elif _MEASURE.search(text):  # `Prohie bérstary Workoul § xer es Measure`: one word left
        points += 0.2
    if any(_DATE_TIME.search(line) for line in lines):
        points += 0.3
    if any(_TAGS.search(line.strip()) for line in lines):
        points += 0.15
    if _PRS.search(text):
        points += 0.15
    if one_rm_rows(lines) >= 2:
        points += 0.4
    return min(1.0, points)


def one_rm_rows(lines: list[str]) -> int:
    """Set rows whose trailing number is the Epley 1RM of their weight and reps.

    Strong's app screens print an estimated 1RM after every weighted set
    (`1 130 kg x 3 143`: 130 * (1 + 3/30) = 143). Other apps print no such
    column, so rows that agree with it mark a Strong screen even when OCR
    garbled the `1RM` header, the date's time and the navigation bar.
    """
    count = 0
    for line in lines:
        m = _ONE_RM_ROW.search(normalize_set_text(line))
        if not m:
            continue
        weight = float(m.group("w").replace(",", "."))
        estimate = one_rm_estimate(weight, int(m.group("r")))
        if weight > 0 and abs(estimate - int(m.group("orm"))) <= max(2.0, 0.03 * estimate):
            count += 1
    return count
