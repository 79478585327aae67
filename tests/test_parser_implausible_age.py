"""Ages the adult face model cannot draw (backend/parser/implausible_age.py): warned, the age value unchanged."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, said", [
    ("a 6-year-old girl", "a child (6 years old)"), ("a six year old boy", "a child (6 years old)"),
    ("a baby", "a child ('baby')"), ("a newborn boy", "a child ('newborn')"), ("a toddler", "a child ('toddler')"),
    ("my kid", "a child ('kid')"), ("a little girl", "a child ('little girl')"),
])
def test_children_are_drawn_as_young_adults_and_said(text, said):
    r = parse(text)
    assert r.concrete["age"] == "young"
    assert any(w.startswith(said) and "adult faces only" in w and "young adult" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text", ["a teenage boy", "a teenager", "a 16 year old girl", "a boy in his teens"])
def test_teenagers_are_drawn_as_young_adults_and_said(text):
    r = parse(text)
    assert r.concrete["age"] == "young"
    assert any(w.startswith("a teenager") and "young adult" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, years", [("a 200-year-old man", 200), ("a man, 150", 150)])
def test_ages_past_a_human_life_are_said(text, years):
    r = parse(text)
    assert r.concrete["age"] == "old"
    assert any(f"an age of {years} is beyond any human life" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text", ["a 25 year old woman", "a man, 90", "a mother with a baby", "a baby-faced man",
                                  "a young woman", "a girl in her twenties", "a 110-year-old woman"])
def test_adult_ages_and_other_peoples_children_are_not_warned(text):
    r = parse(text)
    assert not any("child" in w or "teenager" in w or "human life" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, gender", [("a little old lady", "female"), ("a little old man", "male"),
                                          ("a little elderly man", "male"), ("a little grandma", "female"),
                                          ("little old lady, 80s", "female")])
def test_little_beside_an_old_age_is_a_size_not_young(text, gender):
    # "little" was read as young, so these warned "age is stated as young and old"
    r = parse(text)
    assert r.concrete == {"gender": gender, "age": "old"} and r.warnings == [], r.to_dict()
    assert parse("a little girl").concrete["age"] == "young"  # still a child, warned above
