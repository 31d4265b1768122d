"""OCR: the Tesseract boundary (`tesseract`), images (`images`), script detection
(`languages`), chat bubbles found from pixels and made readable (`bubbles`) and the
production OCR stage (`stage.ocr_bytes`).

May import `schema` only.
"""
