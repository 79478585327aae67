"""Person words users write that the tables lacked: titles, grandparents in other languages, slang, names of more than
one word before an age."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, expect", [
    ("a stern headmistress", {"gender": "female", "expression": "frown"}),
    ("the old headmaster", {"gender": "male", "age": "old"}),
    ("my nonna", {"gender": "female", "age": "old"}),
    ("an abuela with silver hair", {"gender": "female", "age": "old", "hair_color": "gray"}),
    ("a smiling nonno", {"gender": "male", "age": "old", "expression": "smile"}),
    ("this chick has green eyes", {"gender": "female", "eye_color": "green"}),
])
def test_person_words(text, expect):
    assert parse(text).concrete == expect, parse(text).to_dict()


@pytest.mark.parametrize("text, age", [
    ("Zhang Wei, 28, short black hair", "young"), ("Jean-Luc, late 40s, receding hairline", "middle-aged"),
    ("Maria Jose Garcia (60s)", "old"), ("John, 45, grey hair", "middle-aged"),
])
def test_a_name_of_up_to_three_words_before_an_age_names_the_subject(text, age):
    """Before, only a one-word name did: "Zhang Wei, 28" warned that 28 was not an age."""
    r = parse(text)
    assert r.concrete.get("age") == age, r.to_dict()
    assert not any("not understood as an age" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text", ["a boy with a black eye", "a man with a black eye and a split lip"])
def test_a_black_eye_is_a_bruise_not_an_eye_colour(text):
    r = parse(text)
    # a bruise is not modelled: said, not a CLIP phrase (test_parser_not_modelled.py)
    assert "eye_color" not in r.concrete and any("a black eye" in w for w in r.warnings), r.to_dict()


def test_black_eyes_are_still_a_colour():
    assert parse("she has black eyes").concrete["eye_color"] == "brown"


@pytest.mark.parametrize("text, gender", [
    ("a Viking shieldmaiden", "female"), ("a lone swordsman", "male"), ("a barmaid with red lips", "female"),
    ("a cowgirl", "female"), ("the chairwoman", "female"), ("two frontiersmen", "male"),
])
def test_a_compound_person_word_gives_its_gender_only(text, gender):
    r = parse(text)
    assert r.concrete.get("gender") == gender and "age" not in r.concrete, r.to_dict()


@pytest.mark.parametrize("text, gender", [("a roman nose", None), ("a shaman with a painted face", None),
                                          ("a tomboy with short hair", "female"), ("a German man", "male")])
def test_words_that_end_in_a_person_word_by_chance_are_not_compounds(text, gender):
    r = parse(text)
    assert r.concrete.get("gender") == gender, r.to_dict()
