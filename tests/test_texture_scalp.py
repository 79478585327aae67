"""Scalp hair in the parametric albedo (scalp_hair -> scalp.py / scalp_hair.py), measured at 512^2.

Before, every head was bald: "a man with thick black hair" and "a bald man" gave the same scalp, and the
hair colour showed only in the brows and beard."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import PARAMS_VERSION, TextureParams, added_after, params_from_code, scalp_prior

SIZE = 512
ADDED = ("scalp_hair", "scalp_length", "hairline_recession", "crown_thinning", "scalp_sun")  # version 8


def _cover(face_model, code, seed=0, size=SIZE, **changes):
    p = replace(params_from_code(code, seed), **changes)
    with torch.no_grad():
        img = albedo(p, size, seed, face_model)
    return {w: q.scalp_hair_cover(img, face_model, w) for w in q.SCALP_REGIONS}


@pytest.mark.parametrize("hair, tone", [("black", "dark"), ("blond", "fair"), ("gray", "medium"), ("red", "very-fair")])
def test_full_hair_covers_the_scalp_and_stays_off_the_forehead(face_model, hair, tone):
    for seed in range(2):
        # grey middle-aged: grey hair with no age draws ~70 years (texture/beard_age.py), whose forehead age spots
        # and lines read as cover here (as in eval texture's check)
        code = {"scalp_hair": "full", "hair_color": hair, "skin_tone": tone}
        c = _cover(face_model, code | ({"age": "middle-aged"} if hair == "gray" else {}), seed)
        assert c["top"] > 0.95 and c["fringe"] > 0.95 and c["temples"] > 0.9, (seed, c)
        assert c["forehead"] < 0.01, (seed, c)


def test_bald_balding_and_receding_leave_their_parts_of_the_scalp_bare(face_model):
    man = {"gender": "male", "age": "old", "hair_color": "brown", "skin_tone": "fair"}
    for seed in range(2):
        bald = _cover(face_model, dict(man, scalp_hair="bald"), seed)
        assert max(bald["top"], bald["fringe"], bald["temples"]) < 0.03, (seed, bald)  # at most sun spots
        balding = _cover(face_model, dict(man, scalp_hair="balding"), seed)
        assert balding["top"] < 0.3 and balding["fringe"] > 0.9 and balding["temples"] < 0.1, (seed, balding)
        receding = _cover(face_model, dict(man, scalp_hair="receding"), seed)
        assert receding["temples"] < 0.2 and receding["fringe"] > 0.9 and receding["top"] > 0.6, (seed, receding)


def test_a_womans_balding_thins_the_top_and_keeps_her_hairline(face_model):
    """Female-pattern loss (Ludwig): the frontal hairline and the temples stay, the top is thinner (lighter on
    dark hair over fair skin) than her full hair, most along a centre part; before, a woman's balding drew the
    man's horseshoe (temples and top bare) and her receding the man's M."""
    from backend.texture.fields import atlas_fields

    f = atlas_fields(face_model, SIZE).slots["back"]
    top = q.SCALP_REGIONS["top"](f.extra, f.pos) & f.covered
    x = np.abs(f.pos[0])
    woman = {"gender": "female", "age": "middle-aged", "hair_color": "brown", "skin_tone": "fair"}
    for seed in range(3):
        lum = {}
        for value in ("full", "balding"):
            p = params_from_code(dict(woman, scalp_hair=value), seed)
            with torch.no_grad():
                img = albedo(p, SIZE, seed, face_model)
            lum[value] = q.luminance(q._slot(q._image(img), "back"))
            if value == "balding":
                c = {w: q.scalp_hair_cover(img, face_model, w) for w in q.SCALP_REGIONS}
                # (thinner all over since LUDWIG_DENSITY, test_texture_thin_hair.py: a texel or two of skin more)
                assert c["fringe"] > 0.95 and c["temples"] > 0.9 and c["forehead"] < 0.01, (seed, c)
                assert p.hairline_recession < 0.1 and p.crown_thinning < 0.1 and p.top_thinning > 0.3, p
        gain = lum["balding"] - lum["full"]
        on_part, beside = float(gain[top & (x < 0.4)].mean()), float(gain[top & (x > 2.0) & (x < 4.0)].mean())
        assert beside > 0.03 and on_part > beside + 0.03, (seed, on_part, beside)
    for seed in range(10):  # receding: a mild temple recession at most
        p = params_from_code(dict(woman, scalp_hair="receding"), seed)
        assert 0.05 < p.hairline_recession < 0.3 and p.top_thinning == 0.0, p
    man = params_from_code({"gender": "male", "scalp_hair": "balding"}, 0)
    assert man.top_thinning == 0.0 and man.hairline_recession > 0.5  # men keep the male pattern


def test_a_shaved_head_shows_the_skin_through_short_hair(face_model):
    """Shaved: stubble where hair grows, over the blue-grey shadow of the hairs under the skin; lighter than
    cropped hair of the same colour, darker than the bare scalp."""
    from backend.texture.fields import atlas_fields

    f = atlas_fields(face_model, SIZE).slots["back"]
    top = q.SCALP_REGIONS["top"](f.extra, f.pos) & f.covered
    code = {"scalp_hair": "shaved", "gender": "male", "age": "young", "hair_color": "black", "skin_tone": "fair"}
    p = params_from_code(code, 0)
    lum = {}
    for name, params in (("shaved", p), ("cropped", replace(p, scalp_length=0.97)), ("bare", replace(p, scalp_hair=0.0))):
        with torch.no_grad():
            lum[name] = float(q.luminance(q._slot(q._image(albedo(params, SIZE, 0, face_model)), "back")[top]).mean())
    assert p.scalp_length < 0.1 and lum["cropped"] + 0.1 < lum["shaved"] < lum["bare"] - 0.05, lum


def test_unstated_scalp_hair_follows_gender_and_age():
    """Women's hair is nearly always full; men's balding rises with age; an unstated gender mixes them."""
    def lost(gender, age, n=200):
        drawn = [params_from_code({k: v for k, v in (("gender", gender), ("age", age)) if v}, s) for s in range(n)]
        return np.mean([p.scalp_hair == 0.0 or p.hairline_recession > 0.55 for p in drawn])

    men = [lost("male", a) for a in ("young", "middle-aged", "old")]
    assert men[0] < 0.08 < men[1] < men[2] and men[2] > 0.4, men
    assert lost("female", "old") < 0.05 and lost("female", "young") == 0.0
    assert lost("male", "old") > lost(None, "old") > lost("female", "old")
    assert scalp_prior("female", 0.85)["full"] > 0.9 and scalp_prior("male", 0.1)["full"] > 0.9
    assert all(abs(sum(scalp_prior(g, a).values()) - 1.0) < 1e-9 for g in ("male", "female", None) for a in (0.1, 0.9))


def test_a_stated_hair_colour_makes_hair_likelier():
    """Whoever states the hair's colour expects to see hair: with scalp_hair unstated, bald is rare and balding
    less likely (before: "an old man with blond hair" was balding or bald in 103 of 200 seeds, as without the
    colour); grey hair on an old man still recedes and thins, and an unstated colour keeps the old prior."""
    def shares(code, n=200):
        drawn = [params_from_code(code, s) for s in range(n)]
        return (np.mean([p.scalp_hair == 0.0 for p in drawn]),
                np.mean([p.scalp_hair == 0.0 or p.hairline_recession > 0.55 for p in drawn]))

    old = {"gender": "male", "age": "old"}
    for colour in ("blond", "black", "brown", "red"):
        bald, lost = shares(dict(old, hair_color=colour))
        assert bald <= 0.02 and lost < 0.3, (colour, bald, lost)
    bald, lost = shares(dict(old, hair_color="gray"))
    assert bald <= 0.04 and 0.2 < lost < 0.45, (bald, lost)
    assert shares(old)[1] > 0.45 and shares(old)[0] > 0.08  # unstated: as before
    assert shares({"gender": "male", "age": "middle-aged", "hair_color": "black"})[1] < 0.08


def test_stated_values_set_the_hair_parameters():
    full, bald = params_from_code({"scalp_hair": "full"}, 0), params_from_code({"scalp_hair": "bald"}, 0)
    shaved = params_from_code({"scalp_hair": "shaved", "gender": "male"}, 0)
    assert full.scalp_hair > 0.8 and full.scalp_length > 0.8 and full.hairline_recession < 0.2
    assert bald.scalp_hair == 0.0 and shaved.scalp_hair > 0.8 and shaved.scalp_length < 0.1
    rec = [params_from_code({"scalp_hair": v, "gender": "male"}, s).hairline_recession
           for v in ("receding", "balding") for s in range(20)]
    assert max(rec[:20]) < min(rec[20:]) and 0.25 < min(rec[:20]), rec  # receding: the M; balding: further
    assert all(0.0 < getattr(full, k) < 1.0 for k in ADDED)  # inside 0..1: refinement can move every one


def test_params_version_7_render_as_before(face_model, monkeypatch):
    """A head written before scalp hair existed keeps its look: bald (scalp_hair 0) with the shaded scalp's sun
    spots (scalp_sun 0.25), where the new layers change no texel (the same albedo with no scalp hair fields and
    no scalp sun gain at all)."""
    from backend.texture import seeded

    assert PARAMS_VERSION >= 11
    d = params_from_code({"age": "old", "skin_tone": "fair", "gender": "male", "scalp_hair": "full"}, 0).to_dict()
    v7 = {k: v for k, v in d.items() if k not in added_after(7)} | {"version": 7}
    p = TextureParams.from_dict(v7)
    assert (p.scalp_hair, p.scalp_sun) == (0.0, 0.25) and p.lentigines > 0.3
    with pytest.raises(ValueError, match="version 7 have no scalp_hair"):
        TextureParams.from_dict(dict(v7, scalp_hair=0.5))
    with torch.no_grad():
        migrated = albedo(p, 256, 0, face_model)
        haired = albedo(replace(p, scalp_hair=0.9), 256, 0, face_model)
        sunned = albedo(replace(p, scalp_sun=0.95), 256, 0, face_model)
        geo, noise = seeded.torch_geometry(face_model, 256), seeded.seed_fields(face_model, 256, 0)
        for slot in ("face", "back"):
            monkeypatch.setitem(geo[slot], "scalp_sun_gain", torch.zeros_like(geo[slot]["scalp_sun_gain"]))
            monkeypatch.setitem(noise.skin, slot, replace(noise.skin[slot], scalp=()))
        without = albedo(p, 256, 0, face_model)
    assert torch.equal(migrated, without)
    assert not torch.equal(migrated, haired) and not torch.equal(migrated, sunned)


def test_scalp_hair_draws_leave_the_other_seeded_fields_as_they_were(face_model, monkeypatch):
    """The scalp's noise has its own generator: every other field of a seed (skin, irises, lashes, ...) is
    what it was before scalp hair existed, so heads of params version <= 7 keep their pores and spots."""
    from backend.texture import seeded

    real = seeded.seed_fields.__wrapped__(face_model, 256, 3)
    monkeypatch.setattr(seeded, "scalp_noise", lambda *a, **k: ())
    bare = seeded.seed_fields.__wrapped__(face_model, 256, 3)
    assert real.skin["face"].scalp and not bare.skin["face"].scalp
    for slot in ("face", "back"):
        for name in ("tone", "spots", "lentigo", "freckles", "detail", "wrinkles", "brow_strands", "beard_strands"):
            assert torch.equal(getattr(real.skin[slot], name), getattr(bare.skin[slot], name)), (slot, name)
    assert torch.equal(real.veins, bare.veins) and torch.equal(real.lashes, bare.lashes)
    assert all(torch.equal(real.fibres[k], bare.fibres[k]) for k in real.fibres)


def test_bald_scalps_get_sun_spots(face_model):
    """Version 7 shaded the scalp's sun spots for everyone (hair assumed); a bald old man's scalp now shows
    them as his face does, a full head of hair covers them."""
    import scipy.ndimage as nd

    from backend.texture.fields import atlas_fields

    b = atlas_fields(face_model, SIZE).slots["back"]
    scalp = b.covered & q.SCALP_REGIONS["top"](b.extra, b.pos)
    code = {"age": "old", "skin_tone": "fair", "gender": "male", "scalp_hair": "bald"}

    def spots(p, seed):
        with torch.no_grad():
            img = albedo(p, SIZE, seed, face_model)
        lab = q.srgb_to_lab(q._slot(q._image(img), "back"))[..., 0]
        return ((lab < nd.median_filter(lab, size=15) - 4.0) & scalp).sum() / scalp.sum()

    for seed in range(2):
        p = params_from_code(code, seed)
        shaded = spots(replace(p, scalp_sun=0.25), seed)
        assert spots(p, seed) > max(2.0 * shaded, 0.004), (seed, spots(p, seed), shaded)


@pytest.mark.parametrize("size", [512, 1024])
@pytest.mark.parametrize("code", [{"scalp_hair": "full", "hair_color": "black", "skin_tone": "fair"},
                                  {"scalp_hair": "shaved", "hair_color": "black", "gender": "male"},
                                  {"scalp_hair": "full", "hair_color": "gray", "age": "old"}])
def test_no_seam_through_the_hair(face_model, code, size):
    """The hairlines, the hair's direction, locks and grey mix are 3D fields: the face and back-of-head tiles
    agree where they meet, across the top of the head and behind the ears."""
    with torch.no_grad():
        de = q.seam_delta_e(albedo(params_from_code(code, 1), size, 1, face_model), face_model)
    assert de.mean() < q.SEAM_MEAN_DE and np.percentile(de, 95) < q.SEAM_P95_DE, (de.mean(), np.percentile(de, 95))


def test_every_size_draws_the_same_hair(face_model):
    code = {"scalp_hair": "receding", "gender": "male", "hair_color": "brown", "skin_tone": "fair"}
    covers = [_cover(face_model, code, 0, size) for size in (256, 512, 1024)]
    for w in ("top", "fringe", "temples", "forehead"):
        assert max(c[w] for c in covers) - min(c[w] for c in covers) < 0.1, (w, covers)


def test_stated_scalp_hair_stays_through_refinement(face_model):
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs

    layout = atlas_uvs(face_model)
    start = params_from_code({"scalp_hair": "balding"}, 0).to_dict()
    free = {code: set(parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, concrete, "cpu",
                                         face_model).params) for code, concrete in
            (("stated", {"scalp_hair": "balding"}), ("unstated", {}))}
    assert not set(ADDED) & free["stated"] and set(ADDED) <= free["unstated"]
