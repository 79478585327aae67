"""The regressor's input code: one-hot + mask of the identity attributes (conditions + shape,
without `expression`, which is a separate preset)."""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ..schema import BY_NAME, check

IDENTITY_ATTRIBUTES: tuple[str, ...] = (
    "gender", "age", "face_shape", "face_width", "chin", "eye_size", "eye_distance", "eye_tilt",
    "nose_length", "nose_width", "nose_bridge", "nose_tip", "mouth_width", "lip_thickness",
)
N_ATTR = len(IDENTITY_ATTRIBUTES)
# one-hot width: the most values of an identity attribute (not the schema's MAX_OPTIONS, so that
# attributes outside the code, e.g. more expressions, leave the trained regressor's input as it is)
CODE_OPTIONS = max(len(BY_NAME[a].values) for a in IDENTITY_ATTRIBUTES)
CODE_DIM = N_ATTR * CODE_OPTIONS + N_ATTR


def values_to_indices(concrete: Mapping[str, str]) -> np.ndarray:
    """Concrete attributes -> (N_ATTR,) int value index, -1 where not stated (other attributes ignored)."""
    check(concrete)
    out = np.full(N_ATTR, -1, np.int64)
    for i, name in enumerate(IDENTITY_ATTRIBUTES):
        if name in concrete:
            out[i] = BY_NAME[name].values.index(concrete[name])
    return out


def conditions(concrete: Mapping[str, str]) -> dict[str, str]:
    """The statements the regressor is conditioned on: `concrete`, with age restated where the
    description also states some of its proxy features (backend.measure.age_terms).

    The regressor learnt age as the mean of all three proxy features; told "young" and "long nose" it
    compromises and the nose comes out medium.  With the stated features left out of the age measure,
    age means only the rest: with one feature left, age's thirds are that feature's own thirds, so it is
    stated as that feature ("an old man with full lips and big eyes" -> a long nose); with none left
    age says nothing about shape and is dropped; with two left the regressor's age is kept (it meets
    one stated feature as trained).
    """
    from ..measure import AGE_TERMS, age_terms

    rest = age_terms(concrete)
    if "age" not in concrete or len(rest) == len(AGE_TERMS) or len(rest) == 2:
        return dict(concrete)
    out = {k: v for k, v in concrete.items() if k != "age"}
    if len(rest) == 1:
        (measure, weight), = rest  # the measures of AGE_TERMS are attributes of the same name
        age = BY_NAME["age"].values.index(concrete["age"])
        values = BY_NAME[measure].values
        out[measure] = values[age if weight > 0 else len(values) - 1 - age]
    return out


def encode_indices(idx: np.ndarray) -> np.ndarray:
    """(B, N_ATTR) value indices (-1 = not stated) -> (B, CODE_DIM) float32 code (one-hot, then mask)."""
    idx = np.asarray(idx)
    b = idx.shape[0]
    onehot = np.zeros((b, N_ATTR, CODE_OPTIONS), np.float32)
    rows, cols = np.nonzero(idx >= 0)
    onehot[rows, cols, idx[rows, cols]] = 1.0
    return np.concatenate([onehot.reshape(b, -1), (idx >= 0).astype(np.float32)], 1)
