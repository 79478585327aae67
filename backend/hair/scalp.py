"""Where the albedo paints scalp hair, per head vertex, without the texture's noise: the hairline's signed distance
(cm, > 0 inside; the same morph between the full, receded and horseshoe hairlines as texture/scalp_hair.py's
hair_density) and the density inside it (crown and female-pattern thinning).  The shell is built where these say
hair grows, so the mesh and the painted crop under it agree."""
from __future__ import annotations

import numpy as np

from ..texture.scalp import WHORL, scalp_maps
from ..texture.scalp_hair import CROWN_RADIUS, LUDWIG_DIFFUSE, LUDWIG_FRONT, LUDWIG_PART


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def scalp_field(neutral_pos: np.ndarray, params) -> tuple[np.ndarray, np.ndarray]:
    """(N, 3) neutral positions (the atlas paints from the neutral head), texture params (dict) -> (signed distance
    to the hairline in cm, density 0..1 inside the hairline)."""
    g = scalp_maps(neutral_pos.astype(np.float32))
    r = float(params.get("hairline_recession", 0.0))
    early, late = np.clip(2 * r, 0, 1), np.clip(2 * r - 1, 0, 1)
    full, receded, top = g["hairline"], g["receded"], g["bald_top"]
    horseshoe = np.minimum(receded, -top)
    d = full + early * (receded - full) + late * (horseshoe - receded)
    c = float(params.get("crown_thinning", 0.0))
    radius = CROWN_RADIUS[0] + (CROWN_RADIUS[1] - CROWN_RADIUS[0]) * c
    crown = c * _sigmoid((radius - np.linalg.norm(neutral_pos - np.array(WHORL), axis=1)) / 0.7)
    thin_top = 0.5 * late * _sigmoid(top)
    t = float(params.get("top_thinning", 0.0))
    pos = neutral_pos
    zone = _sigmoid(top) * _sigmoid((full - LUDWIG_FRONT) / 0.5)
    width = (LUDWIG_PART[0] + (LUDWIG_PART[1] - LUDWIG_PART[0]) * t) * (
        0.5 + 0.5 * np.clip((pos[:, 2] - WHORL[2]) / 10.0, 0, 1))
    part = np.exp(-((pos[:, 0] / width) ** 2)) * _sigmoid(pos[:, 2] - WHORL[2])
    ludwig = t * zone * (LUDWIG_DIFFUSE + (1 - LUDWIG_DIFFUSE) * part)
    density = float(params.get("scalp_hair", 0.9)) * (1 - crown) * (1 - thin_top) * (1 - ludwig)
    return d.astype(np.float32), density.astype(np.float32)
