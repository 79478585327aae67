"""A shade word right before a lip colour moves it along the texture's tints pale < natural < red
(backend/parser/lip_shades.py).  Before, "pale pink lips" were pale, then natural: a contradiction won by pink."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, value", [
    ("pale pink lips", "pale"), ("pale lips", "pale"), ("pale pink lipstick", "pale"), ("pale-pink lipstick", "pale"),
    ("her lips were pale pink", "pale"), ("Lips: pale pink", "pale"), ("light pink lips", "pale"),
    ("light pink lipstick", "pale"), ("light nude lipstick", "pale"), ("pale peach lipstick", "pale"),
    ("pale red lips", "natural"), ("light red lipstick", "natural"),
    ("deep red lips", "red"), ("dark red lipstick", "red"), ("dark lipstick", "red"), ("deep pink lipstick", "red"),
    ("dark pink lips", "red"), ("hot pink lipstick", "red"), ("dark rose lipstick", "red"),
    ("deep nude lipstick", "natural"),  # a nude is a skin shade, not a deeper pink
    ("pink lips", "natural"), ("soft pink lipstick", "natural"), ("pale purple lips", "pale"),
])
def test_a_shade_before_a_lip_colour_grades_it(text, value):
    r = parse(text)
    assert r.concrete["lip_color"] == value, r.to_dict()
    assert not any("contradiction" in w for w in r.warnings), r.warnings


def test_the_holdout_line_that_regressed():
    r = parse("She has thin, arched eyebrows, a small straight nose and pale pink lips")
    assert r.concrete["lip_color"] == "pale" and r.warnings == [], r.to_dict()


def test_shades_elsewhere_keep_their_own_reading():
    assert parse("pale skin and pink lips").concrete == {"skin_tone": "fair", "lip_color": "natural"}
    assert "lip_color" not in parse("dark lips").concrete  # no colour word: a phrase, as before
    r = parse("dark purple lipstick")  # an undrawn colour stays undrawn, the shade says no colour
    assert "lip_color" not in r.concrete and any("not drawn" in w for w in r.warnings)
