"""Eye make-up: the texture paints eye shadow and eyeliner under `makeup`, so naming one implies make-up (at least
light, heavy words heavy); what the schema cannot hold (a colour, a style) stays in the phrase for CLIP.  Before,
all of these were phrases only, and "blue eye shadow" read as blue eyes ("eye" became "eyes" before the make-up
phrase could match)."""
from __future__ import annotations

import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, value, phrase", [
    ("eyeshadow", "light", "eyeshadow"), ("eye shadow", "light", "eye shadow"),
    ("blue eyeshadow", "light", "blue eyeshadow"), ("blue eye shadow", "light", "blue eye shadow"),
    ("winged eyeliner", "light", "winged eyeliner"),  # (a bare "eyeliner" is the eyeliner field only: no phrase,
    # test_parser_acceptance2.py)
    ("mascara", "light", "mascara"), ("cat-eye eyeliner", "light", "cat-eye eyeliner"),
    # (an amount word with a bare noun is the code's only: "heavy eyeliner", test_parser_makeup_leak.py)
    ("smoky eyes", "heavy", "smoky eyes"), ("dramatic eye makeup", "heavy", "dramatic eye makeup"),
])
def test_eye_makeup_implies_makeup_and_stays_a_phrase(text, value, phrase):
    r = parse(text)
    assert r.concrete == {"makeup": value} and r.abstract == [phrase] and r.warnings == [], r.to_dict()


@pytest.mark.parametrize("text", ["heavy eyeliner", "thick mascara"])
def test_an_amount_of_eye_makeup_is_no_phrase(text):
    r = parse(text)
    assert r.concrete == {"makeup": "heavy"} and r.abstract == [] and r.warnings == [], r.to_dict()


def test_blue_eye_shadow_is_no_eye_colour():
    r = parse("a woman with blue eye shadow and brown eyes")
    assert r.concrete == {"gender": "female", "eye_color": "brown", "makeup": "light"}, r.to_dict()
    assert parse("under-eye shadow").concrete == {"under_eyes": "shadows"}


def test_a_stated_amount_wins_and_items_add_up():
    assert parse("heavy makeup and subtle eyeliner").concrete == {"makeup": "heavy"}
    assert parse("light makeup, heavy eyeliner").concrete == {"makeup": "light"}
    r = parse("eyeliner and smoky eyes")  # the heavier item, no contradiction
    assert r.concrete == {"makeup": "heavy"} and r.warnings == []


def test_lipstick_is_makeup_too():
    assert parse("red lipstick").concrete == {"makeup": "light", "lip_color": "red"}
    assert parse("no makeup, red lipstick").concrete == {"makeup": "none", "lip_color": "red"}
    assert parse("she doesn't wear makeup or lipstick").concrete == {"gender": "female", "makeup": "none",
                                                                     "lip_color": "natural"}


def test_denied_eye_makeup_says_nothing_and_is_left_out():
    r = parse("no eyeliner")
    assert r.concrete == {} and r.abstract == [] and any("negated phrase" in w for w in r.warnings)


def test_no_lipstick_only_implies_unpainted_lips():
    # "no lipstick" stated natural, so "pale lips, no lipstick" were natural with a contradiction
    for text in ("pale lips, no lipstick", "no lipstick, pale pink lips"):
        r = parse(text)
        assert r.concrete == {"lip_color": "pale"} and r.warnings == [], r.to_dict()
    assert parse("without lipstick").concrete == {"lip_color": "natural"}
    r = parse("red lipstick, no lipstick")  # the texture's red is painted: still a contradiction, said
    assert r.concrete["lip_color"] == "red" and any("contradiction: lip_color" in w for w in r.warnings)
