"""Params version 15: greying hair as fine mixed strands (grey_strands, scalp_grain.py), cornrows down the back side by
side (cornrow_nape, scalp_cuts.py) and the first signs of age in the thirties and forties (age_cues, age_skin.py).

Before: the README's head (grey salt and pepper crop) showed white and dark patches at preview size; cornrows met in a
star at the occiput; nothing of age showed below ~40.  A version-14 head loads with the three at 0 and reads none of
the new maps (checked bit for bit against the version-14 code when this was written; here: the maps are not read)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import age_measures as am
from backend.texture import scalp_cuts
from backend.texture.grey_hair_measures import scalp_blotchiness
from backend.texture.parametric import albedo
from backend.texture.params import PARAMS_VERSION, TextureParams, TextureParamsError, _ageing, added_after, params_from_code
from backend.texture.scalp_cut_measures import rows_crossed

NEW = ("grey_strands", "cornrow_nape", "age_cues")
from backend.texture.evaluate_v15 import BLOTCH_SHARE_FALL, BLOTCH_STD_FALL, GREY, GREYING  # (the README's head)
CORNROWS = {"gender": "female", "age": "young", "hair_color": "black", "skin_tone": "medium"}
WOMAN = {"gender": "female", "skin_tone": "fair"}


def _img(face_model, p, seed=0, size=512):
    with torch.no_grad():
        return albedo(p, size, seed, face_model)


def _v14(p: TextureParams) -> TextureParams:
    return TextureParams.from_dict({k: v for k, v in p.to_dict().items() if k not in added_after(14)} | {"version": 14})


def test_version_14_heads_load_without_the_new_drawing_and_read_none_of_it(face_model, monkeypatch):
    from backend.texture import seeded

    assert PARAMS_VERSION >= 15 and set(added_after(14)) - set(added_after(15)) == set(NEW)
    p = _v14(replace(params_from_code(CORNROWS, 0, cut="cornrows"), age=0.45, hair_grey=0.4))
    assert (p.grey_strands, p.cornrow_nape, p.age_cues) == (0.0, 0.0, 0.0)
    with pytest.raises(TextureParamsError, match="version 14 have no grey_strands"):
        TextureParams.from_dict(dict(p.to_dict(), version=14))
    before = _img(face_model, p, 0, 256)
    geo = seeded.torch_geometry(face_model, 256)
    for slot in ("face", "back"):  # the first lines' map
        monkeypatch.setitem(geo[slot], "crease_early", geo[slot]["crease_early"] * 0.5 + 0.3)
    monkeypatch.setattr(scalp_cuts, "NAPE_REACH", 2.0)
    monkeypatch.setattr("backend.texture.age_skin.EARLY_MOTTLE", 5.0)
    fields = seeded.seed_fields(face_model, 256, 0)
    for slot in ("face", "back"):  # the finer tufts
        for _, n in fields.skin[slot].scalp:
            n.grain_fine.add_(0.7)
    try:
        assert torch.equal(before, _img(face_model, p, 0, 256))
    finally:
        seeded.seed_fields.cache_clear()
    for change in ({"grey_strands": 1.0}, {"cornrow_nape": 1.0}, {"age_cues": 1.0}):
        assert not torch.equal(before, _img(face_model, replace(p, **change), 0, 256)), change


def test_a_new_head_draws_the_new_way_and_refinement_keeps_it():
    from backend.refine.texture import ALWAYS_FIXED

    p = params_from_code(GREYING, 1)
    assert (p.grey_strands, p.cornrow_nape, p.age_cues) == (1.0, 1.0, 1.0) and set(NEW) <= set(ALWAYS_FIXED)


@pytest.mark.parametrize("seed", [0, 1])
def test_greying_hair_reads_as_fine_strands_not_patches(face_model, seed):
    p = replace(params_from_code(GREYING, seed), hair_grey=GREY)
    before = scalp_blotchiness(_img(face_model, replace(p, grey_strands=0.0), seed, 1024), face_model)
    after = scalp_blotchiness(_img(face_model, p, seed, 1024), face_model)
    assert after[0] < BLOTCH_STD_FALL * before[0] and after[1] < BLOTCH_SHARE_FALL * before[1], (before, after)


def test_cornrows_run_down_the_back_side_by_side_not_into_a_star(face_model):
    p = params_from_code(CORNROWS, 0, cut="cornrows")
    star = rows_crossed(_img(face_model, replace(p, cornrow_nape=0.0)), face_model)
    down = rows_crossed(_img(face_model, p), face_model)
    assert max(down.values()) <= 2 and max(star.values()) >= 6, (star, down)


def _at_age(age: float, cues: float, seed: int) -> TextureParams:
    return replace(_ageing(replace(params_from_code(WOMAN, seed), age=age), seed), age_cues=cues)


def test_the_first_lines_show_from_the_thirties_and_none_at_30(face_model):
    def lines(age, cues, seed=0):
        c = am.crease_contrast(_img(face_model, _at_age(age, cues, seed), seed), face_model)
        return np.array([c["eyes"], c["mouth"]])
    young = lines(0.25, 1.0)
    assert np.allclose(young, lines(0.25, 0.0)) and np.allclose(lines(0.3, 1.0), lines(0.3, 0.0), atol=0.05)
    # eye corners and nasolabial folds darker than at 25 (L*), deeper at 45 than at 35; before, none at 35
    gain35, gain45 = lines(0.35, 1.0) - young, lines(0.45, 1.0) - young
    assert (gain35 < -0.8).all() and (gain45 < gain35 - 1.0).all(), (gain35, gain45)
    assert (lines(0.35, 0.0) - young > -0.3).all()
    # the forehead and neck wait for wrinkle_depth: the same with and without
    c0, c1 = (am.crease_contrast(_img(face_model, _at_age(0.45, k, 0)), face_model) for k in (0.0, 1.0))
    assert c0["forehead"] == pytest.approx(c1["forehead"], abs=0.05) and c0["neck"] == pytest.approx(c1["neck"], abs=0.05)


def test_skin_turns_a_little_uneven_from_the_thirties(face_model):
    std = {(a, k): am.skin_unevenness(_img(face_model, _at_age(a, k, 0)), face_model)
           for a in (0.25, 0.45) for k in (0.0, 1.0)}
    assert std[(0.25, 1.0)] == pytest.approx(std[(0.25, 0.0)]) and std[(0.45, 1.0)] > std[(0.45, 0.0)] + 0.05, std
