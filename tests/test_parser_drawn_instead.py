"""The casting director's smaller findings: many freckles, two eye colours, a pink lipstick, wrinkles (what the
texture draws, said); learners' English ("hair is white and few", "His hair it is all white"); "an angry frown"."""
from __future__ import annotations

import pytest

from backend.parser import parse


def _said(r, start: str) -> list[str]:
    return [w for w in r.warnings if w.startswith(start)]


@pytest.mark.parametrize("text", ["covered in freckles", "a woman with lots of freckles", "heavily freckled",
                                  "freckles all over her face"])
def test_many_freckles_are_heavy_and_drawn_without_a_note(text):  # texture params 13 draw the amount
    r = parse(text)
    assert r.concrete["freckles"] == "some" and r.freckle_amount == "heavy", r.to_dict()
    assert _said(r, "freckles: ") == [] and "covered" not in r.abstract


def test_a_few_freckles_are_light_and_drawn_without_a_note():  # (test_parser_freckle_amount.py)
    r = parse("a few freckles")
    assert r.freckle_amount == "light" and _said(r, "freckles: ") == []


@pytest.mark.parametrize("text, used", [("one blue eye and one brown", "blue"), ("one blue eye and one brown eye", "blue"),
                                        ("his left eye is blue and his right eye is brown", "blue"),
                                        ("heterochromia, one green eye one blue", "green")])
def test_two_eye_colours_say_the_one_drawn(text, used):
    r = parse(text)
    assert r.concrete["eye_color"] == used
    said = _said(r, "both eyes are drawn in one colour")
    assert said == [f"both eyes are drawn in one colour ({used}): the texture has one iris colour, so two eye colours "
                    "(heterochromia) are not drawn"], r.warnings
    assert not any("contradiction" in w for w in r.warnings) and "brown" not in r.abstract


def test_heterochromia_without_colours_and_one_eye_closed():
    assert _said(parse("a woman with heterochromia"), "both eyes are drawn in one colour (drawn from the seed)")
    r = parse("a woman with blue eyes and brown hair, one eye winking")
    assert _said(r, "both eyes") == [] and r.concrete["eye_color"] == "blue"
    assert "contradiction" in " ".join(parse("blue eyes and green eyes").warnings)  # two for both eyes: as before


@pytest.mark.parametrize("text, shade", [("a woman with pink lipstick", "pink"), ("nude lipstick", "nude")])
def test_a_pink_lipstick_says_how_it_is_drawn(text, shade):
    r = parse(text)
    assert r.concrete["lip_color"] == "natural" and r.concrete["makeup"] == "light"
    assert _said(r, f"lipstick colour {shade!r} is drawn as the nearest the texture has: a light lipstick")


def test_red_and_hot_pink_lipsticks_are_red_with_no_note():
    for text in ("red lipstick", "hot pink lipstick"):
        r = parse(text)
        assert r.concrete["lip_color"] == "red" and not _said(r, "lipstick colour")


@pytest.mark.parametrize("text, expect", [
    ("hair is white and few", {"hair_color": "gray", "scalp_hair": "balding"}),
    ("His hair it is all white", {"gender": "male", "hair_color": "gray"}),
    ("her eyes they are green", {"gender": "female", "eye_color": "green"}),
])
def test_learners_english(text, expect):
    r = parse(text)
    assert r.concrete == expect and r.abstract == [], r.to_dict()


def test_a_few_grey_hairs_are_not_thinning():
    assert "scalp_hair" not in parse("a man with a few grey hairs").concrete


@pytest.mark.parametrize("text", ["an angry frown", "frowning angrily", "an angry scowl",
                                  "a man with an angry frown and blue eyes"])
def test_an_angry_frown_is_anger(text):
    r = parse(text)
    assert r.concrete["expression"] == "anger" and not any("contradiction" in w for w in r.warnings), r.to_dict()


def test_two_expressions_side_by_side_still_warn():
    assert any("contradiction: expression" in w for w in parse("smiling and frowning").warnings)


@pytest.mark.parametrize("text, age, words", [
    ("a woman with lots of wrinkles", "old", "those of an old face"),
    ("a deeply wrinkled man", "old", "those of an old face"),
    ("a 30 year old man with deep wrinkles", "young", "those of a young face"),
    ("a man with crow's feet", None, "the age is unstated"), ("a woman with laugh lines", None, "the age is unstated"),
])
def test_wrinkles_say_what_they_draw(text, age, words):
    r = parse(text)
    assert r.concrete.get("age") == age
    said = _said(r, "wrinkles (")
    assert len(said) == 1 and "the texture draws wrinkles by age only" in said[0] and words in said[0], r.warnings
    assert any(w in p for p in r.abstract for w in ("wrinkl", "crow", "laugh")), "kept for CLIP"


def test_a_wrinkled_shirt_is_no_wrinkle():
    assert _said(parse("a man in a wrinkled shirt"), "wrinkles (") == []
