"""Params version 12's brow_strokes: brows as long strokes along their flow over a soft fill (parametric.py), where
version 11's short strands read as scattered dots at 512 px.  A version-11 head loads with brow_strokes 0 and reads
none of the new field (the strokes' noise)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch

from backend.texture import face_hair_measures as fm
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, added_after, params_from_code

SIZE = 512


def _img(face_model, p, seed, size=SIZE):
    with torch.no_grad():
        return albedo(p, size, seed, face_model)


def test_version_11_brows_read_none_of_the_strokes(face_model, monkeypatch):
    from backend.texture import seeded

    p = params_from_code({"gender": "male", "eyebrow_density": "thick"}, 0)
    v11 = TextureParams.from_dict({k: v for k, v in p.to_dict().items() if k not in added_after(11)} | {"version": 11})
    assert v11.brow_strokes == 0.0 and p.brow_strokes == 1.0
    before = _img(face_model, v11, 0, 256)
    noise = seeded.seed_fields(face_model, 256, 0)
    for slot in ("face", "back"):
        n = noise.skin[slot]
        monkeypatch.setitem(noise.skin, slot, replace(n, brow_strokes=n.brow_strokes + 1.0))
    assert torch.equal(before, _img(face_model, v11, 0, 256))
    assert not torch.equal(before, _img(face_model, replace(v11, brow_strokes=1.0), 0, 256))


def test_brows_read_as_brows_not_scattered_dots(face_model):
    """Fewer separate pieces of brow hair per cm^2 of it (version 11: 8-12 per cm^2 on these heads), the brow's area
    kept or larger, and thin brows still much smaller than thick ones."""
    density = {}
    for code in ({"gender": "male", "hair_color": "brown"}, {"gender": "female", "hair_color": "blond"}):
        for seed in range(2):
            p = params_from_code(code, seed)
            (n0, a0), (n1, a1) = (fm.brow_pieces(_img(face_model, replace(p, brow_strokes=k), seed), face_model)
                                  for k in (0.0, 1.0))
            assert n1 / a1 < 0.8 * n0 / a0 and a1 >= a0, (code, seed, (n0, a0), (n1, a1))
            density[(code["gender"], seed)] = n1 / a1
    assert np.mean(list(density.values())) < 8.0, density
    man = {"gender": "male"}
    thick, thin = (fm.brow_cover_cm2(_img(face_model, params_from_code(dict(man, eyebrow_density=d), 0), 0), face_model)
                   for d in ("thick", "sparse"))
    assert thick > 4.0 * thin, (thick, thin)
