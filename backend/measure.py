"""Facial measurements from the 68 Multi-PIE landmarks, and attribute labels by population quantiles.

Measures are ratios of landmark distances (or angles), divided by the centroid size of the landmarks
(root mean square distance from their centroid), so they do not depend on head scale or position.
They assume the model's frame (Y up, +Z forward), as every head of the ICT model has it.

Labels come from quantiles of the measures over heads drawn from the model itself (identity
coefficients ~ N(0, 1), fixed seed): three-valued ordinal attributes split the population into thirds.

- face_shape: nearest prototype (z-scores of face length, jaw/cheek ratio, forehead/cheek ratio and
  chin/jaw width ratio); the prototypes are `FACE_SHAPE_PROTOTYPES` below.
- gender: a rule, not learned (there are no gender labels in the model): a masculinity score =
  mean z-score of jaw/cheek ratio, brow-ridge projection, nose width and chin width, minus lip
  thickness; above the population median -> "male".  It is a proxy for the proportions that differ
  on average between men and women, not a classifier.
- age: the ICT identity basis holds no wrinkles or sagging of soft tissue, so age cannot be measured
  honestly from shape; the label is a weak proxy (longer nose, thinner lips, smaller eye opening with
  age), split into thirds.  It conditions the regressor consistently but says little about real age.

Functions take numpy arrays or torch tensors (…, V, 3) or (…, 68, 3); torch stays differentiable.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .errors import TextFaceError
from .schema import BY_NAME

N_LANDMARKS = 68
MEASURES: tuple[str, ...] = (
    "face_width", "face_length", "jaw_ratio", "forehead_ratio", "chin_ratio", "chin_projection",
    "eye_size", "eye_distance", "eye_tilt", "nose_length", "nose_width", "nose_bridge", "nose_tip",
    "mouth_width", "lip_thickness", "brow_ridge",
)
IDX = {name: i for i, name in enumerate(MEASURES)}

# Ordinal shape attribute -> the measure that orders it (low value first).
ORDINAL_MEASURE: Mapping[str, str] = {
    "face_width": "face_width", "chin": "chin_projection", "eye_size": "eye_size",
    "eye_distance": "eye_distance", "eye_tilt": "eye_tilt", "nose_length": "nose_length",
    "nose_width": "nose_width", "nose_bridge": "nose_bridge", "nose_tip": "nose_tip",
    "mouth_width": "mouth_width", "lip_thickness": "lip_thickness",
}
SHAPE_FEATURES = ("face_length", "jaw_ratio", "forehead_ratio", "chin_ratio")
# Prototypes in z-score units of SHAPE_FEATURES; a head takes the nearest one.
FACE_SHAPE_PROTOTYPES: Mapping[str, tuple[float, float, float, float]] = {
    "oval": (0.0, 0.0, 0.0, 0.0),
    "round": (-1.3, 0.3, 0.0, -0.9),   # short face, soft (narrow) chin
    "square": (0.0, 1.3, 0.0, 1.0),    # wide jaw, broad chin
    "long": (1.5, 0.0, 0.0, 0.0),
    "heart": (0.0, -0.9, 1.3, -0.6),   # wide forehead, narrow jaw, pointed chin
    "diamond": (0.0, -0.9, -1.3, -0.3),  # cheekbones wider than forehead and jaw
}
GENDER_TERMS = (("jaw_ratio", 1.0), ("brow_ridge", 1.0), ("nose_width", 1.0), ("chin_ratio", 1.0),
                ("lip_thickness", -1.0))
AGE_TERMS = (("nose_length", 1.0), ("lip_thickness", -1.0), ("eye_size", -1.0))
LABELLED = ("gender", "age", "face_shape", *ORDINAL_MEASURE)  # attributes `label` returns
POPULATION_SIZE = 20000
POPULATION_SEED = 20230601


class MeasureError(TextFaceError, ValueError):
    """Points of the wrong shape for measuring."""


def _is_torch(x) -> bool:
    return type(x).__module__.startswith("torch")


def _stack(parts, x):
    if _is_torch(x):
        import torch

        return torch.stack(parts, -1)
    return np.stack(parts, -1)


def _atan2(y, x):
    if _is_torch(y):
        import torch

        return torch.atan2(y, x)
    return np.arctan2(y, x)


def landmarks_of(points, landmark_ids=None):
    """(…, V, 3) vertices (with `landmark_ids`) or (…, 68, 3) landmarks -> (…, 68, 3) landmarks."""
    shape = tuple(points.shape)
    if len(shape) < 2 or shape[-1] != 3:
        raise MeasureError(f"points must have shape (..., V, 3), got {shape}")
    if shape[-2] == N_LANDMARKS and landmark_ids is None:
        return points
    if landmark_ids is None:
        raise MeasureError(f"{shape[-2]} points given without landmark ids (need 68 landmarks or ids)")
    ids = np.asarray(landmark_ids)
    if ids.shape != (N_LANDMARKS,) or ids.min() < 0 or ids.max() >= shape[-2]:
        raise MeasureError(f"landmark ids must be 68 indices below {shape[-2]}")
    if _is_torch(points):
        import torch

        return points[..., torch.as_tensor(ids, device=points.device, dtype=torch.long), :]
    return points[..., ids, :]


def measure(points, landmark_ids=None):
    """(…, V|68, 3) -> (…, len(MEASURES)) scale- and translation-invariant measures (numpy or torch)."""
    p = landmarks_of(points, landmark_ids)
    centred = p - p.mean(-2, keepdims=True) if not _is_torch(p) else p - p.mean(-2, keepdim=True)
    size = ((centred ** 2).sum(-1).mean(-1)) ** 0.5

    def pt(i):
        return p[..., i, :]

    def dist(i, j):
        return ((pt(i) - pt(j)) ** 2).sum(-1) ** 0.5

    def mid(*ids):
        return sum(pt(i) for i in ids) / len(ids)

    def coord(v, c):
        return v[..., c]

    cheek = dist(1, 15)
    jaw = dist(4, 12)
    brows = mid(17, 18, 19, 20, 21, 22, 23, 24, 25, 26)
    face_length = ((brows - pt(8)) ** 2).sum(-1) ** 0.5
    eye_w = (dist(36, 39) + dist(42, 45)) / 2
    eye_h = (dist(37, 41) + dist(38, 40) + dist(43, 47) + dist(44, 46)) / 4
    # Tilt: the outer corner above the inner one is "up" (angle in degrees, mean of both eyes).
    tilt_r = _atan2(coord(pt(36), 1) - coord(pt(39), 1), coord(pt(39), 0) - coord(pt(36), 0))
    tilt_l = _atan2(coord(pt(45), 1) - coord(pt(42), 1), coord(pt(45), 0) - coord(pt(42), 0))
    # Tip: direction subnasale -> tip in the side view; a tip pointing down (hooked) is high.
    droop = -_atan2(coord(pt(30), 1) - coord(pt(33), 1), coord(pt(30), 2) - coord(pt(33), 2))
    inner_eyes = mid(39, 42)
    upper_lids = mid(37, 38, 43, 44)
    values = [
        cheek / size,                                                     # face_width
        face_length / size,                                               # face_length
        jaw / cheek,                                                      # jaw_ratio
        dist(17, 26) / cheek,                                             # forehead_ratio
        dist(6, 10) / jaw,                                                # chin_ratio
        (coord(pt(8), 2) - coord(mid(48, 54), 2)) / size,                # chin_projection (vs mouth corners)
        (eye_w * eye_h) ** 0.5 / size,                                    # eye_size
        dist(39, 42) / size,                                              # eye_distance
        (tilt_r + tilt_l) * (90.0 / math.pi),                             # eye_tilt (mean, degrees)
        dist(27, 33) / size,                                              # nose_length
        dist(31, 35) / size,                                              # nose_width
        (coord(pt(28), 2) - coord(inner_eyes, 2)) / size,                 # nose_bridge
        droop * (180.0 / math.pi),                                        # nose_tip
        dist(48, 54) / size,                                              # mouth_width
        (dist(51, 62) + dist(57, 66)) / size,                             # lip_thickness
        (coord(mid(19, 24), 2) - coord(upper_lids, 2)) / size,            # brow_ridge
    ]
    return _stack(values, p)


@dataclass(frozen=True)
class Population:
    """Statistics of the measures over N(0,1) identity draws of one model (see `population`)."""

    mean: np.ndarray  # (M,)
    std: np.ndarray  # (M,)
    cuts: Mapping[str, tuple[float, ...]]  # ordinal attribute / "gender" / "age" -> cut points
    shares: Mapping[str, Mapping[str, float]]  # attribute -> value -> share of the population

    def z(self, m):
        """Measures -> z-scores (numpy or torch)."""
        if _is_torch(m):
            import torch

            return (m - torch.as_tensor(self.mean, dtype=m.dtype, device=m.device)) / torch.as_tensor(
                self.std, dtype=m.dtype, device=m.device)
        return (m - self.mean) / self.std


def scores(z):
    """z-scores (…, M) -> dict of the scalar scores the labels cut: ordinal measures, gender, age."""
    out = {attr: z[..., IDX[m]] for attr, m in ORDINAL_MEASURE.items()}
    out["gender"] = sum(w * z[..., IDX[m]] for m, w in GENDER_TERMS) / len(GENDER_TERMS)
    out["age"] = sum(w * z[..., IDX[m]] for m, w in AGE_TERMS) / len(AGE_TERMS)
    return out


def shape_distances(z):
    """z-scores (…, M) -> (…, 6) squared distances to the face-shape prototypes (schema order)."""
    feats = [z[..., IDX[f]] for f in SHAPE_FEATURES]
    cols = []
    for value in BY_NAME["face_shape"].values:
        proto = FACE_SHAPE_PROTOTYPES[value]
        cols.append(sum((f - c) ** 2 for f, c in zip(feats, proto)))
    return _stack(cols, z)


def _cut_index(score: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.asarray(cuts), score, side="right")


def label_indices(m: np.ndarray, pop: Population) -> dict[str, np.ndarray]:
    """Measures (…, M) numpy -> attribute -> value index (…,) into the schema's values."""
    m = np.asarray(m, np.float64)
    z = pop.z(m)
    sc = scores(z)
    out = {}
    for attr in LABELLED:
        if attr == "face_shape":
            out[attr] = np.argmin(shape_distances(z), -1)
        elif attr == "gender":  # schema order ("male", "female"): a high masculinity score is index 0
            out[attr] = 1 - _cut_index(sc[attr], pop.cuts[attr])
        else:
            out[attr] = _cut_index(sc[attr], pop.cuts[attr])
    return out


def label(m: np.ndarray, pop: Population) -> dict[str, str] | list[dict[str, str]]:
    """Measures (M,) -> {attribute: value}; (B, M) -> list of such dicts."""
    idx = label_indices(m, pop)
    single = np.ndim(m) == 1
    rows = [{a: BY_NAME[a].values[int(np.ravel(i)[k])] for a, i in idx.items()}
            for k in range(1 if single else int(np.shape(m)[0]))]
    return rows[0] if single else rows


def landmark_basis(model) -> tuple[np.ndarray, np.ndarray]:
    """(neutral landmarks (68,3), identity basis at the landmarks (K, 68, 3)), float64."""
    ids = model.landmarks
    return model.neutral[ids].astype(np.float64), model.identity_basis[:, ids].astype(np.float64)


def landmarks_for(model, identity: np.ndarray) -> np.ndarray:
    """Identity coefficients (B, K) -> landmarks (B, 68, 3) without blending the whole mesh."""
    base, basis = landmark_basis(model)
    c = np.asarray(identity, np.float64)
    # a BLAS matrix product (numpy's einsum does not use one for this pattern: 8x slower for the
    # 20,000 heads of the population)
    offsets = c.reshape(-1, c.shape[-1]) @ basis.reshape(basis.shape[0], -1)
    return base + offsets.reshape(c.shape[:-1] + base.shape)


def _quantile_cuts(x: np.ndarray, n: int) -> tuple[float, ...]:
    return tuple(float(q) for q in np.quantile(x, [k / n for k in range(1, n)]))


def compute_population(model, size: int = POPULATION_SIZE, seed: int = POPULATION_SEED) -> Population:
    """Measure `size` heads with N(0,1) identity coefficients and cut each score into quantiles."""
    k = model.identity_basis.shape[0]
    coeffs = np.random.default_rng(seed).standard_normal((size, k))
    m = measure(landmarks_for(model, coeffs))
    mean, std = m.mean(0), m.std(0)
    std = np.where(std > 0, std, 1.0)
    pre = Population(mean=mean, std=std, cuts={}, shares={})
    sc = scores(pre.z(m))
    cuts = {attr: _quantile_cuts(sc[attr], len(BY_NAME[attr].values)) for attr in ORDINAL_MEASURE}
    cuts["gender"] = _quantile_cuts(sc["gender"], 2)
    cuts["age"] = _quantile_cuts(sc["age"], 3)
    pop = Population(mean=mean, std=std, cuts=cuts, shares={})
    idx = label_indices(m, pop)
    shares = {a: {v: float(np.mean(idx[a] == j)) for j, v in enumerate(BY_NAME[a].values)} for a in LABELLED}
    return Population(mean=mean, std=std, cuts=cuts, shares=shares)


@functools.lru_cache(maxsize=4)
def population(model) -> Population:
    """The model's population statistics, computed once per model object (hashed by identity)."""
    return compute_population(model)


def measure_labels(vertices: np.ndarray, model) -> dict[str, str]:
    """One head's vertices (V, 3) in ICT order -> {attribute: value} for LABELLED attributes."""
    v = np.asarray(vertices, np.float64)
    if v.ndim != 2:
        raise MeasureError(f"measure_labels takes one head (V, 3), got {v.shape}")
    return label(measure(v, model.landmarks), population(model))


def labels_match(model, identity: np.ndarray, concrete: Mapping[str, str]) -> np.ndarray:
    """(B, K) identity coefficients -> (B,) bool: every stated LABELLED attribute measures as asked."""
    lab = label_indices(measure(landmarks_for(model, identity)), population(model))
    ok = np.ones(len(identity), bool)
    for attr, value in concrete.items():
        if attr in lab:
            ok &= lab[attr] == BY_NAME[attr].values.index(value)
    return ok
