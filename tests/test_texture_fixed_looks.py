"""Refinement never moves params version 17's and 18's stated looks and ways of drawing (backend/refine/texture.py
ALWAYS_FIXED): before, CLIP could turn a stated dark lipstick red, a silver scalp grey, a covered scalp patchy, a stated
blue eyeliner another colour, or the beard's strokes back toward versions <= 16's comb."""
from backend.refine.texture import ALWAYS_FIXED
from backend.texture.params import added_after


def test_every_field_of_versions_17_and_18_is_fixed_in_refinement():
    assert set(added_after(16)) <= set(ALWAYS_FIXED), sorted(set(added_after(16)) - set(ALWAYS_FIXED))
