"""A boy, a young/small girl or boy are children: the head is a young adult and the parser says so (the
acceptance tester's "a young girl with a round face" and "a small boy" came with no word of it)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("prompt, said", [
    ("a small boy", "small boy"),
    ("a young girl with a round face and long hair", "young girl"),
    ("a young boy", "young boy"),
    ("a boy with red hair", "boy"),
    ("a little girl", "little girl"),
])
def test_child_words_are_warned(prompt, said):
    notes = [w for w in parse(prompt).warnings if w.startswith("a child")]
    assert notes == [f"a child ({said!r}) cannot be drawn: the face model holds adult faces only, so the head is a "
                     f"young adult"]


@pytest.mark.parametrize("prompt", ["a girl", "a girl with red hair", "a young woman", "a mother with a little boy"])
def test_a_girl_or_someone_elses_child_is_not_warned(prompt):
    assert not [w for w in parse(prompt).warnings if "child" in w]
