"""Closed eyelids cover the eyeballs on every generated head (ICT's blink is one offset for all identities)."""
from __future__ import annotations

import numpy as np

from backend.shape import expression_weights, load_shape_model
from backend.shape.lids import lid_check, lids_cover


def test_the_check_sees_eyeballs_through_closed_lids(face_model):
    check = lid_check(face_model)
    assert lid_check(face_model) is check  # planned once per model
    assert check.shown(np.zeros((1, 100), np.float32))[0] == 0  # the mean head closes its eyes
    heads = np.random.default_rng(0).standard_normal((40, 100)).astype(np.float32)
    shown = check.shown(heads)
    # N(0,1) heads: some with the cornea well through the lids (77-159 px), most covered
    assert 4 <= np.sum(shown > 50) and np.sum(shown == 0) >= 30, sorted(shown)
    # the head's own eye keys are replaced by the closed lids: wide eyes still close
    wide = expression_weights({"expression": "surprise"}, face_model.expression_names)
    assert check.shown(np.zeros((1, 100), np.float32), wide)[0] == 0
    worst = heads[np.argmax(shown)][None]
    assert check.shown(worst, wide)[0] > 0


def test_generated_heads_close_their_eyes(face_model):
    """Regressor draws that show eyeballs through closed lids are drawn again (3 of 20 seeds before)."""
    shape, check = load_shape_model(), lid_check(face_model)
    before = after = 0
    for seed in range(20):
        kw = dict(seed=seed, verify=face_model)
        before += check.shown(shape.sample_identity({"gender": "male"}, **kw))[0] > 0
        after += check.shown(shape.sample_identity({"gender": "male"}, accept=lids_cover(face_model), **kw))[0] > 0
    assert before >= 2 and after == 0, (before, after)


def test_a_head_whose_lids_never_cover_is_warned(face_model, monkeypatch):
    import backend.shape.lids as lids
    from backend.pipeline import GenerateOptions, generate_head

    calls = []

    def never(model, expression=None):
        calls.append(expression)
        return lambda identity: np.zeros(len(np.atleast_2d(identity)), bool)

    monkeypatch.setattr(lids, "lids_cover", never)
    head = generate_head("a man with his eyes closed", GenerateOptions(seed=3, refine=False, texture_size=256))
    assert calls and any("eyeballs show through the lids" in w for w in head.parsed["warnings"])
