"""Layout parsers: pure functions from OCR lines to a SessionDraft."""
