"""Degree words -> ParseResult.strength: forms, factor table, negation, what carries no strength,
and that the parsed strengths are what shape synthesis accepts and honours."""
from __future__ import annotations

import json

import numpy as np
import pytest

from backend.parser import parse
from backend.parser.degree import graded
from backend.parser.lexicon import SOFT, STRONG, VERY


def strength(text: str) -> dict:
    r = parse(text)
    assert set(r.strength) <= set(r.concrete)  # only stated attributes
    return r.strength


@pytest.mark.parametrize("text, attr, value, factor", [
    # before the noun
    ("a very wide nose", "nose_width", "wide", VERY),
    ("extremely thin lips", "lip_thickness", "thin", STRONG),
    ("a slightly long face", "face_shape", "long", SOFT),
    ("very close-set eyes", "eye_distance", "close", VERY),
    ("an incredibly prominent chin", "chin", "prominent", STRONG),
    # after a copula, a relative clause, a colon
    ("his nose is very wide", "nose_width", "wide", VERY),
    ("lips that are extremely thin", "lip_thickness", "thin", STRONG),
    ("her eyes are a little small", "eye_size", "small", SOFT),
    ("a face that is slightly long", "face_shape", "long", SOFT),
    ("Lips: extremely full.", "lip_thickness", "full", STRONG),
    ("eyes set very far apart", "eye_distance", "wide", VERY),
    # person level: before a person noun, as a predicate, alone in a list
    ("a very chubby man", "face_width", "wide", VERY),
    ("she is very old", "age", "old", VERY),
    ("she's a little chubby", "face_width", "wide", SOFT),
    ("Skinny guy. Very narrow face.", "face_width", "narrow", VERY),
])
def test_each_form(text, attr, value, factor):
    r = parse(text)
    assert r.concrete[attr] == value
    assert r.strength == {attr: factor}


@pytest.mark.parametrize("word, factor", [
    ("very", VERY), ("really", VERY), ("so", VERY), ("too", VERY), ("unusually", VERY), ("terribly", VERY),
    ("extremely", STRONG), ("exceptionally", STRONG), ("super", STRONG), ("incredibly", STRONG),
    ("hugely", STRONG), ("ridiculously", STRONG),
    ("slightly", SOFT), ("a bit", SOFT), ("a little", SOFT), ("a little bit", SOFT), ("somewhat", SOFT),
    ("mildly", SOFT), ("kind of", SOFT), ("a tad", SOFT),
])
def test_factor_table(word, factor):
    assert strength(f"a man with a {word} long nose") == {"nose_length": factor}
    assert strength(f"her lips are {word} thin") == {"lip_thickness": factor}


@pytest.mark.parametrize("text", [
    "a rather long nose", "quite a long nose", "a pretty long nose", "a fairly long nose",  # affirm only: 1.0
    "a long nose", "a longer nose", "the longest nose", "a nose longer than average",  # plain comparison: 1.0
    "a bit too long nose",  # softener times intensifier: 1.0
])
def test_words_that_keep_the_trained_value(text):
    r = parse(text)
    assert r.concrete["nose_length"] == "long" and r.strength == {}


@pytest.mark.parametrize("text, attr, factor", [
    ("a much longer nose", "nose_length", VERY), ("a nose far wider than average", "nose_width", VERY),
    ("a much more prominent chin", "chin", VERY), ("a very very wide mouth", "mouth_width", STRONG),
    ("He is very, very old", "age", STRONG), ("a slighty long nose", "nose_length", SOFT),
    ("extremly thin lips", "lip_thickness", STRONG),
])
def test_comparatives_stacking_and_misspellings(text, attr, factor):
    assert strength(text) == {attr: factor}


@pytest.mark.parametrize("text, attr, value", [
    ("his nose is not very wide", "nose_width", "medium"),
    ("Her nose isn't very wide.", "nose_width", "medium"),
    ("nose: not very long", "nose_length", "medium"),
    ("without a very wide nose", "nose_width", "medium"),
    ("his eyes are not extremely big", "eye_size", "medium"),
    ("lips that are not very thin", "lip_thickness", "medium"),
    ("she is not very chubby", "face_width", "medium"),
    ("a man who is not incredibly old", "age", "middle-aged"),
])
def test_negated_statements_carry_no_strength(text, attr, value):
    r = parse(text)
    assert r.concrete[attr] == value and r.strength == {}


def test_degree_stays_with_its_own_modifier():
    r = parse("a very long and narrow nose, thin lips")
    assert r.concrete == {"nose_length": "long", "nose_width": "narrow", "lip_thickness": "thin"}
    assert r.strength == {"nose_length": VERY}
    assert strength("the nose is very long and narrow") == {"nose_length": VERY}
    assert strength("very wide, extremely long nose") == {"nose_width": VERY, "nose_length": STRONG}
    assert strength("a really nice man with a wide nose") == {}


@pytest.mark.parametrize("text, concrete", [
    ("very pale skin", {"skin_tone": "very-fair"}),  # the degree is the value itself
    ("very dark skin", {"skin_tone": "dark"}),
    ("very dark hair", {"hair_color": "black"}),  # colours are not graded
    ("very blue eyes", {"eye_color": "blue"}),
    ("a very bushy beard", {"gender": "male", "beard": "full"}),
    ("a very average nose", {"nose_length": "medium", "nose_width": "medium"}),  # a middle value has no direction
    ("a little girl", {"gender": "female", "age": "young"}),  # "little" is a value here, not a degree
])
def test_no_strength_on_ungraded_values(text, concrete):
    r = parse(text)
    assert r.concrete == concrete and r.strength == {}


def test_a_little_old_lady_is_no_softener():
    assert strength("a little old lady") == {}


def test_restating_keeps_the_degree_a_new_value_drops_it():
    assert strength("A very wide nose. Her nose is wide.") == {"nose_width": VERY}
    r = parse("A very wide nose. No, her nose is narrow.")
    assert r.concrete["nose_width"] == "narrow" and r.strength == {}


def test_implied_values_carry_no_strength():
    r = parse("a very old grandfather")  # "grandfather" implies old; "very old" states it
    assert r.strength == {"age": VERY}
    assert parse("a grandfather").strength == {}


def test_graded_attributes():
    assert graded("nose_width", "wide") and graded("nose_width", "narrow") and not graded("nose_width", "medium")
    assert graded("face_shape", "heart") and graded("age", "old")
    assert not graded("skin_tone", "dark") and not graded("hair_color", "black") and not graded("beard", "full")
    assert not graded("expression", "smile") and not graded("gender", "female") and not graded("freckles", "some")


def test_json_always_has_strength():
    assert json.loads(parse("a very wide nose").to_json())["strength"] == {"nose_width": 2.0}
    assert parse("a woman").to_dict()["strength"] == {}


def test_shape_synthesis_accepts_and_honours_parsed_strength(face_model):
    """The parsed factors fit the shape model's range; "a very wide nose" measures wider than "a wide nose"."""
    from backend import measure as M
    from backend.shape import load_shape_model
    from backend.shape.code import IDENTITY_ATTRIBUTES
    from backend.shape.model import MAX_STRENGTH

    shape = load_shape_model()
    k = M.IDX["nose_width"]
    widths = {}
    for text in ("a wide nose", "a very wide nose", "an extremely wide nose"):
        r = parse(text)
        s = {a: f for a, f in r.strength.items() if a in IDENTITY_ATTRIBUTES}
        assert all(0.0 <= f <= MAX_STRENGTH for f in s.values())
        coeffs = shape.sample_identity(r.concrete, seed=3, n=8, strength=s)
        widths[text] = M.measure(M.landmarks_for(face_model, coeffs))[:, k]
    assert np.all(widths["a very wide nose"] > widths["a wide nose"])
    assert np.all(widths["an extremely wide nose"] > widths["a very wide nose"])
    r = parse("a slightly narrow nose")
    soft = shape.sample_identity(r.concrete, seed=3, n=8, strength=r.strength)
    plain = shape.sample_identity(r.concrete, seed=3, n=8)
    narrow = lambda c: M.measure(M.landmarks_for(face_model, c))[:, k]  # noqa: E731
    assert np.all(narrow(soft) > narrow(plain))  # a softened "narrow" is less narrow
