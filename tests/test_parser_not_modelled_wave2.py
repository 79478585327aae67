"""Named features the head cannot show get a note, not only a CLIP phrase (wave 2)."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, name", [
    ("a woman with a bindi", "a bindi"), ("a man with a missing eye", "a missing eye"),
    ("a man missing one eye", "a missing eye"), ("a boxer with a broken nose", "a broken nose"),
    ("a wrestler with cauliflower ears", "cauliflower ears"), ("a very asymmetric face", "an asymmetric face"),
    ("a punk with gauges in his ears", "ear gauges"),
])
def test_not_modelled_note_and_no_phrase(text, name):
    r = parse(text)
    note = [w for w in r.warnings if w.startswith("not modelled:")]
    assert note and name in note[0], r.warnings
    assert not any(w in p.lower() for p in r.abstract for w in name.split()[-1:]), r.abstract


def test_a_person_missing_an_eye_keeps_the_gender():
    # "missing" after a person noun is no denial of the person (was: gender female, male denied)
    r = parse("a man missing one eye")
    assert r.concrete["gender"] == "male" and r.denied == {}


@pytest.mark.parametrize("text", ["black nail polish", "a woman with long red nails"])
def test_nails_are_said_to_be_left_out(text):
    r = parse(text)
    assert any(w.startswith("not about the face, left out:") and "nail" in w for w in r.warnings)
    assert not any("nail" in p for p in r.abstract)


@pytest.mark.parametrize("text, people", [("an Inuit man", "Inuit"), ("a Native American elder", "Native American"),
                                          ("a Maori woman", "Maori")])
def test_a_people_without_an_ancestry_prior_is_said(text, people):
    r = parse(text)
    assert "ancestry" not in r.concrete
    assert any(w.startswith(f"no ancestry prior for {people}") for w in r.warnings), r.warnings


def test_a_read_ancestry_needs_no_such_note():
    assert not any("no ancestry prior" in w for w in parse("a Mongolian man").warnings)
