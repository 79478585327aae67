"""Acceptance findings (2 Dec 2026, an NPC writer's descriptions): age and ancestry before a job noun, female role
nouns, his/her in an age phrase."""
from __future__ import annotations

import pytest

from backend.parser import parse


# 1. age and ancestry before a role or job noun (backend/parser/jobs.py, extract.role_ancestry)
@pytest.mark.parametrize("text, expected, phrase", [
    ("a young East Asian courier", {"age": "young", "ancestry": "east-asian"}, "courier"),
    ("a young Korean courier", {"age": "young", "ancestry": "east-asian"}, "courier"),
    ("a young Nigerian blacksmith", {"age": "young", "ancestry": "black"}, "blacksmith"),
    ("a young Indian merchant", {"age": "young", "ancestry": "south-asian"}, "merchant"),
    ("an East Asian courier", {"ancestry": "east-asian"}, "courier"),
    ("a young Irish farmer", {"age": "young", "ancestry": "white"}, "farmer"),
    ("an old Mexican clerk", {"age": "old", "ancestry": "hispanic"}, "clerk"),
    ("an elderly Chinese herbalist", {"age": "old", "ancestry": "east-asian"}, "herbalist"),
    ("a young Ghanaian nurse", {"age": "young", "ancestry": "black"}, "nurse"),
    ("a Polish sailor", {"ancestry": "white"}, "sailor"),
    ("a middle-aged Egyptian guard", {"age": "middle-aged", "ancestry": "middle-eastern"}, "guard"),
    ("a young Vietnamese innkeeper", {"age": "young", "ancestry": "east-asian"}, "innkeeper"),
    ("a Black shipwright", {"ancestry": "black"}, "shipwright"),
])
def test_age_and_ancestry_before_a_job(text, expected, phrase):
    r = parse(text)
    assert r.concrete == expected
    assert r.abstract == [phrase]


def test_japanese_samurai_in_his_forties():
    r = parse("a Japanese samurai in his forties")
    assert r.concrete == {"gender": "male", "age": "middle-aged", "ancestry": "east-asian"}
    assert r.abstract == ["samurai"]


@pytest.mark.parametrize("text", [
    "a man with a Korean bodyguard",  # someone else's role
    "a woman and her Irish maid",
    "a black knight",  # lower case: a colour
    "an old Irish pub",  # no role noun
])
def test_ancestry_of_no_one_described(text):
    assert "ancestry" not in parse(text).concrete


# 2. female role nouns, systematic: -ess forms from their base, a list of the rest, -woman compounds
@pytest.mark.parametrize("text, gender", [
    ("a young priestess", "female"), ("a young huntress", "female"), ("a young sorceress", "female"),
    ("a young seamstress", "female"), ("a young governess", "female"), ("a young empress", "female"),
    ("a young stewardess", "female"), ("a young countess", "female"), ("a young midwife", "female"),
    ("a young horsewoman", "female"), ("a young geisha", "female"), ("a young abbot", "male"),
    ("a young friar", "male"), ("a young tsar", "male"),
])
def test_gendered_role_nouns(text, gender):
    r = parse(text)
    assert r.concrete == {"gender": gender, "age": "young"}
    assert r.abstract == [text.split()[-1]]


@pytest.mark.parametrize("text", ["a red dress", "a fortress", "a mattress", "a witness", "her address"])
def test_other_ess_words_are_no_woman(text):
    r = parse(text)
    assert r.concrete.get("gender") != "female" or "her" in text
    assert "woman" not in " ".join(r.abstract)


# 2. his / her in an age phrase set the gender when nothing else does
@pytest.mark.parametrize("text, expected", [
    ("a blacksmith in his forties", {"gender": "male", "age": "middle-aged"}),
    ("a samurai in his forties", {"gender": "male", "age": "middle-aged"}),
    ("a guard in her twenties", {"gender": "female", "age": "young"}),
    ("a woman in his forties", {"gender": "female", "age": "middle-aged"}),  # the noun wins
])
def test_age_pronoun_sets_gender(text, expected):
    assert parse(text).concrete == expected


# 3. "no long hair" denies the length only: there is still hair (no scalp_hair denial, no warning about it)
@pytest.mark.parametrize("text, length", [
    ("a woman with no long hair", "long"), ("a woman without long hair", "long"),
    ("a man without curly hair", "curly"), ("no short hair", "short"),
])
def test_no_long_hair_denies_the_length_only(text, length):
    r = parse(text)
    assert r.denied == {}
    assert r.hair == {"denied": [length]}
    assert not any("scalp_hair" in w for w in r.warnings)


def test_no_hair_is_still_bald():
    assert parse("a woman with no hair").concrete["scalp_hair"] == "bald"
