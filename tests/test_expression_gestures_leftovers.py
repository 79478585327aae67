"""Session 14 gesture leftovers (backend/shape/expression_gestures.py, expression_gesture_goal.py): one raised
eyebrow as high as surprise's brows (was 6.5 mm against 7.3: faint at preview size), both brows raised, the
suspicious look (narrowed eyes, lowered brows, lips shut) and the grimace's own goal (before: none measured that
its lips part off the teeth)."""
from __future__ import annotations

import numpy as np
import pytest

from backend.shape.expression_gesture_goal import gesture_figures, goals, report
from backend.shape.expression_gestures import GESTURES, layered


@pytest.fixture(scope="module")
def figures(face_model):
    heads = np.random.default_rng(1).standard_normal((6, face_model.identity_basis.shape[0])).astype(np.float32)
    return gesture_figures(face_model, heads)


def test_one_raised_eyebrow_lifts_as_far_as_surprise(figures):
    assert figures["brow_raise_up_mm"]["min"] >= figures["surprise_brows_up_mm"]["median"], report(figures)
    assert figures["brow_raise_other_mm"]["max"] < 0.5  # the other brow stays down: the asymmetry reads


def test_both_brows_raised_and_suspicious_are_gestures_with_goals(figures):
    assert {"brows_raised", "suspicious"} <= set(GESTURES)
    both = layered({}, {"brows_raised": {}})
    assert both["browInnerUp_L"] == both["browInnerUp_R"] > 0 and both["browOuterUp_L"] == both["browOuterUp_R"] > 0
    assert "jawOpen" not in both and "eyeWide_L" not in both  # surprise's brows only
    found = goals(figures)
    assert [ok for g, ok in found.items() if g.startswith("raised eyebrows (both)")] == [True], report(figures)
    assert [ok for g, ok in found.items() if g.startswith("suspicious")] == [True], report(figures)
    assert figures["closed"]["suspicious"]["change_mm"] < 0.75 and figures["closed"]["brows_raised"]["change_mm"] < 0.75


def test_grimace_has_a_goal_and_meets_it(figures):
    found = [ok for g, ok in goals(figures).items() if g.startswith("grimace")]
    assert found == [True], report(figures)
    assert figures["grimace_gap_mm"]["min"] > 2.0 and figures["grimace_upper_lip_mm"]["min"] > 1.5
