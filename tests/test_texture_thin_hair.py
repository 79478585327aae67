"""A woman's thin hair shows in the views a user sees (params_from_code, measured at 512^2).

Before, "a woman with thin hair" (scalp_hair balding, the female pattern) thinned only the top of the head along the
centre part, which the front, three-quarter and profile previews hardly show: her sides and the front of her top were
as dark as her full hair (L* within 1)."""
from __future__ import annotations

import numpy as np
import torch

from backend.texture import quality as q
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code

SIZE = 512
WOMAN = {"gender": "female", "age": "middle-aged", "hair_color": "brown", "skin_tone": "fair"}


def _lightness(face_model, code, seed, where):
    af = atlas_fields(face_model, SIZE)
    with torch.no_grad():
        img = q._image(albedo(params_from_code(code, seed), SIZE, seed, face_model))
    texels = [q._slot(img, s)[q.SCALP_REGIONS[where](af.slots[s].extra, af.slots[s].pos) & af.slots[s].covered]
              for s in ("face", "back")]
    return float(q.srgb_to_lab(np.concatenate(texels).mean(0))[0])


def test_thin_hair_shows_on_the_sides_and_the_front(face_model):
    for seed in range(2):
        for where in ("fringe", "front"):  # the sides above the ears (profile) and the top above the forehead (front)
            full = _lightness(face_model, dict(WOMAN, scalp_hair="full"), seed, where)
            thin = _lightness(face_model, dict(WOMAN, scalp_hair="balding"), seed, where)
            assert thin > full + 4.0, (seed, where, thin, full)


def test_thin_hair_keeps_her_hairline_and_men_are_unchanged(monkeypatch):
    from backend.texture import params

    for seed in range(20):
        p = params_from_code(dict(WOMAN, scalp_hair="balding"), seed)
        assert 0.3 < p.scalp_hair < 0.8 and p.hairline_recession < 0.1 and p.top_thinning > 0.3, p
    man, woman = ({"gender": g, "scalp_hair": "balding"} for g in ("male", "female"))
    drawn = [params_from_code(c, 0) for c in (man, woman)]
    monkeypatch.setattr(params, "LUDWIG_DENSITY", 0.0)  # the density as drawn before
    before = [params_from_code(c, 0) for c in (man, woman)]
    assert drawn[0] == before[0] and drawn[1].scalp_hair < before[1].scalp_hair - 0.1, (drawn, before)
