"""A scar's tone by the skin (params version 19's scar_tone, scars.tone_from): pale or dark, drawn by melanin or said."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from backend.texture.atlas import SLOTS
from backend.texture.look_words import stated_looks
from backend.texture.parametric import albedo
from backend.texture.params import TextureParams, TextureParamsError, added_after, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.scars import FIELDS, scar_maps, tone_from

SIZE = 256
CHEEK = {"count": 1, "places": ["left_cheek"]}


def _dark_share(tone: str, seeds=range(300)) -> float:
    return float(np.mean([params_from_code({"gender": "male", "skin_tone": tone}, s, scar=CHEEK).scar_tone > 0
                          for s in seeds]))


def test_dark_scars_are_commoner_the_darker_the_skin():
    fair, medium, dark = _dark_share("fair"), _dark_share("medium"), _dark_share("dark")
    assert fair < 0.12 and 0.1 < medium < 0.35 and dark > 0.5
    assert fair < medium < dark


def test_a_said_tone_is_kept_and_a_bad_one_is_a_clear_error():
    for tone, value in (("pale", 0.0), ("dark", 1.0)):
        for skin in ("fair", "dark"):
            assert all(params_from_code({"gender": "male", "skin_tone": skin}, s, scar=CHEEK,
                                        looks={"scar": tone}).scar_tone == value for s in range(20))
    with pytest.raises(ValueError, match="scar tone must be one of"):
        tone_from(0.5, 1, "purple")
    with pytest.raises(TextureParamsError, match="looks must map"):
        params_from_code({"gender": "male"}, 1, scar=CHEEK, looks={"scar": "purple"})


def test_the_prompts_words_give_the_tone():
    assert stated_looks("a man with a pale scar across his cheek") == {"scar": "pale"}
    assert stated_looks("a woman with a thin white scar on her chin") == {"scar": "pale"}
    assert stated_looks("a man with a long dark scar on his cheek") == {"scar": "dark"}
    assert stated_looks("a dark-skinned scarred man") == {}  # the skin's word, not the scar's
    assert stated_looks("a man with dark hair and a scar") == {}


def test_no_scar_no_tone_and_the_tone_draws_no_other_field():
    for s in range(30):
        code = {"gender": "female", "skin_tone": "dark"}
        plain = params_from_code(code, s)
        assert plain.scar_tone == 0.0
        scarred = params_from_code(code, s, scar=CHEEK)
        assert replace(scarred, scar_tone=0.0, **{k: 0.0 for k in FIELDS}) == plain
    # a "dark scar" said without a scar the parser read is nothing
    assert params_from_code({"gender": "male"}, 1, looks={"scar": "dark"}) == params_from_code({"gender": "male"}, 1)


def test_heads_before_the_tone_painted_pale_scars():
    old = {k: v for k, v in TextureParams().to_dict().items() if k not in added_after(18)}
    assert "scar_tone" in added_after(18)
    assert TextureParams.from_dict({**old, "version": 18}).scar_tone == 0.0


def _lab(img):
    rows, cols = SLOTS["face"].pixels(img.shape[1])
    return srgb_to_lab(img[:, rows, cols].permute(1, 2, 0).numpy())


@pytest.mark.parametrize("skin", ["medium", "dark"])
def test_a_dark_scar_is_darker_than_the_skin_a_pale_one_lighter(face_model, skin):
    code = {"gender": "male", "age": "young", "skin_tone": skin}
    line = scar_maps(face_model, SIZE, 2, "scar_left_cheek")[0].numpy() > 0.6
    assert line.sum() > 5
    with torch.no_grad():
        p = params_from_code(code, 2, scar=CHEEK, looks={"scar": "dark"})
        plain = _lab(albedo(replace(p, scar_left_cheek=0.0), SIZE, 2, face_model))[line, 0].mean()
        dark = _lab(albedo(p, SIZE, 2, face_model))[line, 0].mean()
        pale = _lab(albedo(replace(p, scar_tone=0.0), SIZE, 2, face_model))[line, 0].mean()
    assert dark < plain - 2.0  # hyperpigmented: darker than the skin it lies in
    assert pale > plain + 2.0  # the pale scar as before
