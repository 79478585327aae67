"""The lid gap (backend/shape/lid_gap.py): a linear stand-in of the closed-lid render check that training
keeps from falling, so large edits (a clearly upturned nose) do not push the eyeballs through the lids."""
from __future__ import annotations

import numpy as np

from backend.shape import load_shape_model
from backend.shape.lid_gap import lid_gap
from backend.shape.lids import lid_check


def test_the_gap_orders_heads_as_the_render_check_does(face_model):
    gap, per = lid_gap(face_model)
    assert per.shape == (face_model.identity_basis.shape[0],) and gap > 0  # the mean head closes its eyes
    heads = np.random.default_rng(0).standard_normal((40, 100)).astype(np.float32)
    shown = lid_check(face_model).shown(heads)
    gaps = gap + heads @ per
    assert 0 < np.sum(shown > 0) < 40
    assert gaps[shown > 0].max() < np.median(gaps[shown == 0])  # the failing heads sit low


def test_upturned_heads_close_their_eyes_about_as_often_as_others(face_model):
    """Trained without the gap, 3 in 4 unchecked "upturned" draws showed their corneas (1 in 6 of "a man")."""
    shape, check = load_shape_model(), lid_check(face_model)
    upturned = check.shown(shape.sample_identity({"nose_tip": "upturned"}, seed=0, n=40)) > 0
    plain = check.shown(shape.sample_identity({"gender": "male"}, seed=0, n=40)) > 0
    assert upturned.mean() <= 0.35 and upturned.mean() <= plain.mean() + 0.15, (upturned.mean(), plain.mean())
