"""Workers: the Celery app and its thin tasks, the beat schedule, the embedded services
runtime, and `workers.names` (catalogue, matcher, bind job).

May import `ingest.read`, `ingest.ocr` and `schema`; never `ingest.sources`, `ingest.web`
or `ingest.cli`.
"""
