"""OCR: the Tesseract boundary (`tesseract`), images (`images`), script detection
(`languages`) and the production OCR stage (`stage.ocr_bytes`).

May import `schema` only.
"""
