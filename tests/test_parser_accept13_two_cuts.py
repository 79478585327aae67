"""Acceptance 13, item 4: a second named cut is named in a "hairstyle not modelled" note, not dropped silently."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text,first,second", [
    ("a woman with cornrows and a middle parting", "cornrows", "a middle part"),
    ("a man with a faux-hawk and an undercut", "faux_hawk", "an undercut"),
])
def test_second_cut_is_named(text, first, second):
    r = parse(text)
    assert r.hair.get("cut") == first and "also" not in r.hair
    assert any(w.startswith("hairstyle not modelled: " + second) for w in r.warnings)


def test_one_cut_twice_has_no_note():
    assert not any("hairstyle not modelled" in w for w in parse("a man with a mohawk, a tall mohawk").warnings)
