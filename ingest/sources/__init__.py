"""Sources: where screenshots come in (watched folder, HTTP upload body, CLI) and `submit()`,
the one door every source goes through; plus the broker probe that answers "is Redis up?".

May import `workers` (to enqueue), `ingest.read`, `ingest.ocr` (to check an image) and
`schema`. Never imports `ingest.web` or `ingest.cli`.
"""
