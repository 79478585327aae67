"""Colours the texture cannot draw (backend/parser/undrawn.py): said, never drawn wrong in silence."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, lip", [
    ("a woman with red lipstick", "red"), ("crimson lipstick", "red"), ("coral lipstick", "red"),
    ("plum lipstick", "red"), ("fuchsia lipstick", "red"), ("dark lipstick", "red"), ("lipstick", "red"),
    ("pink lipstick", "natural"), ("nude lipstick", "natural"), ("rose lipstick", "natural"),
    ("white lipstick", "pale"),
])
def test_lipstick_colours_that_fit_are_read(text, lip):
    r = parse(text)
    assert r.concrete["lip_color"] == lip and r.concrete["makeup"] == "light"
    assert not any("not drawn" in w for w in r.warnings)


@pytest.mark.parametrize("text, colour", [
    ("a woman with black lipstick", "black"), ("purple lipstick", "purple"), ("blue lipstick", "blue"),
    ("green lipstick", "green"), ("dark purple lipstick", "purple"), ("her lipstick is black", "black"),
])
def test_lipstick_colours_the_texture_cannot_draw_are_warned_not_drawn_wrong(text, colour):
    r = parse(text)
    assert "lip_color" not in r.concrete  # before: black was red, purple pale
    assert r.concrete["makeup"] == "light"  # lipstick is still make-up
    assert any(f"lipstick colour {colour!r} is not drawn" in w and "natural colour" in w for w in r.warnings), r.warnings
    assert any(colour in p for p in r.abstract)  # the phrase is kept for refinement


def test_a_drawn_and_an_undrawn_lipstick_colour_are_a_contradiction():
    r = parse("black and red lipstick")
    assert r.concrete["lip_color"] == "red"
    assert any(w.startswith("contradiction: lipstick colour") and "'black'" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["without purple lipstick", "a woman with no black lipstick"])
def test_a_denied_undrawn_lipstick_is_no_colour_to_warn(text):
    r = parse(text)
    assert r.concrete.get("lip_color") == "natural" and not any("not drawn" in w for w in r.warnings)


@pytest.mark.parametrize("text, attr, colour", [
    ("a woman with pink hair", "hair color", "pink"), ("a blue-haired woman", "hair color", "blue"),
    ("a man with a green beard", "beard color", "green"), ("a man with purple eyes", "eye color", "purple"),
])
def test_undrawn_feature_colours_are_warned(text, attr, colour):
    r = parse(text)
    assert attr.replace(" ", "_") not in r.concrete
    name = attr.replace(" color", " colour")
    assert any(f"{name} {colour!r} is not drawn" in w for w in r.warnings), r.warnings


def test_two_colours_for_the_hair_are_a_contradiction_even_when_one_cannot_be_drawn():
    r = parse("a man with brown hair and blue hair")
    assert r.concrete["hair_color"] == "brown"
    assert any(w.startswith("contradiction: hair colour is stated as brown and 'blue'") for w in r.warnings), r.warnings


def test_drawn_colours_are_not_warned():
    for text in ("a man with brown hair and blue eyes", "green eyes and red hair", "a grey beard"):
        assert not any("not drawn" in w or "contradiction" in w for w in parse(text).warnings), text


def test_a_denied_undrawn_hair_colour_is_no_bald_head():
    assert parse("no blue hair").concrete == {}  # before: bald, as "no hair"
    assert parse("no hair").concrete == {"scalp_hair": "bald"}
