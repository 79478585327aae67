"""Acceptance 13, item 2: a named cut with hair implies scalp hair, so no seed paints the scalp shaved under it."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text", ["a man with a faux-hawk", "a man with a mohawk", "a man with a top knot",
                                  "a man with a man bun", "a man with an undercut", "a woman with a side part"])
def test_cut_implies_scalp_hair(text):
    r = parse(text)
    assert r.hair.get("cut")
    assert r.concrete.get("scalp_hair") == "full"


def test_stated_scalp_wins():
    assert parse("a bald man with a mohawk").concrete.get("scalp_hair") == "bald"
