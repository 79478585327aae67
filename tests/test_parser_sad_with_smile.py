"""Sadness and a smile said of one face are the sad smile the schema has, `wistful` (one_intent._sad_smile),
not a contradiction that drew the smile alone."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", [
    "a sad man with a smile",
    "a sad woman smiling",
    "she looks sad but smiles",
    "smiling, with sad eyes",
    "a tearful woman smiling",
    "a sad man with a big smile",
])
def test_sad_and_smiling_is_wistful(text):
    r = parse(text)
    assert r.concrete["expression"] == "wistful"
    assert not any("contradiction" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, value", [
    ("a smiling man, not sad", "smile"),      # a denied look is no part of the blend
    ("a sad man, not smiling", "sad"),
    ("a sad smile", "wistful"),
])
def test_one_look_stays(text, value):
    assert parse(text).concrete["expression"] == value


def test_a_third_look_is_still_a_contradiction():
    r = parse("sad, smiling and angry")
    assert any("contradiction: expression" in w for w in r.warnings)
