"""Worry words are fear at a low degree (mood_words.WORRY, mood_degree.INTENSITY): the mild fear preset is the
apprehension face the shape can draw; "tense" stays a phrase; a worry word before another look is its manner."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, factor", [
    ("a nervous man", 0.5),
    ("an anxious woman", 0.5),
    ("a worried man", 0.5),
    ("a worried face", 0.5),       # was frown: the scowl reads as cross, not worried
    ("he looks worried", 0.5),
    ("an uneasy look", 0.5),
    ("an apprehensive woman", 0.5),
    ("a worried-looking woman", 0.5),
    ("a slightly nervous man", 0.5),
    ("a very nervous man", None),   # 0.5 x 2: the plain fear
    ("an extremely anxious woman", 1.25),
])
def test_worry_is_mild_fear(text, factor):
    r = parse(text)
    assert r.concrete.get("expression") == "fear", (text, r.concrete)
    assert r.strength.get("expression") == factor
    assert r.abstract == [], r.abstract


@pytest.mark.parametrize("text, value", [
    ("a nervous grin", "smile"),
    ("a worried frown", "frown"),
    ("a nervous laugh", "laugh"),
    ("not nervous", "neutral"),
])
def test_worry_before_another_look_is_its_manner(text, value):
    r = parse(text)
    assert r.concrete.get("expression") == value
    assert not any("contradiction" in w for w in r.warnings), r.warnings


def test_tense_stays_a_phrase():
    r = parse("a tense face")
    assert "expression" not in r.concrete and r.abstract == ["tense face"]


@pytest.mark.parametrize("text", ["a slightly annoyed man", "a slightly sad woman", "an extremely angry woman"])
def test_a_degree_before_a_look_word_is_the_looks_not_a_phrase(text):
    r = parse(text)
    assert "expression" in r.strength and r.abstract == [], (r.strength, r.abstract)
