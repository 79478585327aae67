"""Beard colours (`beard_color`): a colour on a beard, stubble, mustache, goatee or facial hair is the beard's own.
Before, it implied `hair_color`, so "a man with grey stubble" turned the whole scalp silver, although beards usually
grey before the scalp does."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, beard, color", [
    ("a man with grey stubble", "stubble", "gray"), ("a red beard", "full", "red"),
    ("a white mustache", "mustache", "gray"), ("salt-and-pepper beard", "full", "gray"),
    ("his beard is going grey", "full", "gray"), ("his beard has gone white", "full", "gray"),
    ("grey-bearded", "full", "gray"), ("grey bearded", "full", "gray"),
    ("a ginger goatee", "goatee", "red"), ("a black moustache", "mustache", "black"),
    ("thick ginger whiskers", "full", "red"), ("white five o'clock shadow", "stubble", "gray"),
    ("Beard: salt and pepper", "full", "gray"),
])
def test_a_beard_colour_is_the_beards_alone(text, beard, color):
    r = parse(text)
    assert r.concrete.get("beard") == beard and r.concrete.get("beard_color") == color, r.to_dict()
    assert "hair_color" not in r.concrete and r.abstract == [] and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text, color", [
    ("grey hair", "gray"), ("a blonde woman", "blond"), ("grey-haired", "gray"), ("silver hair", "gray"),
])  # "a man with black eyebrows": the brows' colour, not the hair's (test_parser_facial_shapes.py)
def test_scalp_colours_stay_hair_color(text, color):
    r = parse(text)
    assert r.concrete.get("hair_color") == color and "beard_color" not in r.concrete, r.to_dict()


@pytest.mark.parametrize("text, hair, beard", [
    ("grey hair and a black beard", "gray", "black"), ("a man with a black beard and grey hair", "gray", "black"),
    ("grey hair and beard", "gray", "gray"), ("his hair and beard are grey", "gray", "gray"),
    ("an old man whose beard has gone white but whose hair is still dark", "black", "gray"),
])
def test_hair_and_beard_colours_together(text, hair, beard):
    r = parse(text)
    assert (r.concrete.get("hair_color"), r.concrete.get("beard_color")) == (hair, beard), r.to_dict()
    assert not any("contradiction" in w for w in r.warnings), r.warnings  # two attributes, no conflict


def test_facial_hair_takes_the_colour_and_its_own_beard_value():
    assert parse("grey facial hair").concrete == {"beard_color": "gray"}  # facial hair alone says no beard value
    assert parse("light grey facial hair").concrete == {"gender": "male", "beard": "stubble", "beard_color": "gray"}


@pytest.mark.parametrize("text", ["grey stubble, clean-shaven", "a white beard; no beard"])
def test_no_beard_has_no_colour(text):
    r = parse(text)
    assert r.concrete["beard"] == "none" and "beard_color" not in r.concrete, r.to_dict()
    assert any("beard_color gray left out" in w for w in r.warnings), r.warnings


def test_a_denied_coloured_beard_gives_no_colour():
    assert "beard_color" not in parse("a clean-shaven man without a grey beard").concrete


@pytest.mark.parametrize("text, hair, beard", [
    ("an elderly man with white hair and a matching beard", "gray", "full"),
    ("a redhead with a beard to match", "red", "full"),
    ("a man with jet-black hair and a goatee to match", "black", "goatee"),
    ("blond hair and a matching mustache", "blond", "mustache"),
    ("a matching beard and brown hair", "brown", "full"),
    ("brown hair and a beard of the same colour", "brown", "full"),
])
def test_a_matching_beard_takes_the_hair_colour(text, hair, beard):
    r = parse(text)
    assert (r.concrete.get("hair_color"), r.concrete.get("beard"), r.concrete.get("beard_color")) == (hair, beard, hair)
    assert not r.warnings and not r.abstract, (r.warnings, r.abstract)


def test_a_matching_beard_with_no_hair_colour_says_only_the_beard():
    assert parse("a man with a matching beard").concrete == {"gender": "male", "beard": "full"}


def test_a_stated_beard_colour_is_not_matched_away():
    r = parse("grey hair and a black beard, matching eyebrows")
    assert r.concrete["beard_color"] == "black"


# -- colours of different beard parts (resolve._largest_part) --------------------------------------------------------
@pytest.mark.parametrize("text, beard, color, dropped", [
    ("a black beard and a grey moustache", "full", "black", "the mustache's gray left out, the beard's black"),
    ("a man with a black beard and a grey mustache", "full", "black", "the mustache's gray left out, the beard's black"),
    ("a grey moustache and a black beard", "full", "black", "the mustache's gray left out, the beard's black"),
    ("a red beard with a grey mustache", "full", "red", "the mustache's gray left out, the beard's red"),
    ("a black goatee and a grey mustache", "goatee", "black", "the mustache's gray left out, the goatee's black"),
    ("a grey mustache and a black goatee", "goatee", "black", "the mustache's gray left out, the goatee's black"),
    ("grey stubble and a black mustache", "mustache", "black", "the stubble's gray left out, the mustache's black"),
    ("a black mustache and grey stubble", "mustache", "black", "the stubble's gray left out, the mustache's black"),
])
def test_the_largest_parts_colour_is_the_beards_colour_and_the_other_is_said_to_be_left_out(text, beard, color,
                                                                                          dropped):
    """Not a contradiction, and not silent either: the texture draws one beard colour."""
    r = parse(text)
    assert (r.concrete["beard"], r.concrete["beard_color"]) == (beard, color), r.to_dict()
    assert r.warnings == [f"the beard is drawn in one colour: {dropped} kept"], r.warnings


@pytest.mark.parametrize("text, color", [
    ("a black beard, his beard is grey", "gray"),
    ("a grey mustache, his mustache is black", "black"),
    ("grey facial hair and a black beard", "black"),  # facial hair names no part: the beard's own
])
def test_two_colours_of_one_part_are_still_a_contradiction(text, color):
    r = parse(text)
    assert r.concrete["beard_color"] == color
    assert [w for w in r.warnings if w.startswith("contradiction: beard_color")], r.warnings


def test_facial_hair_names_no_part_and_counts_as_the_beard_drawn():
    # the beard drawn is a mustache: "facial hair" is that mustache, so the two colours are one part's (last wins)
    r = parse("grey facial hair, a black mustache")
    assert (r.concrete["beard"], r.concrete["beard_color"]) == ("mustache", "black")
    assert any(w.startswith("contradiction: beard_color") for w in r.warnings)
