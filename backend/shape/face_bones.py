"""The face's bones the parser reads beside the code (`ParseResult.facial_hair`, parser/facial_shapes.py): "high /
prominent / flat cheekbones", "a heavy / prominent / strong brow (ridge)", "a flat brow".

Each is a direction in ICT's identity space, found as cheek_hollow.py finds the hollow cheek's:
  cheekbone_mm  at |x| 4.5-5.5 cm, how far the zygoma's front (y 0.5..1.5 cm, cheek_hollow.py's row) lies ahead of
                the chord from the brow's outer end (y 5.0..6.0) to the mandible's front (y -4.5..-3.5): the malar
                eminence standing out between brow and jaw in a three-quarter view (+ = prominent); fixed sets of
                front-most vertices on the neutral mesh.  Linear in the coefficients (R^2 in `population_stats`).
  brow_ridge    backend/measure.py's landmark measure (the brows ahead of the upper lids), z.
A stated value adds the offset that moves its measure `STEP_SD` population SDs (high / heavy up, flat down) with
the least skin motion (cheek_hollow.py's metric) while every other landmark measure and the fullness score stay
(first order): the stated attributes' labels and gender_read.py's terms are left as they were.  A stated woman's
brow ridge is still held at her gender's limit by the gender fit (gender_read.py: <= -0.5 z).
Figures: `python -m backend.shape.face_words_goal 20`.
"""
from __future__ import annotations

import functools
from typing import Mapping

import numpy as np

from ..errors import TextFaceError

BAND_X = (4.5, 5.5)  # cm from the midline: the malar eminence, lateral to the lower lid's middle
ROWS = {"brow": (5.0, 6.0), "zygoma": (0.5, 1.5), "jaw": (-4.5, -3.5)}  # y bands (cm; menton at -7.6)
CELL = 0.25  # cm: one front-most vertex per (x, y) cell
STEP_SD = 1.5  # population SDs a stated bone word moves its measure
VALUES = {"cheekbones": {"high": 1.0, "flat": -1.0}, "brow_ridge": {"heavy": 1.0, "flat": -1.0}}


class FaceBonesError(TextFaceError, ValueError):
    """A bone value the shape does not know."""


def _vertex_sets(model) -> dict[str, np.ndarray]:
    from .front_bands import front_vertex_sets

    return front_vertex_sets(model, tuple(ROWS.items()), BAND_X, CELL)


def cheekbone_mm(model, identity: np.ndarray) -> np.ndarray:
    """(B, K) identity coefficients -> (B,) the zygoma's front ahead of the brow-jaw chord in mm (+ = prominent)."""
    from .front_bands import band_means

    c = band_means(model, identity, _vertex_sets(model))
    t = (c["zygoma"][:, 1] - c["brow"][:, 1]) / (c["jaw"][:, 1] - c["brow"][:, 1])
    chord = c["brow"][:, 2] + t * (c["jaw"][:, 2] - c["brow"][:, 2])
    return (c["zygoma"][:, 2] - chord) * 10.0


@functools.lru_cache(maxsize=2)
def population_stats(model) -> dict:
    """Over fullness.py's N(0,1) heads: cheekbone_mm's mean, SD (mm), gradient (K,) and R^2."""
    from .fullness import POPULATION, POPULATION_SEED

    x = np.random.default_rng(POPULATION_SEED).standard_normal((POPULATION, model.identity_basis.shape[0]))
    depth = cheekbone_mm(model, x)
    design = np.c_[np.ones(len(x)), x]
    coef, *_ = np.linalg.lstsq(design, depth, rcond=None)
    r2 = 1.0 - ((depth - design @ coef) ** 2).sum() / ((depth - depth.mean()) ** 2).sum()
    return {"mean": np.float64(depth.mean()), "sd": np.float64(depth.std()), "gradient": coef[1:],
            "r2": np.float64(r2)}


def check_bones(facial: Mapping | None) -> dict[str, float]:
    """The parser's facial_hair -> {bone: +1 | -1} for the bones it states; a value outside VALUES raises."""
    out = {}
    for bone, values in VALUES.items():
        said = (facial or {}).get(bone)
        if said is None:
            continue
        if said not in values:
            raise FaceBonesError(f"{bone} must be one of {sorted(values)} or unstated, got {said!r}")
        out[bone] = values[said]
    return out


def bone_offset(model, facial: Mapping | None) -> np.ndarray | None:
    """(K,) float32 offset moving each stated bone's measure `STEP_SD` SDs its way, every other landmark measure
    and the fullness score held (first order); None when no bone is stated (the head is the same bits)."""
    from .. import measure as M
    from .cheek_hollow import _skin_metric, population_stats as landmark_stats

    signs = check_bones(facial)
    if not signs:
        return None
    held = landmark_stats(model)["held"]  # the landmark measures' z gradients, then the fullness score's
    rows, rhs = [], []
    if "cheekbones" in signs:
        st = population_stats(model)
        rows.append(st["gradient"]), rhs.append(signs["cheekbones"] * STEP_SD * st["sd"])
    if "brow_ridge" in signs:
        i = M.IDX["brow_ridge"]
        held = np.delete(held, i, axis=0)
        rows.append(landmark_stats(model)["held"][i]), rhs.append(signs["brow_ridge"] * STEP_SD)
    a = np.r_[held, np.stack(rows)]
    r = np.r_[np.zeros(len(held)), rhs]
    wa = np.linalg.solve(_skin_metric(model), a.T)
    return (wa @ np.linalg.solve(a @ wa, r)).astype(np.float32)
