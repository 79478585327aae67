"""How grey the gray hair is (ParseResult.hair_grey, greying.read_amount): salt-and-pepper, grey at the temples,
greying, mostly grey; nothing for plain grey / white / silver hair (drawn as before)."""
import json

import pytest

from backend.parser import parse


@pytest.mark.parametrize("prompt, expected", [
    ("a man with salt-and-pepper hair", {"scalp": "salt_pepper"}),
    ("a woman with salt and pepper hair", {"scalp": "salt_pepper"}),
    ("a man grey at the temples", {"scalp": "temples"}),
    ("a man with brown hair going grey at the temples", {"scalp": "temples"}),
    ("a woman with greying hair", {"scalp": "some"}),
    ("a man with mostly grey hair", {"scalp": "mostly"}),
    ("a man with a salt and pepper beard", {"beard": "salt_pepper"}),
    ("a man with a greying beard", {"beard": "some"}),
    ("a man with salt-and-pepper hair and a greying beard", {"scalp": "salt_pepper", "beard": "some"}),
])
def test_partial_grey_is_read(prompt, expected):
    r = parse(prompt)
    assert r.hair_grey == expected
    assert r.to_dict()["hair_grey"] == expected
    assert json.loads(r.to_json())["hair_grey"] == expected


@pytest.mark.parametrize("prompt", ["a man with grey hair", "an old woman with white hair", "a silver-haired man",
                                    "a man with a white beard", "a man with black hair", "he has gone grey",
                                    "a woman who is not greying, with white hair"])
def test_full_or_no_grey_says_nothing(prompt):
    r = parse(prompt)
    assert r.hair_grey == {}
    assert "hair_grey" not in r.to_dict()


def test_amount_needs_the_code_to_say_gray():
    # "salt and pepper" of a beard does not make the black scalp hair partly grey
    r = parse("a man with black hair and a salt-and-pepper beard")
    assert r.concrete["hair_color"] == "black" and r.hair_grey == {"beard": "salt_pepper"}


@pytest.mark.parametrize("prompt, attr, amount", [
    ("a man with a touch of grey", "hair_color", {"scalp": "some"}),
    ("flecks of grey in his beard", "beard_color", {"beard": "some"}),
    ("a man with grey streaks in his hair", "hair_color", {"scalp": "some"}),
    ("a man with greying temples", "hair_color", {"scalp": "temples"}),
])
def test_touches_of_grey_are_read(prompt, attr, amount):
    """Before, each was a CLIP phrase ('touch of grey', 'flecks of grey') and no colour was read."""
    r = parse(prompt)
    assert r.concrete.get(attr) == "gray" and r.hair_grey == amount
    assert not any("grey" in p or "gray" in p for p in r.abstract)


def test_a_denied_touch_reads_no_colour():
    r = parse("a man with no grey streaks")
    assert "hair_color" not in r.concrete and r.hair_grey == {}
