"""Leftovers of session 14's parser work (wave 2): a messy man bun, a lone 'tight', dash fields, hair-doing words,
filler prompts."""
import pytest

from backend.parser import parse
from backend.parser.language import NotEnglish
from backend.parser.vocabulary import dictionary


def test_a_messy_man_bun_keeps_messy():
    r = parse("a messy man bun")
    assert r.hair["cut"] == "top_knot" and r.abstract == ["messy hair"]


def test_a_tight_high_ponytail_leaves_no_bare_tight():
    r = parse("long hair in a tight, high ponytail")
    assert r.hair["style"] == "ponytail" and r.abstract == ["tightly pulled-back hair"]


@pytest.mark.parametrize("text", ["Hair - short, curly", "- Hair - short, curly\n- Eyes - green", "Hair – short, curly"])
def test_dash_fields_are_fields(text):
    r = parse(text)
    assert r.hair == {"length": "short", "volume": "curly"}
    assert not any(w.startswith("body size") for w in r.warnings), r.warnings
    assert "curly" not in r.abstract


def test_a_dash_after_a_person_is_no_field():
    assert parse("a man - tall and thin").concrete["gender"] == "male"


@pytest.mark.parametrize("text, hair", [
    ("hair pulled into a bun", {"style": "bun"}),
    ("hair that was made into braids", {"style": "pigtails"}),
    ("her hair was cut short and pulled back into a bun", {"length": "short", "style": "bun"}),
    ("his hair, cut short", {"length": "short"}),
])
def test_hair_doing_words_are_no_phrases(text, hair):
    r = parse(text)
    assert all(r.hair.get(k) == v for k, v in hair.items()), r.hair
    assert not any(w in p for p in r.abstract for w in ("pulled", "made", "cut")), r.abstract


@pytest.mark.skipif(dictionary() is None, reason="needs open_clip's English word list")
@pytest.mark.parametrize("text", ["blah blah", "blah blah blah", "test test", "lorem ipsum dolor"])
def test_filler_prompts_are_refused(text):
    with pytest.raises(NotEnglish, match="no English words were recognised"):
        parse(text)


def test_filler_beside_a_description_is_no_phrase():
    r = parse("a man, blah blah")
    assert r.abstract == [] and "says nothing about the face, left out: 'blah blah'" in r.warnings
