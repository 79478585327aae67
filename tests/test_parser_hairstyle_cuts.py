"""Named haircuts and head coverings (backend/parser/hair_cuts.py): read into ParseResult.hair, negations denied,
the covering's not-modelled note says what happens to the hair, cut-only phrases kept from CLIP."""
import pytest

from backend.parser import parse

CUTS = [
    ("a man with cornrows", "cornrows"),
    ("a young man with a mohawk", "mohawk"),
    ("a punk with a mohican", "mohawk"),
    ("a man with a faux-hawk", "faux_hawk"),
    ("slicked back black hair", "slicked_back"),
    ("a man with slicked-back hair", "slicked_back"),
    ("a woman with her hair swept back", "slicked_back"),
    ("a woman with a side part", "side_part"),
    ("a man with side-parted hair", "side_part"),
    ("a woman with a middle part", "middle_part"),
    ("a man with an undercut", "undercut"),
    ("a man with long dreadlocks", "dreadlocks"),
    ("a woman with locs", "dreadlocks"),
    ("a woman with a top knot", "top_knot"),
    ("a man with a man bun", "top_knot"),
]


@pytest.mark.parametrize("prompt,cut", CUTS)
def test_named_cut_is_read(prompt, cut):
    assert parse(prompt).hair.get("cut") == cut


def test_long_means_long_not_shoulder():
    assert parse("a man with long dreadlocks").hair["length"] == "long"
    assert parse("a man with dreadlocks").hair["length"] == "shoulder"  # the default of the noun


def test_top_knot_is_a_bun_and_golden_locks_are_no_dreadlocks():
    assert parse("a woman with a top knot").hair["style"] == "bun"
    assert "cut" not in parse("a girl with golden locks").hair


@pytest.mark.parametrize("prompt,cut", [("a man with no mohawk", "mohawk"), ("a woman without cornrows", "cornrows")])
def test_negated_cut_is_denied(prompt, cut):
    hair = parse(prompt).hair
    assert "cut" not in hair and cut in hair["denied"]


@pytest.mark.parametrize("text", ["dreadlocks", "slicked-back hair"])
def test_named_cuts_imply_the_scalp_and_are_no_phrases(text):
    """The hair mesh draws them (CLIP cannot move it; tests/test_parser_scalp.py had them as phrases)."""
    r = parse(text)
    assert r.concrete == {"scalp_hair": "full"} and r.abstract == [] and r.hair.get("cut"), r.to_dict()


def test_cut_only_phrases_are_not_kept_for_clip_others_are():
    assert parse("a young man with a mohawk").abstract == []
    assert parse("slicked back black hair").abstract == []
    assert parse("a man with a ponytail").abstract == []  # read into `hair` (hair_phrases.py)
    r = parse("a side part")
    assert r.hair == {"cut": "side_part"} and not any("nothing in the description" in w for w in r.warnings)


@pytest.mark.parametrize("prompt,name", [
    ("a woman wearing a hijab", "a hijab"), ("a man in a turban", "a turban"), ("a woman in a headscarf", "a headscarf"),
    ("a woman in a niqab", "a niqab"), ("a man wearing a hood", "a hood"), ("a nun in a wimple", "a wimple"),
    ("a man in a baseball cap", "a cap"), ("a woman in a beanie", "a beanie"), ("a soldier in a helmet", "a helmet"),
    ("a man in a fedora", "a fedora")])
def test_covering_is_read_and_its_note_says_no_hair_mesh_once(prompt, name):
    r = parse(prompt)
    assert r.hair["covering"] == name
    notes = [w for w in r.warnings if name.split()[-1] in w]
    assert len(notes) == 1 and f"no hair mesh under {name}" in notes[0] and "Blender" in notes[0], r.warnings
    assert name.split()[-1] not in " ".join(r.abstract)


def test_hijab_note_keeps_the_other_items():
    r = parse("a woman wearing a hijab and glasses")
    [note] = [w for w in r.warnings if w.startswith("not modelled")]
    assert "glasses" in note and "no hair mesh under a hijab; add these in Blender" in note


def test_stated_hair_below_a_hat_is_kept_in_the_note():
    r = parse("a man with a ponytail under a cap")
    assert r.hair["style"] == "ponytail" and r.hair["covered"] == "hat"
    assert any("the stated hair is kept" in w for w in r.warnings)


def test_denied_covering_is_no_covering():
    assert "covered" not in parse("a man with long hair and no hat").hair
