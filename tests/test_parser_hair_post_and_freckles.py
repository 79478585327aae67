"""Hair words after the noun, a short afro, freckle amounts after the noun (wave 2)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", ["red hair, long and curly", "- **red hair**, long and curly",
                                  "* red hair, long and curly", "a woman with red hair, long and curly, and green eyes",
                                  "hair long and curly"])
def test_post_modifiers_after_the_hair_noun(text):
    r = parse(text)
    assert r.hair.get("length") == "long" and r.hair.get("volume") == "curly"
    assert not any("long" in p or "curly" in p for p in r.abstract), r.abstract


def test_a_post_word_of_another_noun_is_not_the_hair():
    r = parse("red hair, short nose")
    assert "length" not in r.hair and r.concrete["nose_length"] == "short"


@pytest.mark.parametrize("text, length", [("short grey afro", "short"), ("a man with a short afro and a beard", "short"),
                                          ("a long afro", "long")])
def test_an_afro_takes_its_length_word(text, length):
    r = parse(text)
    assert r.hair["volume"] == "afro" and r.hair["length"] == length


def test_an_afro_alone_states_no_length():
    assert "length" not in parse("an afro").hair


@pytest.mark.parametrize("text, amount", [("freckles, lots of them", "heavy"), ("Freckles: heavy", "heavy"),
                                          ("freckles: lots", "heavy"), ("Freckles: a few", "light"),
                                          ("loads of freckles", "heavy"), ("lots of freckles", "heavy")])
def test_freckle_amount_after_the_noun(text, amount):
    r = parse(text)
    assert r.freckle_amount == amount and r.abstract == []


def test_a_light_colour_after_freckles_is_no_amount():
    assert parse("freckles, light brown hair").freckle_amount is None
