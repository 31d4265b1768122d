"""The `liftlens` command line: `main` builds the Typer app, one module per command group
(`*_cmd`), `stack` runs the whole pipeline (`liftlens up`), and `exit_codes` holds the
`ExitCode` enum every failure exits with.

The top layer: may import every other room (`ingest.web`, `ingest.sources`, `workers`,
`ingest.read`, `ingest.ocr`, `schema`); nothing imports it.
"""
