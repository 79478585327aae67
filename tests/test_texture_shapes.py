"""Params version 11: brows in the hair's colour and in a band of their stated height, the mustache's shape, a long
beard down the neck and smoky eye shadow (backend/texture/parametric.py; measures: face_hair_measures.py).

Before, red and blond brows read grey-brown (eumelanin added, the scalp's pheomelanin, see-through strands), heavy
brows were the band of every brow, a full beard ended under the jaw whatever its length, and heavy eye make-up was
mostly eyeliner.  A version-10 head loads with brow_fill 0, brow_height 0.5, mustache_shape 0.5, beard_length 0 and
shadow_spread 0, and draws bit for bit as before (checked against the version-10 code when this was written; here:
none of the new fields and maps is read)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import face_hair_measures as fm
from backend.texture.parametric import albedo
from backend.texture.params import PARAMS_VERSION, TextureParams, TextureParamsError, added_after, params_from_code
from backend.texture.pigments import hair_colour, to_srgb
from backend.texture.quality import srgb_to_lab

SIZE = 512
NEW = ("brow_pheomelanin", "brow_fill", "brow_height", "mustache_shape", "beard_length", "shadow_spread")
MAN = {"gender": "male"}
BROW_HAIR_DE = 15.0  # Delta E between the brow hairs and the scalp hair (red brows before: 18-25)


def _img(face_model, p, seed, size=SIZE):
    with torch.no_grad():
        return albedo(p, size, seed, face_model)


def _v10(p: TextureParams) -> TextureParams:
    return TextureParams.from_dict({k: v for k, v in p.to_dict().items() if k not in added_after(10)} | {"version": 10})


def test_version_10_heads_load_with_the_old_drawing_and_read_none_of_the_new(face_model, monkeypatch):
    from backend.texture import seeded

    assert PARAMS_VERSION >= 11 and set(added_after(10)) - set(added_after(11)) == set(NEW)
    code = {"gender": "male", "age": "old", "beard": "full", "hair_color": "red", "eyebrow_density": "thick",
            "makeup": "heavy"}
    p = _v10(params_from_code(code, 0))
    assert (p.brow_fill, p.brow_height, p.mustache_shape, p.beard_length, p.shadow_spread) == (0.0, 0.5, 0.5, 0.0, 0.0)
    assert p.brow_pheomelanin == p.hair_pheomelanin
    with pytest.raises(TextureParamsError, match="version 10 have no brow_pheomelanin"):
        TextureParams.from_dict(dict(p.to_dict(), version=10))
    before = _img(face_model, p, 0, 256)
    geo, noise = seeded.torch_geometry(face_model, 256), seeded.seed_fields(face_model, 256, 0)
    for slot in ("face", "back"):
        for key in ("brow_dist", "brow_wide_along", "mustache_thin", "mustache_thick", "beard_below", "beard_side",
                    "smoky"):
            monkeypatch.setitem(geo[slot], key, geo[slot][key] * 0.5 + 0.3)
        n = noise.skin[slot]
        monkeypatch.setitem(noise.skin, slot, replace(n, brow_wide_strands=n.brow_wide_strands + 1.0,
                                                      neck_strands=n.neck_strands + 1.0))
    assert torch.equal(before, _img(face_model, p, 0, 256))
    for change in ({"brow_fill": 1.0}, {"mustache_shape": 0.0}, {"beard_length": 0.5}, {"shadow_spread": 0.5}):
        assert not torch.equal(before, _img(face_model, replace(p, **change), 0, 256)), change


def test_draws_fill_the_new_fields():
    thick = params_from_code(dict(MAN, eyebrow_density="thick"), 0)
    thin = params_from_code(dict(MAN, eyebrow_density="sparse"), 0)
    assert thick.brow_fill == thin.brow_fill == 1.0 and thin.brow_height < 0.3 < 0.75 < thick.brow_height
    old = params_from_code({"gender": "male", "age": "old", "beard": "full"}, 1)
    young = params_from_code({"gender": "male", "age": "young", "beard": "full"}, 1)
    stubble = params_from_code({"gender": "male", "age": "old", "beard": "stubble"}, 1)
    assert young.beard_length < old.beard_length and stubble.beard_length == 0.0
    assert params_from_code({"gender": "female", "makeup": "heavy"}, 0).shadow_spread > 0.5
    assert params_from_code({"gender": "female", "makeup": "light"}, 0).shadow_spread == 0.0
    # their own stream: every field drawn before version 11 is drawn as it was
    p = params_from_code(dict(MAN, eyebrow_density="thick", hair_color="red"), 3)
    assert 0.0 < p.brow_height < 1.0 and 0.0 < p.brow_pheomelanin <= 1.0


@pytest.mark.parametrize("colour", ["red", "blond", "black", "brown"])
def test_brow_pigment_is_the_hairs_never_lighter(colour):
    for seed in range(3):
        p = params_from_code({"hair_color": colour}, seed)
        brow = srgb_to_lab(to_srgb(hair_colour(torch.tensor(p.brow_eumelanin), torch.tensor(p.brow_pheomelanin))
                                   ).double().numpy())
        hair = srgb_to_lab(to_srgb(hair_colour(torch.tensor(p.hair_eumelanin), torch.tensor(p.hair_pheomelanin))
                                   ).double().numpy())
        hue = lambda lab: np.degrees(np.arctan2(lab[2], lab[1]))  # noqa: E731
        assert hair[0] - 17.0 <= brow[0] <= hair[0] + 1e-6, (colour, seed, brow, hair)
        assert abs(hue(brow) - hue(hair)) < 6.0, (colour, seed, brow, hair)  # the same hue, a shade darker


@pytest.mark.parametrize("code", [{"gender": "female", "hair_color": "red"}, {"gender": "male", "hair_color": "blond"},
                                  {"gender": "male", "age": "young", "hair_color": "black"}])
def test_brows_read_in_the_hairs_colour(face_model, code):
    for seed in range(2):
        p = params_from_code(dict(code, scalp_hair="full"), seed)
        brow, hair = fm.brow_and_hair_colour(_img(face_model, p, seed), face_model)
        assert np.linalg.norm(brow - hair) < BROW_HAIR_DE, (seed, brow, hair)


def test_heavy_brows_are_larger_and_thin_ones_smaller(face_model):
    for seed in range(2):
        thick = params_from_code(dict(MAN, eyebrow_density="thick"), seed)
        thin = params_from_code(dict(MAN, eyebrow_density="sparse"), seed)
        area = {name: fm.brow_cover_cm2(_img(face_model, p, seed), face_model)
                for name, p in (("thick", thick), ("thick v10", _v10(thick)), ("thin", thin))}
        assert area["thick"] > 1.5 * area["thick v10"] and area["thin"] < 0.25 * area["thick"], (seed, area)


def test_mustache_shapes(face_model):
    p = params_from_code(dict(MAN, beard="mustache", hair_color="black"), 0)
    cover = {k: fm.mustache_cover(_img(face_model, replace(p, mustache_shape=k), 0), face_model)
             for k in (0.0, 0.5, 1.0)}
    assert cover[0.0][0] < 0.1 and cover[0.0][1] < 0.2, cover  # a line just above the lip
    assert cover[0.5][0] < 0.2 and cover[0.5][1] > 0.5, cover  # versions <= 10: nose to lip
    assert cover[1.0][0] > 0.8 and cover[1.0][1] > 0.8, cover  # over the upper lip


def test_a_long_beard_hangs_down_the_neck(face_model):
    p = params_from_code({"gender": "male", "age": "old", "beard": "full", "beard_color": "gray"}, 0)
    reach = {k: fm.beard_reach_cm(_img(face_model, replace(p, beard_length=k), 0), face_model) for k in (0.0, 0.25, 1.0)}
    assert reach[0.0] <= 1.0 and 1.5 <= reach[0.25] <= 3.0 and reach[1.0] >= 7.0, reach
    stubble = params_from_code({"gender": "male", "age": "old", "beard": "stubble"}, 0)
    assert fm.beard_reach_cm(_img(face_model, stubble, 0), face_model) == 0.0


def test_smoky_eyes_blend_out_past_the_lid(face_model):
    for seed in range(2):
        p = params_from_code({"gender": "female", "makeup": "heavy"}, seed)
        lid, out = fm.smoky_depth(_img(face_model, p, seed), face_model)
        lid0, out0 = fm.smoky_depth(_img(face_model, replace(p, shadow_spread=0.0), seed), face_model)
        assert out > 5.0 and out > 2.0 * out0 and lid > lid0 + 3.0, (seed, lid, out, lid0, out0)


def test_refinement_keeps_the_way_of_drawing_brows(face_model):
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs

    layout = atlas_uvs(face_model)
    now = params_from_code(MAN, 0).to_dict()
    for start in (now, {k: v for k, v in now.items() if k not in added_after(10)} | {"version": 10}):
        problem = parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, {}, "cpu", face_model)
        assert "brow_fill" not in problem.params
        kept = problem.finish({k: v.detach().numpy() + 0.1 for k, v in problem.params.items()})[1]
        assert kept["brow_fill"] == TextureParams.from_dict(start).brow_fill
