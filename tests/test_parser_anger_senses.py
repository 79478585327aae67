""""cross" and "mad" as anger where they are adjectives of a face or person (backend/parser/anger_senses.py), and
not where they are a cross the object, a hyphen compound or the mad archetype."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, factor", [
    ("a cross old woman", None),
    ("a cross man", None),
    ("a mad-looking man", None),
    ("he looks mad", None),
    ("she's cross", None),
    ("a woman who looks cross", None),
    ("he is mad at her", None),
    ("she is very cross with him", 2.0),
    ("she's a bit cross", 0.5),
    ("he's hopping mad", 2.0),
    ("a cross face", None),
    ("A CROSS OLD WOMAN", None),   # shouted: no name
    ("he looks Mad", None),
])
def test_cross_and_mad_are_anger(text, factor):
    r = parse(text)
    assert r.concrete.get("expression") == "anger", (text, r.concrete)
    assert r.strength.get("expression") == factor
    assert not any(w in p.lower() for p in r.abstract for w in ("cross", "mad")), r.abstract


@pytest.mark.parametrize("text", ["he is not mad", "not a cross man"])
def test_denied_they_are_neutral(text):
    assert parse(text).concrete.get("expression") == "neutral"


@pytest.mark.parametrize("text, phrase", [
    ("a cross-eyed man", "cross-eyed"),
    ("he is cross-legged", "cross-legged"),
    ("a man with a crossbow", "crossbow"),
    ("he looks like a cross between Brad Pitt and Tom Hanks", "cross between"),
    ("wearing a silver cross", "silver cross"),
    ("a mad scientist with wild hair", "mad scientist"),  # the archetype: a phrase CLIP knows
    ("the mad king", "mad king"),
    ("a mad hatter", "mad hatter"),
    ("he went mad", "went mad"),                          # insanity
    ("she is mad about him", "mad"),                      # fondness
    ("a man like Mad Max", "Mad Max"),                    # a name inside a sentence
])
def test_other_senses_are_no_anger(text, phrase):
    r = parse(text)
    assert "expression" not in r.concrete, (text, r.concrete)
    assert any(phrase in p for p in r.abstract), r.abstract


@pytest.mark.parametrize("text", ["a woman with a cross necklace",
                                  "a woman whose pendant is a cross"])  # the object after a copula
def test_a_cross_the_object_is_no_anger(text):
    assert parse(text).concrete == {"gender": "female"}
