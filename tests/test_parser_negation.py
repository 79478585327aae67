"""Parser negation and contrast: lists under one negation, "N-free", negating phrases, written ages,
beard colour beside hair colour, "X, not Y" contrasts."""
from __future__ import annotations

import pytest

from backend.parser import parse
from backend.schema import check


def concrete(text: str) -> dict:
    result = parse(text)
    check(result.concrete)
    return result.concrete


def contradictions(text: str) -> list[str]:
    return [w for w in parse(text).warnings if w.startswith("contradiction")]


# -- 1. a negation reaches every noun of the or/nor list after it ------------------------------------
@pytest.mark.parametrize("text, attr, value", [
    ("a man with no beard or mustache", "beard", "none"),
    ("a man without beard or moustache", "beard", "none"),
    ("a man with no beard or stubble", "beard", "none"),
    ("a man with no beard, mustache or stubble", "beard", "none"),
    ("a man with no beard or a mustache", "beard", "none"),
    ("a man with no beard/mustache", "beard", "none"),
    ("a woman with no freckles or makeup", "makeup", "none"),
    ("a woman with no freckles or makeup", "freckles", "none"),
    ("a man with no wrinkles or freckles", "freckles", "none"),
    ("a woman with no wrinkles, moles or freckles", "freckles", "none"),
    ("she doesn't wear makeup or lipstick", "lip_color", "natural"),
    ("a man with no beard or mustache but a goatee", "beard", "goatee"),
])
def test_negation_reaches_an_or_list(text, attr, value):
    assert concrete(text)[attr] == value
    assert not contradictions(text)


@pytest.mark.parametrize("text, attr, value", [
    ("a man with no beard and a mustache", "beard", "mustache"),  # "and" ends the reach
    ("a man with no beard, just a mustache", "beard", "mustache"),
    ("a woman with no makeup, freckles and a big smile", "freckles", "some"),  # no "or" closes the list
])
def test_negation_stops_outside_an_or_list(text, attr, value):
    assert concrete(text)[attr] == value


# -- 2. "N-free" negates N ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, attr, value", [
    ("a freckle-free woman", "freckles", "none"), ("a woman, freckle free", "freckles", "none"),
    ("a woman with a freckle-free face and blue eyes", "freckles", "none"),
    ("a beard-free face", "beard", "none"), ("a moustache-free man", "beard", "none"),
    ("a smile-free face", "expression", "neutral"), ("a makeup-free face", "makeup", "none"),
    ("her face is free of makeup", "makeup", "none"),
])
def test_n_free_negates_n(text, attr, value):
    assert concrete(text)[attr] == value


def test_n_free_of_an_abstract_noun_is_a_negated_phrase():
    r = parse("a man with a scar-free face")
    assert not r.abstract and any("'scar-free'" in w for w in r.warnings)


# -- 3. phrases that negate: far from, anything but, rarely, hardly, seldom, barely ---------------------
@pytest.mark.parametrize("text, attr, value", [
    ("a man who is far from old", "age", "young"), ("a far from young woman", "age", "old"),
    ("a woman who is anything but young", "age", "old"),
    ("a woman who is far from thin", "face_width", "wide"),
    ("a woman who rarely smiles", "expression", "neutral"),
    ("a man who hardly ever smiles", "expression", "neutral"),
    ("a man who seldom smiles", "expression", "neutral"), ("she barely smiles", "expression", "neutral"),
    ("he seldom wears a beard", "beard", "none"),
    ("eyes set far from each other", "eye_distance", "wide"),  # "far from each other" is still a distance
    ("a woman with barely there makeup", "makeup", "light"),
])
def test_negating_phrases(text, attr, value):
    assert concrete(text)[attr] == value


def test_far_from_is_not_left_as_a_phrase():
    assert parse("a man who is far from old").abstract == []


@pytest.mark.parametrize("text, attr, value", [
    ("a man who is not young, not old", "age", "middle-aged"),
    ("a man who is not young and not old", "age", "middle-aged"),
    ("her eyes are not big, not small", "eye_size", "medium"),
])
def test_denying_both_ends_leaves_the_middle(text, attr, value):
    assert concrete(text)[attr] == value
    assert not contradictions(text)


# -- 4. written ages: 30's, y/o, N+, ranges; an unread number beside a person is said ------------------
@pytest.mark.parametrize("text, value", [
    ("a man in his 30's", "young"), ("a man in his 30\u2019s", "young"),
    ("a woman in her late 40's", "middle-aged"),
    ("a 25 y/o woman", "young"), ("a 25 y.o. woman", "young"), ("a 25 yo woman", "young"),
    ("she is a 70 y/o grandmother", "old"),
    ("a woman 60+", "old"), ("a 60+ woman", "old"), ("a man aged 60+", "old"), ("a man, 35+", "middle-aged"),
    ("a woman who is 60+ years old", "old"),
    ("a man 30-40", "middle-aged"), ("a woman 20 to 30", "young"),
    ("a woman nearly 60", "middle-aged"), ("a woman just under 60", "middle-aged"), ("a man over 59", "old"),
])
def test_written_ages(text, value):
    r = parse(text)
    assert r.concrete["age"] == value
    assert not any("number" in w for w in r.warnings)


@pytest.mark.parametrize("text, number", [
    ("a man 3000", "3000"), ("a 3000 man", "3000"), ("a man in his 300s", "300s"),
])
def test_an_unread_number_beside_a_person_is_said(text, number):
    r = parse(text)
    assert "age" not in r.concrete
    assert f"number not understood as an age, left out: {number!r}" in r.warnings
    assert number not in r.abstract


@pytest.mark.parametrize("text", ["a man with his 2 eyes", "a group of 3 men", "a man with 2 scars"])
def test_counts_are_not_ages(text):
    assert not any("number" in w for w in parse(text).warnings)


# -- 5. a beard colour is the beard's own (beard_color), never the hair's ---------------------------------
@pytest.mark.parametrize("text, hair, beard", [
    ("a man with black hair and a grey beard", "black", "gray"), ("a man with a white beard and brown hair", "brown", "gray"),
    ("his hair is brown, his beard is white", "brown", "gray"), ("a blond man with a ginger beard", "blond", "red"),
    ("a man with salt and pepper stubble and dark hair", "black", "gray"),
    ("a man with black hair and a grey mustache", "black", "gray"),
    ("an old man with a white beard", None, "gray"), ("a man with a red goatee", None, "red"),  # no hair colour stated
])
def test_beard_colour_is_not_the_hair_colour(text, hair, beard):
    """(Before, a beard colour implied the hair colour: "a white beard" greyed the whole scalp.)"""
    assert concrete(text).get("hair_color") == hair and concrete(text)["beard_color"] == beard
    assert not contradictions(text)


def test_beard_colour_keeps_the_beard_statement():
    assert concrete("a man with black hair and a bushy grey beard")["beard"] == "full"
    assert concrete("no beard, black hair, a grey mustache") == {"gender": "male", "hair_color": "black", "beard": "mustache",
                                                                 "beard_color": "gray"}


# -- 6. contrasts keep the value the user kept ----------------------------------------------------------
@pytest.mark.parametrize("text, attr, value", [
    ("a woman whose eyes aren't blue but green", "eye_color", "green"),
    ("her eyes are not blue but green", "eye_color", "green"),
    ("a woman with eyes not blue but green", "eye_color", "green"),
    ("a woman with not blue but green eyes", "eye_color", "green"),
    ("a man whose hair isn't black but brown", "hair_color", "brown"),
    ("a woman with green, not blue, eyes", "eye_color", "green"),
    ("a woman with green (not blue) eyes", "eye_color", "green"),
    ("a woman with green but not blue eyes", "eye_color", "green"),
    ("a woman with brown, not blonde, hair", "hair_color", "brown"),
    ("a man with brown but not dark eyes", "eye_color", "brown"),
    ("a young, not old, man", "age", "young"),
    ("his nose isn't wide", "nose_width", "narrow"),
])
def test_contrast_keeps_the_kept_value(text, attr, value):
    r = parse(text)
    assert r.concrete[attr] == value
    assert r.abstract == [] and not contradictions(text)


@pytest.mark.parametrize("text", ["her eyes are not blue or green", "her eyes aren't blue"])
def test_a_negation_reaches_across_or(text):
    assert "eye_color" not in concrete(text)


# -- 7. a negation reaches through look/seem/appear ---------------------------------------------------
@pytest.mark.parametrize("text, expect", [
    ("he doesn't look happy", {"gender": "male", "expression": "neutral"}),
    ("she never looks angry", {"gender": "female", "expression": "neutral"}),
    ("she isn't looking happy", {"gender": "female", "expression": "neutral"}),
    ("she doesn't seem to be angry", {"gender": "female", "expression": "neutral"}),
    ("he does not even look old", {"gender": "male", "age": "young"}),
])
def test_negation_reaches_through_linking_verbs(text, expect):
    """Before, "look(s)" stopped the negation: "doesn't look happy" smiled, "never looks angry" was angry."""
    assert concrete(text) == expect


@pytest.mark.parametrize("text", ["he doesn't look kind", "he does not look kind, but has blue eyes",
                                  "he doesn't look like a villain", "he doesn't look friendly at all"])
def test_the_verb_look_keeps_the_negation_of_its_phrase(text):
    """"look" after a negation or pronoun is the verb, so its phrase is negated (before: "look kind" was kept as if
    said); "a kind look" is still the noun."""
    r = parse(text)
    assert r.abstract == [] and any("negated phrase" in w for w in r.warnings), r.to_dict()
    assert parse("a kind look").abstract == ["kind look"]
    assert parse("he looks kind").abstract == ["looks kind"]


@pytest.mark.parametrize("text, expect", [
    ("no grey hair", {}),
    ("an old man with no grey hair", {"gender": "male", "age": "old"}),
    ("a 60-year-old woman without a single grey hair", {"gender": "female", "age": "old"}),
    ("not a single grey hair", {}),
    ("his hair is not grey", {"gender": "male"}),
    ("a man with grey eyebrows but no grey hair", {"gender": "male"}),  # the brows' grey is not the hair's
    ("a middle-aged man, not a single grey hair, dark brown hair", {"gender": "male", "age": "middle-aged",
                                                                    "hair_color": "brown"}),
])
def test_a_denied_colour_is_not_said_and_nothing_contradicts(text, expect):
    r = parse(text)
    assert r.concrete == expect, (text, r.concrete)
    assert not any("contradiction" in w for w in r.warnings), (text, r.warnings)


def test_a_colour_stated_and_denied_of_one_feature_is_a_contradiction_left_unstated():
    r = parse("a grey-haired man with no grey hair")
    assert "hair_color" not in r.concrete
    assert "contradiction: hair_color gray is stated and denied; left unstated" in r.warnings
