"""Acceptance 13, item 5: a gesture's side words are read with it, not left as phrases ('side', 'left eye')."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text,gesture,side", [
    ("a man smirking on the right side", "smirk", "right"),
    ("a man winking with his left eye", "wink", "left"),
])
def test_side_words_leave_no_phrase(text, gesture, side):
    r = parse(text)
    assert r.gestures.get(gesture, {}).get("side") == side
    assert r.abstract == []


def test_side_of_the_mouth_is_the_smirks():
    r = parse("a young man smirking on the right side of his mouth")
    assert r.gestures == {"smirk": {"side": "right"}} and r.abstract == []
