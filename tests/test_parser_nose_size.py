"""Nose size words (backend/parser/sizes.py): a small nose is short and narrow, a big one long and wide; size words
that are degrees in themselves ("tiny", "huge") give a strength; a length or width word of the same nose wins."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, length, width", [
    ("a man with a small nose", "short", "narrow"), ("a little nose", "short", "narrow"),
    ("a tiny nose", "short", "narrow"), ("a petite nose", "short", "narrow"),
    ("a big nose", "long", "wide"), ("a large nose", "long", "wide"), ("a huge nose", "long", "wide"),
    ("his nose is huge", "long", "wide"), ("a nose that is small", "short", "narrow"),
    ("Nose: big, hooked", "long", "wide"),
])
def test_size_words_give_length_and_width(text, length, width):
    r = parse(text)
    assert (r.concrete["nose_length"], r.concrete["nose_width"]) == (length, width)
    assert not any(p.endswith("nose") for p in r.abstract)  # no longer a phrase only


def test_button_and_snub_noses_keep_their_own_reading():
    assert parse("a button nose").concrete == {"nose_length": "short"}  # small and round: short, width unsaid
    assert parse("a snub nose").concrete == {"nose_length": "short", "nose_tip": "upturned"}


@pytest.mark.parametrize("text, expect", [
    ("a tiny nose", {"nose_length": 2.0, "nose_width": 2.0}),
    ("a huge nose", {"nose_length": 2.0, "nose_width": 2.0}),
    ("an enormous nose", {"nose_length": 2.5, "nose_width": 2.5}),
    ("a very small nose", {"nose_length": 2.0, "nose_width": 2.0}),
    ("a very tiny nose", {"nose_length": 2.5, "nose_width": 2.5}),  # 2 x 2, within 0.5..2.5
    ("a big nose", {}), ("a small nose", {}),
    ("huge eyes", {"eye_size": 2.0}), ("tiny eyes", {"eye_size": 2.0}), ("beady eyes", {}), ("big eyes", {}),
    ("slightly huge eyes", {}),  # 0.5 x 2 = as trained, not reported
    ("a huge smile", {"expression": 2.0}),  # not a size attribute: the smile's own strength (mood_degree.py)
])
def test_size_words_that_are_degrees_give_strength(text, expect):
    assert parse(text).strength == expect


@pytest.mark.parametrize("text, expect", [
    ("a small but wide nose", {"nose_length": "short", "nose_width": "wide"}),
    ("a big flat nose", {"nose_length": "long", "nose_width": "wide", "nose_bridge": "low"}),
    ("a big narrow nose", {"nose_length": "long", "nose_width": "narrow"}),
    ("a small straight nose", {"nose_length": "short", "nose_width": "narrow", "nose_tip": "straight"}),
    ("not a big nose", {"nose_length": "medium", "nose_width": "medium"}),
])
def test_a_dimension_word_wins_over_a_size_word_quietly(text, expect):
    r = parse(text)
    assert r.concrete == expect and not any("contradiction" in w for w in r.warnings)


@pytest.mark.parametrize("text, expect, strength", [
    ("a little long nose", {"nose_length": "long"}, {"nose_length": 0.5}),
    ("a man with a little wide mouth", {"gender": "male", "mouth_width": "wide"}, {"mouth_width": 0.5}),
    ("a little big eyes", {"eye_size": "big"}, {"eye_size": 0.5}),
    ("a little upturned nose", {"nose_length": "short", "nose_width": "narrow", "nose_tip": "upturned"}, {}),
])
def test_a_little_before_a_modifier_of_the_same_attribute_is_a_degree(text, expect, strength):
    r = parse(text)
    assert (r.concrete, r.strength) == (expect, strength)
    assert not any("contradiction" in w for w in r.warnings)
