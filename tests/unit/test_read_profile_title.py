"""A profile header's user name (an avatar drawn as initials in a circle, read `( A )`) is
never the session's title; the title under the date is."""

from __future__ import annotations

import pytest

from ingest.read import generic
from schema.models import OcrPage

pytestmark = pytest.mark.unit

HEAD = "{}\nThursday, Mar 24, 2022 at 5:18pm\nLower Body\nBench Press\n1 60kg x 5\n2 60kg x 5\n"


@pytest.mark.parametrize("profile", ["( A ) alex_lifts", "(JK) jkowalski", "© mia.trains"])
def test_a_user_name_beside_an_avatar_is_no_title(profile: str) -> None:
    draft = generic.parse(OcrPage.from_text(HEAD.format(profile)))
    assert draft.title == "Lower Body"


def test_a_title_in_parentheses_is_still_a_title() -> None:
    text = "(A) Upper Body\nThursday, Mar 24, 2022 at 5:18pm\nBench Press\n1 60kg x 5\n"
    assert generic.parse(OcrPage.from_text(text)).title == "(A) Upper Body"
