"""The reader: pure functions from an `OcrPage` to a `SessionDraft`.

`files.parse_bytes` is the entry point (OCR, then the layout detector in `detect`).
May import `ingest.ocr` and `schema` only; no I/O beyond what `files` asks of OCR.
"""
