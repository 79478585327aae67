"""Params version 14: a named cut on the painted scalp (backend/texture/scalp_cuts.py; params.py CUT_SCALP).

Before: a mohawk's crest (backend/hair/crest.py) stood on a normal painted crop, an undercut's sides and back were a
normal crop and cornrows were the plain close crop.  A version-13 head loads with side_shave, shave_shape and
cornrows 0 and reads none of the new maps (its drawing is the crop as before)."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from backend.hair.style import choose
from backend.parser import parse
from backend.texture import scalp_cuts
from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo
from backend.texture.params import CUT_SCALP, TextureParams, added_after, params_from_code
from backend.texture.seeded import torch_geometry

SIZE = 512
MAN = {"gender": "male", "age": "young", "hair_color": "black", "skin_tone": "fair", "scalp_hair": "full"}
NEW = ("side_shave", "shave_shape", "cornrows")


def _img(face_model, p, seed=0):
    with torch.no_grad():
        return albedo(p, SIZE, seed, face_model)


def _slot(face_model, img, slot):
    """(luminance (h, w), positions (3, h, w), scalp mask) of a skin slot of the atlas image."""
    rows, cols = SLOTS[slot].pixels(SIZE)
    g = torch_geometry(face_model, SIZE)[slot]
    return img[:, rows, cols].mean(0), g["pos"], g["scalp_mask"] & (g["seam"] < 0.5)


def test_version_13_heads_paint_the_crop_and_read_none_of_the_new(face_model, monkeypatch):
    assert set(NEW) <= set(added_after(13)) and not set(NEW) & set(added_after(14))
    p = TextureParams.from_dict({k: v for k, v in params_from_code(MAN, 0, cut="mohawk").to_dict().items()
                                 if k not in added_after(13)} | {"version": 13})
    assert (p.side_shave, p.shave_shape, p.cornrows) == (0.0, 0.0, 0.0)
    before = _img(face_model, p)

    def unread(*_):
        raise AssertionError("a version-13 head read a cut's map")
    monkeypatch.setattr(scalp_cuts, "shaved_zone", unread)
    monkeypatch.setattr("backend.texture.scalp_hair.rows", unread)
    assert torch.equal(before, _img(face_model, p))
    monkeypatch.undo()
    for cut in CUT_SCALP:
        assert not torch.equal(before, _img(face_model, params_from_code(MAN, 0, cut=cut))), cut


def test_a_cut_sets_its_fields_and_nothing_else():
    plain = params_from_code(MAN, 3)
    for cut, values in CUT_SCALP.items():
        p = params_from_code(MAN, 3, cut=cut)
        assert tuple(getattr(p, k) for k in NEW) == values and replace(p, **dict.fromkeys(NEW, 0.0)) == plain
    for other in ("slicked_back", "side_part", "dreadlocks", "top_knot", None):
        assert params_from_code(MAN, 3, cut=other) == plain


def _lighter(face_model, cut, where, seed=0):
    """Mean luminance of the scalp texels `where` (positions -> mask), with the cut minus without, face and back."""
    with_cut, plain = _img(face_model, params_from_code(MAN, seed, cut=cut), seed), _img(face_model, params_from_code(MAN, seed), seed)
    out = []
    for slot in ("face", "back"):
        a, pos, scalp = _slot(face_model, with_cut, slot)
        b, _, _ = _slot(face_model, plain, slot)
        m = scalp & where(pos)
        out.append(float((a[m] - b[m]).mean()) if bool(m.any()) else 0.0)
    return out


@pytest.mark.parametrize("cut", ["mohawk", "faux_hawk"])
def test_a_mohawk_shaves_the_sides_and_keeps_the_strip(face_model, cut):
    sides = _lighter(face_model, cut, lambda pos: (pos[0].abs() > 3.5) & (pos[1] > 6.0))
    strip = _lighter(face_model, cut, lambda pos: (pos[0].abs() < 1.0) & (pos[1] > 11.0))
    assert min(sides) > 0.15 and max(abs(s) for s in strip) < 0.02, (sides, strip)  # black hair on fair skin


def test_an_undercut_shaves_below_the_temples_and_keeps_the_top(face_model):
    below = _lighter(face_model, "undercut", lambda pos: pos[1] < 7.5)
    top = _lighter(face_model, "undercut", lambda pos: pos[1] > 10.5)
    assert min(below) > 0.15 and max(abs(t) for t in top) < 0.02, (below, top)


def test_cornrows_are_rows_front_to_back_with_scalp_between(face_model):
    def profile(p):  # mean luminance in 0.25 cm bins across the top of the head (back tile, y 12-13 cm, |x| < 5)
        lum, pos, scalp = _slot(face_model, _img(face_model, p), "back")
        band = scalp & (pos[1] > 12.0) & (pos[1] < 13.0) & (pos[0].abs() < 5.0)
        bins = ((pos[0][band] + 5.0) / 0.25).long()
        return torch.zeros(40).index_add(0, bins, lum[band]) / torch.zeros(40).index_add(0, bins, torch.ones_like(lum[band])).clamp_min(1)
    plain, rows = profile(params_from_code(MAN, 0)), profile(params_from_code(MAN, 0, cut="cornrows"))
    bare = rows > plain.mean() + 0.1  # skin between the rows: far lighter than black hair
    changes = int((bare[1:] != bare[:-1]).sum())
    assert changes >= 6 and not bool((plain > plain.mean() + 0.1).any()), (changes, rows, plain)


def _note(prompt, params):
    r = parse(prompt)
    return [n for n in choose(r.hair, r.concrete, params, 0)[1] if n.startswith("hairstyle not modelled")]


def test_the_hair_note_says_what_the_painted_scalp_draws():
    cornrows = params_from_code(MAN, 0, cut="cornrows").to_dict()
    undercut = params_from_code(MAN, 0, cut="undercut").to_dict()
    assert _note("a man with cornrows", cornrows) == [
        "hairstyle not modelled: cornrows — painted as rows, no hair mesh; shape it in Blender or use --hair none"]
    (said,) = _note("a man with an undercut", undercut)
    assert "sides not shaved" not in said and "painted sides and back are shaved" in said
    # a texture that did not paint them (version <= 13, or another model): the notes as before
    assert "(sides not shaved)" in _note("a man with an undercut", params_from_code(MAN, 0).to_dict())[0]
