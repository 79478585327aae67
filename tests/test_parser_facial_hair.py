"""Facial hair implies a man, as a value any gender statement overrides (before: gender unset, so the shape could be
a woman's face under a black mustache while the texture treated it as a man)."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, beard", [("a grey mustache and a bald head", "mustache"), ("stubble", "stubble"),
                                         ("an old sailor with a white beard", "full"), ("a goatee", "goatee"),
                                         ("a person with a full beard", "full"), ("🧔 lumberjack type", "full")])
def test_facial_hair_implies_a_man(text, beard):
    r = parse(text)
    assert r.concrete["gender"] == "male" and r.concrete["beard"] == beard, r.to_dict()
    assert list(r.concrete)[0] == "gender" and not any("contradiction" in w for w in r.warnings)


@pytest.mark.parametrize("text, gender", [("a bearded woman", "female"), ("she has a goatee", "female"),
                                          ("a woman with a faint mustache", "female")])
def test_a_stated_gender_wins_quietly(text, gender):
    r = parse(text)
    assert r.concrete["gender"] == gender and not any("contradiction" in w for w in r.warnings), r.to_dict()


@pytest.mark.parametrize("text", ["no beard", "a clean-shaven face", "without a mustache, old",
                                  "with a red beard", "and a grey mustache",  # refine text: another's description
                                  "neither a man nor a woman, with a beard", "grey facial hair"])
def test_no_growth_or_a_denied_gender_implies_nothing(text):
    assert "gender" not in parse(text).concrete
