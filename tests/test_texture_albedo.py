"""Quality checks of the parametric albedo on the real ICT model (thresholds in backend/texture/quality.py)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.errors import TextFaceError
from backend.schema import BY_NAME
from backend.texture import quality as q
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import TextureParams, added_after, params_from_code
from backend.texture.scars import FIELDS as SCAR_FIELDS

SIZE = 256


@pytest.fixture(scope="module")
def paint(face_model):
    def run(code, seed=0, size=SIZE):
        with torch.no_grad():
            return albedo(params_from_code(code, seed), size=size, seed=seed, model=face_model)
    return run


def test_image_shape_range_and_uint8(paint):
    img = paint({"gender": "male", "beard": "full", "freckles": "some", "makeup": "heavy", "age": "old"})
    assert img.shape == (3, SIZE, SIZE) and img.dtype == torch.float32
    assert torch.isfinite(img).all() and float(img.min()) >= 0 and float(img.max()) <= 1
    u8 = to_uint8(img)
    assert u8.shape == (SIZE, SIZE, 3) and u8.dtype == np.uint8


def test_bad_size_is_a_clear_error(face_model):
    with pytest.raises(TextFaceError, match="size"):
        albedo(TextureParams(), size=300, model=face_model)


def test_skin_tone_luminance_falls_monotonically(paint, face_model):
    lum = [q.skin_luminance(paint({"skin_tone": t}), face_model) for t in BY_NAME["skin_tone"].values]
    assert all(a > b for a, b in zip(lum, lum[1:])), lum
    assert lum[0] > 0.75 and lum[-1] < 0.35


def test_dark_beard_is_darker_than_cheeks_on_fair_skin(paint, face_model):
    for hair in ("black", "brown"):
        bearded = q.beard_contrast(paint({"skin_tone": "fair", "hair_color": hair, "beard": "full"}), face_model)
        assert bearded < -0.25, (hair, bearded)
    shaved = q.beard_contrast(paint({"skin_tone": "fair", "beard": "none", "gender": "male"}), face_model)
    assert abs(shaved) < 0.08
    stubble = q.beard_contrast(paint({"skin_tone": "fair", "hair_color": "black", "beard": "stubble"}), face_model)
    assert bearded < stubble < shaved - 0.05


def test_lip_redness_rises_for_red(paint, face_model):
    a = {c: q.lip_redness(paint({"skin_tone": "fair", "lip_color": c, "makeup": "none"}), face_model)
         for c in ("pale", "natural", "red")}
    assert a["pale"] < a["natural"] < a["red"], a
    assert a["red"] - a["natural"] > 5.0


def test_natural_lips_are_not_painted(paint, face_model):
    """Natural lips on fair skin measure about a* +10..13, L* -10 against the skin around them, less
    in men and with age.  The fitted lip colour alone gave a* +22, L* -21 for every man and woman:
    lipstick-red, and bright red on brown skin (a* +14.5 at L* 31)."""
    fair = {}
    for gender in ("female", "male"):
        code = {"skin_tone": "fair", "gender": gender, "makeup": "none", "beard": "none", "age": "young"}
        fair[gender] = np.mean([q.lip_skin_contrast(paint(code, s), face_model) for s in range(2)], 0)
        d_l, d_a = fair[gender]
        assert -15.0 < d_l < -6.0 and 6.0 < d_a < 15.0, (gender, d_l, d_a)
    assert fair["male"][1] < fair["female"][1] - 1.0, fair
    old = q.lip_skin_contrast(paint({"skin_tone": "fair", "gender": "female", "makeup": "none", "age": "old"}),
                              face_model)
    assert old[1] < fair["female"][1], old
    brown = q.lip_skin_contrast(paint({"skin_tone": "brown", "gender": "male", "beard": "none"}), face_model)
    assert brown[1] < 10.0, brown


def test_params_version_2_lips_render_as_before(face_model):
    """Heads stored before lip_contrast keep their fitted lips (lip_contrast 1)."""
    p = params_from_code({"skin_tone": "fair", "gender": "male", "beard": "none"}, 0)
    d = p.to_dict()
    for k in added_after(2):
        del d[k]
    v2 = TextureParams.from_dict(dict(d, version=2))
    assert v2.lip_contrast == 1.0
    with torch.no_grad():
        then, now = (q.lip_skin_contrast(albedo(x, SIZE, 0, face_model), face_model) for x in (v2, p))
    assert then[1] > 18.0 and then[1] > now[1] + 8.0, (then, now)


@pytest.mark.parametrize("colour, lo, hi", [("brown", 10, 45), ("hazel", 40, 85), ("green", 80, 150),
                                            ("blue", 190, 240)])
def test_iris_hue_follows_eye_colour(paint, face_model, colour, lo, hi):
    hue, sat, _ = q.iris_colour(paint({"eye_color": colour}), face_model)
    assert lo <= hue <= hi and sat > 0.25, (colour, hue, sat)


def test_gray_iris_is_unsaturated(paint, face_model):
    _, sat, _ = q.iris_colour(paint({"eye_color": "gray"}), face_model)
    assert sat < 0.2


@pytest.mark.parametrize("code", [
    {"skin_tone": "fair", "gender": "female"},
    {"skin_tone": "dark", "gender": "male", "beard": "full", "hair_color": "black", "age": "old"},
    {"skin_tone": "very-fair", "freckles": "some", "makeup": "heavy"},
])
def test_no_seam_between_face_and_back_of_head(paint, face_model, code):
    de = q.seam_delta_e(paint(code, size=512), face_model)
    assert len(de) > 100
    assert de.mean() < q.SEAM_MEAN_DE and np.percentile(de, 95) < q.SEAM_P95_DE, (de.mean(), np.percentile(de, 95))


def test_seed_is_deterministic_and_seeds_differ_consistently(paint, face_model):
    code = {"skin_tone": "medium", "gender": "female", "eye_color": "green"}
    a, b, c = paint(code, 1), paint(code, 1), paint(code, 2)
    assert torch.equal(a, b)
    diff = (a - c).abs().mean()
    assert diff > 0.003  # a different person ...
    la, lc = q.skin_luminance(a, face_model), q.skin_luminance(c, face_model)
    assert abs(la - lc) < 0.05  # ... of the same skin tone


def test_sizes_agree(paint, face_model):
    code = {"skin_tone": "olive"}
    assert abs(q.skin_luminance(paint(code, size=256), face_model) -
               q.skin_luminance(paint(code, size=512), face_model)) < 0.02


def test_albedo_is_differentiable_in_every_parameter(face_model):
    params = params_from_code({"gender": "male", "beard": "full", "makeup": "heavy", "freckles": "some",
                               "age": "old", "hair_color": "gray", "scalp_hair": "balding"}, 0)
    # scalp_filter, beard_contrast, hair_grain, seam_fix and brow_fill are 1 (the clamp's end, no gradient there;
    # refinement never moves the rendering fixes): half way here; a man's top_thinning (the female pattern) is 0, the
    # other end; so are version 12's age_skin, sparse_hair and brow_strokes; the iris half way (this seed draws blue eyes:
    # no lipochrome, no grey stroma, both at the clamp's end); version 14's cuts are 0 without a named cut (not drawn);
    # version 13's freckle_density at 0.5 (the plain dots) sits on the kink between fewer and more dots: off it here;
    # version 15's ways of drawing are 1 (the clamp's end) and version 16's flush and sunburn 0 (not drawn): half way;
    # so are version 17's hair_silver and scalp_covered (0 unless said), freckle_sun, beard_strokes and sideburn_taper (1),
    # and version 18's cheek_soft (1); eyeliner_shade picks one of the parser's colours (a choice, no gradient: refinement
    # never moves it); version 19's scars, scar_tone and nude_depth are 0 unless said (not drawn): half way, temple_grey above
    # the scalp's hair_grey
    t = replace(params, scalp_filter=0.5, beard_contrast=0.5, top_thinning=0.3, hair_grain=0.5,
                seam_fix=0.5, brow_fill=0.5, age_skin=0.5, sparse_hair=0.5, brow_strokes=0.5, iris_lipochrome=0.5,
                iris_grey=0.5, side_shave=0.5, shave_shape=0.5, cornrows=0.5, freckle_density=0.7,
                grey_strands=0.5, cornrow_nape=0.5, age_cues=0.5, flush=0.5, sunburn=0.5,
                hair_silver=0.5, scalp_covered=0.5, freckle_sun=0.5, beard_strokes=0.5,
                sideburn_taper=0.5, cheek_soft=0.5, temple_grey=0.9, nude_depth=0.5, scar_tone=0.5,
                lipstick_shade=0.3,  # nude_depth acts through the nude end of the shade: off red (0.5), where its weight is 0
                **{k: 0.5 for k in SCAR_FIELDS}).tensors(requires_grad=True)
    img = albedo(t, size=SIZE, seed=0, model=face_model)
    img.mean().backward()
    assert t["eyeliner_shade"].grad is None
    grads = {k: float(v.grad) for k, v in t.items() if k != "eyeliner_shade"}
    assert all(np.isfinite(g) for g in grads.values())
    assert grads["melanin"] < 0  # more melanin, darker
    # version 15's first lines give way to the old face's deeper ones (wrinkle_depth > their depth): none here;
    # a face of 38 checks them below
    zero = [k for k, g in grads.items() if g == 0.0 and k != "age_cues"]
    assert not zero, f"parameters without gradient: {zero}"


def test_first_age_lines_are_differentiable(face_model):
    params = params_from_code({"gender": "female"}, 0, age_years=38)
    t = replace(params, age_cues=0.5).tensors(requires_grad=True)
    albedo(t, size=SIZE, seed=0, model=face_model).mean().backward()
    assert float(t["age_cues"].grad) != 0.0


def test_texture_model_round_trips_through_params(face_model):
    from backend.texture import make_texture_model

    tm = make_texture_model("parametric", model=face_model)
    r = tm.generate({"skin_tone": "brown", "eye_color": "hazel"}, seed=4, size=SIZE)
    assert tm.name == "parametric" and r.image.shape == (SIZE, SIZE, 3)
    assert r.face_uv_indices.shape == (int(face_model.face_offsets[-1]),)
    again = tm.from_params(r.params, seed=4, size=SIZE)
    assert np.array_equal(again.image, r.image)


@pytest.mark.parametrize("spec", ["gan", "stylegan:", 3, "parametric "])
def test_bad_texture_spec_is_an_error(spec, face_model):
    from backend.texture import make_texture_model

    with pytest.raises(TextFaceError):
        make_texture_model(spec, model=face_model)


def test_freckles_add_spots(paint, face_model):
    for tone in ("very-fair", "medium"):
        plain = q.freckle_contrast(paint({"skin_tone": tone, "freckles": "none"}), face_model)
        freckled = q.freckle_contrast(paint({"skin_tone": tone, "freckles": "some"}), face_model)
        assert freckled > 1.5 * plain, (tone, plain, freckled)
