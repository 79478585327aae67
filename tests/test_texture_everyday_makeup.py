"""Unstated light make-up as everyday make-up reads (params.EVERYDAY_MAKEUP): lash-line definition, a lip tint of the
skin's depth, a soft blush; stated make-up and heads drawn without make-up draw as before."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

import backend.texture.params as params
from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo
from backend.texture.params import MAKEUP, _draw, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.seeded import torch_geometry

SIZE = 256
CHANGED = ("eyeshadow", "eyeliner", "blush", "lipstick", "lipstick_shade", "nude_depth")


def _light(code, seeds=range(60)):
    return [s for s in seeds if _draw(code, s)[1]["makeup"] == "light"]


def test_unstated_light_makeup_draws_everyday_makeup():
    code = {"gender": "female", "skin_tone": "dark"}
    seeds = _light(code)
    assert len(seeds) > 10
    for s in seeds:
        p = params_from_code(code, s)
        assert (p.eyeshadow, p.eyeliner, p.blush, p.lipstick, p.lipstick_shade) == params.EVERYDAY_MAKEUP
        assert p.nude_depth > 0.8  # the tint of dark skin's depth
        assert p.eyeliner > MAKEUP["light"][1] and p.blush < MAKEUP["light"][2]  # before: 0.35 liner, 0.3 blush


def test_stated_makeup_and_lips_keep_theirs():
    p = params_from_code({"gender": "female", "makeup": "light"}, 1)
    assert (p.eyeshadow, p.eyeliner, p.blush, p.lipstick) == MAKEUP["light"]
    code = {"gender": "female", "lip_color": "red"}
    for s in _light(code, range(30)):
        q = params_from_code(code, s)
        assert q.lipstick_shade == 0.5 and q.lipstick == 1.0  # the stated red lipstick


def test_other_heads_draw_as_before(monkeypatch):
    codes = [{"gender": "female"}, {"gender": "male"}, {"gender": "female", "makeup": "heavy"}]
    now = {(i, s): params_from_code(c, s) for i, c in enumerate(codes) for s in range(60)}
    monkeypatch.setattr(params, "_everyday_makeup", lambda p, concrete: p)
    changed = 0
    for (i, s), p in now.items():
        before = params_from_code(codes[i], s)
        if codes[i].get("makeup") is None and _draw(codes[i], s)[1]["makeup"] == "light":
            assert replace(p, **{k: 0.0 for k in CHANGED}) == replace(before, **{k: 0.0 for k in CHANGED})
            changed += 1
        else:
            assert p == before
    assert changed > 10


@pytest.mark.parametrize("skin", ["fair", "dark"])
def test_the_lash_line_shows_and_the_lips_are_not_lighter(face_model, skin):
    code = {"gender": "female", "age": "young", "skin_tone": skin}
    s = _light(code)[0]
    p = params_from_code(code, s)
    bare = replace(p, eyeshadow=0.0, eyeliner=0.0, blush=0.0, lipstick=0.0)
    g = torch_geometry(face_model, SIZE)["face"]
    rows, cols = SLOTS["face"].pixels(SIZE)
    liner = (g["eyeliner"].numpy() > 0.8) & (g["eyeliner_low"].numpy() < 0.05)
    lips = g["lips"].numpy() > 0.8
    with torch.no_grad():
        made, plain = (srgb_to_lab(albedo(q, SIZE, s, face_model)[:, rows, cols].permute(1, 2, 0).numpy())
                       for q in (p, bare))
    # lash-line definition (before, the 0.35 liner: fair -12 L*; on dark skin a black line shows less)
    assert made[liner, 0].mean() < plain[liner, 0].mean() - {"fair": 15.0, "dark": 5.0}[skin]
    assert made[lips, 0].mean() < plain[lips, 0].mean() + 3.0  # a tint, not a lighter film
    assert np.linalg.norm(made[lips].mean(0) - plain[lips].mean(0)) > 2.0  # that shows
