"""Shape cues of an old face, measured on a head's vertices in mm (neutral expression): what makes 85 read older
than 70 once the texture's lines are drawn.  ICT's identity basis has no age axis, but each cue is a near-linear
direction of its 100 coefficients (R^2 in `population_stats`), so the space can express it (age_shape.py).

  jowl_mm       the jaw's lower border lateral to the chin (the vertices within 0.4 cm of the landmark contour
                5-6 / 10-11) below the mandible line from landmark 4 / 12 to the menton (8), mm; + = sagging
  upper_lip_mm  the upper red lip's height at the midline (landmark 51 -> 62), mm
  lower_lip_mm  the lower red lip's height at the midline (66 -> 57), mm
  temple_mm     at the temple (|x| > 5 cm, z 4.5-6.5 cm, y 3.5-5.0 cm) how far the side of the head lies inside the
                chord from the forehead's side (y 6.5-7.5) to the zygomatic arch (y 1.0-2.0), outermost vertex
                per cell; + = hollow
  nasolabial_mm the cheek-lip fold (|x| 2.0-2.6 cm, y -2.3..-1.7) behind the chord from the upper lip beside the
                philtrum (|x| 1.0-1.4) to the cheek (|x| 3.4-4.0), front-most vertex per cell; + = a deeper fold
  tip_deg       profile.py's subnasale -> tip angle above the horizontal: a drooping tip is lower
Each vertex set is fixed, picked once on the neutral mesh.
"""
from __future__ import annotations

import functools

import numpy as np

from .profile import SUBNASALE, TIP

CUES = ("jowl_mm", "upper_lip_mm", "lower_lip_mm", "temple_mm", "nasolabial_mm", "tip_deg")
CELL = 0.25  # cm: one vertex per cell
POPULATION, POPULATION_SEED = 1500, 20261202


def _pick(p: np.ndarray, ids: np.ndarray, keep: np.ndarray, cell_axes: tuple[int, int], best_axis: int,
          outward: bool) -> np.ndarray:
    """One vertex per (cell_axes) cell among ids[keep]: the largest along best_axis (|x| when outward)."""
    idx = np.flatnonzero(keep)
    cells = np.floor(p[idx][:, cell_axes] / CELL)
    _, cell = np.unique(cells, axis=0, return_inverse=True)
    score = np.abs(p[idx, best_axis]) if outward else p[idx, best_axis]
    return ids[np.asarray([idx[cell == c][np.argmax(score[cell == c])] for c in range(cell.max() + 1)])]


@functools.lru_cache(maxsize=2)
def vertex_sets(model) -> dict[str, np.ndarray]:
    skin = np.union1d(model.regions["face"], model.regions["head_and_neck"])
    p = model.neutral[skin].astype(np.float64)
    lm = model.neutral[model.landmarks].astype(np.float64)
    out = {}
    # the jaw contour lateral to the chin, both sides: vertices near the segments 4-5-6-7 / 12-11-10-9
    near = np.zeros(len(p), bool)
    for a, b in ((4, 5), (5, 6), (6, 7), (12, 11), (11, 10), (10, 9)):
        d = lm[b] - lm[a]
        t = np.clip(((p - lm[a]) @ d) / (d @ d), 0.0, 1.0)
        near |= np.linalg.norm(p - (lm[a] + t[:, None] * d), axis=1) < 0.4
    jowl = near & (np.abs(p[:, 0]) > 2.75) & (np.abs(p[:, 0]) < 4.75)
    out["jowl_left"], out["jowl_right"] = skin[jowl & (p[:, 0] < 0)], skin[jowl & (p[:, 0] > 0)]
    side = (np.abs(p[:, 0]) > 5.0) & (p[:, 2] > 4.5) & (p[:, 2] < 6.5)
    for name, (lo, hi) in {"temple_top": (6.5, 7.5), "temple": (3.5, 5.0), "temple_arch": (1.0, 2.0)}.items():
        out[name] = _pick(p, skin, side & (p[:, 1] >= lo) & (p[:, 1] < hi), (1, 2), 0, True)
    row = (p[:, 1] >= -2.3) & (p[:, 1] < -1.7) & (p[:, 2] > 8.0)
    for name, (lo, hi) in {"fold_lip": (1.0, 1.4), "fold": (2.0, 2.6), "fold_cheek": (3.4, 4.0)}.items():
        out[name] = _pick(p, skin, row & (np.abs(p[:, 0]) >= lo) & (np.abs(p[:, 0]) < hi), (0, 1), 2, False)
    return out


def _mean(model, x: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return (model.neutral[ids].astype(np.float64)
            + np.einsum("bk,kvc->bvc", x, model.identity_basis[:, ids].astype(np.float64))).mean(1)


def _at(model, x: np.ndarray, ids) -> np.ndarray:
    return model.neutral[ids].astype(np.float64) + np.einsum("bk,kvc->bvc", x, model.identity_basis[:, ids]
                                                             .astype(np.float64))


def age_cues(model, identity: np.ndarray) -> dict[str, np.ndarray]:
    """(B, K) identity coefficients -> CUES -> (B,) arrays (mm; tip in degrees)."""
    x = np.atleast_2d(np.asarray(identity, np.float64))
    s = vertex_sets(model)
    lm = _at(model, x, np.asarray(model.landmarks))
    out = {}
    sag = []
    for name, gonion in (("jowl_left", 4), ("jowl_right", 12)):
        j = _mean(model, x, s[name])
        g, m = lm[:, gonion], lm[:, 8]
        t = (j[:, 0] - g[:, 0]) / (m[:, 0] - g[:, 0])
        sag.append(g[:, 1] + t * (m[:, 1] - g[:, 1]) - j[:, 1])
    out["jowl_mm"] = np.mean(sag, 0) * 10.0
    out["upper_lip_mm"] = (lm[:, 51, 1] - lm[:, 62, 1]) * 10.0
    out["lower_lip_mm"] = (lm[:, 66, 1] - lm[:, 57, 1]) * 10.0
    c = {k: _mean(model, x, s[k]) for k in ("temple_top", "temple", "temple_arch")}
    # both sides pooled: mean |x| of each set (sets are symmetric on the neutral mesh)
    ax = {k: np.abs(_at(model, x, s[k])[..., 0]).mean(1) for k in c}
    t = (c["temple"][:, 1] - c["temple_arch"][:, 1]) / (c["temple_top"][:, 1] - c["temple_arch"][:, 1])
    out["temple_mm"] = (ax["temple_arch"] + t * (ax["temple_top"] - ax["temple_arch"]) - ax["temple"]) * 10.0
    f = {k: _mean(model, x, s[k]) for k in ("fold_lip", "fold", "fold_cheek")}
    fx = {k: np.abs(_at(model, x, s[k])[..., 0]).mean(1) for k in f}
    t = (fx["fold"] - fx["fold_lip"]) / (fx["fold_cheek"] - fx["fold_lip"])
    out["nasolabial_mm"] = (f["fold_lip"][:, 2] + t * (f["fold_cheek"][:, 2] - f["fold_lip"][:, 2])
                            - f["fold"][:, 2]) * 10.0
    rise = lm[:, TIP] - lm[:, SUBNASALE]  # as profile.py's tip_deg
    out["tip_deg"] = np.degrees(np.arctan2(rise[:, 1], rise[:, 2]))
    return out


@functools.lru_cache(maxsize=2)
def population_stats(model) -> dict[str, dict]:
    """Over N(0,1) heads, per cue: mean, SD, gradient (K,) of its least-squares linear fit and that fit's R^2."""
    x = np.random.default_rng(POPULATION_SEED).standard_normal((POPULATION, model.identity_basis.shape[0]))
    cues = age_cues(model, x)
    design = np.c_[np.ones(len(x)), x]
    out = {}
    for name, v in cues.items():
        coef, *_ = np.linalg.lstsq(design, v, rcond=None)
        r2 = 1.0 - ((v - design @ coef) ** 2).sum() / ((v - v.mean()) ** 2).sum()
        out[name] = {"mean": float(v.mean()), "sd": float(v.std()), "gradient": coef[1:], "r2": float(r2)}
    return out
