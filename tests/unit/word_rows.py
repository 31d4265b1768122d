"""Hand-made OCR rows for reader tests: word boxes placed by x position, no OCR."""

from __future__ import annotations

from schema.models import OcrLine, OcrWord


def line(spec: str, top: int = 0, height: int = 30) -> OcrLine:
    """`40:SET|300:KG|600:REPS`: cells at x positions, each of space-separated words."""
    words: list[OcrWord] = []
    for cell in spec.split("|"):
        x_text, _, text = cell.partition(":")
        x = int(x_text)
        for token in text.split():
            width = len(token) * height // 2
            words.append(OcrWord(text=token, left=x, top=top, width=width, height=height))
            x += width + height // 3
    return OcrLine(words=tuple(words))
