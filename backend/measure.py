"""Facial measurements from the 68 Multi-PIE landmarks, and attribute labels by population quantiles.

Measures are ratios of landmark distances (or angles), divided by the centroid size of the landmarks
(root mean square distance from their centroid), so they do not depend on head scale or position; the one
exception is `face_size`, that centroid size itself (model units, cm): how big the face is, which the ratios
leave out and which is the largest difference between men's and women's faces.
They assume the model's frame (Y up, +Z forward), as every head of the ICT model has it.

Labels come from quantiles of the measures over heads drawn from the model itself (identity
coefficients ~ N(0, 1), fixed seed): three-valued ordinal attributes split the population into thirds.

- nose_tip: the nose's side profile, the mean z-score of two measures (`NOSE_TIP_TERMS`): the convexity of the
  dorsal line (nose_dorsum: landmarks 28 and 29 against the nasion -> tip chord, forward positive) and the
  direction of the tip (tip_droop: subnasale -> tip, a tip pointing forward/down is high).  A hooked (aquiline)
  nose has both a humped bridge and a tip pointing down, an upturned one a scooped bridge and a raised tip;
  either alone reads as neither (the tip measure alone once labelled straight-bridged noses hooked).
- face_shape: nearest prototype (z-scores of face length, jaw/cheek ratio, forehead/cheek ratio and
  chin/jaw width ratio); the prototypes are `FACE_SHAPE_PROTOTYPES` below.
- gender: a rule, not learned (there are no gender labels in the model): a masculinity score, the
  mean z-score of the face's size, brow-ridge projection, nose width, jaw/cheek ratio and
  chin width, minus lip thickness and eye size (`GENDER_TERMS`: the adult differences the literature
  reports: men's faces are 5-8 % larger, with a more projecting brow, a wider nose, a wider, squarer jaw
  and chin, thinner lips and smaller-looking eyes relative to the face); above the population median ->
  "male".  It is a proxy for the proportions that differ on average between men and women, not a
  classifier.  Without size it could not tell a small face from a large one, and the regressor's men and
  women came out nearly the same head (1.7 mm apart on one seed, backend/shape/dimorphism.py).
  A stated gender asks for more than its half (backend/shape/aims.py `SCORE_AIMS`), and a head meets it
  only when its jaw, chin, brow and neck (mesh widths) are on that side too (`labels_met`,
  backend/shape/gender_read.py): a mean of terms let heavy-jawed, wide-necked heads pass as women.
- age: the ICT identity basis holds no wrinkles or sagging of soft tissue, so age cannot be measured
  honestly from shape; the label is a weak proxy (longer nose, thinner lips, smaller eye opening with
  age), split into thirds.  It conditions the regressor consistently but says little about real age.
  A feature the description states itself ("a young woman with a long nose") is left out of the age
  measure of that head (`age_terms`): see there.

Expression: the population is of neutral faces, and an expression moves every face's measures the same
way (a smile widens every mouth), so a head with an expression is labelled against a population making
the same expression (`population(model, expression)`): "a smiling man with a narrow mouth" measures
narrow when his smile is narrower than most smiles, which is what a viewer compares it with.

Functions take numpy arrays or torch tensors (…, V, 3) or (…, 68, 3); torch stays differentiable.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

from .errors import TextFaceError
from .schema import BY_NAME

N_LANDMARKS = 68
MEASURES: tuple[str, ...] = (
    "face_width", "face_length", "jaw_ratio", "forehead_ratio", "chin_ratio", "chin_projection",
    "eye_size", "eye_distance", "eye_tilt", "nose_length", "nose_width", "nose_bridge", "tip_droop",
    "mouth_width", "lip_thickness", "brow_ridge", "nose_dorsum", "face_size",
)
IDX = {name: i for i, name in enumerate(MEASURES)}

NOSE_TIP_TERMS = (("nose_dorsum", 1.0), ("tip_droop", 1.0))
# Ordinal shape attribute -> (measure, weight) terms whose mean z-score orders it (low value first).
ORDINAL_TERMS: Mapping[str, tuple[tuple[str, float], ...]] = {
    **{a: ((m, 1.0),) for a, m in (
        ("face_width", "face_width"), ("chin", "chin_projection"), ("eye_size", "eye_size"),
        ("eye_distance", "eye_distance"), ("eye_tilt", "eye_tilt"), ("nose_length", "nose_length"),
        ("nose_width", "nose_width"), ("nose_bridge", "nose_bridge"), ("mouth_width", "mouth_width"),
        ("lip_thickness", "lip_thickness"))},
    "nose_tip": NOSE_TIP_TERMS,
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
GENDER_TERMS = (("face_size", 1.0), ("brow_ridge", 1.0), ("nose_width", 1.0), ("jaw_ratio", 1.0),
                ("chin_ratio", 1.0), ("lip_thickness", -1.0), ("eye_size", -1.0))
AGE_TERMS = (("nose_length", 1.0), ("lip_thickness", -1.0), ("eye_size", -1.0))
LABELLED = ("gender", "age", "face_shape", *ORDINAL_TERMS)  # attributes `label` returns
POPULATION_SIZE = 20000
POPULATION_SEED = 20230601


class MeasureError(TextFaceError, ValueError):
    """Points of the wrong shape for measuring."""


def age_terms(stated: Iterable[str] = ()) -> tuple[tuple[str, float], ...]:
    """AGE_TERMS less the features among the `stated` attributes (those the description names itself).

    Age has no shape of its own in the model: its label only reads the proxy features.  A feature the
    user states ("a young woman with a long nose") is a direct request, and the proxy a weak guess, so
    the statement wins: the stated feature is left out of that head's age measure (which then reads the
    remaining proxy features, cut at their own population thirds), and with every proxy feature stated
    age is not measured at all.  Otherwise the age check would pull the stated features back.
    """
    stated = {m for a in stated if a in ORDINAL_TERMS for m, _ in ORDINAL_TERMS[a]}
    return tuple((m, w) for m, w in AGE_TERMS if m not in stated)


def _age_key(terms) -> str:
    """Key of the age cut points in Population.cuts for these terms ("age" for all of AGE_TERMS)."""
    names = [m for m, _ in terms]
    return "age" if len(names) == len(AGE_TERMS) else "age:" + ",".join(names)


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

        # torch.tensor copies: as_tensor would warn on the model's read-only landmark array
        return points[..., torch.tensor(ids, device=points.device, dtype=torch.long), :]
    return points[..., ids, :]


def measure(points, landmark_ids=None):
    """(…, V|68, 3) -> (…, len(MEASURES)) translation-invariant measures, scale-invariant but for
    face_size (numpy or torch)."""
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
    # Tip: direction subnasale -> tip in the side view; a tip pointing forward/down (hooked) is high.
    droop = -_atan2(coord(pt(30), 1) - coord(pt(33), 1), coord(pt(30), 2) - coord(pt(33), 2))
    # Dorsum: side-view distance of 28 and 29 from the chord nasion (27) -> tip (30); forward (a hump) > 0.
    dy, dz = coord(pt(30), 1) - coord(pt(27), 1), coord(pt(30), 2) - coord(pt(27), 2)
    chord = (dy ** 2 + dz ** 2) ** 0.5
    dorsum = sum((coord(pt(i), 1) - coord(pt(27), 1)) * dz - (coord(pt(i), 2) - coord(pt(27), 2)) * dy
                 for i in (28, 29)) / (2 * chord)
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
        droop * (180.0 / math.pi),                                        # tip_droop (degrees)
        dist(48, 54) / size,                                              # mouth_width
        (dist(51, 62) + dist(57, 66)) / size,                             # lip_thickness
        (coord(mid(19, 24), 2) - coord(upper_lids, 2)) / size,            # brow_ridge
        dorsum / size,                                                    # nose_dorsum
        size,                                                             # face_size (cm, not a ratio)
    ]
    return _stack(values, p)


@dataclass(frozen=True)
class Population:
    """Statistics of the measures over N(0,1) identity draws of one model (see `population`)."""

    mean: np.ndarray  # (M,)
    std: np.ndarray  # (M,)
    cuts: Mapping[str, tuple[float, ...]]  # ordinal attribute / "gender" / "age" -> cut points
    shares: Mapping[str, Mapping[str, float]]  # attribute -> value -> share of the population
    # score -> its value at each whole percentile (101): where aims (backend/shape/aims.py) lie
    percentiles: Mapping[str, np.ndarray] = field(default_factory=dict)

    def percentile(self, attr: str, q: float) -> float:
        """The population's `q`-th percentile (0-100) of a score (`scores`), interpolated."""
        return float(np.interp(q, np.arange(101), self.percentiles[attr]))

    def z(self, m):
        """Measures -> z-scores (numpy or torch)."""
        if _is_torch(m):
            import torch

            return (m - torch.as_tensor(self.mean, dtype=m.dtype, device=m.device)) / torch.as_tensor(
                self.std, dtype=m.dtype, device=m.device)
        return (m - self.mean) / self.std


def mean_terms(z, terms):
    """z-scores (…, M) -> (…,) the score of (measure, weight) terms: their weighted mean."""
    return sum(w * z[..., IDX[m]] for m, w in terms) / len(terms)


def scores(z):
    """z-scores (…, M) -> dict of the scalar scores the labels cut: ordinal measures, gender, age."""
    out = {attr: mean_terms(z, terms) for attr, terms in ORDINAL_TERMS.items()}
    out["gender"] = mean_terms(z, GENDER_TERMS)
    out["age"] = mean_terms(z, AGE_TERMS)
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


def label_indices(m: np.ndarray, pop: Population, stated: Iterable[str] = ()) -> dict[str, np.ndarray]:
    """Measures (…, M) numpy -> attribute -> value index (…,) into the schema's values.

    `stated`: attributes the description states; their features leave the age measure (`age_terms`),
    and "age" is missing from the result when all of its features are stated.
    """
    m = np.asarray(m, np.float64)
    z = pop.z(m)
    sc = scores(z)
    terms = age_terms(stated)
    out = {}
    for attr in LABELLED:
        if attr == "face_shape":
            out[attr] = np.argmin(shape_distances(z), -1)
        elif attr == "gender":  # schema order ("male", "female"): a high masculinity score is index 0
            out[attr] = 1 - _cut_index(sc[attr], pop.cuts[attr])
        elif attr == "age":
            if terms:
                out[attr] = _cut_index(mean_terms(z, terms), pop.cuts[_age_key(terms)])
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


def landmarks_for(model, identity: np.ndarray, expression=None) -> np.ndarray:
    """Identity coefficients (B, K) [+ expression weights (E,), the same for every head] -> landmarks
    (B, 68, 3) without blending the whole mesh (the model is linear: the same points as `blend`)."""
    base, basis = landmark_basis(model)
    if expression is not None:
        w = np.asarray(expression, np.float64)
        base = base + np.tensordot(w, model.expression_basis[:, model.landmarks].astype(np.float64), 1)
    c = np.asarray(identity, np.float64)
    # a BLAS matrix product (numpy's einsum does not use one for this pattern: 8x slower for the
    # 20,000 heads of the population)
    offsets = c.reshape(-1, c.shape[-1]) @ basis.reshape(basis.shape[0], -1)
    return base + offsets.reshape(c.shape[:-1] + base.shape)


def _quantile_cuts(x: np.ndarray, n: int) -> tuple[float, ...]:
    return tuple(float(q) for q in np.quantile(x, [k / n for k in range(1, n)]))


def compute_population(model, size: int = POPULATION_SIZE, seed: int = POPULATION_SEED,
                       expression=None) -> Population:
    """Measure `size` heads with N(0,1) identity coefficients (all making `expression`, weights (E,),
    when given) and cut each score into quantiles."""
    k = model.identity_basis.shape[0]
    coeffs = np.random.default_rng(seed).standard_normal((size, k))
    m = measure(landmarks_for(model, coeffs, expression))
    mean, std = m.mean(0), m.std(0)
    std = np.where(std > 0, std, 1.0)
    pre = Population(mean=mean, std=std, cuts={}, shares={})
    sc = scores(pre.z(m))
    cuts = {attr: _quantile_cuts(sc[attr], len(BY_NAME[attr].values)) for attr in ORDINAL_TERMS}
    cuts["gender"] = _quantile_cuts(sc["gender"], 2)
    for n in range(1, len(AGE_TERMS) + 1):  # every subset: the age measure less stated features
        for terms in itertools.combinations(AGE_TERMS, n):
            cuts[_age_key(terms)] = _quantile_cuts(mean_terms(pre.z(m), terms), 3)
    pop = Population(mean=mean, std=std, cuts=cuts, shares={})
    idx = label_indices(m, pop)
    shares = {a: {v: float(np.mean(idx[a] == j)) for j, v in enumerate(BY_NAME[a].values)} for a in LABELLED}
    percentiles = {a: np.percentile(s, np.arange(101)) for a, s in sc.items()}
    return Population(mean=mean, std=std, cuts=cuts, shares=shares, percentiles=percentiles)


def population(model, expression=None) -> Population:
    """The model's population statistics (of heads making `expression`, weights (E,), when given and
    not all zero), computed once per model object (hashed by identity) and expression."""
    if expression is None or not np.any(np.asarray(expression)):
        return _population(model, None)
    return _population(model, tuple(float(w) for w in np.ravel(expression)))


@functools.lru_cache(maxsize=8)
def _population(model, expression: tuple[float, ...] | None) -> Population:
    return compute_population(model, expression=expression)


def measure_labels(vertices: np.ndarray, model, expression=None,
                   stated: Iterable[str] = ()) -> dict[str, str]:
    """One head's vertices (V, 3) in ICT order -> {attribute: value} for LABELLED attributes.

    expression: the weights the vertices were blended with (labels against heads making the same
    expression); stated: as for `label_indices`.
    """
    v = np.asarray(vertices, np.float64)
    if v.ndim != 2:
        raise MeasureError(f"measure_labels takes one head (V, 3), got {v.shape}")
    idx = label_indices(measure(v, model.landmarks), population(model, expression), stated)
    return {a: BY_NAME[a].values[int(i)] for a, i in idx.items()}


def _stated_labels(model, identity, concrete, expression) -> dict[str, np.ndarray]:
    return label_indices(measure(landmarks_for(model, identity, expression)), population(model, expression),
                         concrete)


def labels_met(model, identity: np.ndarray, concrete: Mapping[str, str],
               expression=None) -> dict[str, np.ndarray]:
    """(B, K) identity coefficients -> stated, measured attribute -> (B,) bool: it measures as asked on
    the head as written (with `expression`, weights (E,)).  Age is measured as `age_terms` says."""
    lab = _stated_labels(model, identity, concrete, expression)
    met = {attr: lab[attr] == BY_NAME[attr].values.index(value)
           for attr, value in concrete.items() if attr in lab}
    if "gender" in met:  # the score's half, and every structural term and the neck on that side
        met["gender"] = met["gender"] & _reads_as_stated(model, identity, concrete)
    return met


def _reads_as_stated(model, identity, concrete) -> np.ndarray:
    from .shape.gender_read import reads_as_stated  # the mesh's neck measures live with the shape stage

    return reads_as_stated(model, np.asarray(identity), concrete)


def labels_match(model, identity: np.ndarray, concrete: Mapping[str, str], expression=None) -> np.ndarray:
    """(B, K) identity coefficients -> (B,) bool: every stated LABELLED attribute measures as asked."""
    ok = np.ones(len(identity), bool)
    for met in labels_met(model, identity, concrete, expression).values():
        ok &= met
    return ok


def unmet(model, identity: np.ndarray, concrete: Mapping[str, str], expression=None) -> dict[str, str]:
    """One head's identity (K,) -> stated attribute -> the value it measures instead, for those that miss."""
    lab = _stated_labels(model, np.asarray(identity)[None], concrete, expression)
    got = {a: BY_NAME[a].values[int(lab[a][0])] for a in concrete if a in lab}
    out = {a: v for a, v in got.items() if v != concrete[a]}
    if got.get("gender") == concrete.get("gender") and not _reads_as_stated(model, np.asarray(identity)[None],
                                                                            concrete)[0]:
        from .shape.gender_read import excess

        over = [t for t, e in excess(model, np.asarray(identity)[None], concrete).items() if e[0] > 0.05]
        out["gender"] = f"{got['gender']} by its score, but its {', '.join(over)} read as the other gender's"
    return out
