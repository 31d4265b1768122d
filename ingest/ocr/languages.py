"""Language choice for OCR, as pure functions over `OcrPage`s (no tesseract here).

English is always read; Korean or Japanese only when the English pass shows
that the screen needs them (`foreign_script_signals`; lines it split from one row
joined first, `ingest.ocr.split_rows`), one language at a
time until its script comes back with good confidence (`script_confirmed`).
Only lines are read again: those English could not read, with the language
alone (`script_lines`, `merge_rescued`), and in the same run rows it was unsure
of (`doubtful_rows`, `ingest.ocr.rows.merge_rows`); with a script
language always on, the name lines it still got wrong (`rescue_candidates`).
`ingest.ocr.stage.ocr_bytes` runs these steps.
"""

from __future__ import annotations

import re

from ingest.ocr.english_words import english_word
from ingest.ocr.rows import shifted_line
from schema.models import OcrLine, OcrPage, OcrWord

_NON_LATIN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
# The script each auto language is for.
SCRIPT_OF = {
    "kor": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "jpn": re.compile(r"[\u3040-\u30ff\u3400-\u9fff]"),
}
# The characters that confirm a language's script. For Korean only whole
# syllables count: kor reads specks and rules on an English screen as lone
# jamo ('ㅁ', 'ㅇ') with high confidence, never as syllables.
_CONFIRMS = {
    "kor": re.compile(r"[\uac00-\ud7af]"),
    "jpn": SCRIPT_OF["jpn"],
}
# Tokens of workout screens that tesseract often reads with low confidence:
# numbers with units and reps ('290', 'Ib', '75kgx7', '3@9.5'), W badges
# ('Ww'). Matched after lower-casing and dropping stray punctuation.
_WORKOUT_TOKEN = re.compile(
    r"w+|[\d.,x×@%]*[li]?(kg|lb|lbs|ib|ibs|1b|reps?|min|sec|s|km|mi|m)?[\d.,x×@%]*"
)
_STRAY = str.maketrans("", "", "|\\[](){}:;,'\"`+-_!")
# A set written without spaces, garbled around its unit: '215|bx5',
# '65lox1l1', '7WO0kgx5', 'A4reps', '1Imin50s'. Scripts English cannot read
# come out as letters ('HA] DayA', 'F712'), not as a digit beside a unit.
_GLUED_SET = re.compile(r"\d.*(?:kg|lb|bx|lox|ib|reps?|min)|(?:kg|lb|bx|ib|reps?|min).*\d")
# A rescued line replaces the mixed-language one when its script's words are
# at least this confident (or more confident than what they replace).
RESCUE_CONF = 85.0


def _foreign_word(word: OcrWord) -> bool:
    """A low-confidence word that is not a URL, a number or a unit: likely another script."""
    if word.conf >= 70 or any(c in "/.@" for c in word.text):
        return False
    token = word.text.lower().translate(_STRAY)
    if _GLUED_SET.search(token):
        return False
    return len(token) >= 2 and not _WORKOUT_TOKEN.fullmatch(token)


# An English word read with high confidence ('Plank', 'Incline', '(Barbell)'):
# a line holding one is English, whatever debris beside it. Hevy's menu dots
# read as 'wes' at 45 beside a name, and 'Plank wes' must not count as
# another script; English reads Korean names as debris such as 'HA] DayA',
# 'aaa', 'F712', not as a capitalised word at 90.
_ENGLISH_WORD = re.compile(r"\(?[A-Z]?[a-z]{3,}[),.:]?\)?")
_LINK = re.compile(r"[a-z]{2,}[./][a-z]{2,}|://", re.IGNORECASE)


def _foreign_line(line: OcrLine) -> bool:
    """A line where at least half the words look like another script, and none like English.

    Also not foreign: a line with a link or a handle ('mia.trains' beside an
    avatar read as 'oO', 'https://link.strong.app/u0 lijgc3yf'), and a row of
    one repeated token (a tab bar's icons read as 'oO oO oO').
    """
    words = line.words
    if any(w.conf >= 90 and _ENGLISH_WORD.fullmatch(w.text) for w in words):
        return False
    if any(_LINK.search(w.text) for w in words):
        return False
    if len(words) >= 3 and len({w.text for w in words}) == 1:
        return False
    foreign = sum(_foreign_word(w) for w in line.words)
    return foreign > 0 and 2 * foreign >= len(line.words)


# Labels of the Fleek app (a Korean app), printed in English: on its screens
# one foreign-looking line is enough. A screen whose only Korean names the
# English pass read as a digit-like line ('0471' for a title, 'a1Q4') has
# just one.
_KOREAN_APP_LABELS = re.compile(r"\bKCAL\b|\bEXERCISES\b|\bMAX\s?Weight")


def foreign_script_signals(page: OcrPage) -> tuple[bool, str]:
    """Whether an eng-only page looks like it holds non-Latin text, and why.

    Signals: CJK/Hangul characters already in the output, or at least two
    lines made mostly of low-confidence words that are not numbers or units.
    Measured on rendered screens: eng reads a Korean title or exercise name
    as a line like 'HA] DayA', 'aaa' or 'F712' (confidence 0-60), while the
    low-confidence words of English screens are numbers and units ('290 Ib
    x13', 'Ww' for a W badge, '215|bx5' for a set row). On a Fleek screen
    (its English labels: 'KCAL', 'EXERCISES', 'MAX Weight') one such line is
    enough. Measured on the English pass of 533 rendered Korean screens and
    652 English ones: every Korean screen fired, two English ones did.
    """
    if not page.lines:
        return False, "no words"
    if any(_NON_LATIN.search(line.text) for line in page.lines):
        return True, "non-Latin characters in the output"
    foreign = [line for line in page.lines if _foreign_line(line)]
    if len(foreign) >= 2:
        sample = " | ".join(line.text for line in foreign[:3])
        return True, f"{len(foreign)} lines look like another script: {sample}"
    if foreign and any(_KOREAN_APP_LABELS.search(line.text) for line in page.lines):
        return True, f"a Korean app's labels and a line in another script: {foreign[0].text}"
    return False, f"{len(foreign)} lines look like another script"


# Fewer foreign-looking lines than this, with no character of another script and no
# Korean app's labels, is a weak signal (`weak_signal`); so are more rows to read again
# than `PROBE_RATIO` per foreign-looking line, or more words than `NOISE_WORDS` per line.
STRONG_SIGNAL_LINES = 3
PROBE_RATIO = 6
NOISE_WORDS = 6


def weak_signal(page: OcrPage, rows: int) -> bool:
    """Whether the English pass's signs of another script are too few for the `rows` it
    would read again, so that a probe (`ingest.ocr.stage`) confirms the script first.

    Measured on the English pass of the four round-3 sets (560 screens): every page
    that fired with two foreign-looking lines and no Korean labels (chat, notes,
    generic and Strong screens, debris of a story's gradient or an avatar: 'Cet sda)',
    'aan a _Eaa') read no Japanese nor Korean, and each cost a re-read of 11-26 rows
    with jpn (0.7-1.15 s of CPU); every Japanese page had 4 or more such lines. The
    false alarms had 8 to 24 rows to read per foreign-looking line (a Hevy workout's
    grey cells: 4 lines, 36 rows), 45 Japanese pages at most 4.1. Texture read as text
    (a photo's desk around a screen not found) gives long lines of debris: 11.7 words
    per foreign-looking line, against at most 3.5 on 82 Korean and Japanese pages.
    """
    if any(_NON_LATIN.search(line.text) for line in page.lines) or _korean_looking(page):
        return False
    foreign = [line for line in page.lines if _foreign_line(line)]
    words = sum(len(line.words) for line in foreign)
    count = len(foreign)
    return count < STRONG_SIGNAL_LINES or rows > PROBE_RATIO * count or words > NOISE_WORDS * count


def script_confirmed(page: OcrPage, lang: str) -> bool:
    """Whether `page` holds confident words in the script of `lang`.

    Measured: kor on the rows of a Korean screen gives Hangul words at ~94;
    on a Japanese screen at most a stray Hangul word at ~53. Either the mean
    is high, or at least half the words are read at 85 or more: the nav bar
    of a Fleek screen can add Hangul debris at 0-30 ('쪽/0 운동/97 리복/31')
    that drags the mean of a short page under 70.
    """
    script = _CONFIRMS.get(lang)
    if script is None:  # a language we know no script for: trust the signals
        return not foreign_script_signals(page)[0]
    words = [w for line in page.lines for w in line.words if script.search(w.text)]
    if len(words) < 2:
        return False
    confident = sum(w.conf >= 85 for w in words)
    return sum(w.conf for w in words) / len(words) >= 70 or confident >= max(2, len(words) / 2)


def korean_first(page: OcrPage, languages: list[str]) -> list[str]:
    """`languages` in the order to try them on `page`: Korean first only on a Korean-looking page.

    A Korean app's English labels ('KCAL', 'EXERCISES', 'MAX Weight') or a dotted
    date ('2024.11.03') were on the English pass of every rendered Fleek screen
    (28 of 28); a Japanese screen's date ('2024年10月23日') reads as '20245F10A
    238', so there Japanese goes first and Korean's run (a third of a page's
    CPU) is saved. The order costs time only: each language must still be
    confirmed by its own script.
    """
    if "kor" not in languages or "jpn" not in languages:
        return languages
    ahead = "kor" if _korean_looking(page) else "jpn"
    return [ahead, *(lang for lang in languages if lang != ahead)]


def _korean_looking(page: OcrPage) -> bool:
    """A Korean app's English labels or a dotted date on the English pass (`korean_first`)."""
    return any(
        _KOREAN_APP_LABELS.search(line.text) or _DATE_LINE.search(line.text) for line in page.lines
    )


def pick_auto_languages(base: str, candidates: str, installed: frozenset[str]) -> list[str]:
    """The installed candidates (e.g. 'kor+jpn') not already in `base`, in the given order."""
    always = set(base.split("+"))
    return [
        lang for lang in candidates.split("+") if lang and lang not in always and lang in installed
    ]


def _confident_number(line: OcrLine) -> bool:
    """Whether the line holds a word with a digit read at 80 or more (a set row, a clock)."""
    return any(w.conf >= 80 and any(c.isdigit() for c in w.text) for w in line.words)


def rescue_candidates(page: OcrPage, lang: str) -> list[int]:
    """Indexes of lines worth reading again with `lang` alone.

    Lines without a confidently read number (names and titles, not set rows
    or dates) with a word that is unsure (under 80) or not in the script:
    the mixed pass reads short Korean names as English ('스쿼트' as 'AWE' at
    93, '스미스 머신 스쿼트' as '스미스 머신 AWE', '풀업' as '=a' or '2a').
    """
    script = SCRIPT_OF.get(lang)
    if script is None:
        return []
    picked: list[int] = []
    for i, line in enumerate(page.lines):
        if not line.words or _confident_number(line):
            continue
        if any(w.conf < 80 or not script.search(w.text) for w in line.words):
            picked.append(i)
    return picked


# A row with a word read under this confidence is worth a second look: on
# Fleek screens the page pass reads '13 11 9 22 11' as '13/43 =i/5 9/97
# 22/56 ~#&11/0' and '22.5 17.5' as '22.5/39 liso/18'; the row read alone
# with eng+kor comes back right. Measured on 110 rendered Fleek screens: 90
# re-read twice the rows of 60 for the same accuracy.
DOUBTFUL_CONF = 60.0


# The labels an exercise's name sits right above ('Total Reps: 74', 'MAX Weight:
# 60kg' on Fleek). English reads a short Hangul name there as a number ('22' at
# 62 for '풀업', '4194' at 75 for '친업'), which looks like a set row; read alone
# with kor it comes back at 93.
_NAME_ABOVE = re.compile(r"\s*(?:total\s*reps?|max\s*weight)\b", re.IGNORECASE)


def script_lines(page: OcrPage) -> list[int]:
    """Indexes of the lines of an English page pass to read again in another script.

    Every line that is not made only of numbers, units and English labels:
    on a Korean screen those are the names and titles English turned into
    debris ('QHoS DajA', 'esrtel AOlS', and '2a' for '풀업' at confidence
    80+), plus icons and navigation labels, which cost a few milliseconds
    and are kept as they were unless the re-read holds the script. A line
    right above a 'Total Reps' or 'MAX Weight' label is a name even when
    English made a number of it (`_NAME_ABOVE`), and a line of one short word: a set
    row has two or more, and a bold title English made a number of (`25` at 84 for
    `全身`) has one. A Korean app prints its numbers
    with Latin units ('12X', '22.5kg'), so on its pages numbers are English
    whatever their confidence (`english_word`).
    """
    lines = page.lines
    in_script = not _korean_looking(page)
    return [
        i
        for i, line in enumerate(lines)
        if line.words
        and (
            not all(english_word(w, in_script) for w in line.words)
            or (i + 1 < len(lines) and _NAME_ABOVE.match(lines[i + 1].text) is not None)
            or (len(line.words) == 1 and len(line.text) <= 4)
        )
    ]


def doubtful_rows(page: OcrPage, script: re.Pattern[str]) -> list[int]:
    """Indexes of lines without `script` that have a word read under `DOUBTFUL_CONF`.

    After the script re-read these are rows of numbers the page pass was
    unsure of, and names English read as digits ('212' at 40 for '친업').
    """
    return [
        i
        for i, line in enumerate(page.lines)
        if not script.search(line.text) and any(w.conf < DOUBTFUL_CONF for w in line.words)
    ]


def merge_rescued(
    page: OcrPage,
    lang: str,
    rescued: dict[int, tuple[tuple[int, int], list[OcrLine]]],
) -> int:
    """Put rescued lines into `page` where they are better; returns how many were replaced.

    `rescued` maps a line index to (crop offset, lines read from the crop).
    A rescued line must hold the script. It replaces a line the mixed pass
    read with no word of the script ('EIA' for '딥스') when one of its
    script words is confident (re-read: '팁 스' at 0 and 93, which the
    Fleek name list restores); otherwise when its words are confident on
    average or more confident than the line's.
    """
    script = SCRIPT_OF[lang]
    replaced = 0
    for index, ((dx, dy), lines) in sorted(rescued.items()):
        words = [w for line in lines for w in line.words]
        in_script = [w for w in words if script.search(w.text)]
        if not in_script:
            continue
        old = page.lines[index]
        new_conf = sum(w.conf for w in words) / len(words)
        if script.search(old.text):
            better = new_conf >= RESCUE_CONF or new_conf > old.conf
        else:
            better = max(w.conf for w in in_script) >= RESCUE_CONF
        if not better:
            continue
        page.lines[index] = shifted_line(words, dx, dy)
        replaced += 1
    return replaced


# A Fleek-style date line ('2026.02.07'): the session title sits right above it.
_DATE_LINE = re.compile(r"(?:19|20)\d{2}\s?[.\-/]\s?\d{1,2}\s?[.\-/]\s?\d{1,2}")


def title_area(
    page: OcrPage, width: int, height: int, pad: int = 6
) -> tuple[tuple[int, int, int, int], list[int]] | None:
    """The band above the first date line and below the status bar, and the lines in it.

    Returns ((left, top, right, bottom), indexes of the lines inside), or None
    when the page has no date line. The status bar is the last line above the
    date with a confidently read number ('11:13 59%'); without one the band
    starts at the top of the page. Big bold titles ('등', '복근') are often
    lost or garbled by the full-page pass but read right alone (psm 7).
    """
    date_at = next((i for i, ln in enumerate(page.lines) if _DATE_LINE.search(ln.text)), None)
    if date_at is None or date_at == 0:
        return None
    status = -1
    for i in range(date_at):
        if _confident_number(page.lines[i]):
            status = i
    top = page.lines[status].bottom + pad if status >= 0 else 0
    bottom = page.lines[date_at].top - pad
    if bottom - top < 8:
        return None
    inside = [i for i in range(status + 1, date_at)]
    return (0, max(0, top), width, min(height, bottom)), inside


def merge_title(
    page: OcrPage, lang: str, inside: list[int], offset: tuple[int, int], lines: list[OcrLine]
) -> bool:
    """Replace the lines of the title band by its re-read, if that reads more of the script.

    The re-read must be confident on average and hold more script letters
    than the band's confident words; only its script words are kept (icons
    beside the title read as '=').
    """
    script = SCRIPT_OF[lang]
    words = [w for line in lines for w in line.words if script.search(w.text)]
    if not words or sum(w.conf for w in words) / len(words) < 60:
        return False
    # The page pass's title, when it read as much of the script confidently,
    # stays: its word boxes are sounder (psm 7 on a bold title can return
    # overlapping boxes that split '둔근 전완' in the wrong places).
    old = sum(
        len(script.findall(w.text)) for i in inside for w in page.lines[i].words if w.conf >= 80
    )
    if sum(len(script.findall(w.text)) for w in words) <= old:
        return False
    keep = [ln for i, ln in enumerate(page.lines) if i not in set(inside)]
    at = inside[0] if inside else next(i for i, ln in enumerate(keep) if _DATE_LINE.search(ln.text))
    keep.insert(at, shifted_line(_sane_widths(words), *offset))
    page.lines = keep
    return True


def _sane_widths(words: list[OcrWord]) -> list[OcrWord]:
    """Words whose box is far wider than their letters allow, narrowed to the typical width.

    psm 7 on a big bold title sometimes gives a syllable a box spanning the
    whole line ('둔' 269 px wide beside '근' 49 px), which would hide the gap
    between its words.
    """
    per_letter = sorted(w.width / max(1, len(w.text)) for w in words)
    typical = per_letter[len(per_letter) // 2]
    return [
        w.model_copy(update={"width": round(typical * len(w.text))})
        if w.width > 2.5 * typical * len(w.text)
        else w
        for w in words
    ]


def script_letters(lang: str, lines: list[OcrLine]) -> int:
    """How many letters of `lang`'s script `lines` hold in words read at 80 or more."""
    script = SCRIPT_OF[lang]
    words = [w for line in lines for w in line.words if w.conf >= 80]
    return sum(len(script.findall(w.text)) for w in words)
