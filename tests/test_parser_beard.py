"""Beard parts: the schema has one beard value, so stated parts add up to the value that draws them all
(texture params: the goatee has a mustache, the full beard has both)."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, beard", [
    ("a grey mustache and goatee", "goatee"),
    ("a moustache & goatee", "goatee"),
    ("a goatee with a mustache", "goatee"),
    ("a goatee and stubble", "goatee"),
    ("stubble and a goatee", "goatee"),
    ("a full beard and a goatee", "full"),
    ("a goatee and a full beard", "full"),
    ("a beard and stubble", "full"),
    ("a mustache and stubble", "mustache"),
    ("a stubble beard", "stubble"),            # one thing
    ("grey beard stubble", "stubble"),
])
def test_beard_parts_add_up_without_a_contradiction(text, beard):
    r = parse(text)
    assert r.concrete["beard"] == beard
    assert not any("contradiction" in w for w in r.warnings), r.warnings


def test_the_mustache_of_a_goatee_is_drawn():
    from backend.texture.params import BEARDS

    assert BEARDS["goatee"][1] > 0 and BEARDS["full"][1] > 0  # what the rule above relies on


@pytest.mark.parametrize("text", ["a goatee but no mustache", "a full beard, no moustache"])
def test_a_denied_mustache_the_code_draws_anyway_is_said(text):
    r = parse(text)
    assert r.concrete["beard"] in ("goatee", "full")
    assert any("'no mustache' cannot be kept" in w for w in r.warnings)


def test_a_real_contradiction_still_warns():
    r = parse("a full beard and no beard")
    assert r.concrete["beard"] == "none" and any("contradiction" in w for w in r.warnings)
