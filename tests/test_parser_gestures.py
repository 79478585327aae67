"""Gestures read by the parser (backend/parser/gestures.py): one raised eyebrow, skeptical, confused, bored, whistling,
a blown kiss, a bitten lip, a lopsided grin, a wince of pain, puffed cheeks, the side of a wink or smirk; a tongue and
rolled eyes named as not shown.  Before, every one stayed a CLIP phrase only and the face was neutral."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, gestures, concrete", [
    ("a confused man", {"confused": {}}, {"gender": "male"}),
    ("a puzzled woman", {"confused": {}}, {"gender": "female"}),
    ("a bored teenager", {"bored": {}}, {}),
    ("a skeptical man", {"skeptical": {}}, {"gender": "male"}),
    ("a skeptical smirk", {"skeptical": {}}, {"expression": "smirk"}),
    ("a woman raising one eyebrow", {"brow_raise": {}}, {"gender": "female"}),
    ("he raised his left eyebrow", {"brow_raise": {"side": "left"}}, {"gender": "male"}),
    ("she raised her right eyebrow", {"brow_raise": {"side": "right"}}, {"gender": "female"}),
    ("a man with one eyebrow raised", {"brow_raise": {}}, {"gender": "male"}),
    ("a man whistling", {"whistle": {}}, {"gender": "male"}),
    ("a woman blowing a kiss", {"kiss": {}}, {"gender": "female"}),
    ("a woman biting her lower lip", {"lip_bite": {}}, {"gender": "female"}),
    ("she bit her lip", {"lip_bite": {}}, {"gender": "female"}),
    ("a man with a lopsided grin", {"lopsided": {}}, {"expression": "smile"}),
    ("a crooked smile", {"lopsided": {}}, {"expression": "smile"}),
    ("a man grimacing in pain", {"wince": {}}, {"expression": "frown"}),
    ("a boy with puffed cheeks", {"cheek_puff": {}}, {}),
    ("puffing out his cheeks", {"cheek_puff": {}}, {}),
    ("winking with his right eye", {"wink": {"side": "right"}}, {"eyelids": "wink"}),
    ("smirking to the right", {"smirk": {"side": "right"}}, {"expression": "smirk"}),
])
def test_gesture_words_are_read_and_leave_no_phrase(text, gestures, concrete):
    r = parse(text)
    assert r.gestures == gestures
    assert all(r.concrete.get(k) == v for k, v in concrete.items())
    assert r.abstract == []
    assert r.to_dict()["gestures"] == gestures


def test_degree_words_grade_a_gesture():
    assert parse("a very bored woman").gestures == {"bored": {"degree": 2.0}}
    assert parse("a slightly confused man").gestures == {"confused": {"degree": 0.5}}


def test_what_the_face_model_cannot_show_is_said_and_not_sent_to_clip():
    r = parse("a boy sticking out his tongue")
    assert r.gestures == {} and r.abstract == []
    assert any("tongue" in w and "not shown" in w for w in r.warnings)
    r = parse("a woman rolling her eyes")
    assert r.gestures == {} and r.abstract == [] and any("rolled eyes" in w for w in r.warnings)


def test_not_gestures():
    assert "brow_raise" not in parse("a woman with raised eyebrows").gestures  # both brows: not one raised
    assert parse("not confused").gestures == {}  # denied: the negated phrase's warning
    assert parse("a man winking").gestures == {}  # the wink as it was: no side stated
    assert parse("a man with a smile").gestures == {}
    assert parse("a woman with a bit fuller lips").gestures == {}  # "a bit": a degree, not a bite
    assert "gestures" not in parse("a man").to_dict()
