"""Skin of the parametric albedo: sun spots of older heads, make-up on every tone (measured in the albedo, 512^2)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, added_after, params_from_code

SIZE = 512


def test_old_fair_skin_gets_round_sun_spots_not_specks(face_model):
    """Old heads drew age spots as a thresholded fine noise: 300-400 small dark specks and streaks per
    face, under half of their area in round spots, read as dirt or scratches (and as many on the
    shoulders).  Sun spots are round soft macules, on sun-exposed skin, fewer in darker skin."""
    round_share = []
    for seed in range(2):
        p = params_from_code({"age": "old", "skin_tone": "fair", "gender": "female"}, seed)
        with torch.no_grad():
            spots = q.dark_spots(albedo(p, SIZE, seed, face_model), face_model)
            speckled = q.dark_spots(albedo(replace(p, speckle=1.0, lentigines=0.0), SIZE, seed, face_model),
                                    face_model)
        # (discs cut by the masked regions or touching a neighbour count as not round)
        assert spots["round_share"] > 0.5 > speckled["round_share"], (seed, spots, speckled)
        assert spots["count"] < 0.6 * speckled["count"] and spots["cover"] > 0.003, (seed, spots)
        round_share.append(spots["round_share"])
    assert np.mean(round_share) > 0.6, round_share
    young = params_from_code({"age": "young", "skin_tone": "fair"}, 0)
    assert young.lentigines == 0.0
    ages = [params_from_code({"age": a, "skin_tone": "fair"}, 0).lentigines for a in ("middle-aged", "old")]
    dark = params_from_code({"age": "old", "skin_tone": "dark"}, 0).lentigines
    assert 0.0 < ages[0] < ages[1] and dark < 0.5 * ages[1], (ages, dark)


def test_params_version_4_keep_their_age_spots():
    d = {k: v for k, v in params_from_code({"age": "old"}, 0).to_dict().items()
         if k not in added_after(4)}
    p = TextureParams.from_dict(dict(d, version=4))
    assert p.speckle == 1.0 and p.lentigines == 0.0
    assert np.isclose(p.age, d["age"])


def test_make_up_shades_deep_skin_instead_of_chalking_it(face_model):
    """Blush and eye shadow were opaque light powders: heavy make-up on dark skin lightened the cheeks
    by 7.4 L* and the lids by 5.2 (a chalky patch).  As a mostly sheer tinted film they colour and
    shade every skin tone; on fair skin they look much as before."""
    def lab(img, region):
        return q.srgb_to_lab(q.region_colour(img, face_model, lambda e: e[region] > 0.8))

    for tone in ("fair", "dark"):
        p = params_from_code({"skin_tone": tone, "gender": "female", "makeup": "heavy"}, 0)
        with torch.no_grad():
            made_up, bare = (albedo(x, SIZE, 0, face_model) for x in (p, replace(p, blush=0.0, eyeshadow=0.0)))
        cheek = lab(made_up, "cheek") - lab(bare, "cheek")
        lid = lab(made_up, "eyeshadow") - lab(bare, "eyeshadow")
        assert cheek[1] > 1.5 and cheek[0] < 3.0 and lid[0] < 0.0, (tone, cheek, lid)
        if tone == "fair":
            assert lid[0] < -6.0, lid
    d = {k: v for k, v in params_from_code({"makeup": "heavy"}, 0).to_dict().items()
         if k not in added_after(5)}
    assert TextureParams.from_dict(dict(d, version=5)).makeup_cover == 1.0  # older heads keep their powder


def test_sun_spots_spare_the_hair_covered_scalp(face_model):
    """The bald ICT scalp stands for skin under hair for most people: the first sun spots covered
    1.2-3.7x as much of the back of the head as of the face (an old woman's scalp dotted like a bald
    man's); now less than the face."""
    import scipy.ndimage as nd

    from backend.texture.fields import atlas_fields

    b = atlas_fields(face_model, SIZE).slots["back"]
    scalp = b.covered & (b.pos[2] < -2) & (b.pos[1] > 3)
    later = added_after(7)
    for seed in range(2):
        # (a head of params version 7, drawn bald: painted scalp hair now covers the scalp, test_texture_scalp.py)
        d = params_from_code({"age": "old", "skin_tone": "fair", "gender": "female"}, seed).to_dict()
        p = TextureParams.from_dict({k: v for k, v in d.items() if k not in later} | {"version": 7})
        with torch.no_grad():
            img = albedo(p, SIZE, seed, face_model)
        lab = q.srgb_to_lab(q._slot(q._image(img), "back"))[..., 0]
        cover = ((lab < nd.median_filter(lab, size=15) - 4.0) & scalp).sum() / scalp.sum()
        face = q.dark_spots(img, face_model)["cover"]
        assert cover < 0.6 * face and face > 0.003, (seed, cover, face)
