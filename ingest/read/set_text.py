"""Canonical spelling of a set line as OCR reads it: digits, units, `x`, times, RPE.

`normalize_set_text` turns the OCR text of one set line (`185|bx8`, `62,5kg xX 6`,
`i1min50s`) into one spelling (`185 lb x 8`, `62,5 kg x 6`, `1min 50s`) that the
set grammar in `ingest.read.common` reads. Import it from there.
"""

from __future__ import annotations

import re

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
_CROSS = re.compile(r"(?<=[\dgb])\s*(?:~?[×xX*%«]{1,3})(?=\s*[\dOoIl|]\b|\s*\d)")
# The `@` before a trailing RPE read as a run of non-ASCII glyphs (`215Ibx12 ぐ ⑥ 7.5`).
_RPE_AS_SYMBOLS = re.compile(
    r"([xX×]\s?\d{1,3})\s*(?:[^\x00-\x7f\s]\s*){1,3}(\d{1,2}(?:[.,]5)?(?:\s?rpe)?\s*)$",
    re.IGNORECASE,
)
# A lowercase letter glued before a distance is a ghost (`t1km|` for `1 km |`); `i`, `l`
# are left to the rules that read them as 1.
_GHOST_BEFORE_DISTANCE = re.compile(r"(?<![\w.])[a-hj-km-z](?=\d[\d.,]*\s?(?:km|mi)(?![a-z]))")
_MIN_AS_DIGITS = re.compile(r"\b(\d{1,2})[01]{3}0(?=\s+\d{1,2}\s?s\b)")
LETTER_REPS = re.compile(
    r"(?<![\w.])(?:[lI|]{1,2}|[Qq])(?=\s?reps\b)|(?<=[xX×])\s?(?:[lI|]{2}|\d{1,2}[Qq])(?=\s|$|@)"
    r"|(?<=[xX×])\s?S(?=\s|$|@)"  # `35 kg x S [Warm-up]`: 5 reps read as S
)
# `W 17.5|lbx8s`: a ghost `s` after the reps at the end of a set line (or before its tag or
# RPE); no time follows an `x`, and `85` reps would be no set.
GHOST_S_AFTER_REPS = re.compile(r"((?:kg|[|lI]b)\s?[xX×]\s?\d{1,2})s(?=\s*(?:$|[\[@]))")
_LETTER_ONES_REPS = re.compile(r"(?<![\w.])[lI|]{1,2}(?=\s?reps\b)")
_LETTER_NINE_REPS = re.compile(r"(?<![\w.])[Qq](?=\s?reps\b)")
# `Imin15s`, `Tmin`: the 1 read as a letter; the seconds may follow `min` with no space.
_MINUTES = re.compile(r"(?<![A-Za-z])(\d?)[lI|iLAT]min(?![A-Za-z])")


def normalize_set_text(text: str) -> str:
    """Canonical spelling of a set line: ` kg `/` lb `, ` x ` for ×, one space between tokens."""
    for respell in vocabulary().respell:  # an app's own spelling of a set row
        text = respell(text)
    text = re.sub(r"(?<=\d) 1\\(?=[bD])", " l", text)  # `130 1\\b x 13`: the `l` as `1\\`
    text = re.sub(r"(?<=\d)\s?\\(?=[bD])", " l", text)  # `290 \\bx 4`: the `l` of `lb` as `\\`
    text = re.sub(r"(?<=[\d.,])([|lI]{1,2}b)o(?=\s?[xX×])", r"\1", text)  # `25|lbox7`: a ghost o
    text = re.sub(r"(?<=km|mi)\s*[{}]\s*(?=\d)", " | ", text)  # `2km {11:15`: the bar as a brace
    text = text.replace("×", " x ").replace("}", "").replace("{", "").replace("\\", "")
    text = re.sub(r"(?<=\d)\s?/(?=\s?reps\b)", "", text)  # `17/reps`: a stray slash
    text = re.sub(r"(?<=\d)[;:,'](?=\s?reps\b)", "", text)  # `12;reps`: a stray mark
    text = re.sub(r"(?<=[\d\s])/(?=\d{1,2}\s?reps\b)", "", text)  # `1/7 reps`, `1 /7reps`: flagged
    text = re.sub(r"(?<=[+-])\s?/(?=\d)", "", text)  # `+/7,5kg`: a stray slash after the sign
    text = re.sub(r"(?<=^[WDF] )/(?=\d)", "", text)  # `W /70 lb`: a stray slash after a badge
    text = re.sub(r"(?<=\d[.,])S(?=\s?(?:kg|lb))", "5", text)  # `92.Skg`
    text = re.sub(r"(?<=\d)[Oo](?=\s?(?:kg|lb|[|lI][bD]))", "0", text)  # `7Olbx5`
    text = re.sub(r"(?<=[xX×])\s?[lIi](?=\s|$|@)", " 1", text)  # `60kgxl 62`, `Ibxi`: one rep
    text = re.sub(r"(?<=[xX×])\s?S(?=\s|$|@)", " 5", text)  # `35 kg x S`: five reps
    text = GHOST_S_AFTER_REPS.sub(r"\1", text)  # `17.5|lbx8s`: a ghost s
    text = re.sub(r"(?<=\s)[‘’`'](?=\d)", "", text)  # `2 ‘1min 35s`: a stray quote mark
    text = re.sub(r"(?<=[xX×])\s?[lI|](?=\d)", " 1", text)  # `45kgxl1 47`: 11 (or a ghost l)
    # `W Skgx7 6`, `W 5Skgx5 6`: 5 read as S before the unit (the 1RM column tells a ghost).
    text = re.sub(r"(?<![A-Za-z.,])(?<=[\s\d])S(?=\s?(?:kg|lb)(?:\b|[xX×]))", "5", text)
    text = re.sub(r"^(\d{1,2}|[WDF])\s+[=~_]+(?=[+-]\d)", r"\1 ", text)  # `5 =-10 kg`: debris
    text = re.sub(r"(?<=[xX×])\s?[lI|]{2}(?=\s|$|@)", " 11", text)  # `17.5kg x ll 24`: 11 reps
    text = re.sub(r"(?<=[xX×])(\s?\d{1,2})[Qq](?=\s|$|@)", r"\g<1>9", text)  # `x9Q`: Q as 9
    text = re.sub(r"(?<=@\d)[sS](?=[.,]\d)", "", text)  # `@8s.5`: a ghost s inside the RPE
    text = re.sub(r"(?<=[xX×])(\s?\d?)i(?=[\dlI])", r" \1", text)  # `xi1`, `x1il`: a ghost i
    text = re.sub(r"(?<![\w.,])[§$](?=[\d.,]+\s?(?:kg|lb))", "5", text)  # `§2.5kg`, `$2.5 kg`
    text = re.sub(r"(?<=\|\s)[§$](?=\d:\d{2}\b)", "5", text)  # `5 km | $7:25`: 57:25
    text = re.sub(r"(?<=\d)([.,])\s(?=5\s?(?:kg|lb))", r"\1", text)  # `22. 5kgx2`, `22, 5kg`: 22.5
    text = re.sub(r"(?<=\s)S(?=s\b)", "5", text)  # `1min Ss`
    text = re.sub(r"(?<![\w.,])min(?=\s\d{1,2}\s?s\b)", "1min", text)  # `min 5s`: the 1 lost
    text = re.sub(r"(?<![\w.])[S§](?=\s?(?:mi|km)\b|mi[|lI!\]])", "5", text)  # `Smi| 32:05`, `§mi|`
    text = _GHOST_BEFORE_DISTANCE.sub("", text)  # `t1km| 27:15`
    text = re.sub(r"(?<=\d)&(?=\s?(?:km|mi)\b)", "", text)  # `8&km | 23:00`: a mark, flagged
    text = re.sub(r"^(\S{1,2}\s+\d{1,2})-([0-5]\d)$", r"\1:\2", text)  # `2 2-15`: colon as -
    text = re.sub(r"(?<![\w.,])S(?=\s?(?:kg|lb)\b)", "5", text)  # `Ww Skg x 11`: a lone 5 as S
    text = re.sub(r"(?<=[xX×])\s?[lI]{2}(?=\s|$|@)", " 11", text)  # `x ll`: 11 as two l
    text = re.sub(r"@\s?/(?=\s?rpe\b)", "@ 7", text)  # `@/rpe`: the 7 read as `/`
    text = re.sub(r"@\s?B(?=\s?rpe\b)", "@ 8", text)  # `@ B rpe`: the 8 read as B
    # `3 «-17.5kgx 12`: a stray quote mark; after a unit (`47.5kg «1 49`) it is the `x`.
    text = re.sub(r"(?<!kg)(?<!kg )(?<!lb)(?<!lb )[«»](?=[+-]?\d)", "", text)
    # Apps print at most one decimal: `127.55` is 127.5 with its 5 read twice.
    # Not after a set prefix: `Set 4.55 kg` is set 4 at 55 kg.
    text = re.sub(r"(?<!et \d[.,])(?<!et\d[.,])(?<=\d[.,])55(?=\s?(?:kg|lb|[|lI][bD]))", "5", text)
    text = re.sub(r"(?<=[xX×])(\s*\d)[lI|](\d)\b", r"\1\2", text)  # reps `1l1` are 11, not 111
    text = re.sub(r"(?<=[xX×])(\s?\d\d)[lI](?=\s|$|@)", r"\1", text)  # `x11l`: a ghost l
    # `210\lbxs8 266`, `190lbx8s 241`: a ghost s beside the reps, before Strong's 1RM column.
    text = re.sub(r"((?:kg|[|lI]b)\s?[xX×])s(?=\d{1,2}\s)", r"\1", text)
    text = re.sub(r"((?:kg|[|lI]b)\s?[xX×]\s?\d{1,2})s(?=\s\d{1,4}$)", r"\1", text)
    # `AO lb` / `SOlb`: 40 and 50 with their first digit read as a letter.
    text = re.sub(
        r"(?<![A-Za-z\d])([AS])([O0o\d]+(?:[.,]\d)?)(?=\s?(?:kg|lb|[|lI][bD])(?:\b|[xX×]))",
        lambda m: (
            ("4" if m.group(1) == "A" else "5") + m.group(2).replace("O", "0").replace("o", "0")
        ),
        text,
    )
    # The `|` between distance and time, before a `|` next to digits is read as a 1.
    text = re.sub(r"(?<=km|mi)\s*[\]\[|!]+\s*(?=\d)", " | ", text)
    # `92.5|1bx11`, `85|lIbx2`: `lb` as a run of bars and ones, before they become digits.
    text = re.sub(
        r"(?<=[\d.,])\s?(?:[|lI!\]][|lI1!]{0,2}|1[|lI!][|lI1!]?)[bD](?=s?(?:[\sxX×@\[(]|$))",
        " lb",
        text,
    )
    text = re.sub(r"(?<=\d),(?=\d{3}\s?m\b)", "", text)  # `2,000 m`: a thousands separator
    text = fix_digits(text)
    text = _MINUTES.sub(lambda m: (m.group(1) or "1") + "min", text)  # `1lmin`, `Imin`
    text = _MIN_AS_DIGITS.sub(r"\1min", text)  # `11010 35s`: `min` read as `1010`
    text = re.sub(r"(?<=\d)S$", "s", text)  # `55S`
    text = re.sub(r"(?<=\d)'(?=\d\d\b)", ":", text)  # `1'25` -> `1:25`
    text = re.sub(r"(?<![\w.])[Oo](?=\d{1,2}\s?reps\b)", "", text)  # `O6reps`: a ghost O
    text = re.sub(r"(?<=\d)/(?=\d\s?(?:kg|lb|[|lI]b)\b)", "7", text)  # `2/5 Ib`: a 7 read as /
    # Weights step by 2.5, so `92,kg` is 92.5 whose 5 was lost after the decimal mark.
    text = re.sub(r"(?<=\d)[,.](?=\s?(?:kg|lb)\b)", ".5", text)
    text = re.sub(r"(?<=\s)[=~_。・]+(?=\s|\d)", " ", text)  # `1 = 1mi|`, `_。`: stray marks
    text = re.sub(r"(?<=\d)[,.]{2,}", ".", text)  # `107,,kg`
    text = re.sub(r"(?<=\d\d) [5S](?=\s?(?:kg|lb)\b)", ".5", text)  # `52 5kg`: lost point
    text = re.sub(r"(?<![\w.])S(?=\d{1,2}\s?reps\b)", "", text)  # `S5reps`
    text = re.sub(r"(?<![\w.])S(?=\d+(?:[.,]\d+)?\s?(?:mi|km))", "", text)  # `S5mi|`
    text = re.sub(r"(?<=\d)re[A-Za-z]ps\b", "reps", text)  # `19reDps`
    text = re.sub(r"(?<=\d\d)\s[1lI|](?=reps\b)", " ", text)  # `13 1reps`: a ghost glued to reps
    text = re.sub(r"(?<=\d)[lI]{2}(?=\s?reps\b)", "1", text)  # `1llreps`: 11 and a ghost l
    text = re.sub(r"(?<=\d[.,])S5?(?=\s?rpe\b)", "5", text)  # `@7.S5rpe`: 7.5
    text = re.sub(r"@\s?[QqOY](?=\s?rpe\b|\s|$)", "@ 9", text)  # `@Qrpe`, `@ Yrpe`: 9 as Q, O, Y
    # `Set 2: ll reps`, `2 Qreps`: reps in look-alike letters only (1 as l/I/|, 9 as Q).
    text = re.sub(_LETTER_ONES_REPS, lambda m: "1" * len(m.group(0)), text)
    text = re.sub(_LETTER_NINE_REPS, "9", text)
    text = re.sub(r"(?<=\d)s(?=\d+\s?(?:kg|lb|[|lI][bD]))", "", text)  # `8s0lbx9`: a ghost s
    text = re.sub(r"(?<=[:\s])S(?=\s?reps\b)", "5", text)  # `Set 1: S reps`
    text = re.sub(r"(?<=\d)S(?=\s?(?:km|mi)\b)", "", text)  # `5Skm`: a ghost S
    # Seconds alone are under 60 (`1min 5s` past that): `305s` is `30s` with the s read twice.
    text = re.sub(r"(?<![\d.:])([1-5]\d)5s\b", r"\1s", text)
    text = re.sub(r"(?<![\w.])i(?=\d)", "", text)  # `i1min50s`
    text = re.sub(r"(?<![\w.])[Il|](?=\dmin)", "", text)  # `I1min 40s`: a ghost before 1min
    text = re.sub(r"(?<=\dmin)[iIl|](?=\d{1,2}s\b)", " ", text)  # `1mini10s`: a ghost after min
    text = re.sub(r"(?<=\d)mnin(?![a-z])", "min", text)  # `2mnin 5s`: a ghost n
    text = re.sub(r"(?<=\d)[iIl|](?=km\b|km[lI|!])", "", text)  # `1lkm|19:45`: a ghost l
    text = re.sub(r"(?<=\dmin)(?=\d)", " ", text)  # `1min50s`
    text = re.sub(r"(?<=[xX×])\s*T(?=\d)", " ", text)  # `xT1`: a ghost T before the reps
    text = re.sub(r"(?<=\d)\s?[|lI]bex(?=\s*\d)", " lb x", text)  # `55 Ibex 12`
    # `22:5 kg` is 22.5, but the colon of a `W1:5 kg` / `Set 1:5 kg` prefix is no decimal mark.
    text = re.sub(r"(?<![A-Za-z]\d)(?<!t \d)(?<=\d):(?=5\s?(?:kg|lb)\b)", ".", text)
    # Apps print `62.5` or `62`, never `62.0`: a `.0` before the unit is a misread `.5`.
    text = re.sub(r"(?<=\d)\.0(?=\s?(?:kg|lb)\b)", ".5", text)
    text = re.sub(r"(?<=kg|lb)\s+[Kk](?=\s+\d)", " x", text)  # `62.5 kg K 15`
    text = re.sub(r"\s*[\]\[]\s*\|", " |", text)  # `10mi]| 10:06`
    text = re.sub(r"(?<=\d)[lI|](?=\s?(?:reps?|kg|min)\b)", "1", text)  # `1lreps`
    text = re.sub(r"(?<=\d)[iIl|](?=mi\b|mi[lI|!])", "", text)  # `1imi|`
    text = re.sub(r"(?<![\d.,])(?:\+4|4)\+(?=\d)", "+", text)  # `4+17.5`, `+4+15`: a bold `+`
    text = re.sub(r"(?<=\d)\s*[⑥©®](?=\s*\d)", " @ ", text)  # `x 1 ⑥ 7.5`: `@` misread
    text = _RPE_AS_SYMBOLS.sub(r"\1 @ \2", text)  # `x12 ぐ ⑥ 7.5`: `@` read as two glyphs
    text = re.sub(r"(?<=[xX×])\s*[/\\|](?=\s*\d)", " ", text)  # `x/7`
    text = re.sub(r"(?<![A-Za-z\d])A(?=\d{1,2}\s?reps\b)", "", text)  # `A4reps`: a ghost
    text = re.sub(r"(?<![A-Za-z\d])A(?=\d(?:[.,]\d)?\s?(?:kg|lb)\b|\s?reps\b)", "4", text)  # `A5kg`
    text = re.sub(r"(?<=\d)[,.](?=\s?reps\b)", "", text)  # `3,reps`
    text = re.sub(r"(?<![\w)])\((?=\d)", "1", text)  # `(15kg`: a 1 read as `(`
    text = re.sub(  # `5 mil 28:30`, `Imil 5:15`: the `|` glued to `mi`
        r"(?<![A-Za-z])([lI|]?)mi[lI|!](?=\s|$)",
        lambda m: ("1 " if m.group(1) else "") + "mi |",
        text,
    )
    text = re.sub(r"(?<![\w.,])[lI|](?=\s?(?:mi|km)\b)", "1", text)  # `I mi`
    text = re.sub(r"(?<=\d)[°º](?=\d\s?(?:kg|lb)\b)", ".", text)  # `122°5kg` -> `122.5kg`
    text = re.sub(r"(?<=\d)[°º](?=\d\d\b)", ":", text)  # `2°20` -> `2:20`
    text = re.sub(r"(?<=mi|km)\](?=\s)", " |", text)  # `2.5 mi] 49:15`
    text = re.sub(r"(?<=[xX×])\s*[^\w\s.,@+\-]\s*(?=\d)", " ", text)  # `x¥5`: a ghost symbol
    text = re.sub(r"@\s*[^\d\s]{0,2}\s*(?=\d)", "@ ", text)  # `@/7`, `@⑥9` -> `@ 7`
    text = _UNIT_AFTER_NUMBER.sub(lambda m: " kg" if m.group("kg") else " lb", text)
    # `5-10 kg x 13`: the badge column glued to an assisted weight's sign.
    text = re.sub(r"^(\d{1,2})(?=[+-]\d[\d.,]*\s?(?:kg|lb)\b)", r"\1 ", text)
    text = re.sub(r"^([WDF])(?=\d[\d.,]*\s?(?:kg|lb)(?:\b|[xX×]))", r"\1 ", text)  # `W100 lb`
    if not re.search(r"\b(kg|lb)\b", text):
        text = _KG_AS_DIGITS.sub(" kg ", text, count=1)
    if not re.search(r"\b(kg|lb)\b", text):
        text = _LB_AS_DIGITS.sub(" lb ", text, count=1)
    text = re.sub(r"(?<=kg|lb)(?=[xX×*])", " ", text)
    text = _CROSS.sub(" x ", text)
    text = re.sub(r"\b[xX]{1,3}\s*(?=\d)", "x ", text)
    text = re.sub(r"(?<=\d)(?=@)|(?<=@)(?=\d)", " ", text)
    text = re.sub(r"(?<=\d)(rpe)\b", r" \1", text, flags=re.IGNORECASE)
    text = fix_digits(_SPACES.sub(" ", text))
    return _SPACES.sub(" ", text).strip()
