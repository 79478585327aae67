"""Old age past 70 in the face's shape: jowls, thin lips, hollow temples, deeper nasolabial folds, a drooping tip.

The age class "old" covers 60 and up, and the shape stage draws it from the regressor's class alone, so "a 95 year
old woman" had the shape of "a 70 year old woman": the texture's lines aged her, the shape did not (age_cues.py
measures it: `python -m backend.shape.age_shape_goal 20`).  Stated years past `START` add an identity offset that
moves each cue of age_cues.py `PER_YEAR` population SDs per year further towards old age (to `CAP` years): the
change that moves the skin least (cheek_hollow.py's metric) with every other landmark measure and the fullness score
held (first order), so the stated labels and the gender terms stay; lip thickness, nose length and tip droop are the
cues themselves (and the age measure's proxies: they push it older), unless the description states them, in which
case the statement wins and that cue is left where it is.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ..errors import TextFaceError
from .age_cues import CUES, population_stats

START, CAP = 70, 100  # years: the regressor's "old" class is the 70-year-old face; no further change past CAP
PER_YEAR = 1.5 / 25  # population SDs per year: at 95 each cue 1.5 SD older than the class alone draws it
OLDER = {"jowl_mm": 1, "upper_lip_mm": -1, "lower_lip_mm": -1, "temple_mm": 1, "nasolabial_mm": 1, "tip_deg": -1}
FREED = {"lip_thickness": ("upper_lip_mm", "lower_lip_mm"), "nose_length": (), "tip_droop": ("tip_deg",)}
STATED_MEASURES = {"lip_thickness": ("lip_thickness",), "nose_length": ("nose_length",), "nose_tip": ("tip_droop",)}
MAX_YEARS = 130


class AgeShapeError(TextFaceError, ValueError):
    """Years that are not an age."""


def age_step(years) -> float:
    """Stated years -> population SDs each cue moves (0 at START and below)."""
    if years is None:
        return 0.0
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or not 0 <= years <= MAX_YEARS:
        raise AgeShapeError(f"age_years must be a whole number of years 0..{MAX_YEARS} or unstated, got {years!r}")
    return PER_YEAR * max(0, min(int(years), CAP) - START)


def age_offset(model, years, stated: Mapping[str, str] = ()) -> np.ndarray | None:
    """(K,) float32 offset moving each age cue `age_step(years)` population SDs older (the cues of attributes
    `stated` excepted), holding the other landmark measures and the fullness score; None when nothing is asked."""
    from .. import measure as M
    from .cheek_hollow import _skin_metric, population_stats as landmark_stats
    from .fullness import population_stats as fullness_stats

    step = age_step(years)
    if step <= 0.0:
        return None
    held_out = {m for m in FREED} - {m for a, ms in STATED_MEASURES.items() if a in stated for m in ms}
    targets = [c for c in CUES
               if not any(c in FREED[m] for m in FREED if m not in held_out)]
    lz = landmark_stats(model)["held"][:len(M.MEASURES)]  # the landmark measures' z gradients
    held = np.r_[lz[[i for i, m in enumerate(M.MEASURES) if m not in held_out]],
                fullness_stats(model)["gradient"][None]]
    st = population_stats(model)
    g = np.stack([st[c]["gradient"] for c in targets])
    a = np.r_[held, g]
    r = np.r_[np.zeros(len(held)), [OLDER[c] * step * st[c]["sd"] for c in targets]]
    wa = np.linalg.solve(_skin_metric(model), a.T)
    return (wa @ np.linalg.solve(a @ wa, r)).astype(np.float32)
