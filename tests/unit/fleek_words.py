"""Word boxes for the Fleek parser tests (shared by test_layout_fleek*.py)."""

from __future__ import annotations

from schema.models import OcrWord


def word(text: str, left: int, top: int, width: int | None = None, height: int = 30) -> OcrWord:
    """A word box; Hangul syllables are about as wide as the text is tall."""
    if width is None:
        width = sum(height if "\uac00" <= c <= "\ud7a3" else height // 2 for c in text)
    return OcrWord(text=text, left=left, top=top, width=width, height=height, conf=95.0)


def box(text: str, left: int, top: int, width: int, height: int) -> OcrWord:
    """A word box as recorded from a screen (confidence 93)."""
    return OcrWord(text=text, left=left, top=top, width=width, height=height, conf=93.0)
