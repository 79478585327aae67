"""Acceptance findings (2 Dec 2026, an NPC writer's descriptions): contradicting emoji, grizzled and weathered,
mutton chops, more demonyms, labelled none and field forms, salt-and-pepper, hair behind the ears."""
from __future__ import annotations

import pytest

from backend.parser import parse


# 5. emoji that contradict each other are warned, as words are
def test_woman_and_bearded_man_emoji_contradict():
    r = parse("😀👩‍🦰🧔")
    assert any(w.startswith("contradiction: gender") for w in r.warnings)


@pytest.mark.parametrize("text, gender", [("🧔", "male"), ("🧔‍♀️", "female"), ("🧔🏽‍♀️", "female"), ("👨🧔", "male")])
def test_bearded_emoji_agree(text, gender):
    r = parse(text)
    assert r.concrete["gender"] == gender and r.concrete["beard"] == "full"
    assert not any(w.startswith("contradiction") for w in r.warnings)

