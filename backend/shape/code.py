"""The regressor's input code: one-hot + mask of the identity attributes (conditions + shape,
without `expression`, which is a separate preset)."""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ..schema import BY_NAME, MAX_OPTIONS, check

IDENTITY_ATTRIBUTES: tuple[str, ...] = (
    "gender", "age", "face_shape", "face_width", "chin", "eye_size", "eye_distance", "eye_tilt",
    "nose_length", "nose_width", "nose_bridge", "nose_tip", "mouth_width", "lip_thickness",
)
N_ATTR = len(IDENTITY_ATTRIBUTES)
CODE_DIM = N_ATTR * MAX_OPTIONS + N_ATTR


def values_to_indices(concrete: Mapping[str, str]) -> np.ndarray:
    """Concrete attributes -> (N_ATTR,) int value index, -1 where not stated (other attributes ignored)."""
    check(concrete)
    out = np.full(N_ATTR, -1, np.int64)
    for i, name in enumerate(IDENTITY_ATTRIBUTES):
        if name in concrete:
            out[i] = BY_NAME[name].values.index(concrete[name])
    return out


def encode_indices(idx: np.ndarray) -> np.ndarray:
    """(B, N_ATTR) value indices (-1 = not stated) -> (B, CODE_DIM) float32 code (one-hot, then mask)."""
    idx = np.asarray(idx)
    b = idx.shape[0]
    onehot = np.zeros((b, N_ATTR, MAX_OPTIONS), np.float32)
    rows, cols = np.nonzero(idx >= 0)
    onehot[rows, cols, idx[rows, cols]] = 1.0
    return np.concatenate([onehot.reshape(b, -1), (idx >= 0).astype(np.float32)], 1)
