"""Character sheets with pipes, cuts and names (wave 2): 'Hair: buzz cut, black', 'Character: Sgt. Reyes'."""
import pytest

from backend.parser import parse

SHEET = "Character: Sgt. Reyes | Age: 40s | Hair: buzz cut, black | Eyes: brown"


@pytest.mark.parametrize("text", [SHEET, SHEET.replace(" | ", "\n")])
def test_pipe_sheet_reads_like_lines(text):
    r = parse(text)
    assert r.concrete["hair_color"] == "black" and r.concrete["eye_color"] == "brown"
    assert r.concrete["age"] == "middle-aged" and r.age_years == 45
    assert not any(w in p for p in r.abstract for w in ("Sgt", "Reyes"))
    assert "a name says nothing about the face, left out: 'Sgt. Reyes'" in r.warnings


@pytest.mark.parametrize("text, colour", [("Hair: crew cut, black", "black"), ("Hair: buzz cut and grey", "gray")])
def test_a_cut_then_a_colour_in_a_field(text, colour):
    assert parse(text).concrete["hair_color"] == colour


@pytest.mark.parametrize("text, name", [
    ("Character: Lena | Age: 28 | Hair: red", "Lena"),
    ("Sir Reginald, a portly old man", "Reginald"),
    ("Name: Sgt. Reyes, grey eyes", "Sgt. Reyes"),
    ("Dr. Lena Park, 40, with green eyes", "Dr. Lena Park"),
])
def test_names_after_character_and_titles_are_no_phrases(text, name):
    r = parse(text)
    assert f"a name says nothing about the face, left out: {name!r}" in r.warnings
    assert not any(w in p for p in r.abstract for w in name.replace(".", "").split())


def test_a_titled_name_keeps_the_title_gender_and_the_age():
    assert parse("Sir Reginald, a portly old man").concrete["gender"] == "male"
    assert parse("Dr. Lena Park, 40, with green eyes").concrete["age"] == "middle-aged"


def test_a_described_character_is_no_name():
    r = parse("Character: grizzled old soldier with grey eyes")
    assert r.concrete["age"] == "old" and not any("name says nothing" in w for w in r.warnings)
