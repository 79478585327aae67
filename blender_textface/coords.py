"""ICT model units (cm, Y up, +Z forward) <-> Blender (metres, Z up, -Y forward).

(x, y, z)_blender = 0.01 * (x, -z, y)_ict: a rotation by +90 degrees about X plus the unit change, so
the face, which looks along +Z in the model, looks along -Y (Blender's front view).
"""
from __future__ import annotations

import numpy as np

SCALE = 0.01


def to_blender(points: np.ndarray) -> np.ndarray:
    """(..., 3) model-space points or offsets -> float32 Blender-space, same shape."""
    p = np.asarray(points, np.float32)
    out = np.empty_like(p)
    out[..., 0] = p[..., 0] * SCALE
    out[..., 1] = -p[..., 2] * SCALE
    out[..., 2] = p[..., 1] * SCALE
    return out


def to_model(points: np.ndarray) -> np.ndarray:
    """Inverse of to_blender."""
    p = np.asarray(points, np.float32)
    out = np.empty_like(p)
    out[..., 0] = p[..., 0] / SCALE
    out[..., 1] = p[..., 2] / SCALE
    out[..., 2] = -p[..., 1] / SCALE
    return out
