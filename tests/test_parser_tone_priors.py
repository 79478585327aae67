""""Mediterranean" reads as an olive skin tone, "mixed-race" / "biracial" / "multiracial" as a mid (medium) tone:
implied, so a stated tone wins.  Before, both said nothing ("a mixed-race woman" got the palest skin of a crowd)."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, tone", [
    ("A mixed-race woman with curly light brown hair", "medium"), ("a biracial man", "medium"),
    ("a mixed race man", "medium"), ("a multiracial teenager", "medium"), ("Ethnicity: mixed race", "medium"),
    ("a Mediterranean man", "olive"), ("Female, 30s, Mediterranean", "olive"), ("Ethnicity: Mediterranean", "olive"),
])
def test_the_word_gives_its_tone(text, tone):
    r = parse(text)
    assert r.concrete["skin_tone"] == tone and "ancestry" not in r.concrete, r.to_dict()
    assert r.abstract, "the word stays a phrase for CLIP, as ancestry words do"


@pytest.mark.parametrize("text, tone", [("a Mediterranean man with pale skin", "fair"),
                                        ("a multiracial woman with dark skin", "dark"),
                                        ("a very fair-skinned biracial girl", "very-fair")])
def test_a_stated_tone_wins_quietly(text, tone):
    r = parse(text)
    assert r.concrete["skin_tone"] == tone and not any("contradiction" in w for w in r.warnings), r.to_dict()


@pytest.mark.parametrize("text", ["a Mediterranean diet", "not Mediterranean, a man", "mixed feelings"])
def test_no_person_or_a_denial_says_nothing(text):
    assert "skin_tone" not in parse(text).concrete
