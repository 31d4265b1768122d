"""Web: the FastAPI app (`app.create_app`): upload API, status, and the server-rendered pages.

Templates and static files are package data under `ingest/web/templates` and
`ingest/web/static`. May import `ingest.sources`, `workers`, `ingest.read`, `ingest.ocr`
and `schema`; never `ingest.cli`.
"""
