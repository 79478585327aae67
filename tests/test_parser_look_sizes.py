"""A frown's, grin's or smile's size is the look's degree, as for adjectives (mood_degree.SIZES, features._SIZED):
the size word is understood, never left as a phrase for CLIP (which cannot change an expression)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, value, factor", [
    ("a strong frown", "frown", None),   # the frown has no stronger drawing (mood_degree.STRONG_EXPRESSIONS)
    ("a deep frown", "frown", None),
    ("a very deep frown", "frown", None),
    ("an intense frown", "frown", None),
    ("a deep scowl", "frown", None),
    ("a slight frown", "frown", 0.5),
    ("a small frown", "frown", 0.5),
    ("a slight grimace", "frown", 0.5),
    ("a slight smirk", "smirk", 0.5),
    ("a small pout", "pout", 0.5),
    ("a slight sneer", "disgust", 0.5),
    ("a big laugh", "laugh", None),
    ("a big grin", "smile", 2.5),
    ("a huge smile", "smile", 2.0),
    ("a strong smile", "smile", 2.0),
    ("a faint smile", "smile", 0.5),
    ("a slight sad smile", "wistful", 0.5),
])
def test_size_of_a_look_is_its_degree(text, value, factor):
    r = parse(text)
    assert r.concrete.get("expression") == value
    assert r.strength.get("expression") == factor
    assert r.abstract == [], r.abstract


def test_a_person_keeps_the_size_of_an_adjective():
    r = parse("a big laughing man")  # "big" is the man's (a body word, warned), not the laugh's
    assert r.concrete["expression"] == "laugh" and "expression" not in r.strength
    assert any("body size" in w for w in r.warnings)


@pytest.mark.parametrize("text, factor", [
    ("smiling broadly", 2.0),
    ("she smiles broadly at him", 2.0),   # the verb "smiles" reads as the noun: its adverb still counts
    ("grinning hugely", 2.5),             # a grin (2.0) hugely, as "a big grin"
    ("not smiling broadly", None),        # denied: no degree, and no "broadly" for CLIP
])
def test_an_adverb_after_a_look_is_its_degree_not_a_phrase(text, factor):
    r = parse(text)
    assert r.strength.get("expression") == factor and r.abstract == [], (r.strength, r.abstract)
