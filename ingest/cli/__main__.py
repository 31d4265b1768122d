"""`python -m ingest.cli` runs the liftlens CLI."""

from ingest.cli.main import main

main()
