"""A person going grey ("he has gone grey", "she went grey early") is `hair_color` gray: a colour said of the
person with a verb of change is the hair's.  Before, it was a phrase, and the scalp's colour was the texture's guess."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", [
    "he has gone grey", "he's gone grey", "she went grey early", "a man who is turning silver",
    "he has gone completely grey", "an old man going grey", "he has gone white",
])
def test_going_grey_is_the_hairs_colour(text):
    r = parse(text)
    assert r.concrete.get("hair_color") == "gray", (text, r.concrete)
    assert "beard_color" not in r.concrete


@pytest.mark.parametrize("text", ["he went white", "the sky turned grey", "a grey man"])
def test_other_colours_of_change_are_not_the_hair(text):
    assert "hair_color" not in parse(text).concrete, text


def test_a_beards_change_stays_the_beards():
    assert parse("his beard has gone white").concrete == {"gender": "male", "beard": "full", "beard_color": "gray"}


@pytest.mark.parametrize("text", ["grey at the temples", "a man greying at the temples", "silver around his temples",
                                  "she was fifty, grey at the temples", "he has gone grey at the temples"])
def test_grey_at_the_temples_is_grey_hair(text):
    """Before, "grey at the temples" was a phrase only unless a verb of change came before it."""
    r = parse(text)
    assert r.concrete["hair_color"] == "gray" and "temples" not in " ".join(r.abstract), r.to_dict()


def test_other_things_at_the_temples_are_not_grey_hair():
    assert "hair_color" not in parse("a scar at the temples").concrete
