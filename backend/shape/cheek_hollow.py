"""Hollow cheeks: the cheek surface sunk below the cheekbone ("a gaunt man with hollow cheeks", "an emaciated woman").

The lean fullness offset (fullness.py) narrows the face and thins the neck, but it does not hollow the cheek: on
the mean head it moves the surface below the zygoma 0.2 mm *forward* of the cheekbone-jaw line per degree.  What a
viewer reads as a hollow cheek is that surface lying behind the straight line from the cheekbone to the jaw:
  hollow_mm   at |x| 4.5-5.5 cm (lateral to the nasolabial fold, both sides), the depth in mm of the cheek's front
              surface at y -2.5..-1.0 cm (between the nose base and the mouth corners' height) behind the chord from
              the zygoma's front (y 0.5..1.5 cm) to the mandible's (y -4.5..-3.5 cm); each a fixed set of
              front-most vertices picked on the neutral mesh.  Positive = hollow.
Over N(0,1) heads it is -3.1 mm (a bulge) with SD 1.05 mm; the most hollow of 1,500 heads is +1.7 mm.  It is near
linear in the identity coefficients (R^2 0.999, `population_stats`), so the space can express it: the minimum-norm
change that deepens it while every landmark measure (the stated attributes' labels, gender_read's terms) and the
fullness score stay as they were (first order), and that moves the skin least (`hollow_offset`), sinks the
cheek below the zygoma; the rest of the face moves 1.5 mm (median) for a gaunt man's +4.5 mm.  A lean fullness carries
`LEAN_MM` per degree (thin faces lose the buccal fat: flatter cheeks, still convex); a record with
"cheeks": "hollow" (hollow / sunken cheeks, gaunt, emaciated) `HOLLOW_MM` per degree (at degree 1 the mean head's
cheek lies behind the line).  Figures: `python -m backend.shape.cheek_hollow_goal 20`.
"""
from __future__ import annotations

import functools
from typing import Mapping

import numpy as np

from .fullness import POPULATION, POPULATION_SEED, FullnessError, check_fullness, population_stats as fullness_stats

BAND_X = (4.5, 5.5)  # cm from the midline: below the cheekbone, lateral to the nasolabial fold
ROWS = {"zygoma": (0.5, 1.5), "cheek": (-2.5, -1.0), "jaw": (-4.5, -3.5)}  # y bands (cm; menton at -7.6)
CELL = 0.25  # cm: one front-most vertex per (x, y) cell
LEAN_MM, HOLLOW_MM = 1.5, 4.5  # hollow depth change per fullness degree: lean alone, hollow cheeks stated
RIDGE = 1e-3  # cm^2 per unit coefficient^2: keeps the change's coefficients within the model (max 2.3 at 4.5 mm)
MAX_MM = 6.0  # "extremely": +2 mm behind the line on a regressor man (the most hollow of 1,500 N(0,1) heads: +1.7)


def _vertex_sets(model) -> dict[str, np.ndarray]:
    from .front_bands import front_vertex_sets

    return front_vertex_sets(model, tuple(ROWS.items()), BAND_X, CELL)


def hollow_mm(model, identity: np.ndarray) -> np.ndarray:
    """(B, K) identity coefficients -> (B,) cheek hollow depth in mm (neutral expression; + = hollow)."""
    from .front_bands import band_means

    c = band_means(model, identity, _vertex_sets(model))
    t = (c["cheek"][:, 1] - c["zygoma"][:, 1]) / (c["jaw"][:, 1] - c["zygoma"][:, 1])
    chord = c["zygoma"][:, 2] + t * (c["jaw"][:, 2] - c["zygoma"][:, 2])
    return (chord - c["cheek"][:, 2]) * 10.0


@functools.lru_cache(maxsize=2)
def population_stats(model) -> dict[str, np.ndarray]:
    """Over fullness.py's N(0,1) heads: the depth's mean and SD (mm), its gradient (K,) and R^2, and the held
    directions (rows): the 17 landmark measures' and the fullness score's gradients."""
    from .. import measure as M

    x = np.random.default_rng(POPULATION_SEED).standard_normal((POPULATION, model.identity_basis.shape[0]))
    depth = hollow_mm(model, x)
    design = np.c_[np.ones(len(x)), x]
    coef, *_ = np.linalg.lstsq(design, depth, rcond=None)
    fit = design @ coef
    r2 = 1.0 - ((depth - fit) ** 2).sum() / ((depth - depth.mean()) ** 2).sum()
    pop = M.population(model)
    z = pop.z(M.measure(M.landmarks_for(model, x.astype(np.float32))).astype(np.float64))
    lcoef, *_ = np.linalg.lstsq(design, z, rcond=None)
    held = np.r_[lcoef[1:].T, fullness_stats(model)["gradient"][None]]
    return {"mean": np.float64(depth.mean()), "sd": np.float64(depth.std()), "gradient": coef[1:],
            "r2": np.float64(r2), "held": held}


def hollow_step_mm(fullness: Mapping | None) -> float:
    """The parser's `fullness` -> how many mm deeper the cheeks go (0 for none or full)."""
    read = check_fullness(fullness)
    if read is not None and fullness.get("cheeks", "hollow") != "hollow":
        raise FullnessError(f"fullness 'cheeks' must be 'hollow', got {fullness.get('cheeks')!r}")
    if read is None or read[0] != "lean":
        return 0.0
    return min((HOLLOW_MM if fullness.get("cheeks") == "hollow" else LEAN_MM) * read[1], MAX_MM)


def hollow_offset(model, fullness: Mapping | None, base: np.ndarray | None = None) -> np.ndarray | None:
    """(K,) float32 offset that, added to `base` (the fullness offset), makes the cheeks `hollow_step_mm` deeper
    than without either, with every landmark measure and the fullness score as `base` leaves them (first order);
    None when nothing is asked."""
    step = hollow_step_mm(fullness)
    if step <= 0.0:
        return None
    st = population_stats(model)
    g = st["gradient"]
    a = np.r_[st["held"], g[None]]
    want = step - (float(g @ base) if base is not None else 0.0)  # the lean offset alone fills the cheek a little
    r = np.r_[np.zeros(len(st["held"])), want]
    # the solution of a @ d = r smallest in d' W d: the skin's mean square displacement
    wa = np.linalg.solve(_skin_metric(model), a.T)
    return (wa @ np.linalg.solve(a @ wa, r)).astype(np.float32)


@functools.lru_cache(maxsize=2)
def _skin_metric(model) -> np.ndarray:
    """(K, K) mean square skin displacement per coefficient pair, plus `RIDGE`: the smallest coefficient change
    moved the whole skin (median 2.3 mm over the face, 21 mm at the chest cut for a gaunt man's hollow); the
    smallest skin change keeps the rest still (1.5 mm, 7.6 mm) at a little more norm (8.2 against 6.9)."""
    skin = np.union1d(model.regions["face"], model.regions["head_and_neck"])
    b = model.identity_basis[:, skin].reshape(model.identity_basis.shape[0], -1).astype(np.float64)
    return b @ b.T / len(skin) + RIDGE * np.eye(len(b))
