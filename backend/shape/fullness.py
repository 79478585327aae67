"""Face fullness: how much soft tissue the face carries ("a very fat man with a double chin", "a gaunt man").

The schema's face_width is the bizygomatic width over face size (landmarks 1-15, bone): a fat face reads in the
soft tissue around it, which no landmark sees.  Four mesh measures of that tissue (`fullness_measures`, on fixed
vertex sets picked on the neutral mesh):
  cheek_width   the face's widest extent at the mouth corners' height (the cheeks' outline in front view) / size
  cheek_forward the cheeks' front surface between mouth and nose base (|x| 3-5 cm) ahead of the inner eye corners
                (the zygoma's plane) / size: hollow cheeks sink behind it
  submental     how far the surface under the chin (midline, 2-5 cm behind the menton) hangs below the menton / size:
                a double chin
  throat        how far forward the front of the neck 2.5-3.5 cm below the menton sits / size: a full neck blunts the
                jaw-neck angle
The fullness score is the mean of their z-scores over N(0,1) heads.  Its direction in identity space is found as a
learned attribute direction: least squares of the score on the 100 coefficients over `POPULATION` random heads
(`direction`; R^2 is reported by `eval shape`).  A stated fullness adds `STEP * degree` score units along the
minimum-norm change that makes them (g / |g|^2, g the gradient), with g's component along the face_width measure
removed when face_width is stated, so a stated width (and its degree word) is still what the head measures: the
parser reads "fat" as a wide face too, and without this "an extremely thin man" measured -5.4 z narrow.
"""
from __future__ import annotations

import functools
from typing import Mapping

import numpy as np

from ..errors import TextFaceError

NAMES = ("cheek_width", "cheek_forward", "submental", "throat")
VALUES = ("full", "lean")
POPULATION, POPULATION_SEED = 800, 20261202  # R^2 0.995 at 3000 heads: the score is near linear
STEP = 2.5        # score units (about population SD) per degree 1: "fat" reads as fat, not as the top third's edge
MAX_DEGREE = 2.5  # the parser's strongest degree word ("extremely")


class FullnessError(TextFaceError, ValueError):
    """A fullness record outside {"value": full|lean, "degree": 0..2.5}."""


def check_fullness(fullness: Mapping | None) -> tuple[str, float] | None:
    """The parser's `fullness` ({} for none) -> (value, degree) or None; a bad one raises with one line."""
    if not fullness:
        return None
    if not isinstance(fullness, Mapping) or fullness.get("value") not in VALUES:
        raise FullnessError(f"fullness must be {{'value': 'full'|'lean', 'degree': number}}, got {fullness!r}")
    degree = fullness.get("degree", 1.0)
    if isinstance(degree, bool) or not isinstance(degree, (int, float)) or not 0.0 <= float(degree) <= MAX_DEGREE:
        raise FullnessError(f"fullness degree must be a number in [0, {MAX_DEGREE}], got {degree!r}")
    return str(fullness["value"]), float(degree)


@functools.lru_cache(maxsize=2)
def _vertex_sets(model) -> dict[str, np.ndarray]:
    n, lm = model.neutral.astype(np.float64), model.landmarks
    skin = np.union1d(model.regions["face"], model.regions["head_and_neck"])
    p = n[skin]
    y_mouth, y_nose, z_mouth = n[lm[[48, 54]], 1].mean(), n[lm[33], 1], n[lm[48], 2]
    menton = n[lm[8]]
    mid = np.abs(p[:, 0]) < 0.35
    throat = mid & (p[:, 1] < menton[1] - 2.5) & (p[:, 1] > menton[1] - 3.5)
    throat &= p[:, 2] > (p[throat, 2].max() - 0.6 if throat.any() else 0.0)
    return {
        "cheek_band": skin[(np.abs(p[:, 1] - y_mouth) < 0.5) & (p[:, 2] > 2.0)],
        "cheek_front": skin[(np.abs(p[:, 0]) > 3.0) & (np.abs(p[:, 0]) < 5.0) & (p[:, 1] > y_mouth)
                            & (p[:, 1] < y_nose) & (p[:, 2] > z_mouth - 3.0)],
        "submental": skin[mid & (p[:, 2] < menton[2] - 2.0) & (p[:, 2] > menton[2] - 5.0) & (p[:, 1] < menton[1])
                          & (p[:, 1] > menton[1] - 2.0)],
        "throat": skin[throat],
        "landmarks": np.asarray(lm, np.int64),
    }


def fullness_measures(model, identity: np.ndarray) -> np.ndarray:
    """(B, K) identity coefficients -> (B, 4) raw measures (NAMES), neutral expression."""
    x = np.atleast_2d(np.asarray(identity, np.float64))
    sets = _vertex_sets(model)

    def verts(ids):
        return model.neutral[ids].astype(np.float64) + np.einsum("bk,kvc->bvc", x, model.identity_basis[:, ids])

    lmk = verts(sets["landmarks"])
    size = np.sqrt(((lmk - lmk.mean(1, keepdims=True)) ** 2).sum(-1).mean(-1))
    band = verts(sets["cheek_band"])
    width = band[..., 0].max(1) - band[..., 0].min(1)
    inner_eyes_z = lmk[:, [39, 42], 2].mean(1)
    forward = verts(sets["cheek_front"])[..., 2].mean(1) - inner_eyes_z
    menton = lmk[:, 8]
    submental = menton[:, 1] - verts(sets["submental"])[..., 1].mean(1)
    throat = verts(sets["throat"])[..., 2].mean(1) - menton[:, 2]
    return np.stack([width / size, forward / size, submental / size, throat / size], 1)


@functools.lru_cache(maxsize=2)
def population_stats(model) -> dict[str, np.ndarray]:
    """Mean and SD of the measures over N(0,1) heads, the score's gradient g (K,) and its R^2, and the face_width
    measure's gradient (K,): least squares over `POPULATION` heads (fixed seed)."""
    from .. import measure as M

    x = np.random.default_rng(POPULATION_SEED).standard_normal((POPULATION, model.identity_basis.shape[0]))
    raw = fullness_measures(model, x)
    mean, sd = raw.mean(0), raw.std(0)
    score = ((raw - mean) / sd).mean(1)
    design = np.c_[np.ones(len(x)), x]
    coef, *_ = np.linalg.lstsq(design, score, rcond=None)
    fit = design @ coef
    r2 = 1.0 - ((score - fit) ** 2).sum() / ((score - score.mean()) ** 2).sum()
    measured = M.measure(M.landmarks_for(model, x.astype(np.float32))).astype(np.float64)
    width = measured[:, M.IDX["face_width"]]
    wcoef, *_ = np.linalg.lstsq(design, width, rcond=None)
    zcoef, *_ = np.linalg.lstsq(design, M.population(model).z(measured), rcond=None)
    return {"mean": mean, "sd": sd, "score_sd": np.float64(score.std()), "gradient": coef[1:],
            "r2": np.float64(r2), "width_gradient": wcoef[1:], "z_gradients": zcoef[1:].T}


def fullness_score(model, identity: np.ndarray) -> np.ndarray:
    """(B, K) -> (B,) the fullness score: the mean z-score of the four measures (0 = the population's middle)."""
    st = population_stats(model)
    return ((fullness_measures(model, identity) - st["mean"]) / st["sd"]).mean(1)


def fullness_offset(model, fullness: Mapping | None, concrete: Mapping[str, str]) -> np.ndarray | None:
    """The parser's `fullness` -> (K,) float32 identity offset (None when none is stated, so heads without one are
    drawn exactly as before).  `concrete`: the offset leaves the scores of stated face_width, gender and age as the
    head's own (to first order; `_held_scores`)."""
    read = check_fullness(fullness)
    if read is None:
        return None
    value, degree = read
    st = population_stats(model)
    g = st["gradient"].copy()
    sign = 1.0 if value == "full" else -1.0
    held = _held_scores(st, concrete)
    g = _less_span(g, held)  # the offset leaves those scores as the head's own (first order)
    extra = _towards_other_gender(model, st, concrete, sign * g)
    if len(extra):
        g = _less_span(st["gradient"], np.r_[held, extra])
    score_step = sign * STEP * degree * float(st["score_sd"])
    return (score_step * g / (g @ g)).astype(np.float32)


def _held_scores(st: Mapping, concrete: Mapping[str, str]) -> np.ndarray:
    """(H, K) gradients of the scores a stated attribute's label reads that the offset must not move: the face_width
    measure (the stated width and its degree word are the regressor's), the gender score and the age score (their
    mean z terms, measure.GENDER_TERMS / age_terms).  Without them "an extremely thin man with hollow cheeks"
    (degree 2.5) read as a woman on 5 of 6 seeds and "an emaciated old woman" as young on 6 of 6: lean faces are
    small-faced and thin-lipped along the same coefficients."""
    from .. import measure as M

    zg = st["z_gradients"]
    rows = [st["width_gradient"]] if "face_width" in concrete else []
    for attr, terms in (("gender", M.GENDER_TERMS), ("age", M.age_terms(concrete))):
        if attr in concrete and terms:
            rows.append(sum(w * zg[M.IDX[m]] for m, w in terms) / len(terms))
    return np.asarray(rows, np.float64).reshape(len(rows), len(st["gradient"]))


def _towards_other_gender(model, st: Mapping, concrete: Mapping[str, str], d: np.ndarray) -> np.ndarray:
    """(H, K) gradients of gender_read's terms and mesh widths (`limits`) that the offset direction `d` moves
    towards the other gender's side: a lean man's narrower jaw angle and brow read as a woman's (4 of 20 heads of
    "an extremely thin man with hollow cheeks" with the score alone held).  Terms it moves the stated way are left
    free: a lean woman's face may narrow."""
    from .gender_read import _geometry, limits
    from .. import measure as M

    terms, build, side = limits(concrete)
    rows = [st["z_gradients"][M.IDX[m]] for m in terms]
    rows += [_geometry(model)["width"][k][1] for k in build]
    return np.asarray([r for r in rows if side * float(r @ d) > 0.0], np.float64).reshape(-1, len(d))


def _less_span(g: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """g less its least-squares part in the span of `rows` (g itself when there are none)."""
    return g - rows.T @ np.linalg.lstsq(rows.T, g, rcond=None)[0] if len(rows) else g
