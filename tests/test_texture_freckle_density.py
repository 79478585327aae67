"""Params version 13: freckle density from the parser's freckle_amount (backend/texture/freckles.py, params.py).

Before: "a few freckles", "freckles" and "covered in freckles" drew the same fixed dots (one cut of one noise over the
nose and cheeks); the amount was read by the parser and dropped.  A version-12 head loads with freckle_density 0.5
and draws bit for bit as before (checked against the version-12 code when this was written; here: its field is the
fixed dots exactly and none of the new maps is read)."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from backend.texture.freckle_measures import per_cm2
from backend.texture.freckles import DENSITY_BEFORE, freckle_field
from backend.texture.parametric import albedo, as_tensors
from backend.texture.params import PARAMS_VERSION, TextureParams, TextureParamsError, added_after, params_from_code

FRECKLED = {"gender": "female", "skin_tone": "fair", "freckles": "some", "hair_color": "red"}


def FOREHEAD(g):  # the forehead's skin: above the brows (y > 8 cm), at the front, below the hair
    return (g["pos"][1] > 8) & (g["pos"][2] > 6) & ~g["scalp_mask"]


def _v12(p: TextureParams) -> TextureParams:
    return TextureParams.from_dict({k: v for k, v in p.to_dict().items() if k not in added_after(12)} | {"version": 12})


def test_version_12_heads_draw_the_fixed_dots_and_read_none_of_the_new(face_model):
    from backend.texture import seeded

    assert PARAMS_VERSION >= 13 and set(added_after(12)) - set(added_after(13)) == {"freckle_density"}
    p = _v12(params_from_code(FRECKLED, 0, freckle_amount="heavy"))
    assert p.freckle_density == DENSITY_BEFORE
    with pytest.raises(TextureParamsError, match="version 12 have no freckle_density"):
        TextureParams.from_dict(dict(p.to_dict(), version=12))
    n = seeded.seed_fields(face_model, 256, 0).skin["face"]
    assert torch.equal(freckle_field(as_tensors(p), n), n.freckles)  # the dots of versions <= 12, bit for bit
    with torch.no_grad():
        before = albedo(p, 256, 0, face_model)
        try:
            for slot in ("face", "back"):  # the new maps changed in the cached fields (a frozen dataclass)
                s = seeded.seed_fields(face_model, 256, 0).skin[slot]
                object.__setattr__(s, "freckle_more", s.freckle_more * 0.0 + 5.0)
                object.__setattr__(s, "freckle_wide", s.freckle_wide * 0.0 + 1.0)
            assert torch.equal(before, albedo(p, 256, 0, face_model))
        finally:
            seeded.seed_fields.cache_clear()
        for density in (0.15, 0.9):
            assert not torch.equal(before, albedo(replace(p, freckle_density=density), 256, 0, face_model)), density


def test_the_amount_sets_the_density_and_nothing_else():
    plain = params_from_code(FRECKLED, 4)
    assert plain.freckle_density == DENSITY_BEFORE == params_from_code(FRECKLED, 4, freckle_amount=None).freckle_density
    light, heavy = (params_from_code(FRECKLED, 4, freckle_amount=a) for a in ("light", "heavy"))
    assert light.freckle_density < 0.3 and heavy.freckle_density > 0.8
    assert replace(light, freckle_density=DENSITY_BEFORE) == plain == replace(heavy, freckle_density=DENSITY_BEFORE)
    # no freckles in the code: no amount to draw (the parser gives none there either)
    assert params_from_code({"gender": "male"}, 4, freckle_amount="heavy") == params_from_code({"gender": "male"}, 4)
    with pytest.raises(TextureParamsError, match="freckle_amount"):
        params_from_code(FRECKLED, 4, freckle_amount="lots")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_few_freckles_are_few_and_covered_is_dense_over_more_of_the_face(face_model, seed):
    light, plain, heavy = (params_from_code(FRECKLED, seed, freckle_amount=a) for a in ("light", None, "heavy"))
    cheeks = [per_cm2(p, face_model, seed, 512) for p in (light, plain, heavy)]
    assert cheeks[0] < 0.5 * cheeks[1] and cheeks[2] > 1.6 * cheeks[1], cheeks  # dots / cm² on the cheeks
    forehead = [per_cm2(p, face_model, seed, 512, FOREHEAD) for p in (plain, heavy)]
    assert forehead[1] > 4.0 and forehead[1] > 5 * forehead[0], forehead  # covered: the forehead too


def test_the_neck_gets_a_few_dense_freckles_and_no_fewer_on_the_face(face_model):
    from backend.texture import seeded

    heavy = as_tensors(params_from_code(FRECKLED, 0, freckle_amount="heavy"))
    plain = as_tensors(params_from_code(FRECKLED, 0))
    face = seeded.torch_geometry(face_model, 256)["face"]
    cheeks = float(freckle_field(heavy, seeded.seed_fields(face_model, 256, 0).skin["face"])[face["cheek"] > 0.5].mean())
    for slot in ("face", "back"):
        n = seeded.seed_fields(face_model, 256, 0).skin[slot]
        g = seeded.torch_geometry(face_model, 256)[slot]
        neck = (g["pos"][1] < -12) & (g["seam"] < 0.5)
        dense, fixed = freckle_field(heavy, n), freckle_field(plain, n)
        assert float(fixed[neck].max()) < 1e-3 and 0.0 < float(dense[neck].mean()) < 0.6 * cheeks, slot
        assert bool((dense >= fixed).all())  # dense freckles keep every dot of the plain ones
