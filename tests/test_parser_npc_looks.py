"""Acceptance findings (2 Dec 2026, an NPC writer's descriptions): contradicting emoji, grizzled and weathered,
mutton chops, more demonyms, labelled none and field forms, salt-and-pepper, hair behind the ears."""
from __future__ import annotations

import pytest

from backend.parser import parse


# 5. emoji that contradict each other are warned, as words are
def test_woman_and_bearded_man_emoji_contradict():
    r = parse("😀👩‍🦰🧔")
    assert any(w.startswith("contradiction: gender") for w in r.warnings)


@pytest.mark.parametrize("text, gender", [("🧔", "male"), ("🧔‍♀️", "female"), ("🧔🏽‍♀️", "female"), ("👨🧔", "male")])
def test_bearded_emoji_agree(text, gender):
    r = parse(text)
    assert r.concrete["gender"] == gender and r.concrete["beard"] == "full"
    assert not any(w.startswith("contradiction") for w in r.warnings)


# 6. grizzled: greying and past youth; a weathered face is skin, not age; mutton chops; more peoples
def test_grizzled_ship_captain():
    r = parse("a grizzled ship captain")
    assert r.concrete == {"age": "middle-aged", "hair_color": "gray"}
    assert r.hair_grey == {"scalp": "some"}
    assert r.abstract == ["ship captain"]


def test_grizzled_yields_to_a_stated_age():
    assert parse("a grizzled old sailor").concrete["age"] == "old"
    assert parse("a grizzled man in his thirties").concrete["age"] == "young"


@pytest.mark.parametrize("text", ["a man with a weathered face", "a weather-beaten fisherman",
                                  "a woman with weathered skin"])
def test_weathered_is_no_age(text):
    r = parse(text)
    assert "age" not in r.concrete
    assert any("weather" in p for p in r.abstract)  # the texture deepens the lines for it (wrinkle_words.py)


@pytest.mark.parametrize("text", ["a man with mutton chops", "a man with big grey muttonchops",
                                  "an old man with mutton-chop sideburns"])
def test_mutton_chops_drawn_as_a_full_beard(text):
    r = parse(text)
    assert r.concrete["beard"] == "full" and r.abstract == []
    assert any(w.startswith("mutton chops are drawn as") for w in r.warnings)


def test_no_mutton_chops():
    r = parse("a man with no mutton chops")
    assert r.concrete["beard"] == "none" and not any("mutton" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["a Tibetan monk", "a Tibetan woman", "a Sherpa guide"])
def test_tibetan_is_east_asian(text):
    assert parse(text).concrete["ancestry"] == "east-asian"


@pytest.mark.parametrize("text", ["a Kazakh man", "an Uyghur woman", "a Maori man", "an Inuit woman",
                                  "a Quechua woman", "a Samoan man"])
def test_peoples_without_a_prior_are_named(text):
    r = parse(text)
    assert "ancestry" not in r.concrete
    assert any(w.startswith("no ancestry prior for " + text.split()[1]) for w in r.warnings)


# 7. a sheet's "Scars: none" denies; "Cheekbones: high" reaches the field "high cheekbones" does
@pytest.mark.parametrize("text", ["Scars: none", "Scars: no", "a man. Scars: none. Hair: brown", "Scars - none"])
def test_labelled_none_scars(text):
    assert parse(text).scar == {}


def test_scars_still_read():
    assert parse("scars on his cheek").scar == {"count": 2, "places": ["cheek"]}


@pytest.mark.parametrize("text, value", [("Cheekbones: high", "high"), ("Cheekbones: flat", "flat"),
                                         ("her cheekbones are very high", "high"), ("high cheekbones", "high")])
def test_cheekbones_field_form(text, value):
    assert parse(text).facial_hair.get("cheekbones") == value


def test_cheekbones_field_negated():
    assert "cheekbones" not in parse("Cheekbones: not high").facial_hair


# 8. salt-and-pepper is drawn as said (hair_grey salt_pepper, a 25-50 % grey mix): no note; grey temples beside a
# stated pigment keep it
@pytest.mark.parametrize("text", ["salt-and-pepper hair", "Hair: salt & pepper", "a man with salt and pepper hair"])
def test_salt_and_pepper_needs_no_note(text):
    r = parse(text)
    assert r.concrete["hair_color"] == "gray" and r.hair_grey == {"scalp": "salt_pepper"}
    assert not any("salt" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["brown hair and greying temples", "brown hair, grey at the temples"])
def test_brown_hair_with_grey_temples(text):
    r = parse(text)
    assert r.concrete["hair_color"] == "brown" and r.hair_grey == {"scalp": "temples"}
    assert not any(w.startswith("contradiction") for w in r.warnings)


@pytest.mark.parametrize("text", ["grey at the temples", "a man with greying temples"])
def test_grey_temples_alone_are_grey_hair(text):
    r = parse(text)
    assert r.concrete["hair_color"] == "gray" and r.hair_grey == {"scalp": "temples"}


# 9. hair behind the ears: hair["ears"] = "tucked" (for the hair mesh)
@pytest.mark.parametrize("text", ["her hair tucked behind her ears", "long brown hair tucked behind her ears",
                                  "hair behind his ears", "she tucks her hair behind one ear",
                                  "a woman with red hair, tucked behind her ears"])
def test_hair_tucked_behind_the_ears(text):
    assert parse(text).hair.get("ears") == "tucked"


@pytest.mark.parametrize("text", ["a pencil tucked behind his ear", "a scar behind his ear", "long hair"])
def test_no_hair_behind_the_ears(text):
    assert "ears" not in parse(text).hair


def test_hair_not_tucked_behind_the_ears():
    r = parse("her hair is not tucked behind her ears")
    assert "ears" not in r.hair and r.hair["denied"] == ["tucked"]
