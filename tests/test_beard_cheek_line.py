"""A full beard's cheek line grows, it is not carved (regions.py CHEEK_FADE / CHEEK_DROP / CHEEK_WANDER): the painted
hairs thin out over about a centimetre (beard_edge_measures.py), the line sits below the cheekbone, and heads without
facial hair do not read the facial-hair maps at all (they draw bit for bit as before: the maps' crop is unchanged).

Before: 90 % -> 10 % hair cover in 0.6 cm (seed 0, `python -m backend.texture.beard_edge_measures` on generate's
head_albedo.png for "a man with a full thick beard"); 1.5 cm in front of the sideburn the line lay 0.2 cm below the
lower eyelid."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.texture import seeded
from backend.texture.beard_edge_measures import cheek_edge_cm
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code
from backend.texture.regions import beard_cheek_span, chart, region_maps

FACIAL_HAIR_MAPS = ("beard", "beard_taper", "mustache", "mustache_thin", "mustache_thick", "goatee", "stubble_area")


def _man(beard, seed=1):
    return params_from_code({"gender": "male", "age": "middle-aged", "beard": beard, "hair_color": "brown",
                             "skin_tone": "fair"}, seed)


def test_a_full_beards_cheek_line_thins_out_over_a_centimetre(face_model):
    with torch.no_grad():
        image = albedo(_man("full"), 512, 1, face_model)
    assert cheek_edge_cm(image, face_model) >= 0.9


def test_the_cheek_line_lies_below_the_cheekbone(face_model):
    lm = np.asarray(face_model.neutral)[np.asarray(face_model.landmarks)]
    L = np.stack(chart(lm), 1)
    _, jaw_s = beard_cheek_span(L)
    lid = float(L[[40, 41, 46, 47], 1].mean())
    ys = np.linspace(lid - 4.0, lid + 1.0, 501)
    for side in (-1.0, 1.0):  # a column 1.5 cm in front of each sideburn, on the neutral's surface chart
        s = side * (jaw_s - 1.5)
        z = 2.0 + 9.0 * np.cos(s / 9.0)  # (any radius: the chart reads the azimuth)
        pos = np.stack([np.full_like(ys, 9.0 * np.sin(s / 9.0)), ys, np.full_like(ys, z)], 1)
        beard = region_maps(pos, lm)["beard_above"]
        line = ys[np.argmin(np.abs(beard))]  # where the cheek line crosses the column
        assert lid - line >= 0.8


@pytest.mark.parametrize("beard, reads", [("none", False), ("full", True)])
def test_heads_without_facial_hair_do_not_read_the_facial_hair_maps(face_model, beard, reads):
    """Halving every facial-hair map (their crop, where the beard's noise is drawn, kept) leaves a clean-shaven head's
    albedo bit for bit as it was; a bearded head's changes (the test can see a map that is read)."""
    p = _man(beard, seed=2)
    with torch.no_grad():
        before = albedo(p, 256, 2, face_model)
        geo = seeded.torch_geometry(face_model, 256)
        saved = {(slot, k): geo[slot][k] for slot in ("face", "back") for k in FACIAL_HAIR_MAPS}
        try:
            for (slot, k), v in saved.items():
                geo[slot][k] = 0.5 * v
            halved = albedo(p, 256, 2, face_model)
        finally:
            for (slot, k), v in saved.items():
                geo[slot][k] = v
    assert torch.equal(before, halved) is not reads
