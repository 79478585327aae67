"""An object pronoun names someone else when a subject pronoun names the person described: "she gave him a stern
look" is a woman (before, a gender contradiction, and the last pronoun, male, won).  With no subject pronoun the
object is the person drawn."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, gender", [
    ("she gave him a stern look", "female"), ("he is looking at her with a smile", "male"),
    ("she smiles at him", "female"), ("he told her to smile", "male"), ("he kissed her.", "male"),
])
def test_the_subject_pronoun_gives_the_gender(text, gender):
    r = parse(text)
    assert r.concrete["gender"] == gender, (text, r.concrete)
    assert not any("contradiction" in w for w in r.warnings), (text, r.warnings)


@pytest.mark.parametrize("text", ["a portrait of him", "draw him", "make him old", "a photo of her"])
def test_with_no_subject_the_object_is_the_person_drawn(text):
    assert parse(text).concrete["gender"] == ("male" if "him" in text else "female")


def test_a_possessive_her_is_still_hers():
    assert parse("she has blue eyes; her smile is warm").concrete["gender"] == "female"
    assert parse("her eyes are blue").concrete == {"gender": "female", "eye_color": "blue"}


# -- a possessive of the other gender after the person described: someone else's feature -----------------------------
@pytest.mark.parametrize("text, expect, left_out", [
    ("she kissed his cheek", {"gender": "female"}, "kissed his cheek"),
    ("she kissed his cheek and smiled", {"gender": "female", "expression": "smile"}, "kissed his cheek"),
    ("a woman kissing his chubby cheek", {"gender": "female"}, "kissing his chubby cheek"),
    ("she looked into his blue eyes", {"gender": "female"}, "looked into his blue eyes"),
    ("he stroked her blonde hair", {"gender": "male"}, "stroked her blonde hair"),
    ("he kissed her red lips", {"gender": "male"}, "kissed her red lips"),
    ("he watched her pursing her lips", {"gender": "male"}, "pursing her lips"),
    ("she kissed him, his eyes closed", {"gender": "female"}, "his eyes closed"),
])
def test_a_feature_of_someone_else_says_nothing_of_the_head(text, expect, left_out):
    """Before, "she kissed his cheek" was a gender contradiction (male won) and "he stroked her blonde hair" gave a
    woman with blond hair."""
    r = parse(text)
    assert r.concrete == expect, (text, r.to_dict())
    assert f"another person's, left out: {left_out!r}" in r.warnings, r.warnings
    assert not any("contradiction" in w for w in r.warnings), r.warnings
    assert not any(set(p.split()) & set(left_out.split()) for p in r.abstract), r.abstract  # no phrase for CLIP


@pytest.mark.parametrize("text, expect", [
    ("she has his father's nose", {"gender": "female"}),
    ("he has her blue eyes", {"gender": "male", "eye_color": "blue"}),  # a likeness: his own eyes
    ("she has her father's blue eyes", {"gender": "female", "eye_color": "blue"}),
    ("she is his mother", {"gender": "female"}),
])
def test_after_a_verb_of_having_the_feature_is_the_subjects_and_only_the_pronoun_someone_elses(text, expect):
    r = parse(text)
    assert r.concrete == expect, (text, r.to_dict())
    assert not any("contradiction" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, expect", [
    ("her cheeks are rosy", {"gender": "female"}),
    ("an old man stroking his beard", {"gender": "male", "age": "old", "beard": "full"}),
    ("she ran a hand through her blonde hair", {"gender": "female", "hair_color": "blond"}),
    ("she kissed him, her eyes closed", {"gender": "female", "eyelids": "closed"}),
])
def test_a_possessive_of_the_subjects_gender_is_the_subjects(text, expect):
    assert parse(text).concrete == expect


def test_a_possessive_opening_a_sentence_is_not_guessed_away():
    # he is referred to most (him, his): the sentence whose subject is "she" is set aside, named in a note
    # (backend/parser/subject.py); before, both genders were read and the last statement won with a contradiction
    r = parse("She watched him. His eyes were grey.")
    assert r.concrete["eye_color"] == "gray" and r.concrete["gender"] == "male"
    assert any("set aside 1 part(s)" in w and "She watched him." in w for w in r.warnings), r.warnings


# -- a person in the possessive who is not the one described: "her husband's beard" ----------------------------------
@pytest.mark.parametrize("text, expect", [
    ("a woman stroking her husband's beard", {"gender": "female"}),
    ("a man kissing his wife's red lips", {"gender": "male"}),
    ("she admired her father's grey beard", {"gender": "female"}),
    ("a woman stroking a man's beard", {"gender": "female"}),
])
def test_a_relatives_feature_is_theirs(text, expect):
    """Before, the woman stroking her husband's beard had a full beard herself."""
    r = parse(text)
    assert r.concrete == expect, r.to_dict()
    assert any(w.startswith("another person's, left out:") for w in r.warnings), r.warnings
    assert not any("contradiction" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, expect", [
    ("she has her father's grey eyes", {"gender": "female", "eye_color": "gray"}),
    ("a girl with her mother's green eyes", {"gender": "female", "age": "young", "eye_color": "green"}),
    ("she has a man's jaw", {"gender": "female"}),
    ("an old man's face, with a grey beard", {"gender": "male", "age": "old", "beard": "full", "beard_color": "gray"}),
    ("the woman's eyes are green", {"gender": "female", "eye_color": "green"}),
])
def test_a_likeness_or_the_person_described_in_the_possessive_keeps_the_feature(text, expect):
    r = parse(text)
    assert r.concrete == expect, r.to_dict()
    assert not any("contradiction" in w for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, expect, left_out", [
    ("a woman and her bearded husband", {"gender": "female"}, "bearded husband"),
    ("she and her chubby son", {"gender": "female"}, "chubby son"),
    ("a girl and her bald grandfather", {"gender": "female", "age": "young"}, "bald grandfather"),
])
def test_a_relatives_adjectives_are_theirs(text, expect, left_out):
    """Before, "a woman and her bearded husband" was a bearded man (gender contradiction, male last)."""
    r = parse(text)
    assert r.concrete == expect, r.to_dict()
    assert f"another person, left out: {left_out!r}" in r.warnings, r.warnings


def test_my_relative_is_the_person_described():
    assert parse("my bearded grandfather").concrete == {"gender": "male", "age": "old", "beard": "full"}
