"""Scalp hair filtered to the texel footprint (TextureParams.scalp_filter, params version 9), measured at 512^2.

Before, a hairline crossing the face / back-of-head seam above the ear showed a colour step (Delta E up to 17.9 at
one vertex): the coarse back tile's bilinear lookup read a texel copied from up to a texel away, across the
hairline's whole width; and grey hair on the back tile showed texel-wide dark dashes."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, added_after, params_from_code

SIZE = 512
HAIR = {"skin_tone": "fair", "scalp_hair": "full", "hair_color": "black"}


def _seam_max(face_model, p, seed):
    with torch.no_grad():
        return float(q.seam_delta_e(albedo(p, SIZE, seed, face_model), face_model).max())


def test_the_hairline_meets_itself_across_the_seam(face_model):
    unfiltered = []
    for seed in range(3):
        p = params_from_code(HAIR, seed)
        assert p.scalp_filter == 1.0
        assert _seam_max(face_model, p, seed) < q.SEAM_MAX_DE, seed
        unfiltered.append(_seam_max(face_model, replace(p, scalp_filter=0.0), seed))
    assert max(unfiltered) > 2 * q.SEAM_MAX_DE, unfiltered  # as params version <= 8 drew it


def test_version_8_heads_draw_their_scalp_unfiltered(face_model, monkeypatch):
    """scalp_filter 0 (what a version-8 head loads with) reads none of the filtered fields: scrambling them
    changes no texel."""
    from backend.texture import seeded

    d = params_from_code(dict(HAIR, hair_color="gray", age="old"), 1).to_dict()
    p = TextureParams.from_dict({k: v for k, v in d.items() if k not in added_after(8)} | {"version": 8})
    assert p.scalp_filter == 0.0
    with torch.no_grad():
        before = albedo(p, 256, 1, face_model)
        geo, noise = seeded.torch_geometry(face_model, 256), seeded.seed_fields(face_model, 256, 1)
        for slot in ("face", "back"):
            for k in ("hairline_border", "receded_border", "bald_top_border"):
                monkeypatch.setitem(geo[slot], k, geo[slot][k] + 3.0)
            scrambled = tuple((box, replace(n, footprint=n.footprint + 1.0, wander_border=n.wander_border + 1.0,
                                            lock_tint_border=n.lock_tint_border * 0.5))
                              for box, n in noise.skin[slot].scalp)
            monkeypatch.setitem(noise.skin, slot, replace(noise.skin[slot], scalp=scrambled))
        after = albedo(p, 256, 1, face_model)
        changed = albedo(replace(p, scalp_filter=1.0), 256, 1, face_model)
    assert torch.equal(before, after) and not torch.equal(before, changed)


def test_grey_hair_on_the_back_tile_has_no_texel_dashes(face_model):
    """The white share of a coarse texel varies as one over its number of hairs (its area): single back-tile
    texels no longer stand out as dark dashes; the grey stays as grey (same mean)."""
    from backend.texture.fields import atlas_fields

    f = atlas_fields(face_model, SIZE).slots["back"]
    top = q.SCALP_REGIONS["top"](f.extra, f.pos) & f.covered
    for seed in range(2):
        p = params_from_code({"scalp_hair": "full", "hair_color": "gray", "age": "old", "skin_tone": "medium"}, seed)
        p = replace(p, hair_grain=0.0)  # the grey as version 9 mixed it (the tufts: test_texture_hair_grain.py)
        with torch.no_grad():
            new, old = (albedo(replace(p, scalp_filter=v), SIZE, seed, face_model) for v in (1.0, 0.0))
        assert q.scalp_texel_contrast(new, face_model, "back") < 0.75 * q.scalp_texel_contrast(old, face_model, "back")
        lum = [q.luminance(q._slot(q._image(x), "back")[top]).mean() for x in (new, old)]
        assert abs(lum[0] - lum[1]) < 0.02, (seed, lum)
