"""Japanese gym-log apps: their words and their set rows, read by the generic layout.

A Japanese log prints `2025年3月12日` (read by `common.parse_date`), exercise names in
katakana or kanji (`ベンチプレス`), a summary `合計時間 1時間23分 総重量 5,480kg`, sets
as `60kg × 8回` or `1セット目 60kg 8回` with `アップ` for a warm-up, and holds as `60秒`.
This module gives the engine those words (`VOCABULARY`) and spells the set rows in the
grammar's terms (`respell`); it has no layout of its own, so its pages are `generic`.
"""

from __future__ import annotations

import re

from ingest.read.vocabulary import Vocabulary, columns, words

_SET_NUMBER = re.compile(r"^(\d{1,2})\s?セット目\s*")
_WARMUP = re.compile(r"^(?:ウォーム)?アップ\s*")
_WEIGHT_REPS = re.compile(r"(?<=\d)(\s?[a-wyzA-WYZ]{2,3})\s*(?:[xX×]\s*)?(\d{1,3})\s?回")
_REPS = re.compile(r"(\d{1,3})\s?回")
# The times sign between a weight and its reps, as the Japanese model reads it: `※`
# or `メ` (`45kgX※5`, `45kg※14`, `82.5kg メ 7`).
_TIMES = re.compile(r"(?<=kg|lb)\s?[xX×]?[※メ][xX×]?\s?(?=\d)")
# A hold: `1分30秒` (a minute and a half), `60秒`.
_MINUTES_SECONDS = re.compile(r"(\d{1,2})\s?分\s?(\d{1,2})\s?秒")
_SECONDS = re.compile(r"(\d{1,4})\s?秒")


def respell(text: str) -> str:
    """`1セット目 60kg 8回` -> `Set 1: 60kg x 8`, `アップ 35kg 11回` -> `W 35kg x 11`,
    `18回` -> `18 reps`, `45kg※14回` -> `45kg x 14 reps`, `60秒` -> `60s`,
    `1分30秒` -> `1:30`; other text unchanged."""
    if not any(word in text for word in ("回", "セット", "アップ", "秒", "※", "メ")):
        return text
    text = _TIMES.sub(" x ", text)
    text = _SET_NUMBER.sub(r"Set \1: ", text)
    text = _WARMUP.sub("W ", text)
    text = _WEIGHT_REPS.sub(r"\1 x \2", text)
    text = _MINUTES_SECONDS.sub(lambda m: f"{m[1]}:{int(m[2]):02d}", text)
    text = _SECONDS.sub(r"\1s", text)
    return _REPS.sub(r"\1 reps", text)


VOCABULARY = Vocabulary(
    chrome=words("履歴 編集 完了 ホーム 記録 設定 戻る"),
    stats=words("時間 合計時間 総重量 ボリューム セット数 種目"),
    headers=columns("set:セット; weight:重量; reps:回数; time:時間; distance:距離; previous:前回"),
    warmup_badges=words("アップ"),
    respell=(respell,),
)
