"""The named-query loader."""

from __future__ import annotations

import pytest

from schema.queries import QUERIES_DIR, parse_queries, queries

pytestmark = pytest.mark.unit


def test_parse_splits_on_name_headers() -> None:
    text = "-- name: one\nSELECT 1;\n\n-- name: two\nSELECT 2\n"
    assert parse_queries(text) == {"one": "SELECT 1;", "two": "SELECT 2"}


def test_a_name_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="twice"):
        parse_queries("-- name: a\nSELECT 1\n-- name: a\nSELECT 2\n")


def test_every_shipped_file_parses() -> None:
    for path in QUERIES_DIR.glob("*.sql"):
        assert queries(path.stem), path
