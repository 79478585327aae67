"""A negated look never states that look: "not an angry frown" denies the one look (one_intent.share_negation)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", [
    "not an angry frown",
    "no angry frown",
    "without an angry frown",
    "a man, not an angry scowl",
    "not frowning angrily",
    "he is not smiling, not frowning",
    "he isn't smiling or frowning",
    "not a very angry frown",
])
def test_negated_look_is_neutral(text):
    r = parse(text)
    assert r.concrete.get("expression") == "neutral", (text, r.concrete)
    assert not any(w in p.lower() for p in r.abstract for w in ("frown", "scowl", "smil", "angry")), r.abstract


@pytest.mark.parametrize("text, value", [
    ("an angry frown", "anger"),          # one look, stated
    ("frowning angrily", "anger"),
    ("not smiling, frowning", "frown"),   # a comma: two statements, the second stands
    ("angry and not frowning", "anger"),  # "and": the negation is the frown's only
])
def test_the_look_beside_a_negation_stands(text, value):
    assert parse(text).concrete.get("expression") == value
