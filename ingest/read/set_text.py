"""Canonical spelling of a set line as OCR reads it: digits, units, `x`, times, RPE.

`normalize_set_text` turns the OCR text of one set line (`185|bx8`, `62,5kg xX 6`,
`i1min50s`) into one spelling (`185 lb x 8`, `62,5 kg x 6`, `1min 50s`) that the
set grammar in `ingest.read.common` reads. Import it from there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from ingest.read.structure import vocabulary

_SPACES = re.compile(r"\s+")

_NUMBERISH = re.compile(r"(?<![A-Za-z])[0-9OoIl|]*[0-9][0-9OoIl|]*(?:[.,][0-9OoIl|]+)?(?![A-Za-z])")


def fix_digits(text: str) -> str:
    """Inside tokens that hold a digit, read `O`/`o` as 0 and `l`/`I`/`|` as 1."""
    table = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
    return _NUMBERISH.sub(lambda m: m.group(0).translate(table), text)


# `45|lobx8`: an `o` read between the l and the b of `lb`.
LB_UNIT = (
    r"(?:lbs?|[|lI!(\]i/][|lI1i]?[bDp][bs]?s?|\|[lI][bD]s?|IDp?|1b|[lI|]o(?=\s*[xX×])"
    r"|\|?[lI]ob)"
)
KG_UNIT = r"(?:kgs?|kqg|kgg|kq|kd|k9|Kg|KG|kG)"
_UNIT_AFTER_NUMBER = re.compile(
    rf"(?<=[\d.,])(?:\s+1(?=[lI|]b))?\s*(?:(?P<kg>{KG_UNIT})|(?P<lb>{LB_UNIT}))(?=[\s×xX*@\[(|]|$)"
)
# With no unit left in a line, `lb` read as digits (`185 10 x 8`, `18510 × 8`) is the best
# reading: the weight cannot stand without its unit.
_LB_AS_DIGITS = re.compile(r"(?<=\d)\s?[1lI|][0oObD6][0oObD6]?(?=\s*[xX×])")
_KG_AS_DIGITS = re.compile(r"(?<=\d)\s[kK1l][9gq](?=\s*[xX×])")
# A unit read, or a list of sets (`110x5, 120x3`: 110 is a weight, not 1 and `lb`).
_UNIT_OR_LIST = re.compile(r"\b(kg|lb)\b|\d\s*[xX×*]\s*\d+\s*,")
_CROSS = re.compile(r"(?<=[\dgb])\s*(?:~?[×xX*%«]{1,3})(?=\s*[\dOoIl|]\b|\s*\d)")
# `Imin15s`, `Tmin`: the 1 read as a letter; the seconds may follow `min` with no space.
_MINUTES = re.compile(r"(?<![A-Za-z])(\d?)[lI|iLAT]min(?![A-Za-z])")


def _sub(
    pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
) -> Callable[[str], str]:
    """One rule: replace `pattern` (compiled once, here) by `repl`."""
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    return partial(compiled.sub, repl)


# The rules in the order they run: each takes the line's text and returns it respelled.
# Order matters (a unit must be read before the digits around it are, for example).
_RULES: tuple[Callable[[str], str], ...] = (
    _sub(r"(?<=\d)\s?\\(?=[bD])", " l"),  # `290 \\bx 4`: the `l` of `lb` as `\\`
    lambda text: text.replace("×", " x ").replace("}", "").replace("{", "").replace("\\", ""),
    _sub(r"^([WDF]|Ww|WwW|VV) /(?=\d)", r"\1 "),  # `W /70 lb`: a stray slash after a badge
    _sub(r"(?<=\d)[Oo](?=\s?(?:kg|lb|[|lI][bD]))", "0"),  # `7Olbx5`
    _sub(r"(?<![\w.,])min(?=\s\d{1,2}\s?s\b)", "1min"),  # `min 5s`: the 1 lost
    # Apps print at most one decimal: `127.55` is 127.5 with its 5 read twice.
    # Not after a set prefix: `Set 4.55 kg` is set 4 at 55 kg.
    _sub(r"(?<!et \d[.,])(?<!et\d[.,])(?<=\d[.,])55(?=\s?(?:kg|lb|[|lI][bD]))", "5"),
    _sub(r"(?<=[xX×])(\s*\d)[lI|](\d)\b", r"\1\2"),  # reps `1l1` are 11, not 111
    # `AO lb` / `SOlb`: 40 and 50 with their first digit read as a letter.
    _sub(
        r"(?<![A-Za-z\d])([AS])([O0o\d]+(?:[.,]\d)?)(?=\s?(?:kg|lb|[|lI][bD])(?:\b|[xX×]))",
        lambda m: (
            ("4" if m.group(1) == "A" else "5") + m.group(2).replace("O", "0").replace("o", "0")
        ),
    ),
    # The `|` between distance and time, before a `|` next to digits is read as a 1.
    _sub(r"(?<=km|mi)\s*[\]\[|!]+\s*(?=\d)", " | "),
    # `92.5|1bx11`, `85|lIbx2`: `lb` as a run of bars and ones, before they become digits.
    _sub(
        r"(?<=[\d.,])\s?(?:[|lI!\]][|lI1!]{0,2}|1[|lI!][|lI1!]?)[bD](?=s?(?:[\sxX×@\[(]|$))", " lb"
    ),
    _sub(r"(?<=\d),(?=\d{3}\s?m\b)", ""),  # `2,000 m`: a thousands separator
    fix_digits,
    _sub(_MINUTES, lambda m: (m.group(1) or "1") + "min"),  # `1lmin`, `Imin`
    _sub(r"(?<=\d)S$", "s"),  # `55S`
    _sub(r"(?<=\s)[=~_。・]+(?=\s|\d)", " "),  # `1 = 1mi|`, `_。`: stray marks
    _sub(r"(?<=\d\d) [5S](?=\s?(?:kg|lb)\b)", ".5"),  # `52 5kg`: lost point
    # Apps print `62.5` or `62`, never `62.0`: a `.0` before the unit is a misread `.5`.
    _sub(r"(?<=\d)\.0(?=\s?(?:kg|lb)\b)", ".5"),
    _sub(r"(?<=\d)[lI|](?=\s?(?:reps?|kg|min)\b)", "1"),  # `1lreps`
    _sub(r"(?<=\d)[iIl|](?=mi\b|mi[lI|!])", ""),  # `1imi|`
    _sub(r"(?<![\d.,])(?:\+4|4)\+(?=\d)", "+"),  # `4+17.5`, `+4+15`: a bold `+`
    _sub(r"(?<=[xX×])\s*[/\\|](?=\s*\d)", " "),  # `x/7`
    _sub(r"@\s*[^\d\s]{0,2}\s*(?=\d)", "@ "),  # `@/7`, `@⑥9` -> `@ 7`
    _sub(_UNIT_AFTER_NUMBER, lambda m: " kg" if m.group("kg") else " lb"),
    lambda text: (
        _KG_AS_DIGITS.sub(" kg ", text, count=1) if not _UNIT_OR_LIST.search(text) else text
    ),
    lambda text: (
        _LB_AS_DIGITS.sub(" lb ", text, count=1) if not _UNIT_OR_LIST.search(text) else text
    ),
    _sub(_CROSS, " x "),
    _sub(r"\b[xX]{1,3}\s*(?=\d)", "x "),
    _sub(r"(?<=\d)(?=@)|(?<=@)(?=\d)", " "),
)


def normalize_set_text(text: str) -> str:
    """Canonical spelling of a set line: ` kg `/` lb `, ` x ` for ×, one space between tokens."""
    for respell in vocabulary().respell:  # an app's own spelling of a set row
        text = respell(text)
    for rule in _RULES:
        text = rule(text)
    return _SPACES.sub(" ", text).strip()
