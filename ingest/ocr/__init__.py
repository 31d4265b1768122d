"""OCR: the Tesseract boundary (`tesseract`), images (`images`), script detection
(`languages`), the digits of CJK rows read again with the Latin model (`cjk_digits`),
Japanese exercise names read again enlarged (`enlarged_names`),
chat bubbles found from pixels and made readable (`bubbles`) and the production OCR
stage (`stage.ocr_bytes`).

May import `schema` only.
"""
