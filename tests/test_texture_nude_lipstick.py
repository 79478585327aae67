"""A nude lipstick chosen to the skin (params version 19's nude_depth): never much lighter than the bare lips."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, added_after, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.seeded import torch_geometry

SIZE = 256


def _lips_lab(p, seed, model):
    lips = torch_geometry(model, SIZE)["face"]["lips"].numpy() > 0.8
    rows, cols = SLOTS["face"].pixels(SIZE)
    with torch.no_grad():
        img = albedo(p, SIZE, seed, model)[:, rows, cols].permute(1, 2, 0).numpy()
    return srgb_to_lab(img)[lips].mean(0)


@pytest.mark.parametrize("skin", ["brown", "dark"])
def test_a_nude_on_deep_skin_is_about_the_bare_lips_depth(face_model, skin):
    code = {"gender": "female", "age": "young", "makeup": "light", "lip_color": "natural", "skin_tone": skin}
    nude = params_from_code(code, 1, looks={"lipstick": "nude"})
    bare = _lips_lab(replace(nude, lipstick=0.0), 1, face_model)
    worn = _lips_lab(nude, 1, face_model)
    assert worn[0] < bare[0] + 4.0  # before: L* +15 (brown), +26 (dark) over the bare lips
    assert worn[1] > 10.0  # still a rose, not grey


def test_the_nude_deepens_with_the_skin_and_only_a_stated_nude_has_a_depth():
    depth = {t: params_from_code({"gender": "female", "lip_color": "natural", "skin_tone": t}, 3,
                                 looks={"lipstick": "nude"}).nude_depth for t in ("fair", "medium", "brown", "dark")}
    assert depth["fair"] < 0.05 < depth["medium"] < depth["brown"] < depth["dark"]
    for s in range(20):
        for code, looks in (({"gender": "female", "skin_tone": "dark", "makeup": "none"}, None),  # (unstated light
                            # make-up's lip tint has a depth too: tests/test_texture_everyday_makeup.py)
                            ({"gender": "female", "lip_color": "red", "skin_tone": "dark"}, {"lipstick": "dark"})):
            assert params_from_code(code, s, looks=looks).nude_depth == 0.0


def test_heads_before_painted_the_fair_nude():
    old = {k: v for k, v in TextureParams().to_dict().items() if k not in added_after(18)}
    assert "nude_depth" in added_after(18)
    assert TextureParams.from_dict({**old, "version": 18}).nude_depth == 0.0
