"""A sad smile is one look (backend/parser/blends.py): expression wistful, no contradiction; a yawn is its own
expression.  Before, "a sad smile" was smile with "expression is stated as sad and smile" warned, "a wistful smile"
a smile with its modifier left as a phrase, and "yawning" the open mouth and heavy lids only."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", [
    "a sad smile", "a wistful smile", "a bittersweet smile", "a rueful smile", "a sad little smile",
    "a faint wistful smile", "smiling through tears", "she smiles sadly", "a man smiling wistfully",
    "an old woman with a melancholy smile", "a rueful grin", "smiling through the pain",
])
def test_a_sad_smile_is_one_look(text):
    r = parse(text)
    assert r.concrete.get("expression") == "wistful", (text, r.concrete)
    assert not any("contradiction" in w for w in r.warnings), (text, r.warnings)
    assert not any("smile" in p or "grin" in p for p in r.abstract), (text, r.abstract)


def test_the_words_after_smiling_through_stay_the_texts():
    r = parse("smiling through her tears")
    assert r.concrete == {"gender": "female", "expression": "wistful"}  # her pronoun still gives the gender


@pytest.mark.parametrize("text, contradiction", [
    ("smiling and frowning", "expression is stated as smile and frown"),
    ("sad, smiling and angry", "expression is stated as sad and smile and anger"),  # "a sad man, smiling" is
])                                                                                  # wistful (one_intent._sad_smile)
def test_a_real_contradiction_is_still_warned(text, contradiction):
    assert any(contradiction in w for w in parse(text).warnings)


def test_denied_it_is_neutral():
    assert parse("not a sad smile").concrete == {"expression": "neutral"}


@pytest.mark.parametrize("text, expect", [
    ("yawning", {"expression": "yawn", "eyelids": "heavy", "mouth": "open"}),
    ("a yawning man", {"gender": "male", "expression": "yawn", "eyelids": "heavy", "mouth": "open"}),
    ("a woman yawning with her eyes closed", {"gender": "female", "expression": "yawn", "eyelids": "closed",
                                              "mouth": "open"}),
    ("a smiling man yawning", {"gender": "male", "expression": "smile", "eyelids": "heavy", "mouth": "open"}),
])
def test_a_yawn_is_its_own_look_and_a_stated_value_wins(text, expect):
    r = parse(text)
    assert {k: r.concrete.get(k) for k in expect} == expect, (text, r.concrete)
    assert not any("contradiction" in w for w in r.warnings), r.warnings
