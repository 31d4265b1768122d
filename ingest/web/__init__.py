"""Web: the FastAPI app (`app.create_api`): upload API, status, and the server-rendered
unmapped-names report pages (`report`, `report_html`, `report_pages`).

Templates and static files are package data under `ingest/web/templates` and
`ingest/web/static`, read through `importlib.resources`. May import `ingest.sources`,
`workers`, `ingest.read`, `ingest.ocr` and `schema`; never `ingest.cli`.
"""
