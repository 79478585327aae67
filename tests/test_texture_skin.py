"""Skin of the parametric albedo: sun spots of older heads (measured in the albedo, 512^2)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, params_from_code

SIZE = 512


def test_old_fair_skin_gets_round_sun_spots_not_specks(face_model):
    """Old heads drew age spots as a thresholded fine noise: 300-400 small dark specks and streaks per
    face, under half of their area in round spots, read as dirt or scratches (and as many on the
    shoulders).  Sun spots are round soft macules, on sun-exposed skin, fewer in darker skin."""
    for seed in range(2):
        p = params_from_code({"age": "old", "skin_tone": "fair", "gender": "female"}, seed)
        with torch.no_grad():
            spots = q.dark_spots(albedo(p, SIZE, seed, face_model), face_model)
            speckled = q.dark_spots(albedo(replace(p, speckle=1.0, lentigines=0.0), SIZE, seed, face_model),
                                    face_model)
        assert spots["round_share"] > 0.6 > speckled["round_share"], (seed, spots, speckled)
        assert spots["count"] < 0.6 * speckled["count"] and spots["cover"] > 0.004, (seed, spots)
    young = params_from_code({"age": "young", "skin_tone": "fair"}, 0)
    assert young.lentigines == 0.0
    ages = [params_from_code({"age": a, "skin_tone": "fair"}, 0).lentigines for a in ("middle-aged", "old")]
    dark = params_from_code({"age": "old", "skin_tone": "dark"}, 0).lentigines
    assert 0.0 < ages[0] < ages[1] and dark < 0.5 * ages[1], (ages, dark)


def test_params_version_4_keep_their_age_spots():
    d = {k: v for k, v in params_from_code({"age": "old"}, 0).to_dict().items() if k not in ("speckle", "lentigines")}
    p = TextureParams.from_dict(dict(d, version=4))
    assert p.speckle == 1.0 and p.lentigines == 0.0
    assert np.isclose(p.age, d["age"])
