"""A shaved or buzzed head is stubble over the whole scalp, crown included (params.py SCALP: never a balding pattern's
bare top under it); bald and balding keep their patterns."""
from __future__ import annotations

import torch

from backend.parser import parse
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code
from backend.texture.shaved_measures import stubble_share

SEEDS = range(1, 31)


def test_a_shaved_head_keeps_its_crown():
    for prompt in ("a man with a buzzed head", "an old man with a shaved head", "a young woman with a shaved head"):
        code = parse(prompt).concrete
        assert code["scalp_hair"] == "shaved"
        for seed in SEEDS:
            p = params_from_code(code, seed)
            assert p.crown_thinning < 0.2 and p.hairline_recession < 0.65, (prompt, seed, p.crown_thinning)


def test_bald_and_balding_keep_their_patterns():
    balding = [params_from_code(parse("an old balding man").concrete, s) for s in SEEDS]
    assert min(p.hairline_recession for p in balding) > 0.45 and max(p.crown_thinning for p in balding) > 0.5
    assert all(p.scalp_hair == 0.0 for p in (params_from_code(parse("a bald man").concrete, s) for s in SEEDS))


def test_a_shaved_old_mans_crown_shows_stubble(face_model):
    # seed 1 drew a balding pattern under the stubble before (recession 0.79, crown 0.78): its crown bare
    code = {**parse("an old man with a shaved head").concrete, "hair_color": "black"}
    with torch.no_grad():
        img = albedo(params_from_code(code, 1), 256, 1, face_model)
    assert stubble_share(img, face_model, "top") > 0.8
