"""Ingest: from a file to a parsed session (sources, submit, OCR boundary, layout parsers)."""
