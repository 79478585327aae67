"""Session 14 parser leftovers: a tied style's modifiers kept ("a messy ponytail" -> "messy hair"; "a high bun" the
top knot; a high ponytail's place named), "Key: value, value" sheets read as the prose form, suspicion narrows the
eyes (not the skeptic's raised brow), both brows raised is a gesture, English the rules do not know is no
"no English" error, a lopsided grin's size words are the grin's strength, waist-length hair, "Beard: stubble"."""
import pytest

from backend.parser import parse
from backend.parser.language import NotEnglish
from backend.parser.vocabulary import dictionary


@pytest.mark.parametrize("text, hair, abstract", [
    ("a messy ponytail", {"style": "ponytail"}, ["messy hair"]),
    ("a woman with her hair in a messy bun", {"style": "bun"}, ["messy hair"]),
    ("a tight bun", {"style": "bun"}, ["tightly pulled-back hair"]),
    ("a high bun", {"style": "bun", "cut": "top_knot"}, []),  # the modelled high bun (hair/style.py)
])
def test_a_tied_styles_modifier_is_kept(text, hair, abstract):
    r = parse(text)
    assert r.hair == hair and r.abstract == abstract


@pytest.mark.parametrize("text", ["a high ponytail", "a low bun", "a side ponytail"])
def test_a_tied_styles_place_is_named_not_lost(text):
    r = parse(text)
    said = text.split(" ", 1)[1]
    assert any(w.startswith("hairstyle not modelled") and said in w for w in r.warnings), r.warnings
    assert "cut" not in r.hair and r.abstract == []


@pytest.mark.parametrize("text, hair, concrete, abstract", [
    ("hair: short, curly", {"length": "short", "volume": "curly"}, {"scalp_hair": "full"}, []),
    ("Hair: short, curly. Eyes: blue. Age: 45", {"length": "short", "volume": "curly"},
     {"age": "middle-aged", "eye_color": "blue", "scalp_hair": "full"}, []),
    ("HAIR: very long, straight; EYES: brown", {"length": "very_long", "volume": "straight"},
     {"eye_color": "brown", "scalp_hair": "full"}, []),
    ("Eyes: green, almond-shaped", {}, {"eye_color": "green"}, ["almond-shaped eyes"]),
    ("Eyes: twinkly", {}, {}, ["twinkly eyes"]),
    ("Hair: auburn, wavy, waist-length", {"volume": "curly", "length": "very_long"},
     {"hair_color": "red", "scalp_hair": "full"}, []),
])
def test_a_sheets_field_reads_as_the_prose_form(text, hair, concrete, abstract):
    r = parse(text)
    assert (r.hair, r.concrete, r.abstract) == (hair, concrete, abstract)


@pytest.mark.parametrize("text, beard", [("Beard: stubble", "stubble"), ("Beard: salt-and-pepper stubble", "stubble"),
                                         ("Beard: goatee", "goatee"), ("Beard: grey, full", "full")])
def test_a_beard_field_names_its_kind(text, beard):
    assert parse(text).concrete["beard"] == beard


def test_waist_length_hair_is_very_long():
    r = parse("a woman with waist-length hair")
    assert r.hair == {"length": "very_long"} and r.abstract == [] and r.concrete["scalp_hair"] == "full"


@pytest.mark.parametrize("text", ["a suspicious-looking man", "a suspicious man", "a wary old man",
                                  "eyeing him suspiciously"])
def test_suspicion_narrows_the_eyes(text):
    assert parse(text).gestures == {"suspicious": {}}


def test_skepticism_stays_the_raised_brow():
    assert parse("a skeptical man").gestures == {"skeptical": {}}
    assert parse("a doubtful look").gestures == {"skeptical": {}}


@pytest.mark.parametrize("text", ["a woman with raised eyebrows", "eyebrows raised", "raising her eyebrows",
                                  "both eyebrows raised", "a man raising both eyebrows in disbelief"])
def test_both_brows_raised_is_a_gesture(text):
    r = parse(text)
    assert r.gestures == {"brows_raised": {}} and not any("brow" in p for p in r.abstract), r.to_dict()


def test_one_raised_brow_and_arched_brows_are_not_both_raised():
    assert parse("one raised eyebrow").gestures == {"brow_raise": {}}
    assert parse("arched eyebrows").gestures == {}


@pytest.mark.skipif(dictionary() is None, reason="needs open_clip's English word list")
# (a sunburn is now read: the texture's skin_flush, test_parser_skin_flush.py)
@pytest.mark.parametrize("text", ["painful toothache", "a painful toothache"])
def test_english_the_rules_do_not_know_is_a_phrase_not_an_error(text):
    r = parse(text)
    assert r.abstract == [text.removeprefix("a ")]


def test_a_capitalised_sunburn_is_read_not_refused():
    assert parse("Painful sunburn").skin_flush == "sunburnt"


@pytest.mark.parametrize("text", ["zzzz qqqq", "xkcd vbnm qwrt", "Elvis Presley", "asdf ghjk"])
def test_gibberish_and_a_name_alone_are_still_refused(text):
    with pytest.raises(NotEnglish):
        parse(text)


@pytest.mark.parametrize("text, strength", [
    ("a lopsided grin", {"expression": 2.0}),  # the grin's own
    ("a very lopsided grin", {"expression": 2.0}),  # "very" is the gesture's degree
    ("a slight lopsided grin", {}),  # slight x grin = 1.0
    ("a big lopsided grin", {"expression": 2.5}),
    ("a lopsided broad grin", {"expression": 2.5}),
    ("a faint crooked smile", {"expression": 0.5}),
    ("grinning lopsidedly", {"expression": 2.0}),
])
def test_a_lopsided_grin_has_the_grins_strength(text, strength):
    r = parse(text)
    assert r.strength == strength and "lopsided" in r.gestures and r.abstract == [], r.to_dict()


@pytest.mark.parametrize("text", ["grimacing", "a grimace", "a man grimacing"])
def test_a_grimace_is_the_gesture_over_the_frown(text):
    r = parse(text)
    assert r.concrete["expression"] == "frown" and r.gestures == {"grimace": {}}


@pytest.mark.parametrize("text", ["an angry man frowning", "an angry teenager scowling, arms crossed",
                                  "frowning man angry"])
def test_anger_and_a_frown_of_one_person_are_anger(text):
    r = parse(text)
    assert r.concrete["expression"] == "anger" and not any("contradiction" in w for w in r.warnings), r.to_dict()


def test_two_looks_in_a_list_still_contradict():
    r = parse("an angry man, frowning")
    assert any("contradiction" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["her brows were knitted together", "his brow furrowed", "brows knitted"])
def test_brows_knitted_after_the_noun_are_a_frown(text):
    r = parse(text)
    assert r.concrete["expression"] == "frown" and r.abstract == [], r.to_dict()
