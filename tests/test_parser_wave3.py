"""Wave 3 (2 Dec 2026): words users write that were dropped or misread (backend/parser/README.md "Wave 3")."""
import pytest

from backend.parser import parse
from backend.parser.phrase_leaks import repeats


# -- role and fantasy nouns are looks (lexicon.LOOK_PERSONS, archetypes.py) ----------------------------------------

@pytest.mark.parametrize("text, gender, phrase", [
    ("a wizard with a long white beard", "male", "wizard"),
    ("a witch with green eyes", "female", "witch"),
    ("a young king", "male", "king"),
    ("a monk with a shaved head", "male", "monk"),
    ("a nun", "female", "nun"),
    ("a cowboy", "male", "cowboy"),
    ("a shieldmaiden", "female", "shieldmaiden"),  # a compound read as "woman"
    ("a swordsman, 40s", "male", "swordsman"),
])
def test_a_gendered_role_noun_is_a_phrase_as_well_as_a_gender(text, gender, phrase):
    r = parse(text)
    assert r.concrete["gender"] == gender
    assert phrase in r.abstract
    assert repeats(text) == {}  # the role is no repeat of the gender


@pytest.mark.parametrize("text", ["a knight", "a pirate with an eyepatch", "an elf with pointy ears", "a viking",
                                  "a sailor", "a soldier, 30s", "a tired farmer"])
def test_ungendered_roles_stay_phrases(text):
    word = {"a tired farmer": "farmer"}.get(text, text.split(",")[0].split()[1])
    assert any(word in p for p in parse(text).abstract)


@pytest.mark.parametrize("text", ["a man", "a woman", "my grandmother", "an old lady", "a girl with red hair"])
def test_plain_and_kin_nouns_are_still_no_phrase(text):
    assert parse(text).abstract == []


def test_a_wizard_implies_no_age_and_no_beard_but_says_so():
    r = parse("a wizard")
    assert "age" not in r.concrete and "beard" not in r.concrete
    assert any("'wizard'" in w and "an age or a beard is not assumed" in w for w in r.warnings)


def test_the_note_names_only_what_is_unstated():
    r = parse("a wizard with a long white beard")
    assert r.concrete["beard"] == "full" and "age" not in r.concrete
    note = [w for w in r.warnings if "'wizard'" in w]
    assert len(note) == 1 and "an age is not assumed" in note[0] and "beard is not" not in note[0]
    assert not [w for w in parse("an old wizard with a long white beard").warnings if "wizard" in w]
    assert not [w for w in parse("a monk with a shaved head").warnings if "monk" in w]
    assert any("a beard is not assumed" in w for w in parse("a viking").warnings)


def test_a_wizard_set_aside_gets_no_note():
    # someone else's type is no look of the subject
    r = parse("She smiled. Her husband, a wizard, frowned.")
    assert not [w for w in r.warnings if "'wizard'" in w]
