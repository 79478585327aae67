"""Ancestry words: "a Black man" stated nothing the texture stage used, so his skin tone was a draw
from the whole population (very fair as often as anything).  They are now the schema's `ancestry`,
which makes the matching skin tones likelier.  The words (and a plain person noun beside them) leave the CLIP phrases:
CLIP would push the ancestry a second time, through a model with its biases (abstract.without_read)."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, ancestry, phrase", [
    ("a black man", "black", "black man"),
    ("a Black woman with short hair", "black", "Black woman"),
    ("an African American man", "black", "African American man"),
    ("Caucasian male, 40s", "white", "Caucasian male"),
    ("a white woman", "white", "white woman"),
    ("an East Asian woman", "east-asian", "East Asian woman"),
    ("a Japanese man", "east-asian", "Japanese man"),
    ("an Indian grandmother", "south-asian", "Indian grandmother"),
    ("South Asian man, early 40s", "south-asian", "South Asian man"),
    ("mid 20s latina, curly dark hair", "hispanic", "latina"),
    ("a Hispanic man", "hispanic", "Hispanic man"),
    ("a Middle Eastern man with a beard", "middle-eastern", "Middle Eastern man"),
])
def test_ancestry_words(text, ancestry, phrase):
    r = parse(text)
    assert r.concrete.get("ancestry") == ancestry and phrase not in r.abstract, (r.concrete, r.abstract)
    assert not any(phrase.split()[0].lower() in p.lower().split() for p in r.abstract), r.abstract


@pytest.mark.parametrize("text", ["a man in a black hat", "a man with black hair", "a white-haired man",
                                  "not a white man", "a woman with white teeth"])
def test_colour_words_of_other_things_are_no_ancestry(text):
    assert "ancestry" not in parse(text).concrete


def test_a_stated_skin_tone_is_kept_beside_it():
    c = parse("a black man with fair skin").concrete
    assert c["skin_tone"] == "fair" and c["ancestry"] == "black"


@pytest.mark.parametrize("text, ancestry", [
    ("Ethnicity: Black", "black"),
    ("Gender: F, Ethnicity: East Asian, Age: 30", "east-asian"),
    ("Race: Asian", "east-asian"),
    ("Name: Bob | Ethnicity: Hispanic | Age: 45", "hispanic"),
    ("Nationality: Japanese; Hair: black", "east-asian"),
])
def test_origin_fields_of_a_form(text, ancestry):
    """A form's field has no person noun after the word: 'Ethnicity: Black' set nothing before."""
    r = parse(text)
    assert r.concrete.get("ancestry") == ancestry, r.concrete


def test_an_origin_field_without_a_known_ancestry_sets_none():
    r = parse("Ethnicity: mixed")
    assert "ancestry" not in r.concrete and r.abstract == ["mixed"]


@pytest.mark.parametrize("text, ancestry", [
    ("MALE | 30s | Middle Eastern | full beard | dark eyes", "middle-eastern"),
    ("Female, 70+, Indian, grey hair in a long braid", "south-asian"),
    ("Male, Black, 30s", "black"),
    ("woman, 20s, Korean, long hair", "east-asian"),
])
def test_an_ancestry_listed_as_an_item_of_a_casting_call(text, ancestry):
    """Casting calls list the ancestry apart from the person word; before, it was a phrase only."""
    r = parse(text)
    assert r.concrete.get("ancestry") == ancestry, r.to_dict()


@pytest.mark.parametrize("text", ["a man, black, white", "Indian", "a woman, not Indian", "Male, 30s, hair: short, black"])
def test_what_is_no_listed_ancestry(text):
    """Colours in lower case, no person described, a denial, a field's value."""
    assert "ancestry" not in parse(text).concrete
