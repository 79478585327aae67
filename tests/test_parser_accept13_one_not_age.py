"""Acceptance 13, item 1: "one" after a comma is a count ("one eyebrow raised"), not an age."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text,age", [
    ("an old woman, one eyebrow raised", "old"),
    ("a smiling young man, one raised eyebrow, with a worried look", "young"),
    ("a man, one of the elders, with a long face", "old"),  # "elders" says old
    ("a woman, two scars on her cheek", None),
])
def test_count_after_comma_is_not_an_age(text, age):
    r = parse(text)
    assert r.concrete.get("age") == age
    assert not any("contradiction: age" in w or "cannot be drawn" in w for w in r.warnings)


@pytest.mark.parametrize("text,age", [
    ("a woman, thirty", "young"), ("a man, 45", "middle-aged"), ("a man, sixty-two", "old"),
    ("a woman, thirty, with red hair", "young"), ("a man, 45 with a beard", "middle-aged"),
])
def test_listed_age_still_read(text, age):
    assert parse(text).concrete.get("age") == age
