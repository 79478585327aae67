"""Params version 19's scars (backend/texture/scars.py): painted at the stated place, on the person's own side."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture.atlas import SLOTS
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, TextureParamsError, added_after, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.scars import FIELDS, places_from, scar_maps

SIZE = 256


def _core_centre(face_model, field, seed=1):
    core = scar_maps(face_model, SIZE, seed, field)[0].numpy()
    pos = atlas_fields(face_model, SIZE).slots["face"].pos
    assert core.max() > 0.5, f"{field}: no line drawn"
    w = core * (core > 0.5)
    return (pos * w).reshape(3, -1).sum(1) / w.sum()


def test_the_persons_left_is_plus_x(face_model):
    # the convention scars.py paints by: the ICT head faces +Z, its left iris and its eyeBlink_L lid at x > 0
    assert face_model.neutral[face_model.regions["iris_left"]][:, 0].mean() > 2.0
    assert face_model.neutral[face_model.regions["iris_right"]][:, 0].mean() < -2.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_scar_lies_at_its_place_and_side(face_model, seed):
    f = atlas_fields(face_model, SIZE).slots["face"]
    lips = f.pos[:, f.extra["lips"] > 0.5].mean(1)
    brow = f.pos[:, f.extra["brow"] > 0.5].mean(1)
    left, right = _core_centre(face_model, "scar_left_cheek", seed), _core_centre(face_model, "scar_right_cheek", seed)
    assert left[0] > 2.0 and right[0] < -2.0  # the cheek of the side said, beside the nose
    assert lips[1] - 1.0 < left[1] < brow[1] - 1.0  # between the mouth and the brow: the cheek
    lb, rb = _core_centre(face_model, "scar_left_brow", seed), _core_centre(face_model, "scar_right_brow", seed)
    assert lb[0] > 1.5 and rb[0] < -1.5 and abs(lb[1] - brow[1]) < 1.0 and abs(rb[1] - brow[1]) < 1.0
    chin = _core_centre(face_model, "scar_chin", seed)
    assert abs(chin[0]) < 1.5 and lips[1] - 4.5 < chin[1] < lips[1] - 2.0
    fore = _core_centre(face_model, "scar_forehead", seed)
    assert abs(fore[0]) < 3.0 and fore[1] > brow[1] + 1.0
    lip = _core_centre(face_model, "scar_lip", seed)
    assert abs(lip[0]) < 1.5 and abs(lip[1] - lips[1]) < 1.2


def test_the_parsers_places_become_fields():
    assert places_from({"count": 1, "places": ["left_cheek"]}, 0) == {"scar_left_cheek": 1.0}
    assert places_from({"count": 1, "places": ["right_eyebrow"]}, 0) == {"scar_right_brow": 1.0}
    assert places_from({}, 0) == {} and places_from(None, 0) == {}
    sides = {tuple(places_from({"count": 1, "places": ["cheek"]}, s)) for s in range(20)}
    assert sides == {("scar_left_cheek",), ("scar_right_cheek",)}  # a side not said: drawn from the seed
    two = places_from({"count": 3, "places": ["chin"]}, 4)  # scars counted beyond the places named: seeded places
    assert len(two) == 3 and "scar_chin" in two
    assert len(places_from({"count": 1, "places": []}, 0)) == 1  # "a scarred man": one, somewhere common


def test_a_bad_scar_is_a_clear_error():
    with pytest.raises(TextureParamsError, match="scar place 'nose'"):
        params_from_code({"gender": "male"}, 0, scar={"count": 1, "places": ["nose"]})
    with pytest.raises(TextureParamsError, match="scar must be"):
        params_from_code({"gender": "male"}, 0, scar={"count": 1, "places": "chin"})


def test_a_scar_draws_no_other_field():
    code = {"gender": "male", "age": "middle-aged", "beard": "stubble"}
    plain = params_from_code(code, 5)
    scarred = params_from_code(code, 5, scar={"count": 2, "places": ["cheek"]})
    assert replace(scarred, scar_tone=0.0, **{k: 0.0 for k in FIELDS}) == plain  # (the tone: test_texture_scar_tone)
    assert sum(getattr(scarred, k) for k in FIELDS) == 2.0


def test_older_heads_have_no_scar():
    old = {k: v for k, v in TextureParams().to_dict().items() if k not in added_after(18)}
    assert all(getattr(TextureParams.from_dict({**old, "version": 18}), k) == 0.0 for k in FIELDS)
    with pytest.raises(TextureParamsError, match="have no scar_chin"):
        TextureParams.from_dict({**old, "version": 18, "scar_chin": 1.0})


def _lab(img):
    rows, cols = SLOTS["face"].pixels(img.shape[1])
    return srgb_to_lab(img[:, rows, cols].permute(1, 2, 0).numpy())


@pytest.mark.parametrize("tone", ["fair", "dark"])
def test_the_scar_is_a_pale_pinkish_line_and_changes_nothing_else(face_model, tone):
    code = {"gender": "male", "age": "young", "skin_tone": tone}
    p = params_from_code(code, 2, scar={"count": 1, "places": ["left_cheek"]}, looks={"scar": "pale"})
    with torch.no_grad():
        plain = albedo(replace(p, scar_left_cheek=0.0), SIZE, 2, face_model)
        scarred = albedo(p, SIZE, 2, face_model)
    core, edge, gap = (m.numpy() for m in scar_maps(face_model, SIZE, 2, "scar_left_cheek"))
    rows, cols = SLOTS["face"].pixels(SIZE)
    touched = np.zeros((SIZE, SIZE), bool)
    touched[rows, cols] = (core > 0) | (edge > 0) | (gap > 0)
    assert torch.equal(plain[:, ~torch.from_numpy(touched)], scarred[:, ~torch.from_numpy(touched)])
    a, b = _lab(plain), _lab(scarred)
    line = core > 0.6
    assert line.sum() > 5
    assert b[line, 0].mean() > a[line, 0].mean() + 2.5  # paler (the line is ~1 texel wide at 256: partly skin)
    assert b[line, 1].mean() > a[line, 1].mean() - 0.5  # and no less pink (a*) than the skin it replaces


def test_a_scar_through_the_brow_breaks_its_hair(face_model):
    code = {"gender": "female", "age": "young", "skin_tone": "fair", "hair_color": "black"}
    p = params_from_code(code, 1, scar={"count": 1, "places": ["right_eyebrow"]})
    with torch.no_grad():
        plain = albedo(replace(p, scar_right_brow=0.0), SIZE, 1, face_model)
        scarred = albedo(p, SIZE, 1, face_model)
    f = atlas_fields(face_model, SIZE).slots["face"]
    gap = scar_maps(face_model, SIZE, 1, "scar_right_brow")[2].numpy()
    hair = (gap > 0.9) & (f.extra["brow"] > 0.5)
    assert hair.sum() > 2
    before, after = _lab(plain)[hair, 0].mean(), _lab(scarred)[hair, 0].mean()
    assert after > before + 15.0  # the dark brow hair is gone from the scar, the pale tissue shows


def test_the_texture_model_paints_the_parsers_scar(face_model):
    from backend.texture import make_texture_model

    tm = make_texture_model("parametric", model=face_model)
    r = tm.generate({"gender": "male"}, seed=3, size=SIZE, scar={"count": 1, "places": ["chin"]})
    assert r.params["scar_chin"] == 1.0 and r.params["version"] == 19
    again = tm.from_params(r.params, seed=3, size=SIZE)
    assert np.array_equal(again.image, r.image)
