"""Params version 16: a flushed face and a sunburn (the parser's skin_flush; flush.py)."""
from dataclasses import replace

import numpy as np
import pytest

from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import _ADDED, TextureParams, TextureParamsError, added_after, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.seeded import torch_geometry

MAN = {"gender": "male", "age": "young", "skin_tone": "fair", "scalp_hair": "full"}
SIZE = 256


@pytest.fixture(scope="module")
def regions(face_model):
    g = torch_geometry(face_model, SIZE)["face"]
    x, y, z = g["pos"].numpy()
    a = np.abs(x)
    skin = (g["lips"].numpy() < 0.05) & (np.abs(g["pos"].numpy()).sum(0) > 0)
    return {"cheeks": skin & (g["cheek"].numpy() > 0.6), "nose": skin & (g["nose"].numpy() > 0.6),
            "forehead": skin & (y > 7.0) & (y < 8.5) & (z > 6) & (a < 3),
            "ears": skin & (a > 7.6) & (y > 0) & (y < 5) & (z < -0.5),
            "neck": skin & (y < -9) & (y > -12) & (a > 4) & (z < 3),
            "below collar": skin & (y < -14) & (y > -16) & (a > 4)}, (y, a, skin)


def _lab(params, face_model, seed=1):
    img = to_uint8(albedo(params, SIZE, seed, face_model))
    rows, cols = SLOTS["face"].pixels(SIZE)
    return srgb_to_lab(img[rows, cols] / 255.0)


def test_unstated_draws_and_renders_as_version_15(face_model):
    p = params_from_code(MAN, 1)
    assert p == params_from_code(MAN, 1, skin_flush=None) and p.flush == 0.0 and p.sunburn == 0.0
    old = {k: v for k, v in p.to_dict().items() if k not in added_after(15)}
    # the fields added after 16 load with what version <= 16 drew (params._ADDED), which for v17's ways of drawing
    # (beard_strokes, sideburn_taper) is not the dataclass default a new head gets
    drew = {k: v for k, (since, v) in _ADDED.items() if since > 16}
    assert TextureParams.from_dict({**old, "version": 15}) == replace(p, **drew)
    with pytest.raises(TextureParamsError, match="have no flush"):
        TextureParams.from_dict({**p.to_dict(), "version": 15})


def test_flushed_reddens_cheeks_and_nose_only(face_model, regions):
    masks, _ = regions
    plain = _lab(params_from_code(MAN, 1), face_model)
    flushed = _lab(params_from_code(MAN, 1, skin_flush="flushed"), face_model)
    da = {r: flushed[m][:, 1].mean() - plain[m][:, 1].mean() for r, m in masks.items()}
    assert da["cheeks"] > 5.0 and da["nose"] > 3.0, da
    assert all(abs(da[r]) < 0.5 for r in ("forehead", "ears", "neck", "below collar")), da


def test_sunburnt_reddens_the_sun_exposed_skin_to_a_sharp_collar_line(face_model, regions):
    masks, (y, a, skin) = regions
    plain = _lab(params_from_code(MAN, 1), face_model)
    burnt = _lab(params_from_code(MAN, 1, skin_flush="sunburnt"), face_model)
    da = {r: burnt[m][:, 1].mean() - plain[m][:, 1].mean() for r, m in masks.items()}
    assert all(da[r] > 8.0 for r in ("forehead", "nose", "cheeks", "ears", "neck")), da
    assert abs(da["below collar"]) < 0.5, da
    # the sun line: along the side of the neck the redness falls from 90 % to 10 % of its level within 1 cm
    side = skin & (a > 4.5) & (a < 6.0)
    ys = np.arange(-15.5, -10.0, 0.25)
    diff = burnt[..., 1] - plain[..., 1]
    level = np.array([diff[side & (np.abs(y - v) < 0.25)].mean() for v in ys])
    top = level[ys > -12.0].mean()
    width = ys[level > 0.9 * top].min() - ys[level > 0.1 * top].min()
    assert top > 8.0 and width <= 1.0, (top, width)


def test_bad_skin_flush_is_refused_in_one_line():
    with pytest.raises(TextureParamsError, match="skin_flush must be one of"):
        params_from_code(MAN, 0, skin_flush="blushing")


def test_refinement_keeps_a_stated_flush():
    from backend.refine.texture import ALWAYS_FIXED

    assert {"flush", "sunburn"} <= set(ALWAYS_FIXED)
