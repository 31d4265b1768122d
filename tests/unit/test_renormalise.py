"""Stored names under the current normaliser: which stored names a changed normaliser rewrites."""

from __future__ import annotations

import pytest

from schema.name_norm import NORMALISER_VERSION, normalise
from workers.names.catalogue import load_catalogue
from workers.names.matcher import Matcher, tokens_of
from workers.names.renormalise import normaliser_changed, renames

pytestmark = pytest.mark.unit


def test_only_names_the_normaliser_now_writes_differently_are_renamed() -> None:
    stored = [
        ("Curl con barra Z", "curl con barbell z"),  # `barra` was read first, as a barbell
        ("SZ-Curls", "sz curl"),
        ("Bench Press (Barbell)", normalise("Bench Press (Barbell)")),
    ]
    assert renames(stored) == [
        ("Curl con barra Z", "curl con barbell z", "curl con ezbar"),
        ("SZ-Curls", "sz curl", "ezbar curl"),
    ]


def test_an_old_spelling_matters_for_binding() -> None:
    # Why the bind job re-normalises from the raw name: matching the old stored
    # spelling again cannot recover what an old rule rewrote.
    matcher = Matcher(load_catalogue())
    assert tokens_of("curl con barbell z") != tokens_of("Curl con barra Z")
    assert matcher.match("curl con barbell z").alias_key != "bicep_curl_ezbar"
    assert matcher.match(normalise("Curl con barra Z")).alias_key == "bicep_curl_ezbar"


def test_a_run_by_another_or_no_normaliser_counts_as_a_change() -> None:
    assert normaliser_changed(None)
    assert normaliser_changed({"normaliser_version": None})
    assert normaliser_changed({"normaliser_version": "0" * 16})
    assert not normaliser_changed({"normaliser_version": NORMALISER_VERSION})
