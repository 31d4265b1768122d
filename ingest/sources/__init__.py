"""Sources: where screenshots come in (watched folder, HTTP upload, CLI) and `submit()`.

May import `workers` (to enqueue), `ingest.ocr` (to check an image) and `schema`.
Never imports `ingest.web` or `ingest.cli`.
"""
