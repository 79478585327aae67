"""Denied values reach the texture's draw: "an old man with no grey hair" is drawn with no grey.

The parser reads a denial with no opposite ("no grey hair", "eyes not blue", "a beard that isn't grey") as the
attribute unstated plus a denied value (ParseResult.denied); params_from_code(..., denied=) gives a denied value no
chance wherever it picks the attribute.  Before, the draw never saw the denial: an old man with no grey hair was
drawn 0.36-0.88 grey (seeds 0-9), his beard 0.66-0.95.  A code without denials draws exactly as before.
"""
from __future__ import annotations

import pytest

from backend.parser import parse
from backend.parser.denials import PICKED, _ALWAYS, drawn_as
from backend.schema import BY_NAME, SchemaError
from backend.texture.params import DENIAL_FREE, _draw, params_from_code

SEEDS = range(40)
PEOPLE = [{"gender": "male", "age": "old"}, {"gender": "male", "age": "middle-aged"}, {"gender": "female", "age": "old"},
          {"age": "old"}, {}]


def test_an_old_man_with_no_grey_hair_is_drawn_without_grey():
    r = parse("an old man with no grey hair")
    assert r.denied == {"hair_color": ["gray"]} and r.to_dict()["denied"] == {"hair_color": ["gray"]}
    assert "hair_color not gray: drawn without grey" in r.warnings, r.warnings
    before = [params_from_code(r.concrete, s) for s in range(10)]
    assert min(p.hair_grey for p in before) > 0.3  # what the draw gave without the denial
    for s in SEEDS:
        p, names = _draw(r.concrete, s, r.denied)
        assert names["hair_color"] != "gray"
        # as for a stated pigmented colour: no grey at all, nor in the brows or the beard that follow the scalp
        assert p.hair_grey == 0.0 and p.brow_grey == 0.0 and p.beard_grey == 0.0, (s, p)


@pytest.mark.parametrize("text", ["an old man with no grey beard", "an old man with a beard that isn't grey",
                                  "an old man with a full beard that is not grey"])
def test_a_denied_grey_beard_is_pigmented(text):
    r = parse(text)
    assert r.denied == {"beard_color": ["gray"]} and "beard_color not gray: drawn without grey" in r.warnings
    concrete = dict(r.concrete, beard="full")
    greys = []
    for s in SEEDS:
        p, names = _draw(concrete, s, r.denied)
        assert p.beard_grey == 0.0 and names["beard_color"] != "gray", (s, p)
        greys.append(p.hair_grey)
    undenied = [params_from_code(concrete, s).hair_grey for s in SEEDS]
    # a pigmented beard makes a grey scalp rarer (HAIR_GIVEN_BEARD), as a stated black beard does
    assert sum(g >= 0.5 for g in greys) < sum(g >= 0.5 for g in undenied)


def test_grey_beard_but_no_grey_hair_keeps_the_scalp_pigmented():
    r = parse("an old man with a grey beard and no grey hair")
    assert r.concrete["beard_color"] == "gray" and r.denied == {"hair_color": ["gray"]}, r.to_dict()
    for s in SEEDS:
        p = params_from_code(r.concrete, s, r.denied)
        assert p.hair_grey == 0.0 and p.beard_grey >= 0.5


@pytest.mark.parametrize("attr", sorted(PICKED))
def test_every_denied_value_of_a_picked_attribute_is_never_drawn(attr):
    for value in BY_NAME[attr].values:
        assert drawn_as(attr, value, [value]) is not None
        for code in PEOPLE:
            for s in range(25):
                got = _draw(code, s, {attr: [value]})[1][attr]
                assert got != value, (attr, value, code, s)


def test_a_scalp_colour_denied_to_the_beard_gives_the_beard_another_colour():
    code = {"gender": "male", "hair_color": "red", "beard": "full"}
    for s in SEEDS:
        p, names = _draw(code, s, {"beard_color": ["red"]})
        assert names["hair_color"] == "red" and names["beard_color"] not in ("red", "gray")
        assert p.beard_pheomelanin < 0.4  # red hair's pheomelanin is 0.6


def test_unstated_lips_are_natural_so_red_and_pale_lips_are_never_drawn():
    assert drawn_as("lip_color", "red") == "drawn natural" and drawn_as("lip_color", "natural") is None
    for s in SEEDS:
        assert 0.3 < params_from_code({"gender": "female"}, s, {"lip_color": ["red", "pale"]}).lip_tint < 0.6


def test_the_parser_promises_what_the_draw_follows():
    """The warning says "drawn ..." exactly for the attributes params.py follows; others say the draw cannot."""
    assert DENIAL_FREE == PICKED | set(_ALWAYS)
    for attr in BY_NAME:
        if attr not in DENIAL_FREE:
            assert all(drawn_as(attr, v) is None for v in BY_NAME[attr].values)
    # every value denied leaves nothing to pick: not promised, drawn as before
    every = list(BY_NAME["eye_color"].values)
    assert drawn_as("eye_color", "blue", every) is None
    assert params_from_code({}, 3, {"eye_color": every}) == params_from_code({}, 3)


def test_no_denials_and_denials_of_stated_attributes_draw_as_before():
    for code in PEOPLE + [{"gender": "male", "hair_color": "black", "beard_color": "brown", "eye_color": "blue",
                           "skin_tone": "olive", "scalp_hair": "full", "beard": "full"}]:
        for s in range(10):
            p = params_from_code(code, s)
            assert params_from_code(code, s, {}) == p and params_from_code(code, s, None) == p
            if "hair_color" in code:  # stated: the denial of another value changes nothing
                assert params_from_code(code, s, {"hair_color": ["gray"], "eye_color": ["brown"],
                                                  "skin_tone": ["dark"], "scalp_hair": ["bald"]}) == p


def test_denied_values_outside_the_schema_are_refused():
    with pytest.raises(SchemaError):
        params_from_code({}, 0, {"hat": ["big"]})
    with pytest.raises(SchemaError):
        params_from_code({}, 0, {"hair_color": ["blue"]})
    with pytest.raises(SchemaError):
        params_from_code({}, 0, {"hair_color": "gray"})


def test_a_denied_tone_and_its_half_gap_are_not_drawn():
    from backend.texture.params import SKIN_TONES

    dark = SKIN_TONES["dark"][0]
    brown = SKIN_TONES["brown"][0]
    for s in range(60):
        mel = params_from_code({}, s, {"skin_tone": ["dark"]}).melanin
        assert mel <= brown + 1e-6, (s, mel, dark)
