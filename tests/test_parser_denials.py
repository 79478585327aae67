"""Denials: what a denied beard colour means, and that a prompt which only denies is not "nothing recognised".

"without a grey beard", "no grey beard" and "not a grey beard" read as "no grey hair" does: the colour is denied, no
beard is said either way (a beard may be there in another colour, or none); "without a beard" is no beard.  The code
cannot hold a denied value, so a denial that leaves its attribute unstated is said in a warning (what the draw does
with it: the denied values go beside the code, ParseResult.denied).  A prompt the parser
read only denials from warned "nothing in the description was recognised"; it now says that only denials were read."""
from __future__ import annotations

import pytest

from backend.parser import parse

NOTHING = "nothing in the description was recognised as a facial attribute or appearance"
ONLY_DENIALS = "only denials were read, and none states a value: the head is made as if nothing were described"


def denied(attr: str, value: str) -> str:
    """The warning of a denial the texture's draw follows (backend/parser/denials.py)."""
    said = "drawn without grey" if value == "gray" else "drawn in another colour"
    return f"{attr} not {value}: {said}"


@pytest.mark.parametrize("text, expect", [
    ("without a grey beard", {}), ("no grey beard", {}), ("not a grey beard", {}),
    ("a man without a grey beard", {"gender": "male"}), ("a man with no grey beard", {"gender": "male"}),
    ("he has not a grey beard", {"gender": "male"}),
])
def test_a_denied_beard_colour_denies_the_colour_and_says_no_beard(text, expect):
    """Before: "not a grey beard" was a full beard, the other two said nothing and warned nothing recognised."""
    r = parse(text)
    assert r.concrete == expect, (text, r.to_dict())
    assert denied("beard_color", "gray") in r.warnings, r.warnings
    assert NOTHING not in r.warnings


@pytest.mark.parametrize("text, expect", [
    ("without a beard", {"beard": "none"}), ("no beard", {"beard": "none"}), ("not bearded", {"beard": "none"}),
    ("a man, no grey beard, black stubble", {"gender": "male", "beard": "stubble", "beard_color": "black"}),
    ("no grey beard, clean-shaven", {"beard": "none"}),  # no beard to colour: nothing more to say
    ("an old wizard, no grey beard, just a long white mustache", {"gender": "male", "age": "old", "beard": "mustache",
                                                                 "beard_color": "gray"}),
])
def test_a_beard_or_another_colour_said_beside_the_denial_is_kept_without_the_warning(text, expect):
    r = parse(text)
    assert r.concrete == expect, (text, r.to_dict())
    assert r.warnings == [], r.warnings


@pytest.mark.parametrize("text, attr, value", [
    ("an old man with no grey hair", "hair_color", "gray"), ("his hair is not grey", "hair_color", "gray"),
    ("eyes not blue", "eye_color", "blue"), ("she isn't blonde", "hair_color", "blond"),
])
def test_a_denial_that_leaves_its_attribute_unstated_is_said(text, attr, value):
    r = parse(text)
    assert attr not in r.concrete
    assert denied(attr, value) in r.warnings, r.warnings


def test_a_denial_with_its_value_stated_elsewhere_is_not_warned():
    r = parse("a middle-aged man, not a single grey hair, dark brown hair")
    assert r.concrete["hair_color"] == "brown" and r.warnings == [], r.to_dict()


# every denial form the parser reads, alone in a prompt: no "nothing recognised"
@pytest.mark.parametrize("text", [
    # a value stated by the denial
    "no beard", "without a beard", "not smiling", "never smiles", "seldom smiles", "not old", "no makeup",
    "no freckles", "freckle-free", "beard free", "lacking freckles", "she is not bald", "not bearded", "unsmiling",
    "hasn't got a beard", "eyebrows: none", "beard: no", "far from old", "anything but happy", "no dark circles",
    "mouth not open", "not winking",
    # a denied value the code cannot hold
    "no grey hair", "not a single grey hair", "without a grey beard", "no grey beard", "not a grey beard",
    "eyes not blue", "not ginger",
    # a denied phrase (CLIP cannot follow negation)
    "without glasses", "no wrinkles", "no eyeliner", "not screaming", "lips not pursed", "not very tired",
    "no tattoos", "neither glasses nor a hat", "tattoo-free", "doesn't wear glasses", "free of scars",
    "hardly any wrinkles", "Glasses: none",
])
def test_a_prompt_of_denials_only_is_not_nothing_recognised(text):
    r = parse(text)
    assert NOTHING not in r.warnings, (text, r.to_dict())
    only = [w for w in r.warnings if w.startswith(ONLY_DENIALS)]
    if not r.concrete and not r.abstract:
        # the draw follows a denied hair, beard or eye colour: said (denials.py)
        follows = bool(set(r.denied) & {"hair_color", "beard_color", "eye_color"})
        assert only == [ONLY_DENIALS + (", but without the denied values" if follows else "")], (text, r.warnings)
    else:
        assert not only


@pytest.mark.parametrize("text", ["without a jacket", "hmm", "the"])
def test_nothing_read_is_still_nothing_recognised(text):
    r = parse(text)
    assert NOTHING in r.warnings and not any(w.startswith(ONLY_DENIALS) for w in r.warnings), r.warnings


@pytest.mark.parametrize("text", ["Glasses: none", "Female, 30s. Glasses: none, freckles: none", "Scars: no",
                                  "Scars: none visible"])
def test_a_form_field_saying_none_is_a_denial_not_a_phrase(text):
    """Before, "Glasses: none" gave the phrase "glasses" to CLIP: refinement would have added glasses."""
    r = parse(text)
    assert not any(w in p.lower() for p in r.abstract for w in ("glasses", "scars")), r.abstract
    assert any(w.startswith("negated phrase") for w in r.warnings), r.warnings
    assert "visible" not in r.abstract  # before, the rest of "Scars: none visible" was a phrase of its own


@pytest.mark.parametrize("text, expect", [
    ("not an old man", {"gender": "male", "age": "young"}),   # a man who is not old: the person stays
    ("not a young woman", {"gender": "female", "age": "old"}),
    ("not a man", {"gender": "female"}), ("a woman, not a man", {"gender": "female"}),
    ("he is not a woman", {"gender": "male"}),
    ("not a man but a boy", {"gender": "male", "age": "young"}),  # the implied other gender yields to a stated one
    ("not a girl, a woman", {"gender": "female"}),
    ("neither a man nor a woman", {}),
])
def test_a_denied_person(text, expect):
    """Before, "not a man" was a man; "not an old man" must stay a young man (the person, not denied)."""
    r = parse(text)
    assert r.concrete == expect, r.to_dict()
    assert not any(w.startswith("contradiction") for w in r.warnings), r.warnings


@pytest.mark.parametrize("text, concrete", [
    ("an old man with no grey hair", {"gender": "male", "age": "old"}),
    ("an old man who isn't going grey", {"gender": "male", "age": "old"}),
    ("he has never gone grey", {"gender": "male"}),
    ("grey eyebrows but no grey hair", {}),
])
def test_the_denied_values_go_beside_the_code(text, concrete):
    """ParseResult.denied (head.json's parsed.denied) carries what the code cannot: the texture draws no grey.
    Before, "isn't going grey" was a negated phrase, left out, and no denial reached the draw."""
    r = parse(text)
    assert r.concrete == concrete and r.denied == {"hair_color": ["gray"]}, r.to_dict()
    assert r.to_dict()["denied"] == {"hair_color": ["gray"]}
    assert denied("hair_color", "gray") in r.warnings and not any("negated phrase" in w for w in r.warnings)


@pytest.mark.parametrize("text, expect", [
    ("a man who is not bald", {"scalp_hair": ["bald"]}),  # beside scalp_hair full
    ("not young, not old", {"age": ["young", "old"]}),  # beside age middle-aged
    ("a man, no grey beard, black stubble", {"beard_color": ["gray"]}),  # beside beard_color black
    ("a grey-haired man with no grey hair", {}),  # a contradiction, left unstated: nothing denied
    ("an old wizard, no grey beard, just a long white mustache", {}),  # the mustache's grey is stated
    ("a woman with green eyes", {}),
])
def test_denied_values_beside_stated_ones_and_contradictions(text, expect):
    assert parse(text).denied == expect


def test_a_denial_the_draw_cannot_follow_says_so():
    r = parse("not a round face")
    assert r.denied == {"face_shape": ["round"]}
    assert ("face_shape not round: read (parsed.denied), but the draw cannot avoid a denied face_shape; face_shape is "
            "left to the draw") in r.warnings, r.warnings
    assert "lip_color not red: drawn natural" in parse("a man without red lipstick").warnings
