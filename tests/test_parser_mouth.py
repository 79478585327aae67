"""How far the mouth is open (`mouth`: closed, parted, open), apart from the expression.  Before, "mouth open" and
"lips parted" were abstract phrases only (refinement cannot open a jaw), and "tight-lipped" read as thin lips."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, value", [
    ("mouth open", "open"), ("with an open mouth", "open"), ("a man with his mouth open", "open"),
    ("her mouth is open", "open"), ("mouth wide open", "open"), ("a wide-open mouth", "open"),
    ("his mouth open wide", "open"), ("his mouth hangs open", "open"), ("a gaping mouth", "open"),
    ("lips parted", "parted"), ("parted lips", "parted"), ("slightly open mouth", "parted"),
    ("mouth slightly open", "parted"), ("her mouth a little open", "parted"), ("lips slightly apart", "parted"),
    ("lips slightly open", "parted"), ("mouth ajar", "parted"),
    ("mouth closed", "closed"), ("lips closed", "closed"), ("closed lips", "closed"), ("tight-lipped", "closed"),
    ("a tight-lipped woman", "closed"), ("lips pressed together", "closed"), ("lips pressed tightly together", "closed"),
    ("his mouth shut", "closed"),
])
def test_mouth_words(text, value):
    r = parse(text)
    assert r.concrete.get("mouth") == value and "expression" not in r.concrete, r.to_dict()
    assert r.abstract == [] and "lip_thickness" not in r.concrete, r.to_dict()  # covered: no phrase left for CLIP


@pytest.mark.parametrize("text", ["mouth agape", "open-mouthed", "an open-mouthed boy", "gaping", "jaw dropped",
                                  "his jaw dropped"])
def test_words_of_astonishment_open_the_mouth_and_imply_surprise(text):
    r = parse(text)
    assert (r.concrete["mouth"], r.concrete["expression"]) == ("open", "surprise") and r.abstract == [], r.to_dict()


def test_a_stated_expression_wins_over_the_implied_surprise():
    r = parse("an open-mouthed grin")
    assert (r.concrete["mouth"], r.concrete["expression"]) == ("open", "smile") and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text, value", [
    ("a slightly open mouth", "parted"), ("a very open mouth", "open"), ("lips slightly parted", "parted"),
    ("lips wide open", "open"), ("mouth not open", "closed"), ("lips not parted", "closed"), ("not open-mouthed", "closed"),
    ("her mouth is not very open", "parted"), ("mouth slightly agape", "parted"), ("slightly open-mouthed", "parted"),
])
def test_degree_words_and_negation_choose_the_value(text, value):
    r = parse(text)
    assert r.concrete.get("mouth") == value and "mouth" not in r.strength, r.to_dict()  # the degree is the value


@pytest.mark.parametrize("text, expect", [
    ("laughing", {"expression": "laugh"}),
    ("surprised, with her mouth open", {"gender": "female", "expression": "surprise", "mouth": "open"}),
    ("smiling with his mouth closed", {"gender": "male", "expression": "smile", "mouth": "closed"}),
    ("a closed-mouth smile", {"expression": "smile", "mouth": "closed"}),
    ("a woman with her eyes and mouth closed", {"gender": "female", "eyelids": "closed", "mouth": "closed"}),
])
def test_expressions_keep_their_own_value(text, expect):
    assert parse(text).concrete == expect


@pytest.mark.parametrize("text, phrase", [("an open face", "open face"), ("an open expression", "open expression"),
                                          ("a woman with an open smile", "open smile")])
def test_open_elsewhere_says_nothing_of_the_mouth(text, phrase):
    r = parse(text)
    assert "mouth" not in r.concrete and phrase in r.abstract, r.to_dict()


@pytest.mark.parametrize("text, expect", [
    ("a wide mouth, slightly open", {"mouth_width": "wide", "mouth": "parted"}),
    ("full lips, slightly parted", {"lip_thickness": "full", "mouth": "parted"}),
    ("a wide mouth, slightly open, and blue eyes", {"mouth_width": "wide", "mouth": "parted", "eye_color": "blue"}),
    ("a wide mouth, big eyes", {"mouth_width": "wide", "eye_size": "big"}),  # the next noun phrase keeps its word
])
def test_an_afterthought_after_a_comma_is_the_nouns(text, expect):
    assert parse(text).concrete == expect, text
