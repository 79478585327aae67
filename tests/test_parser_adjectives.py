"""An adjective run before a person noun: each person adjective applies to the person, even past a feature
adjective ("an old grey-haired man", "a chubby bearded man"); unknown words stay phrases.  Before, a feature
adjective between them took the person's adjectives as its own unknown words, so the age or width was lost
with no warning ("an old grey-haired man" -> phrase "old grey-haired")."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, expect, abstract", [
    ("an old grey-haired man", {"gender": "male", "age": "old", "hair_color": "gray"}, []),
    ("a chubby bearded man", {"gender": "male", "face_width": "wide", "beard": "full"}, []),
    ("a very old bearded man", {"gender": "male", "age": "old", "beard": "full"}, []),
    ("a fat mustached man", {"gender": "male", "face_width": "wide", "beard": "mustache"}, []),
    ("a young blue-eyed woman", {"gender": "female", "age": "young", "eye_color": "blue"}, []),
    ("an Asian bearded man", {"gender": "male", "beard": "full", "ancestry": "east-asian"}, []),
    ("a skinny pale-skinned girl", {"gender": "female", "age": "young", "face_width": "narrow", "skin_tone": "fair"},
     []),
    ("a handsome young black man", {"gender": "male", "age": "young", "ancestry": "black"},
     ["handsome"]),  # (young, black, man: read)
    ("a short fat old grey-haired bearded man", {"gender": "male", "age": "old", "face_width": "wide",
                                                 "hair_color": "gray", "beard": "full"}, []),
    ("a freckled red-haired girl", {"gender": "female", "age": "young", "hair_color": "red", "freckles": "some"}, []),
])
def test_person_adjectives_apply_past_a_feature_adjective(text, expect, abstract):
    r = parse(text)
    assert r.concrete == expect and r.abstract == abstract, r.to_dict()


def test_a_person_adjective_not_joined_to_the_feature_is_the_persons():
    """"a short grey-haired man" is short (a body word, warned); "short-haired" and "dark haired" are the hair's."""
    r = parse("a short grey-haired man")
    assert r.concrete == {"gender": "male", "hair_color": "gray"} and any("short" in w for w in r.warnings)
    assert parse("a short-haired young man").concrete == {"gender": "male", "age": "young", "scalp_hair": "full"}
    assert parse("a dark haired man").concrete == {"gender": "male", "hair_color": "black"}


def test_degree_and_negation_follow_the_lent_adjective():
    assert parse("a very old bearded man").strength == {"age": 2.0}
    assert parse("he is not an old bearded man").concrete == {"gender": "male", "age": "young", "beard": "none"}


def test_hyphen_joined_words_stay_with_their_feature():
    """"piercing-eyed" is about the eyes: the phrase keeps it, the person keeps "old"."""
    r = parse("a piercing-eyed old man")
    assert r.concrete == {"gender": "male", "age": "old"} and r.abstract == ["piercing-eyed"], r.to_dict()
