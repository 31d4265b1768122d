"""Fleek's exercise vocabulary and the repair of Hangul names read by OCR.

Tesseract splits Hangul words into syllables (`인 버 티드 로우`), and the mixed
eng+kor models sometimes read a Hangul word as Latin debris (`스쿼트` -> `AWE`,
`델트` -> `HE`) or a syllable with one wrong stroke (`하체` -> `아체`). The
app's own names are a closed list (`CATALOGUE`): a row's words are joined back into
known words, debris is restored when one catalogue name fits, a misread stroke is
undone when one name is near. Names outside the list (custom exercises) are kept as
read, spaced by known words and the gaps between word boxes.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ingest.read.findings import finding
from ingest.read.hangul import HANGUL, jamo, misread_distance
from schema.models import Finding, OcrWord

# Fleek's built-in exercise names, as the app writes them.
CATALOGUE: tuple[str, ...] = tuple(
    name.strip()
    for name in """
    바벨 벤치 프레스 / 인클라인 바벨 벤치 프레스 / 인클라인 덤벨 프레스 / 덤벨 벤치 프레스
    덤벨 플라이 / 케이블 크로스오버 / 머신 체스트 프레스 / 펙덱 플라이 / 딥스 / 푸쉬업 / 덤벨 컬
    바벨 컬 / 해머 컬 / 프리처 컬 / EZ바 컬 / 케이블 컬 / 컨센트레이션 컬 / 케이블 푸쉬다운
    라잉 트라이셉스 익스텐션 / 덤벨 킥백 / 오버헤드 트라이셉스 익스텐션 / 랫 풀다운 / 풀업 / 친업
    바벨 로우 / 시티드 케이블 로우 / 원암 덤벨 로우 / T바 로우 / 펜들레이 로우 / 인버티드 로우
    데드리프트 / 루마니안 데드리프트 / 스모 데드리프트 / 스쿼트 / 프론트 스쿼트 / 레그 프레스
    레그 익스텐션 / 레그 컬 / 런지 / 불가리안 스플릿 스쿼트 / 힙 쓰러스트 / 카프 레이즈
    스미스 머신 스쿼트 / 핵 스쿼트 / 오버헤드 프레스 / 덤벨 숄더 프레스 / 사이드 레터럴 레이즈
    프론트 레이즈 / 리어 델트 플라이 / 페이스 풀 / 바벨 슈러그 / 덤벨 슈러그 / 크런치
    행잉 레그 레이즈 / 플랭크 / 버피 / 케이블 크런치 / 아놀드 프레스 / 업라이트 로우 / 굿모닝
    힙 어브덕션 / 힙 어덕션
""".replace("\n", "/").split("/")
    if name.strip()
)
MUSCLE_GROUPS = ("가슴", "등", "어깨", "하체", "이두", "삼두", "복근", "전완", "둔근", "유산소")
# Words of custom names that the catalogue lacks: the grips, stances and
# equipment users name their own variations by (`내로우 그립 벤치 프레스`, whose
# `내로우` OCR split as `내 로우` at a gap of 0.34, on the threshold).
CUSTOM_WORDS = (
    "내로우 와이드 클로즈 그립 리버스 뉴트럴 디클라인 스탠딩 싱글 원레그 얼터네이트 밴드 "
    "웨이티드 어시스트"
)
_VOCABULARY = frozenset(word for name in (*CATALOGUE, CUSTOM_WORDS) for word in name.split())
_BY_LETTERS = {name.replace(" ", ""): name for name in CATALOGUE}

# A gap between two OCR words wider than this share of the text height is a
# real space; narrower ones are Tesseract splitting a word into syllables.
# Measured on 165 multi-word name rows of rendered screens (bold Noto Sans
# CJK, eng+kor OCR), spacing by gaps alone: 0.25 -> 85% right, 0.30 -> 90%,
# 0.33-0.35 -> 93%, 0.37 -> 81%, 0.40 -> 47%. The catalogue settles the rest
# for known words.
_SPACE_GAP = 0.33
# Gaps this close to the threshold were seen both inside words and between them.
_UNSURE_GAP = (0.27, 0.4)
_EDGE_DEBRIS = re.compile(r"^[^A-Za-z0-9\uac00-\ud7a3]+|[^A-Za-z0-9\uac00-\ud7a3]+$")


def _tokens(words: list[OcrWord]) -> list[OcrWord]:
    """One reading per place, without the marks OCR leaves at word edges.

    OCR may read one place twice (the page pass, then a re-read of a band) or read
    phantom marks from the lower half of big glyphs. Of words lying over each other
    the sure, tall Hangul one is the reading; a Latin or unsure word lying over
    several such words (`ZX4IOL` over `전` `완`) is a second reading of them.
    """

    def outranks(h: OcrWord, w: OcrWord) -> bool:
        return bool(HANGUL.search(h.text)) and (h.height > w.height or h.conf >= 70 > w.conf)

    kept: list[OcrWord] = []
    for w in words:
        text = _EDGE_DEBRIS.sub("", w.text)
        over = [_overlap(w, h) for h in words if outranks(h, w)]
        weak = not HANGUL.search(text) or w.conf < 70
        if not text or (sum(over) if weak else max(over, default=0)) >= 0.5 * max(w.width, 1):
            continue
        if any(c.text == text and _overlap(w, c) >= 0.7 * max(w.width, c.width) for c in kept):
            continue  # the same word read twice in place
        kept.append(w.model_copy(update={"text": text}))
    return kept


def _overlap(a: OcrWord, b: OcrWord) -> int:
    return max(0, min(a.right, b.right) - max(a.left, b.left))


def _gap_ratios(tokens: list[OcrWord]) -> list[float]:
    """Gap before each token after the first, over the median token height."""
    heights = sorted(w.height for w in tokens if w.height > 0)
    height = heights[len(heights) // 2] if heights else 20
    ratios: list[float] = []
    right = tokens[0].right if tokens else 0
    for w in tokens[1:]:
        ratios.append((w.left - right) / height)
        right = max(right, w.right)
    return ratios


def _segment(tokens: list[OcrWord], vocabulary: frozenset[str]) -> str:
    """Join OCR tokens into words: known words first, then the gaps between tokens.

    Dynamic programming over token boundaries: a known word costs 1, an unknown
    run of tokens 1 plus 1.2 per token plus 3 for every wide gap inside it, and a
    space put where the gap is narrow costs 1.5 unless both neighbours are known words.
    """
    gaps = _gap_ratios(tokens)
    n = len(tokens)
    empty: list[str] = []
    best: list[tuple[float, list[str], bool]] = [(0.0, empty, True)] + [(1e9, empty, False)] * n
    for end in range(1, n + 1):
        for start in range(end):
            prev_cost, prev_words, prev_known = best[start]
            if prev_cost >= 1e9:
                continue
            word = "".join(t.text for t in tokens[start:end])
            known = word in vocabulary
            # An unknown run costs more than known words made of its tokens, so `케이블`
            # `플라이` close together stay two words rather than one unknown `케이블플라이`.
            wide = sum(g > _SPACE_GAP for g in gaps[start : end - 1])
            cost = 1.0 if known else 1.0 + 1.2 * (end - start) + 3 * wide
            if start > 0 and gaps[start - 1] <= _SPACE_GAP and not (known and prev_known):
                cost += 1.5
            if prev_cost + cost < best[end][0]:
                best[end] = (prev_cost + cost, [*prev_words, word], known)
    return " ".join(best[n][1])


def _wildcard_match(tokens: list[OcrWord]) -> tuple[str, bool] | None:
    """The catalogue name the tokens fit when each debris word stands for 1-4 syllables.

    Returns the name and whether it is the only fit; of two or three fits the first in
    catalogue order (the more common exercise) is a guess. A row without any Hangul
    fits too many names to tell.
    """
    if not any(HANGUL.search(t.text) for t in tokens):
        return None
    pattern = "".join(
        re.escape(t.text)
        if HANGUL.search(t.text) or t.text in _VOCABULARY
        else "[\uac00-\ud7a3A-Z]{1,4}"
        for t in tokens
    )
    fits = [name for letters, name in _BY_LETTERS.items() if re.fullmatch(pattern, letters)]
    return (fits[0], len(fits) == 1) if 0 < len(fits) <= 3 else None


def restore_name(words: list[OcrWord]) -> tuple[str, list[Finding]]:
    """An exercise name from its row's words, with the spaces the screen shows.

    A catalogue name is what the row's letters spell, or fit when Latin debris stands
    for the Hangul OCR lost, or lie a misread stroke or two from; anything else is a
    custom name, spaced by known words and the gaps between word boxes.
    """
    tokens = _tokens(words)
    letters = "".join(t.text for t in tokens)
    if not tokens or letters in _BY_LETTERS:
        return _BY_LETTERS.get(letters, ""), []
    read = " ".join(t.text for t in tokens)
    name = _segment(tokens, _VOCABULARY)
    if any(not HANGUL.search(t.text) and t.text not in _VOCABULARY for t in tokens):
        found = _wildcard_match(tokens)
        if found and found[1]:
            return found[0], [
                finding("name.restored", "note", f"note: name {read!r} restored as {found[0]!r}")
            ]
        # Fleek names are Korean; Latin debris means OCR lost the Hangul.
        sentence = f"name {read!r} partly unreadable, read as {found[0] if found else name!r}"
        return found[0] if found else name, [finding("name.guessed", "guess", sentence)]
    near = _nearest(name, CATALOGUE) if name not in CATALOGUE else None
    if near is not None:
        sentence = f"name {name!r} read as {near[0]!r}"
        # One stroke off in as many letters is that name; a letter or syllable OCR lost
        # (`바 로우`: `T바 로우`, or `바벨 로우`?) is a guess.
        same_size = len(near[0].replace(" ", "")) == len(name.replace(" ", ""))
        if same_size and near[1] <= max(1, len(jamo(name)) // 8):
            return near[0], [finding("name.restored", "note", f"note: {sentence}")]
        return near[0], [finding("name.guessed", "guess", sentence)]
    # A short last word OCR dropped (`해머` for `해머 컬`): one name continues it.
    longer = [c for c in CATALOGUE if c.startswith(name + " ")]
    if len(longer) == 1 and name in _VOCABULARY:
        return longer[0], [
            finding("name.completed", "guess", f"name {name!r} completed as {longer[0]!r}")
        ]
    # Spacing a name of known words only is settled by the words themselves.
    known = all(w in _VOCABULARY for w in name.split())
    if not known and any(_UNSURE_GAP[0] <= g <= _UNSURE_GAP[1] for g in _gap_ratios(tokens)):
        return name, [
            finding("name.guessed", "guess", f"spacing of {name!r} (not a Fleek name) is uncertain")
        ]
    return name, []


def _nearest(text: str, choices: tuple[str, ...]) -> tuple[str, int] | None:
    """The one choice a few misread strokes from `text` (in jamo), and how many.

    At most 2 jamo edits, or one per 8 jamo in longer texts; the runner-up must be
    at least two edits further away, so near-ties are never guessed.
    """
    target = jamo(text.replace(" ", ""))
    scored = sorted((Levenshtein.distance(target, jamo(c.replace(" ", ""))), c) for c in choices)
    if not scored or scored[0][0] > max(2, len(target) // 8):
        return None
    if len(scored) > 1 and scored[1][0] < scored[0][0] + 2:
        return None
    return scored[0][1], scored[0][0]


def restore_title(words: list[OcrWord]) -> tuple[str | None, list[Finding]]:
    """The muscle-group title (`가슴 이두`): its syllables cut into the groups they sound like.

    Big bold titles lose final consonants, mirror vowels and gain phantom syllables
    (`보그` for `복근`); each group is the one nearest in sound (`misread_distance`,
    two strokes at most and nearer than any other group), a lone syllable that is no
    group is dropped. A title names each group once: a repeat is a second reading.
    More than one stroke off, or a dropped syllable, is a guess.
    """
    letters = "".join(HANGUL.findall("".join(t.text for t in _tokens(words))))
    if not letters:
        return None, [finding("title.missing", "doubt", "no title found")]
    Cut = tuple[float, list[tuple[str, str]]]
    best: list[Cut | None] = [(0.0, [])] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 3), end):
            prev = best[start]
            if prev is None:
                continue
            piece = jamo(letters[start:end])
            # A syllable count that differs costs a little too (`드그` is `둔근` before `등`).
            ranked = sorted(
                (misread_distance(piece, jamo(g)) + 0.25 * abs(len(g) - end + start), g)
                for g in MUSCLE_GROUPS
            )
            (cost, group), runner_up = ranked[0], ranked[1][0]
            options = [(1.5, "")] if end - start == 1 else []  # a phantom syllable
            if cost <= 2 and (cost == 0 or runner_up > cost):
                options.append((cost, group))
            for cost, group in options:
                read = (group, letters[start:end])
                # Each group costs a little: on a tie, `드그` is one `둔근`, not `등 등`.
                current = best[end]
                if current is None or prev[0] + cost + 0.1 < current[0]:
                    best[end] = (prev[0] + cost + 0.1, [*prev[1], read])
    found = best[-1]
    if found is None:
        return letters, [finding("title.unreadable", "guess", f"title unreadable: {letters!r}")]
    groups = dict.fromkeys(g for g, _ in found[1])
    title = " ".join(g for g in groups if g)
    # One stroke off (`눈근` for `둔근`) is the group; more is a guess.
    edits = {
        g: min(Levenshtein.distance(jamo(g), jamo(r)) for h, r in found[1] if h == g)
        for g in groups
    }
    if "" in groups or max(edits.values()) > 1:
        return title, [finding("title.guessed", "guess", f"title {letters!r} read as {title!r}")]
    return title, []
