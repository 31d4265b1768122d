"""Ingest: everything between a file and a stored, readable session.

Rooms (each package's own docstring says more):

* `ingest.sources` - how screenshots arrive: the watched folder, `submit()` (the one door),
  the multipart upload reader and the broker probe.
* `ingest.ocr` - the Tesseract boundary, image loading and preprocessing, the OCR stage.
* `ingest.read` - the reader: pure functions from OCR lines to a `SessionDraft`.
* `ingest.web` - the HTTP app: the upload API and the operator and user pages.
* `ingest.cli` - the `liftlens` command line.

Arrows point one way (checked by `lint-imports`, see `pyproject.toml`):
cli -> web -> sources -> workers -> read -> ocr -> schema.
"""
