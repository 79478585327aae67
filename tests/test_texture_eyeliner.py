"""The stated eyeliner (the parser's ParseResult.eyeliner, params version 18): a crisp dark line along the upper lash
line (and the lower for heavy) in the stated colour.  Before, the prompt's eyeliner changed nothing: light make-up's
liner read as a smudge (upper lash line L* 68 against the lid's 78, fair skin), heavy drew the lower line at a third."""
import numpy as np
import torch

from backend.texture.look_measures import eyeliner_lines
from backend.texture.look_words import stated_looks
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import TextureParams, added_after, params_from_code

CODE = {"gender": "female", "age": "young", "skin_tone": "fair", "makeup": "light"}


def _lines(face_model, looks, seed=1):
    with torch.no_grad():
        return eyeliner_lines(to_uint8(albedo(params_from_code(CODE, seed, looks=looks), 512, seed, face_model)),
                              face_model)


def test_heavy_eyeliner_darkens_both_lash_lines_and_none_removes_it(face_model):
    up0, low0, lid = _lines(face_model, None)
    up, low, lid_h = _lines(face_model, stated_looks("", None, {"amount": "heavy", "color": "black"}))
    assert up < lid - 35 and low < lid - 35 and up < up0 - 20 and low < low0 - 25, (up0, low0, up, low, lid)
    assert abs(lid_h - lid) < 1.0
    up_l, low_l, _ = _lines(face_model, {"eyeliner": "light"})
    assert up_l < up0 - 8 and low_l > low + 20, (up0, up_l, low_l)
    up_n, _, _ = _lines(face_model, {"eyeliner": "none"})
    assert up_n > lid - 2, (up_n, lid)


def test_the_stated_colour_is_painted(face_model):
    code = dict(CODE)
    p = params_from_code(code, 1, looks={"eyeliner": "heavy", "eyeliner_color": "blue"})
    assert p.eyeliner_shade == 3 / 8 and p.eyeliner_low == 1.0
    from backend.texture.atlas import SLOTS
    from backend.texture.quality import srgb_to_lab
    from backend.texture.seeded import torch_geometry
    g = torch_geometry(face_model, 512)["face"]
    sel = (g["eyeliner"].numpy() > 0.8)
    rows, cols = SLOTS["face"].pixels(512)
    b = {}
    for colour in ("black", "blue"):
        with torch.no_grad():
            img = to_uint8(albedo(params_from_code(code, 1, looks={"eyeliner": "heavy", "eyeliner_color": colour}),
                                  512, 1, face_model))
        b[colour] = srgb_to_lab(img[rows, cols] / 255.0)[sel].mean(0)[2]
    assert b["blue"] < b["black"] - 10, b


def test_older_heads_draw_their_liner_as_before():
    assert {"eyeliner_shade", "eyeliner_low"} <= set(added_after(17))
    old = TextureParams.from_dict({k: v for k, v in params_from_code(CODE, 1).to_dict().items()
                                   if k not in added_after(17)} | {"version": 17})
    assert old.eyeliner_shade == 0.0 and old.eyeliner_low == 0.35
    assert params_from_code(CODE, 1).eyeliner == params_from_code(CODE, 1, looks={}).eyeliner
    assert np.isclose(params_from_code(CODE, 1).eyeliner_low, 0.35)
