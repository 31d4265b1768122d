"""Ingest: everything between a file and a stored, readable session, and the ways in and out.

Rooms (each package's own docstring says more):

* `ingest.cli` - the `liftlens` command line and its exit codes.
* `ingest.web` - the HTTP app: the upload API and the operator and user pages.
* `ingest.sources` - how screenshots arrive: the watched folder, `submit()` (the one door),
  the multipart upload reader and the broker probe.
* `ingest.read` - the reader: pure functions from OCR lines to a `SessionDraft`.
* `ingest.ocr` - the Tesseract boundary, image loading and preprocessing, the OCR stage.

Arrows point one way (the import-linter contracts in `pyproject.toml`, run by `make test`):
cli -> web -> sources -> workers -> read -> ocr -> schema. This package itself holds no code.
See docs/architecture.md.
"""
