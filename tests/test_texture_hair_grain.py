"""Grey scalp hair in tufts (TextureParams.hair_grain, params version 10; scalp_grain.py), measured at 512^2.

Before (hair_grain 0, what a version-9 head loads with), a texel too coarse for single strands took the head's mean
grey: at a grey fraction of 0.35 the back of the head was one flat mid-grey (L* std 1.3-1.4 in a 3 cm window,
as little as black hair's), where salt and pepper should read as dark and white hairs mixed."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import PARAMS_VERSION, TextureParams, TextureParamsError, added_after, params_from_code

SIZE = 512
MAN = {"gender": "male", "age": "middle-aged", "scalp_hair": "full", "skin_tone": "medium", "hair_color": "black"}


def _mix(face_model, p, seed, size=SIZE):
    with torch.no_grad():
        img = albedo(p, size, seed, face_model)
    return {slot: q.scalp_mix_contrast(img, face_model, slot) for slot in ("face", "back")}


@pytest.mark.parametrize("seed", [0, 1])
def test_salt_and_pepper_reads_as_a_mix_and_white_stays_calm(face_model, seed):
    # version 10's tufts (version 15's grey_strands keeps the back tile's and makes the face tile's finer:
    # test_texture_params_v15.py)
    base = replace(params_from_code(MAN, seed), grey_strands=0.0)
    assert base.hair_grain == 1.0
    for grey in (0.35, 0.92):
        p = replace(base, hair_grey=grey)
        new, old = _mix(face_model, p, seed), _mix(face_model, replace(p, hair_grain=0.0), seed)
        for slot in ("face", "back"):
            assert abs(new[slot][1] - old[slot][1]) < 3.0, (grey, slot, new, old)  # the grey stays as light
        if grey == 0.35:  # mixed: dark and white tufts on both tiles (the back tile was flat)
            assert new["back"][0] > max(2.5 * old["back"][0], 3.5), (new, old)
            assert new["face"][0] > 1.6 * old["face"][0], (new, old)
        else:  # nearly white: hardly more uneven than before
            assert new["back"][0] < old["back"][0] + 1.0 and new["face"][0] < old["face"][0] + 2.5, (new, old)


def test_the_tufts_cross_the_seam(face_model):
    """The tufts are 3D noise filtered to the coarser tile's footprint at the seam: no step where the tiles meet."""
    p = replace(params_from_code(MAN, 1), hair_grey=0.35)
    with torch.no_grad():
        de = q.seam_delta_e(albedo(p, SIZE, 1, face_model), face_model)
    assert de.mean() < q.SEAM_MEAN_DE and de.max() < q.SEAM_MAX_DE, (de.mean(), de.max())


def test_version_9_heads_keep_their_flat_grey(face_model, monkeypatch):
    """hair_grain 0 (what a version-9 head loads with) reads none of the tuft fields, nor the dense stubble of dark
    skin (test_texture_dark_stubble.py): scrambling them changes no texel."""
    from backend.texture import seeded

    assert PARAMS_VERSION >= 11
    d = params_from_code(dict(MAN, hair_color="gray", age="old", beard="stubble", beard_color="black",
                              skin_tone="dark"), 1).to_dict()
    v9 = {k: v for k, v in d.items() if k not in added_after(9)} | {"version": 9}
    p = TextureParams.from_dict(v9)
    assert p.hair_grain == 0.0
    with pytest.raises(TextureParamsError, match="version 9 have no hair_grain"):
        TextureParams.from_dict(dict(v9, hair_grain=1.0))
    with torch.no_grad():
        before = albedo(p, 256, 1, face_model)
        noise = seeded.seed_fields(face_model, 256, 1)
        for slot in ("face", "back"):
            scrambled = tuple((box, replace(n, grain=n.grain + 2.0, grain_sd=n.grain_sd * 0.5))
                              for box, n in noise.skin[slot].scalp)
            monkeypatch.setitem(noise.skin, slot, replace(noise.skin[slot], scalp=scrambled,  # and dark skin's stubs
                                                          stubble_dense=noise.skin[slot].stubble_dense * 0.3 + 0.5))
        after = albedo(p, 256, 1, face_model)
        changed = albedo(replace(p, hair_grain=1.0), 256, 1, face_model)
    assert torch.equal(before, after) and not torch.equal(before, changed)
