"""No socket colour at the face / back-of-head seam (TextureParams.seam_fix, params version 10; seeded.island_refill).

Before (seam_fix 0, what a version-9 head loads with), the uncovered texels beside the back tile's skin islands took
the colour of the nearest covered texel, and on the 64-texel back tile of a 256^2 atlas that is the mouth socket's
island, a texel from the temple's: the bilinear lookup at the seam above the ear read the mouth's dark red
(Delta E up to 20 against the face tile, on every head)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import quality as q
from backend.texture.atlas import seam_vertices
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, TextureParamsError, added_after, params_from_code


def _temple_seam_de(face_model, p, seed, size=256):
    """Delta E at the seam vertices of the temples (|x| > 6 cm, 8 < y < 11 cm), where the sockets' island lies."""
    pos = face_model.neutral[np.array(seam_vertices(face_model))]
    at = (np.abs(pos[:, 0]) > 6.0) & (pos[:, 1] > 8.0) & (pos[:, 1] < 11.0)
    with torch.no_grad():
        return q.seam_delta_e(albedo(p, size, seed, face_model), face_model)[at]


@pytest.mark.parametrize("code", [{"skin_tone": "fair"}, {"skin_tone": "dark", "gender": "male", "scalp_hair": "bald"}])
def test_the_temples_seam_reads_no_mouth(face_model, code):
    for seed in range(2):
        p = params_from_code(code, seed)
        assert p.seam_fix == 1.0
        fixed, before = _temple_seam_de(face_model, p, seed), _temple_seam_de(face_model, replace(p, seam_fix=0.0), seed)
        assert fixed.max() < q.SEAM_P95_DE and before.max() > q.SEAM_MAX_DE, (seed, fixed.max(), before.max())


@pytest.mark.parametrize("size", [256, 512])
def test_refilled_texels_are_uncovered_and_take_skin(face_model, size):
    from backend.texture.fields import atlas_fields
    from backend.texture.raster import BORDER_RING
    from backend.texture.seeded import torch_geometry

    f = atlas_fields(face_model, size).slots["back"]
    texels, sources = torch_geometry(face_model, size)["back"]["refill"]
    covered = f.covered.ravel()
    socket = (np.maximum(f.extra["mouth_socket"], f.extra["eye_socket"]) > 0.5).ravel()
    assert len(texels) > 0 and not covered[texels].any() and covered[sources].all() and not socket[sources].any()
    w = f.covered.shape[1]
    t, s = texels.numpy(), sources.numpy()
    gap = np.hypot(t // w - s // w, t % w - s % w)
    assert gap.max() <= BORDER_RING + 1e-6
    assert len(torch_geometry(face_model, size)["face"]["refill"][0]) == 0  # the face tile has no socket islands


def test_version_9_heads_keep_their_border_texels(face_model, monkeypatch):
    from backend.texture import seeded

    d = params_from_code({"skin_tone": "fair"}, 0).to_dict()
    v9 = {k: v for k, v in d.items() if k not in added_after(9)} | {"version": 9}
    p = TextureParams.from_dict(v9)
    assert p.seam_fix == 0.0
    with pytest.raises(TextureParamsError, match="version 9 have no seam_fix"):
        TextureParams.from_dict(dict(v9, seam_fix=1.0))
    with torch.no_grad():
        before = albedo(p, 256, 0, face_model)
        geo = seeded.torch_geometry(face_model, 256)
        empty = (torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long))
        monkeypatch.setitem(geo["back"], "refill", empty)
        after = albedo(p, 256, 0, face_model)
    assert torch.equal(before, after)
