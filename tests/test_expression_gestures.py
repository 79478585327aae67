"""Gestures layered on the expression (backend/shape/expression_gestures.py) and measured on N(0,1) heads
(expression_gesture_goal.py, `eval shape`'s "gestures").  Before, none existed: "raising one eyebrow", "whistling",
"a lopsided grin" (a symmetric smile) made no change to the face."""
from __future__ import annotations

import numpy as np
import pytest

from backend.shape import expression_weights
from backend.shape.expression_gesture_goal import gesture_figures, goals, report
from backend.shape.expression_gestures import GESTURES, layered, mirror_key, with_gestures


@pytest.fixture(scope="module")
def figures(face_model):
    heads = np.random.default_rng(0).standard_normal((6, face_model.identity_basis.shape[0])).astype(np.float32)
    return gesture_figures(face_model, heads)


def test_every_gesture_goal_passes_on_heads(figures):
    assert all(goals(figures).values()), report(figures)
    assert "one raised eyebrow" in report(figures)


def test_one_raised_eyebrow_is_on_the_characters_own_side(face_model):
    # ARKit _L moves the mesh at +x, where the 68-point landmarks put the subject's left eye (42-47)
    names, lm = list(face_model.expression_names), face_model.neutral[face_model.landmarks]
    assert lm[42:48, 0].mean() > 0 > lm[36:42, 0].mean()
    d = np.linalg.norm(face_model.expression_basis[names.index("browOuterUp_L")], axis=-1)
    assert face_model.neutral[np.argsort(d)[-50:], 0].mean() > 0
    left = layered({}, {"brow_raise": {}})
    right = layered({}, {"brow_raise": {"side": "right"}})
    assert left["browOuterUp_L"] > 0 and "browOuterUp_R" not in left
    assert right == {mirror_key(k): w for k, w in left.items()}


def test_lopsided_grin_lifts_one_corner_and_layers_keep_the_expression(face_model):
    names = face_model.expression_names
    grin = expression_weights({"expression": "smile"}, names, 2.0)
    lop = with_gestures(grin, names, {"lopsided": {}})
    i, j = names.index("mouthSmile_L"), names.index("mouthSmile_R")
    assert grin[i] == grin[j] and lop[i] == grin[i] and lop[j] < 0.25 * grin[j]
    lop_r = with_gestures(grin, names, {"lopsided": {"side": "right"}})
    assert lop_r[j] == grin[j] and lop_r[i] < 0.25 * grin[i]
    frown = expression_weights({"expression": "frown"}, names)
    wince = with_gestures(frown, names, {"wince": {}})
    assert (wince >= frown).all() and wince[names.index("noseSneer_L")] > 0  # the frown stays, the wince adds


def test_wink_and_smirk_sides_mirror_their_presets(face_model):
    names = face_model.expression_names
    wink = expression_weights({"eyelids": "wink"}, names)
    right = with_gestures(wink, names, {"wink": {"side": "right"}})
    assert wink[names.index("eyeBlink_L")] == 1 and right[names.index("eyeBlink_R")] == 1
    assert right[names.index("eyeBlink_L")] == 0
    smirk = expression_weights({"expression": "smirk"}, names)
    right = with_gestures(smirk, names, {"smirk": {"side": "right"}})
    assert right[names.index("mouthSmile_R")] == smirk[names.index("mouthSmile_L")] > 0
    assert right[names.index("mouthSmile_L")] == 0
    assert with_gestures(smirk, names, {}) is smirk


def test_degree_scales_a_gesture():
    soft, plain, strong = (layered({}, {"confused": {"degree": d}}) for d in (0.5, 1.0, 2.0))
    assert soft["browInnerUp_L"] < plain["browInnerUp_L"] < strong["browInnerUp_L"] <= 1.0
    assert all(w <= 1.0 for g in GESTURES for w in layered({}, {g: {"degree": 4.0}}).values())


def test_bad_gestures_are_refused_with_one_line():
    with pytest.raises(ValueError, match="unknown gesture 'tongue'"):
        layered({}, {"tongue": {}})
    with pytest.raises(ValueError, match="side 'up'"):
        layered({}, {"brow_raise": {"side": "up"}})
    with pytest.raises(ValueError, match="degree"):
        layered({}, {"bored": {"degree": -1}})
