"""A heart-shaped face's pointed chin, for women too.

The regressor aims a stated face_shape at its prototype (measure.FACE_SHAPE_PROTOTYPES: heart = chin/jaw -0.6 z),
and gender_read.py's fit already holds a stated woman's chin at <= -0.75 z, so "a woman with a heart-shaped face"
got no narrower chin than "a woman" (paired change -0.07 z, 30 % of seeds; a man -0.60).  A stated heart shape adds
the offset that moves the chin/jaw ratio `CHIN_SD` population SDs narrower with the least skin motion
(cheek_hollow.py's metric) while every other landmark measure and the fullness score stay (first order), so the wide
forehead and narrow jaw the regressor drew stay.  Figures: `python -m backend.shape.face_words_goal 20`.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

CHIN_SD = 1.0  # population SDs narrower: the woman's chin reaches the heart prototype's distance below her own


def heart_offset(model, concrete: Mapping[str, str]) -> np.ndarray | None:
    """(K,) float32 offset narrowing the chin of a stated heart-shaped face; None otherwise (the same bits)."""
    from .. import measure as M
    from .cheek_hollow import _skin_metric, population_stats as landmark_stats

    if concrete.get("face_shape") != "heart":
        return None
    held = landmark_stats(model)["held"]  # the landmark measures' z gradients, then the fullness score's
    i = M.IDX["chin_ratio"]
    a = np.r_[np.delete(held, i, axis=0), held[i][None]]
    r = np.r_[np.zeros(len(held) - 1), -CHIN_SD]
    wa = np.linalg.solve(_skin_metric(model), a.T)
    return (wa @ np.linalg.solve(a @ wa, r)).astype(np.float32)
