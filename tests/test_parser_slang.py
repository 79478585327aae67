"""Slang and everyday mood words, phrasal verbs kept whole (backend/parser/slang.py)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, expression", [
    ("always looks pissed off", "anger"), ("he is ticked off", "anger"), ("cheesed off", "anger"),
    ("a miffed woman", "anger"), ("a grumpy old man", "frown"), ("he looks fed up", "frown"),
    ("a cranky old woman", "frown"), ("bummed", "sad"), ("a bummed out guy", "sad"), ("stoked", "smile"),
    ("chuffed", "smile"), ("she was over the moon", "smile"), ("looking totally freaked out", "fear"),
    ("gobsmacked", "surprise"),
])
def test_slang_moods_are_expressions(text, expression):
    r = parse(text)
    assert r.concrete["expression"] == expression
    assert not any(p.endswith(("pissed", "ticked", "cheesed", "bummed", "freaked")) for p in r.abstract)


def test_a_particle_ending_a_phrase_stays_in_it():
    assert parse("a woman who looks spaced out").abstract == ["looks spaced out"]
    assert parse("a man who looks washed out").abstract == ["looks washed out"]


def test_ambiguous_words_are_left_to_the_phrase():
    assert "expression" not in parse("a man who is always pissed").concrete  # British: drunk
    assert "expression" not in parse("a cheerful grandmother").concrete  # a disposition, not a smile
