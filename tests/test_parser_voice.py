"""Screaming, yelling, shouting, yawning and singing imply an open mouth (`mouth` open) and what each usually comes
with: a scream fear, yelling and shouting anger, a yawn its own look (expression yawn) and heavy lids; singing
nothing more.  Implied, so what is said of the mouth, face or eyes wins quietly; the word stays in the phrase for CLIP.  Before, they were abstract phrases
only, and refinement (identity and texture) can never open a jaw."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, expect", [
    ("a woman screaming", {"gender": "female", "mouth": "open", "expression": "fear"}),
    ("a man screams", {"gender": "male", "mouth": "open", "expression": "fear"}),
    ("a man yelling", {"gender": "male", "mouth": "open", "expression": "anger"}),
    ("she is shouting", {"gender": "female", "mouth": "open", "expression": "anger"}),
    ("a woman yawning", {"gender": "female", "mouth": "open", "eyelids": "heavy", "expression": "yawn"}),
    ("he yawns", {"gender": "male", "mouth": "open", "eyelids": "heavy", "expression": "yawn"}),
    ("a girl singing", {"gender": "female", "age": "young", "mouth": "open"}),
])
def test_voice_and_yawns_open_the_mouth(text, expect):
    r = parse(text)
    assert r.concrete == expect, (text, r.concrete)
    assert not r.warnings, (text, r.warnings)
    assert any(text.split()[-1] in p for p in r.abstract), (text, r.abstract)


@pytest.mark.parametrize("text, expect", [
    ("she is screaming with laughter", {"expression": "laugh"}),
    ("a man screaming in anger", {"expression": "anger"}),
    ("a smiling man singing", {"expression": "smile"}),
    ("a woman yawning with her eyes closed", {"eyelids": "closed"}),
    ("a man yelling, his mouth slightly open", {"mouth": "parted", "expression": "anger"}),
])
def test_a_stated_value_wins_over_the_implied_one_quietly(text, expect):
    r = parse(text)
    assert {k: r.concrete.get(k) for k in expect} == expect, (text, r.concrete)
    assert not any("contradiction" in w for w in r.warnings), (text, r.warnings)


def test_before_the_person_noun_it_is_the_persons():
    r = parse("a screaming woman")
    assert r.concrete == {"gender": "female", "mouth": "open", "expression": "fear"}
    assert r.abstract == ["screaming"]


def test_someone_elses_scream_is_not_the_subjects():
    r = parse("a mother with a screaming baby")
    assert r.concrete == {"gender": "female"}
    assert r.warnings == ["another person, left out: 'screaming baby'"]


@pytest.mark.parametrize("text", ["not screaming", "she is not yawning", "he never shouts"])
def test_denied_it_says_nothing_and_is_left_out(text):
    r = parse(text)
    assert "mouth" not in r.concrete and "expression" not in r.concrete and "eyelids" not in r.concrete, r.concrete
    assert not r.abstract and any(w.startswith("negated phrase") for w in r.warnings), (r.abstract, r.warnings)


@pytest.mark.parametrize("text, word", [
    ("a screaming man with his mouth closed", "screaming"), ("yawning with her mouth closed", "yawning"),
    ("a man shouting with his lips pressed together", "shouting"),
])
def test_a_closed_mouth_over_a_voice_word_is_warned(text, word):
    r = parse(text)
    assert r.concrete["mouth"] == "closed"  # the stated value still wins
    assert f"contradiction: mouth is stated as closed, but {word!r} implies open; using closed" in r.warnings
