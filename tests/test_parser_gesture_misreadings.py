"""Words that look like gestures but are not (backend/parser/gestures.py): a whistle as a thing, a verb whose object is
another noun, "up" before a brow it does not raise; and the CLIP phrase left beside a gesture keeps no gesture word."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", [
    "a referee with a whistle",  # the thing, not whistling
    "clean as a whistle",
    "a whistle-clean face",  # a compound
    "a man with a raised scar above one eyebrow",  # raised is the scar's
    "a scar running up through his left eyebrow",  # "up" is the scar's
    "a girl chewing gum between her lips",  # the gum is chewed
])
def test_not_a_gesture(text):
    assert parse(text).gestures == {}


@pytest.mark.parametrize("text, gestures", [
    ("a man whistling a tune", {"whistle": {}}),
    ("he whistles", {"whistle": {}}),
    ("raising a single skeptical eyebrow", {"brow_raise": {}, "skeptical": {}}),
    ("a man biting his lower lip", {"lip_bite": {}}),
    ("a bored-looking teen", {"bored": {}}),
])
def test_still_gestures(text, gestures):
    assert parse(text).gestures == gestures


@pytest.mark.parametrize("text, abstract", [
    ("winking his left eye", []),  # was 'left eye'
    ("she bit her lip nervously", ["nervously"]),  # was 'lip nervously'
    ("a boy with chubby puffed-out cheeks", ["chubby"]),  # was 'chubby puffed-out'
    ("a bored-looking teen", []),  # was 'bored-looking'
])
def test_the_phrase_beside_a_gesture_keeps_no_gesture_word(text, abstract):
    assert parse(text).abstract == abstract


@pytest.mark.parametrize("text", [
    "a suspicious mole on his cheek",  # the mole's, not the face's
    "a suspicious lump",
    "a dubious tattoo on his neck",
])
def test_a_mood_word_before_a_thing_is_the_things(text):
    assert parse(text).gestures == {}


@pytest.mark.parametrize("text, gestures", [
    ("blowing out his cheeks", {"cheek_puff": {}}),  # was nothing: blowing looked for a kiss only
    ("a man with a bitten lip", {"lip_bite": {}}),  # was the phrase 'bitten lip'
    ("she winked at me with her left eye", {"wink": {"side": "left"}}),  # the side later in the clause
    ("a suspicious old man", {"suspicious": {}}),  # still: an adjective, not a thing, follows (suspicious since
    # session 14: narrowed eyes, not the skeptic's raised brow)
])
def test_more_ways_of_saying_a_gesture(text, gestures):
    r = parse(text)
    assert r.gestures == gestures and r.abstract == []


def test_an_eye_rolling_teen_is_named_as_not_shown():
    r = parse("an eye-rolling teen")
    assert r.abstract == [] and any("rolled eyes" in w for w in r.warnings)  # was the phrase 'rolling teen'
