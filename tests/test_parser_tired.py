"""Tired faces: mood words imply heavy lids and under-eye shadows and stay phrases for CLIP; physical marks
("dark circles under the eyes", "droopy eyelids") are concrete only.  Before, all of these were abstract
phrases, which without CLIP weights left the head looking as rested as any other."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, phrase", [
    ("a middle-aged man with a square jaw, a hooked nose and grey stubble, looks tired", "looks tired"),
    ("an exhausted young mother", "exhausted mother"),  # (young: read as the age)
    ("a man laughing with tired eyes", "tired eyes"),
    ("a sleepy boy", "sleepy"),  # (boy: read as gender and age)
    ("a woman with bedroom eyes", "bedroom eyes"),
])
def test_a_mood_sets_lids_and_stays_a_phrase(text, phrase):
    r = parse(text)
    assert r.concrete["eyelids"] == "heavy", r.to_dict()
    assert phrase in r.abstract, r.to_dict()


@pytest.mark.parametrize("text", ["a man with dark circles under his eyes", "bags beneath her eyes",
                                  "a man with droopy eyelids", "heavy-lidded eyes", "eyes half closed",
                                  "dark under-eye circles"])
def test_physical_marks_are_concrete_only(text):
    r = parse(text)
    assert ("under_eyes" in r.concrete or r.concrete.get("eyelids") == "heavy") and r.abstract == [], r.to_dict()


def test_stated_lids_and_shadows_win_over_a_mood():
    """A mood only implies: "tired, with his eyes closed" keeps the eyes closed, no contradiction."""
    r = parse("a tired man with his eyes closed")
    assert r.concrete["eyelids"] == "closed" and r.concrete["under_eyes"] == "shadows" and not r.warnings
    r = parse("looks exhausted, but no dark circles")
    assert r.concrete["under_eyes"] == "none" and r.concrete["eyelids"] == "heavy" and not r.warnings
    assert parse("winking and tired").concrete["eyelids"] == "wink"


def test_an_expression_keeps_its_mouth_and_takes_heavy_lids():
    assert parse("laughing with tired eyes").concrete == {
        "expression": "laugh", "eyelids": "heavy", "under_eyes": "shadows"}


@pytest.mark.parametrize("text", ["he doesn't look tired", "she is not tired", "never looks tired",
                                  "he does not even look exhausted"])
def test_a_denied_mood_means_no_shadows_and_no_phrase(text):
    r = parse(text)
    assert r.concrete.get("under_eyes") == "none" and "eyelids" not in r.concrete, r.to_dict()
    assert r.abstract == [] and any("negated phrase" in w for w in r.warnings), r.to_dict()


def test_degree_words_grade_a_mood():
    assert parse("a very tired man").concrete["under_eyes"] == "dark"
    assert parse("a slightly tired man").concrete["under_eyes"] == "shadows"
    assert parse("not very tired").concrete.get("under_eyes") is None


@pytest.mark.parametrize("text", ["a man with a tired child", "a woman and her exhausted father"])
def test_someone_elses_mood_is_not_the_subjects(text):
    r = parse(text)
    assert "eyelids" not in r.concrete and "under_eyes" not in r.concrete, r.to_dict()
