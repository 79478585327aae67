"""Unstated cheek colour is subtle and diffuse (params version 18's cheek_soft): before, old women's cheeks showed
round orange-red spots (a* +5.5 over the cheek around them, 10 seeds, "an 80 year old woman with blonde hair") and a
reddish nose tip with no make-up or flush stated.  Heads of version 17 render with cheek_soft 0, as before."""
from dataclasses import replace

import numpy as np
import torch

from backend.texture.cheek_measures import spot_contrast
from backend.texture.params import TextureParams, params_from_code

OLD_WOMAN = {"gender": "female", "age": "old", "makeup": "none"}


def test_an_old_womans_unstated_cheeks_have_no_round_red_spot(face_model):
    for seed in (0, 1):
        p = params_from_code(OLD_WOMAN, seed, age_years=80)
        with torch.no_grad():
            now, nose = spot_contrast(p, seed, face_model)
            before, nose_before = spot_contrast(replace(p, cheek_soft=0.0), seed, face_model)
        assert now < 3.5 and before > now + 1.5 and nose < nose_before - 0.5, (seed, now, before, nose, nose_before)


def test_version_17_heads_keep_the_spot():
    from backend.texture.params import added_after

    d = {k: v for k, v in params_from_code(OLD_WOMAN, 1).to_dict().items()
         if k not in added_after(17)}  # a version 17 head has none of the fields added since
    assert TextureParams.from_dict({**d, "version": 17}).cheek_soft == 0.0
    assert np.isclose(params_from_code(OLD_WOMAN, 1).cheek_soft, 1.0)
