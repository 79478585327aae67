"""Params version 12: unstated eye colour by skin tone, age in the skin's colour, age lines, thin hair that shows
(backend/texture/params.py, age_skin.py, age_lines.py, scalp_hair.py; measures: age_measures.py).

Before: blue eyes were 6 % of unstated draws on brown skin; an 85-year-old's skin had a 30-year-old's colour (a pale
smooth pink on fair skin); the age lines were a faint noise (no zone darker than its surroundings by 1 L*); thin white
hair on fair skin was a tint of the skin (2-27 % of the top's texels read as hair: bald).  A version-11 head loads with
age_skin 0, wrinkle_depth 0 and sparse_hair 0 and draws bit for bit as before (checked against the version-11 code
when this was written; here: none of the new fields and maps is read)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture import age_measures as am
from backend.texture import quality as q
from backend.texture.parametric import albedo
from backend.texture.params import (PARAMS_VERSION, THIN_HAIR_FLOOR, TextureParams, TextureParamsError, _ageing,
                                    added_after, params_from_code)

SIZE = 512
NEW = ("age_skin", "wrinkle_depth", "sparse_hair", "brow_strokes")
THIN_WHITE = {"gender": "female", "age": "old", "hair_color": "gray", "scalp_hair": "balding", "skin_tone": "fair"}


def _img(face_model, p, seed, size=SIZE):
    with torch.no_grad():
        return albedo(p, size, seed, face_model)


def _v11(p: TextureParams) -> TextureParams:
    return TextureParams.from_dict({k: v for k, v in p.to_dict().items() if k not in added_after(11)} | {"version": 11})


def _at_age(code: dict, age: float, seed: int) -> TextureParams:
    """The draw of `code` with its age moved to `age` and the age lines drawn for it (the same person otherwise)."""
    return _ageing(replace(params_from_code(code, seed), age=age), seed)


def test_version_11_heads_load_with_the_old_drawing_and_read_none_of_the_new(face_model, monkeypatch):
    from backend.texture import seeded

    assert PARAMS_VERSION >= 12 and set(added_after(11)) - set(added_after(12)) == set(NEW)
    p = _v11(params_from_code(THIN_WHITE, 0))
    assert (p.age_skin, p.wrinkle_depth, p.sparse_hair, p.brow_strokes) == (0.0, 0.0, 0.0, 0.0)
    with pytest.raises(TextureParamsError, match="version 11 have no age_skin"):
        TextureParams.from_dict(dict(p.to_dict(), version=11))
    before = _img(face_model, p, 0, 256)
    geo = seeded.torch_geometry(face_model, 256)
    for slot in ("face", "back"):
        for key in ("crease", "crease_rim"):
            monkeypatch.setitem(geo[slot], key, geo[slot][key] * 0.5 + 0.3)
    assert torch.equal(before, _img(face_model, p, 0, 256))
    for change in ({"age_skin": 1.0}, {"wrinkle_depth": 0.5}, {"sparse_hair": 1.0}):
        assert not torch.equal(before, _img(face_model, replace(p, **change), 0, 256)), change


def test_unstated_eye_colour_follows_the_skin():
    shares = am.eye_colour_shares(1500)
    light = {band: s["blue"] + s["green"] + s["gray"] for band, s in shares.items()}
    assert light["very-fair"] > 0.4 and light["fair"] > 0.3, shares  # light eyes common only on fair skin
    assert shares["brown"]["blue"] < 0.01 and light["brown"] < 0.03, shares  # before: blue 6 % at melanin 0.57
    assert light["dark"] < 0.01 and shares["dark"]["brown"] > 0.9, shares
    for band in ("medium", "olive", "brown", "dark"):
        assert shares[band]["brown"] == max(v for k, v in shares[band].items() if k != "n"), (band, shares)


@pytest.mark.parametrize("colour", ["blue", "green", "gray"])
def test_a_stated_eye_colour_wins_on_any_skin(colour):
    for seed in range(5):
        picked = params_from_code({"skin_tone": "dark", "eye_color": colour, "ancestry": "black"}, seed)
        assert picked.iris_melanin < 0.3, (colour, seed)


def test_old_skin_keeps_its_tone_and_ages(face_model):
    """Fair skin at 85 against the same person at 30: not paler, a little sallower (b*, chroma up), redder cheeks,
    paler lips, less even (L* spread of the bare skin up)."""
    code = {"gender": "female", "skin_tone": "fair"}
    for seed in range(2):
        young, old = (_img(face_model, _at_age(code, a, seed), seed) for a in (0.3, 0.85))
        (l_y, c_y, b_y), (l_o, c_o, b_o) = am.skin_lch(young, face_model), am.skin_lch(old, face_model)
        assert l_o <= l_y + 0.3 and c_o > c_y + 1.5 and b_o > b_y + 1.5, (seed, (l_y, c_y, b_y), (l_o, c_o, b_o))
        cheek = [am.region_lab(i, face_model, lambda e: e["cheek"] > 0.5)[1]
                 - am.region_lab(i, face_model, lambda e: q.plain_skin(e) & (e["crease"] < 0.05))[1]
                 for i in (young, old)]  # redder than the skin around
        lips = [am.region_lab(i, face_model, lambda e: e["lips"] > 0.8)[1] for i in (young, old)]
        assert cheek[1] > cheek[0] + 1.0 and lips[1] < lips[0] - 1.5, (seed, cheek, lips)
        spread = [np.std(q.srgb_to_lab(q._slot(q._image(i), "face")[_bare(face_model)])[:, 0]) for i in (young, old)]
        assert spread[1] > spread[0] * 1.1, (seed, spread)


def _bare(face_model):
    f = q.atlas_fields(face_model, SIZE).slots["face"]
    e = f.extra
    return q.plain_skin(e) & f.covered & (e["crease"] < 0.05) & (e["crease_rim"] < 0.05)


def test_age_lines_deepen_with_age(face_model):
    code = {"gender": "male", "skin_tone": "fair"}
    for seed in range(2):
        lines = {a: am.crease_contrast(_img(face_model, _at_age(code, a, seed), seed), face_model)
                 for a in (0.3, 0.6, 0.85)}
        assert _at_age(code, 0.3, seed).wrinkle_depth == 0.0 and _at_age(code, 0.2, seed).wrinkle_depth == 0.0
        assert all(v > -1.0 for v in lines[0.3].values()), (seed, lines)  # none on a young face
        assert all(v < -2.5 for v in lines[0.6].values()) or min(lines[0.6].values()) < -4.0, (seed, lines)
        assert all(v < -6.0 for v in lines[0.85].values()), (seed, lines)  # visible at preview size
        assert all(lines[0.85][z] < lines[0.6][z] < lines[0.3][z] for z in lines[0.3]), (seed, lines)


def test_stated_wrinkles_deepen_the_lines():
    code = {"gender": "male", "age": "middle-aged"}
    for seed in range(4):
        plain, deep = params_from_code(code, seed), params_from_code(code, seed, wrinkles="deep")
        assert deep.wrinkle_depth > plain.wrinkle_depth + 0.2, seed
        assert replace(deep, wrinkle_depth=plain.wrinkle_depth) == plain  # nothing else moves
    assert params_from_code({"age": "young"}, 0, wrinkles="deep").wrinkle_depth == 0.0  # a child: none
    with pytest.raises(TextureParamsError, match="wrinkles must be"):
        params_from_code(code, 0, wrinkles="lots")


def test_thin_white_hair_shows_on_fair_skin(face_model):
    """Sparse but present: most of the top reads as hair (before: 2-27 %), the skin showing through (it shows
    less strongly than a full head of the same hair)."""
    for seed in range(2):
        thin = params_from_code(THIN_WHITE, seed)
        full = params_from_code(dict(THIN_WHITE, scalp_hair="full"), seed)
        img_thin, img_full = _img(face_model, thin, seed), _img(face_model, full, seed)
        assert q.scalp_hair_cover(img_thin, face_model, "top") > 0.5, seed
        assert q.scalp_hair_cover(img_thin, face_model, "front") > 0.75, seed
        assert am.scalp_delta_e(img_thin, face_model) < am.scalp_delta_e(img_full, face_model) - 3.0, seed
        # full hair draws as it did (the change is for thinned hair)
        assert q.scalp_hair_cover(_img(face_model, replace(full, sparse_hair=0.0), seed), face_model, "top") \
            == pytest.approx(q.scalp_hair_cover(img_full, face_model, "top"), abs=0.02)
    bald = params_from_code(dict(THIN_WHITE, scalp_hair="bald"), 0)
    assert q.scalp_hair_cover(_img(face_model, bald, 0), face_model, "top") < 0.05


def test_thin_hair_on_a_woman_is_never_drawn_bald():
    from backend.hair.style import choose

    for seed in range(300):
        p = params_from_code(THIN_WHITE, seed)
        assert p.scalp_hair >= THIN_HAIR_FLOOR, seed
        assert choose({}, THIN_WHITE, p.to_dict(), seed)[0].has_mesh, seed
    assert not choose({}, THIN_WHITE, params_from_code(dict(THIN_WHITE, scalp_hair="bald"), 0).to_dict(), 0)[0].has_mesh


def test_refinement_keeps_the_way_of_drawing_age_and_thin_hair(face_model):
    """age_skin, sparse_hair and brow_strokes say how a version draws (1 from version 12, 0 before): never optimised."""
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs

    layout = atlas_uvs(face_model)
    now = params_from_code(THIN_WHITE, 0).to_dict()
    for start in (now, {k: v for k, v in now.items() if k not in added_after(11)} | {"version": 11}):
        problem = parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, {}, "cpu", face_model)
        assert not {"age_skin", "sparse_hair", "brow_strokes"} & set(problem.params), start["version"]
        kept = problem.finish({k: v.detach().numpy() + 0.1 for k, v in problem.params.items()})[1]
        want = TextureParams.from_dict(start).to_dict()
        assert all(kept[k] == want[k] for k in ("age_skin", "sparse_hair", "brow_strokes")), start["version"]


def test_stated_wrinkles_reach_the_texture_from_the_prompt():
    from backend.parser import parse
    from backend.texture.wrinkle_words import stated_wrinkles

    for text in ("an old man of 80, deeply wrinkled", "a woman with crow's feet", "a weathered fisherman"):
        assert stated_wrinkles(parse(text).abstract) == "deep", text
    for text in ("a very old man", "a young woman", "a kind man"):
        assert stated_wrinkles(parse(text).abstract) is None, text


def test_the_pipeline_passes_stated_wrinkles(face_model):
    from backend.pipeline import GenerateOptions, generate_head

    opts = GenerateOptions(seed=3, texture_size=256, refine=False, hair="none")
    depth = {t: generate_head(t, opts).texture_params["wrinkle_depth"]
             for t in ("a middle-aged man", "a middle-aged man with crow's feet")}
    assert depth["a middle-aged man with crow's feet"] > depth["a middle-aged man"] + 0.2, depth
