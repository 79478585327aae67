"""Scalp hair drawn grey (hair colour unstated) is as grey as the age makes likely (params.DRAWN_GREY): partly grey in
middle age, white only later; said grey and every head not drawn grey draw as before."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import backend.texture.params as params
from backend.texture.params import _draw, params_from_code

WOMAN = {"gender": "female"}


def _drawn_greys(code, seeds=range(400)):
    out = []
    for s in seeds:
        p, picked = _draw(code, s)
        if picked["hair_color"] == "gray":
            out.append((p.age, params_from_code(code, s).hair_grey))
    return out


def test_the_camp_cook_is_not_white_haired_at_38():
    # "the camp cook, a heavy-set woman with a round face and her hair tied in a bun" seed 23: 0.67 before (read 60+)
    code = {"gender": "female", "face_shape": "round", "face_width": "wide", "scalp_hair": "full"}
    p, picked = _draw(code, 23)
    assert picked["hair_color"] == "gray" and 0.35 < p.age < 0.4
    assert 0.1 <= params_from_code(code, 23).hair_grey <= 0.4


def test_drawn_grey_follows_the_age():
    greys = _drawn_greys(WOMAN)
    middle = [g for a, g in greys if a < 0.5]
    later = [g for a, g in greys if 0.55 <= a < 0.65]
    assert len(middle) >= 5 and len(later) >= 3
    assert max(middle) <= 0.5 and np.mean(middle) < 0.4  # some grey to salt and pepper, not a grey head
    assert np.mean(later) > np.mean(middle)
    old = _drawn_greys({"gender": "female", "age": "old"}, range(100))
    assert old and all(g > 0.8 for a, g in old if a >= 0.75)  # the old keep their white hair


def test_said_grey_and_heads_not_drawn_grey_draw_as_before(monkeypatch):
    codes = [WOMAN, {"gender": "male"}, {"gender": "female", "hair_color": "gray"},
             {"gender": "male", "age": "middle-aged", "hair_color": "gray"}, {"gender": "male", "age": "old"}]
    now = {(i, s): params_from_code(c, s) for i, c in enumerate(codes) for s in range(120)}
    monkeypatch.setattr(params, "_drawn_grey", lambda age, full, seed: full)  # every drawn grey as before
    changed = 0
    for (i, s), p in now.items():
        before = params_from_code(codes[i], s)
        drawn_grey = codes[i].get("hair_color") is None and _draw(codes[i], s)[1]["hair_color"] == "gray"
        if not drawn_grey or p.age >= params.DRAWN_GREY[0][-1]:
            assert p == before, (codes[i], s)
        else:  # only the greys differ (the brows and beard follow the scalp)
            assert replace(p, hair_grey=0, brow_grey=0, beard_grey=0) == replace(before, hair_grey=0, brow_grey=0,
                                                                                 beard_grey=0)
            assert p.hair_grey < before.hair_grey
            changed += 1
    assert changed > 5
