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


# -- pursed lips, teeth showing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["pursed lips", "a woman with pursed lips", "her lips pursed", "lips tightly pursed",
                                  "she purses her lips", "an old man pursing his lips", "puckered lips",
                                  "his lips are pursed"])
def test_pursed_lips_are_a_pout_with_the_mouth_closed_not_thin_lips(text):
    r = parse(text)
    assert (r.concrete.get("expression"), r.concrete.get("mouth")) == ("pout", "closed"), r.to_dict()
    assert "lip_thickness" not in r.concrete and r.abstract == [] and r.warnings == [], r.to_dict()


def test_pursed_lips_keep_their_other_modifiers_and_the_possessive_its_gender():
    assert parse("thin pursed lips").concrete == {"lip_thickness": "thin", "expression": "pout", "mouth": "closed"}
    assert parse("she purses her lips").concrete["gender"] == "female"


def test_a_stated_expression_wins_over_the_pursed_lips_pout_quietly():
    r = parse("a frowning woman with pursed lips")
    assert (r.concrete["expression"], r.concrete["mouth"]) == ("frown", "closed") and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text", ["no pursed lips", "his lips are not pursed", "not showing his teeth"])
def test_a_denied_action_says_nothing_and_is_left_out(text):
    r = parse(text)
    assert not {"mouth", "expression", "lip_thickness"} & set(r.concrete), r.concrete
    assert any(w.startswith("negated phrase") for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, expect", [
    ("teeth showing", {"mouth": "parted"}),
    ("showing his teeth", {"gender": "male", "mouth": "parted"}),
    ("a man with his teeth showing", {"gender": "male", "mouth": "parted"}),
    ("his teeth are showing", {"gender": "male", "mouth": "parted"}),
    ("visible teeth", {"mouth": "parted"}),
    ("a toothy grin", {"expression": "smile", "mouth": "parted"}),
    ("a girl with a toothy smile", {"gender": "female", "age": "young", "expression": "smile", "mouth": "parted"}),
    ("a smiling man showing his teeth", {"gender": "male", "expression": "smile", "mouth": "parted"}),
    # bared teeth are the snarl of a threat: anger, implied, so a stated expression wins
    ("bared teeth", {"expression": "anger", "mouth": "parted"}),
    ("a man baring his teeth", {"gender": "male", "expression": "anger", "mouth": "parted"}),
    ("a smiling man baring his teeth", {"gender": "male", "expression": "smile", "mouth": "parted"}),
])
def test_teeth_that_show_part_the_lips(text, expect):
    r = parse(text)
    assert r.concrete == expect and r.abstract == [] and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text, expect", [
    ("laughing with her teeth showing", {"gender": "female", "expression": "laugh"}),  # the laugh's own open jaw
    ("a surprised man showing his teeth", {"gender": "male", "expression": "surprise"}),
    ("teeth showing, mouth open", {"mouth": "open"}),
    ("a man yelling, teeth bared", {"gender": "male", "expression": "anger", "mouth": "open"}),
])
def test_teeth_add_no_opening_to_a_mouth_already_open(text, expect):
    r = parse(text)
    assert r.concrete == expect and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text", ["white teeth", "a man with buck teeth", "crooked teeth"])
def test_other_teeth_stay_phrases(text):
    r = parse(text)
    assert "mouth" not in r.concrete and r.abstract, r.to_dict()


@pytest.mark.parametrize("text, expect", [
    ("a toothy laugh", {"expression": "laugh"}),
    ("a man with a toothy laugh", {"gender": "male", "expression": "laugh"}),
    ("she has a toothy laugh and blue eyes", {"gender": "female", "expression": "laugh", "eye_color": "blue"}),
])
def test_a_toothy_laugh_is_the_laughs_own_open_mouth(text, expect):
    """As "laughing with her teeth showing": the laugh's jaw shows the teeth (a parted mouth would close it), and
    the word is understood.  Before, "toothy laugh" stayed an abstract phrase."""
    r = parse(text)
    assert r.concrete == expect and r.abstract == [] and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text", ["not a toothy laugh", "not a toothy grin"])
def test_a_denied_toothy_laugh_or_grin_is_no_laugh_or_smile(text):
    """The negation before the determiner denies the noun phrase; before, the laugh and the smile were kept."""
    r = parse(text)
    assert r.concrete == {"expression": "neutral"}, r.to_dict()


@pytest.mark.parametrize("text, word", [("teeth showing, mouth closed", "showing"),
                                        ("a toothy grin with her mouth closed", "toothy"),
                                        ("a toothy laugh with her mouth closed", "toothy")])
def test_a_closed_mouth_over_showing_teeth_is_warned(text, word):
    r = parse(text)
    assert r.concrete["mouth"] == "closed"
    assert f"contradiction: mouth is stated as closed, but {word!r} implies parted; using closed" in r.warnings
