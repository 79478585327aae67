"""Black stubble on dark skin shows as stubs (TextureParams.hair_grain, params version 10), measured at 512^2.

Before (hair_grain 0, what a version-9 head loads with), stubble on dark skin was mostly the shadow of the hairs under
the skin, which melanin hides: black stubble on dark skin darkened the jaw by L* 7.6 with a local L* detail of 2.6
(black stubble on fair skin: 7.4), the faintest case, a wash more than hairs."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.ndimage as nd
import torch

from backend.texture import quality as q
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code

SIZE = 512


def _stubble(face_model, p, seed):
    """(mean L* of the stubble's cheeks and jaw minus the bare cheek's, L* std of the detail there (0.5 cm window))."""
    f = atlas_fields(face_model, SIZE).slots["face"]
    ex = f.extra
    area = (ex["beard"] > 0.8) & (ex["lips"] < 0.05) & (ex["mustache"] < 0.05) & (ex["hairline"] < -2.5) & f.covered
    cheek = (ex["cheek"] > 0.5) & (ex["beard"] < 0.05) & f.covered
    with torch.no_grad():
        L = q.srgb_to_lab(q._slot(q._image(albedo(p, SIZE, seed, face_model)), "face"))[..., 0]
    return float(L[area].mean() - L[cheek].mean()), float((L - nd.uniform_filter(L, 7))[area].std())


def test_black_stubble_on_dark_skin_shows_its_stubs(face_model):
    for seed in range(2):
        p = params_from_code({"gender": "male", "beard": "stubble", "beard_color": "black", "skin_tone": "dark"}, seed)
        (dl, detail), (dl0, detail0) = _stubble(face_model, p, seed), _stubble(face_model, replace(p, hair_grain=0.0), seed)
        assert detail > 1.4 * detail0 and detail > 3.5, (seed, detail, detail0)
        assert dl0 - 1.5 < dl < -3.0, (seed, dl, dl0)  # a shade darker, no darker a wash than before


def test_fair_skin_and_grey_stubble_keep_their_look(face_model):
    """Melanin drives the change: on fair skin black stubble is as it was; grey stubble's white stubs are untouched
    (their pigmented share only)."""
    p = params_from_code({"gender": "male", "beard": "stubble", "beard_color": "black", "skin_tone": "fair"}, 0)
    new, old = _stubble(face_model, p, 0), _stubble(face_model, replace(p, hair_grain=0.0), 0)
    assert np.allclose(new, old, atol=0.6), (new, old)
    g = params_from_code({"gender": "male", "beard": "stubble", "beard_color": "gray", "skin_tone": "dark"}, 0)
    new, old = _stubble(face_model, g, 0), _stubble(face_model, replace(g, hair_grain=0.0), 0)
    assert abs(new[0] - old[0]) < 3.0 and new[1] < 1.25 * old[1], (new, old)
