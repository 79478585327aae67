"""Expressions and eyelids: the words people use for a face's expression reach the ARKit presets.

Before: laughing was a smile, sad a frown (a scowl's lowered brows), "winking", "eyes closed",
"scared", "disgusted" and "pouting" were abstract phrases (or a frown) that CLIP refinement, which
moves identity and texture only, could never show."""
from __future__ import annotations

import pytest

from backend.parser import parse

CASES = [
    ("a woman with her eyes closed, laughing", {"expression": "laugh", "eyelids": "closed"}),
    ("a man laughing with his eyes shut", {"expression": "laugh", "eyelids": "closed"}),
    ("a smiling man with closed eyes", {"expression": "smile", "eyelids": "closed"}),
    ("a winking man", {"eyelids": "wink"}),
    ("a squinting old man", {"eyelids": "squint"}),
    ("a frowning woman with narrowed eyes", {"expression": "frown", "eyelids": "squint"}),
    ("a wide-eyed girl", {"eyelids": "wide"}),
    ("eyes wide open", {"eyelids": "wide"}),
    ("a sleeping baby", {"eyelids": "closed"}),
    ("a sad old woman", {"expression": "sad"}),
    ("old man with sad eyes", {"expression": "sad"}),
    ("a tearful girl", {"expression": "sad"}),
    ("a scowling man", {"expression": "frown"}),
    ("a smirking young man", {"expression": "smirk"}),
    ("a smug man", {"expression": "smirk"}),
    ("a disgusted man", {"expression": "disgust"}),
    ("a terrified woman", {"expression": "fear"}),
    ("she looks scared", {"expression": "fear"}),
    ("a pouting girl", {"expression": "pout"}),
    ("a man who winked", {"eyelids": "wink"}),
    ("a man with one eye closed", {"eyelids": "wink"}),  # (was: both closed)
    ("one closed eye", {"eyelids": "wink"}),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_expression_words(text, expected):
    concrete = parse(text).concrete
    assert {k: concrete.get(k) for k in expected} == expected, concrete


@pytest.mark.parametrize("text, expected", [
    ("not winking", {"eyelids": "open"}),
    ("she is not sad", {"expression": "neutral"}),
    ("a woman with laugh lines", {"expression": None, "eyelids": None}),  # wrinkles, not a laugh
    ("a woman with a laugh line", {"expression": None}),  # (was: laugh)
    ("squinty eyes", {"eye_size": "small", "eyelids": None}),  # eyes that look narrow, lids as they are
    ("big eyes", {"eye_size": "big", "eyelids": None}),
])
def test_what_is_not_an_expression(text, expected):
    concrete = parse(text).concrete
    assert {k: concrete.get(k) for k in expected} == expected, concrete


def test_the_words_reach_the_arkit_weights(face_model):
    from backend.shape import expression_weights

    names = list(face_model.expression_names)
    w = dict(zip(names, expression_weights(parse("a woman laughing with her eyes closed").concrete, names)))
    assert w["eyeBlink_L"] == w["eyeBlink_R"] == 1.0 and w["jawOpen"] > 0 and w["mouthSmile_L"] > 0
    w = dict(zip(names, expression_weights(parse("a winking man").concrete, names)))
    assert w["eyeBlink_L"] == 1.0 and w["eyeBlink_R"] == 0.0


@pytest.mark.parametrize("text, expect", [
    ("a man with his mouth open in surprise", {"gender": "male", "expression": "surprise", "mouth": "open"}),
    ("her mouth open in shock", {"gender": "female", "expression": "surprise", "mouth": "open"}),
    ("mouth agape", {"expression": "surprise", "mouth": "open"}),
    ("open-mouthed", {"expression": "surprise", "mouth": "open"}),
    ("a man with his mouth open", {"gender": "male", "mouth": "open"}), ("an open mouth", {"mouth": "open"}),
    ("lips parted", {"mouth": "parted"}),
])
def test_an_open_mouth(text, expect):
    """No expression is only an open mouth (surprise also raises the brows and widens the eyes): a plain open mouth
    is `mouth` alone; said with surprise or shock, or in words of astonishment ("agape"), it comes with surprise."""
    assert parse(text).concrete == expect


@pytest.mark.parametrize("text", ["a guy mean mugging the camera", "a severe-looking woman", "he mean mugs everyone"])
def test_slang_and_looking_words_of_a_scowl_are_a_frown(text):
    """Before, "mean mugging" and "severe-looking" were phrases only ("stern-looking" was already a frown)."""
    assert parse(text).concrete["expression"] == "frown", parse(text).to_dict()


def test_severe_elsewhere_is_no_frown():
    assert "expression" not in parse("severe acne").concrete
