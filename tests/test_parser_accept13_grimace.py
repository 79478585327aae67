"""Acceptance 13, item 3: a grimace on its own gets the grimace gesture (lips stretched off the teeth), a grimace
in pain the wince."""
import pytest

from backend.parser import parse
from backend.shape.expression_gestures import layered


@pytest.mark.parametrize("text", ["a grimacing man", "a man with a grimace", "she grimaced"])
def test_grimace_alone_is_a_gesture(text):
    r = parse(text)
    assert r.gestures == {"grimace": {}}


def test_grimace_in_pain_is_the_wince():
    assert parse("a man grimacing in pain").gestures == {"wince": {}}


def test_grimace_keys_bare_the_teeth():
    keys = layered({}, {"grimace": {}})
    for side in ("L", "R"):
        assert keys[f"mouthStretch_{side}"] > 0.3
        assert keys[f"mouthUpperUp_{side}"] > 0.2 and keys[f"mouthLowerDown_{side}"] > 0.2
