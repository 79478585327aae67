"""Emoji read as the words they picture (backend/parser/emoji.py); before, every emoji was dropped."""
from __future__ import annotations

import pytest

from backend.parser import parse
from backend.parser.emoji import EMOJI, SKIN_TONES
from backend.schema import check


@pytest.mark.parametrize("text, expect", [
    ("a woman \U0001F621", {"gender": "female", "expression": "anger"}),
    ("woman \U0001F642", {"gender": "female", "expression": "smile"}),
    ("make him look \U0001F634", {"gender": "male", "eyelids": "closed"}),
    ("an old lady crying \U0001F62D", {"gender": "female", "age": "old", "expression": "sad"}),
    ("teen girl \U0001F60F", {"gender": "female", "age": "young", "expression": "smirk"}),
    ("\U0001F631 face, man in his 30s", {"gender": "male", "age": "young", "expression": "fear"}),
    ("guy \U0001F610 buzz cut", {"gender": "male", "expression": "neutral", "scalp_hair": "shaved"}),
])
def test_face_emoji_are_expressions(text, expect):
    assert parse(text).concrete == expect, parse(text).to_dict()


@pytest.mark.parametrize("text, expect", [
    ("\U0001F474\U0001F3FF with a white beard", {"gender": "male", "age": "old", "skin_tone": "dark", "beard": "full",
                                                 "beard_color": "gray"}),
    ("\U0001F469\U0001F3FE with braids", {"gender": "female", "skin_tone": "brown", "scalp_hair": "full"}),
    ("\U0001F469\u200d\U0001F9B0 freckles", {"gender": "female", "hair_color": "red", "freckles": "some"}),
    ("\U0001F468\u200d\U0001F9B2 50s", {"gender": "male", "scalp_hair": "bald", "age": "middle-aged"}),
    ("\U0001F9D9\u200d\u2640\ufe0f old", {"gender": "female", "age": "old"}),
])
def test_person_emoji_with_skin_tone_and_hair_parts(text, expect):
    assert parse(text).concrete == expect, parse(text).to_dict()


def test_a_skin_tone_modifier_on_no_person_says_nothing():
    assert "skin_tone" not in parse("\U0001F44D\U0001F3FD a man").concrete  # a thumbs-up's tone is no one's skin


def test_every_emoji_reads_as_words_the_parser_knows():
    for char in list(EMOJI) + list(SKIN_TONES):
        prefix = "\U0001F469" if char in SKIN_TONES else ""
        r = parse(prefix + char)
        check(r.concrete)
        assert r.concrete or EMOJI[char].split()[-1] == "person", (char, r.to_dict())  # each says something ("🧑": no gender)


def test_a_person_emoji_takes_no_adjectives_from_the_words_before_it():
    """Before the list mark, "big blue eyes 👶" was read as a blue-eyed baby's eyes, and the big eyes were lost."""
    r = parse("A chubby toddler with rosy cheeks and big blue eyes \U0001F476")
    assert r.concrete["eye_size"] == "big" and r.concrete["eye_color"] == "blue", r.to_dict()
