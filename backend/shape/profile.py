"""The nose's side profile measured on a head's vertices (not its 68 landmarks): what "hooked",
"straight" and "upturned" look like in profile, in millimetres and degrees.

The ICT mesh has a row of vertices on its midline (x = 0 on the neutral head); from the brow to the upper
lip they run down the dorsum, round the tip, along the columella to the subnasale and down the lip.
- convexity_mm: mean side-view distance of the dorsum's vertices (between nasion landmark 27 and tip 30)
  from the straight line joining those two, forward positive: > 0 a humped (aquiline) bridge, < 0 a
  scooped one.  The landmark measure nose_dorsum (backend/measure.py) reads two of these points.
- hump_mm: the largest forward distance (the hump's height; about 0 on a concave bridge).
- tip_deg: direction subnasale -> tip above the horizontal; a raised tip is high, a drooping one low.
- nasolabial_deg: angle at the subnasale between the columella (its half nearest the subnasale) and the
  upper lip (subnasale -> landmark 51); an upturned nose opens it, a hooked one closes it.
"""
from __future__ import annotations

import functools

import numpy as np

NASION, TIP, SUBNASALE, UPPER_LIP = 27, 30, 33, 51
FIGURES = ("convexity_mm", "hump_mm", "tip_deg", "nasolabial_deg")


@functools.lru_cache(maxsize=4)
def midline(model) -> tuple[np.ndarray, dict[int, int]]:
    """(vertex ids of the midline from above the nasion to the upper lip, top first; landmark -> position
    in that row) for a FaceModel (computed once per model object)."""
    face = np.asarray(model.regions["face"])
    v = model.neutral[face].astype(np.float64)
    lm = model.neutral[model.landmarks].astype(np.float64)
    keep = (np.abs(v[:, 0]) < 1e-4) & (v[:, 1] <= lm[NASION, 1] + 1.0) & (v[:, 1] >= lm[UPPER_LIP, 1])
    keep &= v[:, 2] > lm[NASION, 2] - 1.0  # the face's surface, not the inside of the mouth or nose
    ids = face[keep][np.argsort(-v[keep, 1], kind="stable")]
    where = {k: int(np.flatnonzero(ids == model.landmarks[k])[0]) for k in (NASION, TIP, SUBNASALE, UPPER_LIP)
             if np.any(ids == model.landmarks[k])}
    if len(where) < 4 or not where[NASION] < where[TIP] < where[SUBNASALE] < where[UPPER_LIP]:
        raise ValueError("the model's midline does not run nasion -> tip -> subnasale -> lip")
    return ids, where


def _angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    cos = (u * v).sum(-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def nose_profile(model, vertices: np.ndarray) -> dict[str, np.ndarray]:
    """(V, 3) or (B, V, 3) vertices in ICT order (cm) -> FIGURES -> (B,) arrays."""
    ids, at = midline(model)
    p = np.asarray(vertices, np.float64).reshape(-1, *np.shape(vertices)[-2:])[:, ids][..., 1:]  # side view (y, z)
    top, tip, sn = p[:, at[NASION]], p[:, at[TIP]], p[:, at[SUBNASALE]]
    chord = tip - top
    length = np.linalg.norm(chord, axis=-1)
    dorsum = p[:, at[NASION] + 1:at[TIP]] - top[:, None]
    # forward normal of a chord running down and forward: (dz, -dy) in (y, z)
    dist = (dorsum[..., 0] * chord[:, None, 1] - dorsum[..., 1] * chord[:, None, 0]) / length[:, None]
    columella = p[:, (at[TIP] + at[SUBNASALE] + 1) // 2:at[SUBNASALE]].mean(1) - sn
    rise = tip - sn
    return {"convexity_mm": dist.mean(1) * 10.0, "hump_mm": dist.max(1) * 10.0,
            "tip_deg": np.degrees(np.arctan2(rise[:, 0], rise[:, 1])),
            "nasolabial_deg": _angle(columella, p[:, at[UPPER_LIP]] - sn)}
