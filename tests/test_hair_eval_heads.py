"""`eval hair` draws its heads as `generate` draws them (backend/hair/eval_heads.py): the identity, the texture params
and the hair style match generate_head's for prompts whose priors the old eval loops left out (ancestry's implied
shape, age in years, a flush, a stated beard and a cut)."""
from __future__ import annotations

import numpy as np
import pytest

PROMPTS = [("a Black man in his fifties with an afro and a long beard", 1),
           ("a sunburnt young man with an undercut", 2)]


@pytest.fixture(scope="module")
def models():
    from backend.face_model import load_face_model
    from backend.shape import load_shape_model

    return load_face_model(), load_shape_model()


@pytest.mark.parametrize("prompt,seed", PROMPTS)
def test_eval_heads_are_generates_heads(models, prompt, seed):
    from backend.hair.eval_heads import draw_head
    from backend.pipeline import GenerateOptions, generate_head

    model, shape = models
    want = generate_head(prompt, GenerateOptions(seed=seed, refine=False, texture_size=256))
    got = draw_head(model, shape, prompt, seed)
    np.testing.assert_array_equal(got.identity, want.identity)
    assert got.params == want.texture_params
    assert {"mode": "auto", **got.style.to_dict(), "mesh": want.hair is not None} == want.hair_record


def test_the_old_eval_draw_missed_the_priors(models):
    """The draw the eval loops used before (concrete attributes and denied values only) is another head for these
    prompts: the helper is what makes the figures the pipeline's."""
    from backend.hair.eval_heads import draw_head
    from backend.parser import parse
    from backend.texture.params import params_from_code

    model, shape = models
    prompt, seed = PROMPTS[0]
    parsed = parse(prompt)
    old_params = params_from_code(parsed.concrete, seed=seed, denied=parsed.denied).to_dict()
    old_identity = shape.sample_identity(parsed.concrete, seed=seed, n=1)[0]
    got = draw_head(model, shape, prompt, seed)
    assert old_params != got.params
    assert not np.allclose(old_identity, got.identity)
