"""Workers: the Celery app and its thin tasks, the OCR-and-store stage of one upload
(`process`), the beat schedule, the embedded services runtime (`runtime`, `embedded`),
the pipeline status, and `workers.names` (catalogue, matcher, bind job).

May import `ingest.read`, `ingest.ocr` and `schema`; never `ingest.sources`, `ingest.web`
or `ingest.cli`. Inside, the app, tasks and runtime may import `workers.names`, never the
other way round (an exhaustive contract: a new module here is placed in `pyproject.toml`).
"""
