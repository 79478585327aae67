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
