"""Wave 3 (2 Dec 2026): words users write that were dropped or misread (backend/parser/README.md "Wave 3")."""
import pytest

from backend.parser import parse
from backend.parser.phrase_leaks import repeats


# -- role and fantasy nouns are looks (lexicon.LOOK_PERSONS, archetypes.py) ----------------------------------------

@pytest.mark.parametrize("text, gender, phrase", [
    ("a wizard with a long white beard", "male", "wizard"),
    ("a witch with green eyes", "female", "witch"),
    ("a young king", "male", "king"),
    ("a monk with a shaved head", "male", "monk"),
    ("a nun", "female", "nun"),
    ("a cowboy", "male", "cowboy"),
    ("a shieldmaiden", "female", "shieldmaiden"),  # a compound read as "woman"
    ("a swordsman, 40s", "male", "swordsman"),
])
def test_a_gendered_role_noun_is_a_phrase_as_well_as_a_gender(text, gender, phrase):
    r = parse(text)
    assert r.concrete["gender"] == gender
    assert phrase in r.abstract
    assert repeats(text) == {}  # the role is no repeat of the gender


@pytest.mark.parametrize("text", ["a knight", "a pirate with an eyepatch", "an elf with pointy ears", "a viking",
                                  "a sailor", "a soldier, 30s", "a tired farmer"])
def test_ungendered_roles_stay_phrases(text):
    word = {"a tired farmer": "farmer"}.get(text, text.split(",")[0].split()[1])
    assert any(word in p for p in parse(text).abstract)


@pytest.mark.parametrize("text", ["a man", "a woman", "my grandmother", "an old lady", "a girl with red hair"])
def test_plain_and_kin_nouns_are_still_no_phrase(text):
    assert parse(text).abstract == []


def test_a_wizard_implies_no_age_and_no_beard_but_says_so():
    r = parse("a wizard")
    assert "age" not in r.concrete and "beard" not in r.concrete
    assert any("'wizard'" in w and "an age or a beard is not assumed" in w for w in r.warnings)


def test_the_note_names_only_what_is_unstated():
    r = parse("a wizard with a long white beard")
    assert r.concrete["beard"] == "full" and "age" not in r.concrete
    note = [w for w in r.warnings if "'wizard'" in w]
    assert len(note) == 1 and "an age is not assumed" in note[0] and "beard is not" not in note[0]
    assert not [w for w in parse("an old wizard with a long white beard").warnings if "wizard" in w]
    assert not [w for w in parse("a monk with a shaved head").warnings if "monk" in w]
    assert any("a beard is not assumed" in w for w in parse("a viking").warnings)


def test_a_wizard_set_aside_gets_no_note():
    # someone else's type is no look of the subject
    r = parse("She smiled. Her husband, a wizard, frowned.")
    assert not [w for w in r.warnings if "'wizard'" in w]


# -- "bushy" and words after the noun (extract._aside, hairstyle._post_list, hair_phrases) -------------------------

@pytest.mark.parametrize("text, concrete, hair, facial", [
    ("bushy eyebrows", {"eyebrow_density": "thick"}, {}, {}),
    ("a bushy-eyebrowed old man", {"eyebrow_density": "thick", "age": "old"}, {}, {}),
    ("eyebrows, bushy and dark", {"eyebrow_density": "thick"}, {}, {"brow_color": "black"}),
    ("a bushy beard", {"beard": "full"}, {}, {}),
    ("his beard, bushy and grey", {"beard": "full", "beard_color": "gray"}, {}, {}),
    ("a bushy mustache", {"beard": "mustache"}, {}, {"mustache": "thick"}),
    ("bushy hair", {"scalp_hair": "full"}, {"volume": "curly"}, {}),
    ("her hair was bushy", {"scalp_hair": "full"}, {"volume": "curly"}, {}),
    ("her hair was short and bushy", {"scalp_hair": "full"}, {"length": "short", "volume": "curly"}, {}),
])
def test_bushy_is_read_in_every_form(text, concrete, hair, facial):
    r = parse(text)
    assert concrete.items() <= r.concrete.items()
    assert hair.items() <= r.hair.items() and facial.items() <= r.facial_hair.items()
    assert not any("bushy" in p for p in r.abstract)


@pytest.mark.parametrize("text, phrases", [
    ("her hair is long and wavy", []),  # was "is and wavy hair"
    ("his hair was thick and curly", ["thick hair"]),  # was "hair was thick and curly", no volume
    ("hair, thick and curly", ["thick hair"]),  # "thick" was lost with the read words
])
def test_hair_words_after_the_noun_leave_a_clean_phrase(text, phrases):
    assert parse(text).abstract == phrases


def test_an_aside_is_not_the_next_noun_phrase():
    assert parse("a wide mouth, big eyes").concrete == {"mouth_width": "wide", "eye_size": "big"}
    # an aside of the eyes' words and unknown ones is the eyes' (session 15): wide eyes, "alert eyes"
    r = parse("brown eyes, wide and alert")
    assert r.concrete == {"eye_size": "big", "eye_color": "brown"} and r.abstract == ["alert eyes"]
    assert "length" not in parse("hair, short nose").hair


def test_hair_aside_then_copula_gets_the_colour():
    r = parse("her hair, long and curly, was red")
    assert r.concrete["hair_color"] == "red" and r.hair == {"length": "long", "volume": "curly"}
    assert r.abstract == []


# -- hair made up into a style, make-up amounts (hair_doing.py, features.MAKEUP, body._FEATURE_NOUNS) -------------

@pytest.mark.parametrize("text, style", [
    ("hair made up in braids", "pigtails"),
    ("her hair was made up into a neat bun", "bun"),
    ("made up in two long braids", "pigtails"),
])
def test_hair_made_up_into_a_style_is_no_makeup(text, style):
    r = parse(text)
    assert "makeup" not in r.concrete and r.hair["style"] == style


@pytest.mark.parametrize("text, amount", [
    ("a woman made up like a doll", "light"), ("her face made up in the style of a geisha", "light"),
    ("she was heavily made up", "heavy"), ("heavily made-up eyes", "heavy"), ("lightly made up", "light"),
])
def test_made_up_is_still_makeup_and_its_amount_is_read(text, amount):
    assert parse(text).concrete["makeup"] == amount


def test_heavy_makeup_is_no_fuller_face():
    r = parse("heavy makeup")
    assert r.concrete == {"makeup": "heavy"} and r.fullness == {}
    assert parse("a heavy man").fullness["value"] == "full"


# -- a sheet's cells keep their colours (undrawn._colour_span, extract.forward_scan) ------------------------------

@pytest.mark.parametrize("text, concrete", [
    ("Eyes: blue, Hair: long", {"eye_color": "blue", "scalp_hair": "full"}),
    ("Eyes: violet, Hair: black", {"hair_color": "black"}),
    ("Eyes: blue, green hair", {"eye_color": "blue"}),  # green was the eyes' (a contradiction) and the hair's
])
def test_a_colour_stays_in_its_cell(text, concrete):
    r = parse(text)
    assert r.concrete == concrete
    assert not any("contradiction" in w for w in r.warnings)
    assert not any("hair colour" in w for w in r.warnings) or "green hair" in text


def test_an_undrawn_colour_in_its_own_cell_is_still_said():
    r = parse("Eyes: blue; Hair: pink")
    assert r.concrete == {"eye_color": "blue"}
    assert any("hair colour 'pink' is not drawn" in w for w in r.warnings)
    assert any("hair colour 'green'" in w for w in parse("Eyes: blue, green hair").warnings)


# -- a capitalised first word is still English (language._plain_english) ----------------------------------------

@pytest.mark.parametrize("text", ["Painful toothache", "Hello. Painful toothache", "A painful toothache."])
def test_a_sentence_capital_counts_as_english(text):
    assert parse(text).abstract  # was refused as "no English words were recognised"


@pytest.mark.parametrize("text", ["Elvis Presley", "zzzz qqqq", "Painful Toothache", "Blah blah"])
def test_names_and_gibberish_are_still_refused(text):
    from backend.parser.language import NotEnglish

    with pytest.raises(NotEnglish):
        parse(text)


# -- words after the noun and "at forty-five" (age.py) ----------------------------------------------------------

@pytest.mark.parametrize("text, age, years", [
    ("Now, at forty-five, she smiled", "middle-aged", 45),
    ("At 60 he was still handsome", "old", 60),
    ("at the age of 45, he retired", "middle-aged", 45),
    ("At 30, she had already gone grey.", "young", 30),
])
def test_at_an_age_is_the_age(text, age, years):
    r = parse(text)
    assert r.concrete["age"] == age and r.age_years == years


@pytest.mark.parametrize("text", ["He woke at 11, tired.", "She arrived at 10.", "a woman at 50 mph"])
def test_a_clock_time_or_a_speed_is_no_age(text):
    r = parse(text)
    assert "age" not in r.concrete and r.age_years is None


# -- the main clause after a subordinate one (subject._subordinate) ---------------------------------------------

@pytest.mark.parametrize("text", ["When the girl smiled at him, he frowned",
                                  "When the girl at the desk smiled at him, he only frowned."])
def test_the_main_clause_subject_keeps_his_frown(text):
    r = parse(text)
    assert r.concrete == {"gender": "male", "expression": "frown"}  # was female, young, and a contradiction
    assert any("set aside" in w and "When the girl" in w for w in r.warnings)
    assert not any("contradiction" in w for w in r.warnings)


def test_a_subordinate_clause_about_the_subject_is_kept():
    r = parse("When she smiled, she looked younger")
    assert r.concrete["expression"] == "smile" and not any("set aside" in w for w in r.warnings)


def test_crinkled_is_no_typo_of_wrinkled():
    r = parse("When he laughed, his eyes crinkled")
    assert "age" not in r.concrete and not any("wrinkled" in w for w in r.warnings)


# -- from prompts written as users would (README "Wave 3") ------------------------------------------------------

def test_elven_is_no_typo_of_eleven():
    r = parse("An elven princess with silver hair, pointed ears and violet eyes")
    assert "age" not in r.concrete and r.age_years is None  # was "eleven": a child of 11
    assert "elven princess" in r.abstract


@pytest.mark.parametrize("text, style, kind", [
    ("a young Black woman with box braids", "pigtails", "box braids"),  # was the phrase "box hair"
    ("a woman with a french braid", "braid", "french braid"),
])
def test_a_kind_of_braid_is_a_note_not_a_garbled_phrase(text, style, kind):
    r = parse(text)
    assert r.hair["style"] == style and not any("hair" in p for p in r.abstract)
    assert any(f"'{kind}'" in w and "plain braids" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["auburn hair pinned up", "her hair swept up"])
def test_hair_pinned_up_is_the_updo(text):
    r = parse(text)
    assert r.hair["style"] == "bun" and r.abstract == []


def test_a_possessive_role_leaves_no_apostrophe():
    assert parse("The monk's head was shaved").abstract == ["monk"]


def test_dark_red_eyes_are_no_brown_eyes():
    r = parse("The vampire lord had pale skin, sharp cheekbones and dark red eyes.")
    assert "eye_color" not in r.concrete  # was brown, from "dark"
    assert any("eye colour 'red' is not drawn" in w for w in r.warnings)
    assert not any("eye colour" in w for w in parse("her eyes were red from crying").warnings)  # bloodshot


def test_hair_falling_in_waves_to_the_waist():
    r = parse("Her eyes were grey and her hair fell in dark waves to her waist.")
    assert r.hair == {"volume": "curly", "length": "very_long"} and r.concrete["hair_color"] == "black"
    assert not any("waist" in p for p in r.abstract)
    assert parse("hair that falls to her shoulders").abstract == []


@pytest.mark.parametrize("text, concrete", [
    ("An old fisherman with a face like cracked leather and eyes as blue as the sea",
     {"gender": "male", "age": "old", "eye_color": "blue"}),
    ("hair as black as night", {"hair_color": "black"}),
    ("her skin as pale as milk", {"gender": "female", "skin_tone": "fair"}),
])
def test_a_simile_states_the_value(text, concrete):
    r = parse(text)
    assert r.concrete == concrete and not any(" as " in f" {p} " for p in r.abstract)


@pytest.mark.parametrize("text", ["Age: 40ish", "Age - 40ish"])
def test_age_field_ish_leaves_no_phrase(text):
    r = parse(text)
    assert r.concrete == {"age": "middle-aged"} and r.abstract == []
