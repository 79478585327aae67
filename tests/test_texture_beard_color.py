"""The beard's own colour (beard_color, params version 9) in the parametric albedo, measured at 512^2.

Before, stubble, mustache, goatee and beard took the scalp hair's pigments: "a middle-aged man with grey
stubble" drew a silver scalp, and a stated beard colour changed nothing."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import (BEARD_GREY_LAG, HAIR, PARAMS_VERSION, TextureParams, TextureParamsError,
                                    added_after, params_from_code)

SIZE = 512
BEARD = ("beard_eumelanin", "beard_pheomelanin", "beard_grey")
MAN = {"gender": "male", "age": "middle-aged", "beard": "full", "scalp_hair": "full", "skin_tone": "medium"}


def _lightness(face_model, code, seed):
    with torch.no_grad():
        return q.beard_and_scalp_lightness(albedo(params_from_code(code, seed), SIZE, seed, face_model), face_model)


def test_grey_stubble_goes_with_a_darker_less_grey_scalp(face_model):
    """The README's "middle-aged man ... grey stubble": the beard is grey, the scalp (unstated) keeps the
    beard's base colour with less grey, so it renders darker than the beard."""
    for seed in range(2):
        beard, scalp = _lightness(face_model, dict(MAN, beard_color="gray"), seed)
        black, _ = _lightness(face_model, dict(MAN, beard_color="black"), seed)
        assert beard > black + 10.0 and scalp < beard - 3.0, (seed, beard, scalp, black)
        p = params_from_code(dict(MAN, beard="stubble", beard_color="gray"), seed)
        assert p.beard_grey >= 0.5 and p.hair_grey < p.beard_grey - 0.1, (seed, p.hair_grey, p.beard_grey)
        assert (p.beard_eumelanin, p.beard_pheomelanin) == (p.hair_eumelanin, p.hair_pheomelanin)
    # mostly pigmented to salt and pepper at middle age, never the beard's silver (a scalp 0.59 grey read silver
    # on dark skin); an old man may still be white
    middle = [params_from_code(dict(MAN, beard_color="gray"), s).hair_grey for s in range(200)]
    old = [params_from_code(dict(MAN, age="old", beard_color="gray"), s).hair_grey for s in range(200)]
    assert max(middle) < 0.45 and np.mean(middle) < 0.3 and max(old) > 0.65, (max(middle), max(old))


def test_a_black_beard_under_grey_hair_is_darker_than_the_scalp(face_model):
    for seed in range(2):
        beard, scalp = _lightness(face_model, dict(MAN, beard_color="black", hair_color="gray"), seed)
        assert beard < scalp - 15.0, (seed, beard, scalp)


def test_stated_beard_colours_take_the_hair_tables():
    for colour in ("black", "brown", "blond", "red"):
        for seed in range(5):
            p = params_from_code({"beard_color": colour, "hair_color": "gray" if colour != "black" else "blond"}, seed)
            assert abs(p.beard_eumelanin - HAIR[colour][0]) < 0.25 and abs(p.beard_pheomelanin - HAIR[colour][1]) < 0.1
            assert p.beard_grey == 0.0  # a stated colour is kept as asked, as hair_color's is
    same = params_from_code({"beard_color": "red", "hair_color": "red"}, 3)  # one colour named: one shade
    assert (same.beard_eumelanin, same.beard_pheomelanin) == (same.hair_eumelanin, same.hair_pheomelanin)


def test_an_unstated_beard_colour_follows_the_scalp_and_greys_earlier():
    for code in ({"hair_color": "gray", "age": "middle-aged"}, {"age": "old", "gender": "male"}, {"hair_color": "red"}):
        for seed in range(5):
            p = params_from_code(code, seed)
            assert (p.beard_eumelanin, p.beard_pheomelanin) == (p.hair_eumelanin, p.hair_pheomelanin)
            assert p.beard_grey == pytest.approx(p.hair_grey ** BEARD_GREY_LAG)
            assert p.beard_grey >= p.hair_grey >= p.brow_grey
    grey = params_from_code({"hair_color": "gray", "age": "middle-aged"}, 0)
    assert grey.beard_grey > grey.hair_grey + 0.1


def test_a_stated_beard_colour_makes_the_same_scalp_colour_likelier():
    def share(beard_color, hair):
        drawn = [params_from_code({"beard_color": beard_color} if beard_color else {}, s) for s in range(300)]
        eu, ph, _ = HAIR[hair]
        return np.mean([abs(p.hair_pheomelanin - ph) < 0.08 and abs(p.hair_eumelanin - eu) < 0.2 for p in drawn])

    assert share("red", "red") > 3 * share(None, "red") and share("red", "red") < 0.7  # likelier, not certain
    assert share("blond", "blond") > 2 * share(None, "blond")


def test_beard_draws_come_last():
    """The beard's draws follow every other: a stated beard colour changes no other field of a seed when the
    scalp colour is stated, and codes without beard_color draw as before (their fields but the beard's)."""
    for seed in range(5):
        base = {"hair_color": "brown", "gender": "male", "beard": "goatee", "age": "old"}
        a, b = params_from_code(base, seed), params_from_code(dict(base, beard_color="red"), seed)
        assert {k: v for k, v in a.to_dict().items() if k not in BEARD} == \
            {k: v for k, v in b.to_dict().items() if k not in BEARD}
        assert b.beard_pheomelanin > a.beard_pheomelanin + 0.3


def test_version_8_heads_load_with_the_scalps_pigments_and_render_as_drawn(face_model, monkeypatch):
    """A head written before beard pigments existed keeps its beard: the fields load as the scalp's, and the
    sideburns' blend towards the scalp changes no texel when both are the same (bit for bit)."""
    from backend.texture import seeded

    assert PARAMS_VERSION >= 11
    d = params_from_code({"hair_color": "gray", "beard": "full", "gender": "male", "scalp_hair": "full"}, 2).to_dict()
    v8 = {k: v for k, v in d.items() if k not in added_after(8)} | {"version": 8}
    p = TextureParams.from_dict(v8)
    assert (p.beard_eumelanin, p.beard_pheomelanin, p.beard_grey) == (p.hair_eumelanin, p.hair_pheomelanin, p.hair_grey)
    assert p.beard_grey != d["beard_grey"]  # a version 9 draw greys the beard earlier
    with pytest.raises(TextureParamsError, match="version 8 have no beard_grey"):
        TextureParams.from_dict(dict(v8, beard_grey=0.5))
    with torch.no_grad():
        blended = albedo(p, 256, 2, face_model)
        geo = seeded.torch_geometry(face_model, 256)
        for slot in ("face", "back"):
            monkeypatch.setitem(geo[slot], "beard_to_scalp", torch.zeros_like(geo[slot]["beard_to_scalp"]))
        plain = albedo(p, 256, 2, face_model)
    assert torch.equal(blended, plain)


def test_the_sideburns_turn_into_the_scalps_colour(face_model):
    """A red beard under black hair: where the sideburn reaches the scalp hair it takes the scalp's colour, over
    a couple of centimetres (before: the red beard was painted over the black sideburn, a hard step)."""
    from backend.texture.fields import atlas_fields

    f = atlas_fields(face_model, SIZE).slots["face"]
    ex = f.extra
    code = {"gender": "male", "beard": "full", "beard_color": "red", "hair_color": "black", "scalp_hair": "full",
            "skin_tone": "fair"}
    with torch.no_grad():
        lab = q.srgb_to_lab(q._slot(q._image(albedo(params_from_code(code, 0), SIZE, 0, face_model)), "face"))
    side = (ex["beard"] > 0.3) & f.covered & (np.abs(f.pos[0]) > 5.0)
    edges = np.arange(-3.0, 1.51, 0.5)
    chroma = np.array([np.hypot(*lab[side & (ex["hairline"] >= a) & (ex["hairline"] < b)][:, 1:].mean(0))
                       for a, b in zip(edges[:-1], edges[1:])])
    top = q.SCALP_REGIONS["top"](ex, f.pos) & f.covered
    scalp = np.hypot(*lab[top][:, 1:].mean(0))
    assert chroma[0] > 20.0 and chroma[-1] < scalp + 4.0, (chroma, scalp)  # red on the cheek, black in the hair
    assert np.abs(np.diff(chroma)).max() < 0.35 * (chroma[0] - chroma[-1]), chroma  # no single step
