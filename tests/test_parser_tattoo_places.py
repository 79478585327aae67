"""Tattoos on the neck or face are named once as not modelled and kept from CLIP, with their place
(backend/parser/not_modelled.py); the place's pronoun still says the gender (extract._pronoun)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, gender", [
    ("neck tattoo", None),
    ("a man with a neck tattoo", "male"),
    ("a tattoo on his neck", "male"),
    ("a face tattoo", None),
    ("face tattoos", None),
    ("a woman with a face tattoo and a neck tattoo", "female"),
    ("tattoos on his face and neck", "male"),
    ("a tattooed neck", None),
    ("a tribal face tattoo", None),          # the place's modifier goes with it
    ("a woman with a tattoo on her neck", "female"),
])
def test_tattoos_are_named_once_and_kept_from_clip(text, gender):
    r = parse(text)
    named = [w for w in r.warnings if w.startswith("not modelled: ")]
    assert len(named) == 1 and "tattoo" in named[0] and named[0].count("tattoo") == 1, r.warnings
    assert r.abstract == [], r.abstract
    assert r.concrete.get("gender") == gender


def test_a_face_beside_a_tattoo_elsewhere_stays():
    r = parse("a wrinkled face, a tattoo on his arm")
    assert r.abstract == ["wrinkled face"] and r.concrete["gender"] == "male"


def test_a_scar_on_his_cheek_says_male():
    assert parse("a scar across his left cheek").concrete == {"gender": "male"}


def test_covered_in_tattoos_leaves_no_phrase():
    r = parse("an old man covered in tattoos")
    assert r.abstract == [] and r.concrete == {"gender": "male", "age": "old"}
