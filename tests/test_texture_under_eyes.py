"""Dark circles under the eyes (under_eyes -> TextureParams.under_eye), measured in the albedo at 512^2.

Before, "bags under his eyes" and "looks tired" changed nothing in the texture: the only darkening under
the lids was a fixed share of the skin's own melanin, the same for every head."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import PARAMS_VERSION, TextureParams, added_after, params_from_code

SIZE = 512


@pytest.mark.parametrize("tone", ["very-fair", "dark"])
def test_dark_circles_darken_the_skin_under_the_eyes_on_every_tone(face_model, tone):
    """Against the cheek below: darker, a little violet (b* falls, a* does not), graded none < shadows < dark."""
    contrast = {}
    for value in ("none", "shadows", "dark"):
        p = params_from_code({"skin_tone": tone, "age": "middle-aged", "under_eyes": value}, 0)
        with torch.no_grad():
            contrast[value] = q.under_eye_contrast(albedo(p, SIZE, 0, face_model), face_model)
    drop = contrast["dark"] - contrast["none"]
    assert contrast["dark"][0] < -5.0 and drop[0] < -5.0, (tone, contrast)  # visible: well past a JND
    assert contrast["dark"][0] < contrast["shadows"][0] < contrast["none"][0], (tone, contrast)
    assert drop[2] < -1.5 and drop[1] > -1.0, (tone, drop)  # towards violet, not grey-green


def test_unstated_dark_circles_come_with_age():
    def level(age):
        return np.mean([params_from_code({"age": age}, s).under_eye for s in range(40)])

    young, middle, old = level("young"), level("middle-aged"), level("old")
    assert 0.0 < young < middle < old < 0.6, (young, middle, old)  # (stated "dark": 0.85)
    assert params_from_code({"under_eyes": "none", "age": "old"}, 0).under_eye == 0.0


def test_params_version_6_render_as_before(face_model, monkeypatch):
    """A head written before under_eye existed keeps its look: no dark circles (0.0), where the new layer
    changes no texel (the same albedo as with no dark-circle map at all)."""
    from backend.texture.seeded import torch_geometry

    assert PARAMS_VERSION >= 7
    d = params_from_code({"age": "old", "skin_tone": "fair"}, 0).to_dict()
    later = added_after(6)
    v6 = {k: v for k, v in d.items() if k not in later} | {"version": 6}
    p = TextureParams.from_dict(v6)
    assert p.under_eye == 0.0 and np.isclose(p.age, d["age"])
    with pytest.raises(ValueError, match="version 6 have no under_eye"):
        TextureParams.from_dict(dict(v6, under_eye=0.5))
    with torch.no_grad():
        migrated = albedo(p, 256, 0, face_model)
        shaded = albedo(replace(p, under_eye=0.3), 256, 0, face_model)
        face = torch_geometry(face_model, 256)["face"]
        monkeypatch.setitem(face, "dark_circle", torch.zeros_like(face["dark_circle"]))
        no_map = albedo(p, 256, 0, face_model)
    assert torch.equal(migrated, no_map) and not torch.equal(migrated, shaded)
