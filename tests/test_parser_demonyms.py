"""Nationalities read as an ancestry prior (backend/parser/demonyms.py), and the ambiguous ones left unset."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, ancestry", [
    ("a Nigerian man", "black"), ("a Ghanaian woman", "black"), ("a Jamaican grandmother", "black"),
    ("an Irish woman", "white"), ("a Norwegian man", "white"), ("a Polish woman", "white"),
    ("a Vietnamese man", "east-asian"), ("a Japanese man", "east-asian"),
    ("a Nepali woman", "south-asian"), ("an Indian grandmother", "south-asian"),
    ("a Colombian man", "hispanic"), ("a Peruvian woman", "hispanic"),
    ("an Iranian man", "middle-eastern"), ("a Lebanese woman", "middle-eastern"), ("an Egyptian man", "middle-eastern"),
    ("Female, 30s, Kenyan", "black"),
])
def test_nationalities_with_one_common_ancestry_set_it(text, ancestry):
    r = parse(text)
    assert r.concrete["ancestry"] == ancestry
    assert r.abstract == []  # read as the ancestry, so no CLIP phrase repeats it (abstract.without_read)


@pytest.mark.parametrize("text", ["an American man", "a Brazilian woman", "a British man", "a Cuban woman",
                                  "a South African man", "a Filipino woman", "a Turkish man", "an Italian woman"])
def test_nationalities_of_several_common_ancestries_set_none(text):
    assert "ancestry" not in parse(text).concrete


def test_a_nationality_not_before_a_person_is_no_ancestry():
    assert "ancestry" not in parse("a man with an Irish accent").concrete


@pytest.mark.parametrize("text, ancestry", [("Nationality: Kenyan", "black"), ("Nationality: Irish", "white"),
                                            ("Origin: Peruvian", "hispanic")])
def test_a_nationality_field_alone_is_english(text, ancestry):
    # the field name and the nationality were no English words, so the text was taken for gibberish
    r = parse(text)
    assert r.concrete == {"ancestry": ancestry} and r.warnings == [], r.to_dict()
