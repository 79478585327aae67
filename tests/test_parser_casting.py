"""Casting-call and character-sheet phrasing: form fields, list marks, capitals, abbreviations."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, expect", [
    ("AGE: 30 | GENDER: F | HAIR: BLACK | EYES: BROWN",
     {"gender": "female", "age": "young", "hair_color": "black", "eye_color": "brown"}),
    ("Sex: M, Age: 25-30, Hair: black", {"gender": "male", "age": "young", "hair_color": "black"}),
    ("Gender: male; Age: 50s; Beard: salt and pepper",
     {"gender": "male", "age": "middle-aged", "hair_color": "gray", "beard": "full"}),
    ("• male • 40s • grey hair", {"gender": "male", "age": "middle-aged", "hair_color": "gray"}),
])
def test_form_fields(text, expect):
    r = parse(text)
    assert r.concrete == expect
    assert r.abstract == []  # field names describe nothing


def test_a_field_value_without_attribute_stays_abstract_and_a_name_is_left_out():
    r = parse("Name: John Smith. Ethnicity: Asian. Eyes: blue")
    assert r.concrete == {"eye_color": "blue"}
    assert r.abstract == ["Asian"]
    assert any("name" in w and "John Smith" in w for w in r.warnings)


def test_one_letter_genders_need_a_label():
    assert "gender" not in parse("a portrait, f, 30").concrete
