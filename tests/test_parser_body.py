"""Heights and weights: never an age, always named in a warning, and together (BMI) maybe a face width."""
from __future__ import annotations

import pytest

from backend.parser import parse


def body_warning(text: str) -> str:
    found = [w for w in parse(text).warnings if w.startswith("body size")]
    assert len(found) == 1, parse(text).warnings
    return found[0]


@pytest.mark.parametrize("text, said", [
    ("5 11, 180 lbs", ["5 11", "180 lbs"]),
    ("a man, 5 11, 180 lbs", ["5 11", "180 lbs"]),
    ("a man 5'11", ["5'11"]),
    ("man, 6'2\", 90 kg", ["6'2\"", "90 kg"]),
    ("a man, 6 ft, 90 kg", ["6 ft", "90 kg"]),
    ("woman, 180 cm, 6 ft", ["180 cm", "6 ft"]),
    ("a man, 180cm, 80kg", ["180cm", "80kg"]),
    ("a woman 5ft 4in 130lb", ["5ft 4in", "130lb"]),
    ("a six foot man", ["six foot"]),
    ("a man weighing 250 pounds", ["weighing 250 pounds"]),
    ("he is 6 feet tall", ["6 feet tall"]),
    ("a man 1.80 m tall, 75 kg", ["1.80 m tall", "75 kg"]),
    ("Height: 6'2\". Weight: 200 lbs.", ["Height: 6'2\"", "Weight: 200 lbs"]),
    ("she's a size 16 with a round face", ["size 16"]),
])
def test_heights_and_weights_are_no_age_and_are_warned(text, said):
    r = parse(text)
    assert "age" not in r.concrete, r.concrete
    warning = body_warning(text)
    assert all(s in warning for s in said), warning
    assert not any(s in p for s in said for p in r.abstract), r.abstract


def test_a_stated_age_beside_a_height_is_kept():
    r = parse("a man, 35, 6'1\", 210 lbs")
    assert r.concrete == {"gender": "male", "age": "middle-aged"}
    assert parse("a child, 5-7").concrete == {"age": "young"}  # a hyphen range is still an age


@pytest.mark.parametrize("text, width", [
    ("a woman, 5'6\", 250 lbs", "wide"),     # BMI 40
    ("a man, 6'2\", 130 lbs", "narrow"),     # BMI 16.7
    ("a man, 6'2\", 190 lbs", None),         # BMI 24.4: says nothing about the face
    ("a man, 250 lbs", None),                # a weight alone says nothing
])
def test_height_and_weight_together_imply_a_face_width(text, width):
    r = parse(text)
    assert r.concrete.get("face_width") == width
    assert ("imply a" in body_warning(text)) == (width is not None)


def test_a_stated_face_width_beats_the_body():
    assert parse("a man, 6'2\", 300 lbs, slim face").concrete["face_width"] == "narrow"


@pytest.mark.parametrize("text, said", [
    ("a tall, athletic man", "tall, athletic"),
    ("Caucasian male, 35-40, athletic", "athletic"),
    ("a short woman", "short"),
    ("a muscular guy, 6'2\", 300 lbs", "muscular, 6'2\", 300 lbs"),
])
def test_build_words_are_named_with_the_body_sizes(text, said):
    assert said in body_warning(text)


def test_a_negated_build_word_is_not_named():
    assert not any(w.startswith("body size") for w in parse("a not very tall man").warnings)


@pytest.mark.parametrize("text, phrase", [("a handsome man", "handsome"),  # "man" is read as the gender
                                          ("a beautiful woman with green eyes", "beautiful")])
def test_looks_words_describe_the_face_and_stay_phrases(text, phrase):
    r = parse(text)
    assert phrase in r.abstract and not any(w.startswith("body size") for w in r.warnings)
