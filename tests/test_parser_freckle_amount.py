"""How many freckles: ParseResult.freckle_amount, beside the code (backend/parser/freckle_amount.py)."""
import json

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, amount", [
    ("a few freckles", "light"),
    ("lightly freckled", "light"),
    ("a smattering of freckles across her nose", "light"),
    ("a light dusting of freckles", "light"),
    ("faint freckles", "light"),
    ("heavily freckled", "heavy"),
    ("covered in freckles", "heavy"),
    ("a woman with lots of freckles", "heavy"),
    ("freckles all over her face", "heavy"),
    ("freckle-covered cheeks", "heavy"),
    ("a few freckles, no, covered in freckles", "heavy"),  # the last said wins
])
def test_the_amount_is_read_beside_the_code(text, amount):
    r = parse(text)
    assert r.concrete["freckles"] == "some" and r.freckle_amount == amount
    assert json.loads(r.to_json())["freckle_amount"] == amount
    assert r.abstract == [], r.abstract  # no loose amount words for CLIP
    assert not [w for w in r.warnings if w.startswith("freckles: ")]  # the texture draws the amount: no note


@pytest.mark.parametrize("text", ["a woman with freckles", "a freckled redhead", "no freckles",
                                  "a few grey hairs", "not heavily freckled"])
def test_no_amount_unless_stated_on_freckles(text):
    r = parse(text)
    assert r.freckle_amount is None and "freckle_amount" not in r.to_dict()


def test_a_person_noun_before_covered_in_freckles_keeps_its_value():
    r = parse("a redhead covered in freckles")  # "redhead covered" was a phrase, and the red hair lost
    assert r.concrete == {"hair_color": "red", "freckles": "some"} and r.abstract == []
    assert r.freckle_amount == "heavy"
