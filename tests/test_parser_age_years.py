"""Age in years beside the class (backend/parser/age_years.py): "in her thirties" is 35, not only 'young'."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, age, years", [
    ("a woman in her thirties", "young", 35),
    ("a 42-year-old man", "middle-aged", 42),
    ("a man in his early forties", "middle-aged", 42),
    ("a man in his late forties", "middle-aged", 48),
    ("He was a big man, past fifty, with a thick beard.", "middle-aged", 55),
    ("a girl in her teens", "young", 16),
    ("Age: 40s", "middle-aged", 45),
    ("a man aged 63", "old", 63),
    ("a woman nearly 50", "middle-aged", 49),
])
def test_years_said(text, age, years):
    r = parse(text)
    assert r.concrete["age"] == age
    assert r.age_years == years
    assert r.to_dict()["age_years"] == years  # and so in head.json's parsed


@pytest.mark.parametrize("text", ["an old man", "a teenager with freckles", "a young woman"])
def test_class_word_only_is_none(text):
    r = parse(text)
    assert r.age_years is None and "age_years" not in r.to_dict()


def test_years_only_for_the_class_kept():
    # the age the face shows wins; its number is not the one said of the person
    r = parse("a 42-year-old who looks old")
    assert r.concrete["age"] == "old" and r.age_years is None
