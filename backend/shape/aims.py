"""What a stated value asks of the head beyond its label band: z-score ranges of single measures that
training aims for (the projected targets and the regressor's hinge; backend/shape/losses.py).

Labels cut the population into thirds (backend/measure.py), and training only has to reach a band's
edge, so a stated value is an edit of a third of a standard deviation or so.  That reads for a width seen
from the front, not for a nose profile: "hooked" then meant the top third of the ICT population, whose
noses are nearly all straight-bridged.  An aim names what the words mean, in population z-scores:
hooked (aquiline, Roman, beak): a humped bridge and a tip pointing down; upturned (snub): a scooped bridge
and a raised tip; straight: a straight bridge.  The levels are those at which the model's heads read so in
profile renders (about 1-2 mm of hump or scoop); the model reaches them within its N(0, 1) range.

Score aims (`SCORE_AIMS`) do the same for a whole label score, in population percentiles: gender's label
is a half of the population (backend.measure), and a man asked for was a head just above the median of the
masculinity score, a woman one just below, so the two were nearly the same head.  Men and women differ
by about three within-sex standard deviations on such a score (3D face sex classifiers reach ~95 %), which
puts the average man near the 80th percentile of a mixed population; a stated gender asks for at least
the 75th (male) or at most the 25th (female), and heads further out keep their own value.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from .. import measure as M
from ..schema import BY_NAME

# (attribute, value) -> measure -> (lowest, highest) z-score; None = open
AIMS: Mapping[tuple[str, str], Mapping[str, tuple[float | None, float | None]]] = {
    ("nose_tip", "hooked"): {"nose_dorsum": (2.0, None), "tip_droop": (1.2, None)},
    ("nose_tip", "straight"): {"nose_dorsum": (-0.6, 0.6)},
    ("nose_tip", "upturned"): {"nose_dorsum": (None, -2.0), "tip_droop": (None, -1.2)},
}
# (attribute, value) -> (lowest, highest) population percentile of the attribute's score; None = open
SCORE_AIMS: Mapping[tuple[str, str], tuple[float | None, float | None]] = {
    ("gender", "male"): (75.0, None),
    ("gender", "female"): (None, 25.0),
}
OPEN = 1e6


def aim_tables(attributes: tuple[str, ...], options: int) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) (len(attributes), options, len(MEASURES)) z-score bounds of each stated value (+-OPEN
    where it asks nothing)."""
    lo = np.full((len(attributes), options, len(M.MEASURES)), -OPEN)
    hi = np.full_like(lo, OPEN)
    for (attr, value), ranges in AIMS.items():
        a, j = attributes.index(attr), BY_NAME[attr].values.index(value)
        for measure, (low, high) in ranges.items():
            lo[a, j, M.IDX[measure]] = -OPEN if low is None else low
            hi[a, j, M.IDX[measure]] = OPEN if high is None else high
    return lo, hi


def score_aim_tables(pop: M.Population, attributes: tuple[str, ...], options: int,
                     negated: tuple[str, ...] = ("gender",)) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) (len(attributes), options) bounds of each stated value's score (+-OPEN where it asks
    nothing); the scores of `negated` attributes are negated (backend/shape/losses.py: male, the high
    masculinity score, is the low band there like every attribute's first value)."""
    lo = np.full((len(attributes), options), -OPEN)
    hi = np.full_like(lo, OPEN)
    for (attr, value), (low, high) in SCORE_AIMS.items():
        a, j = attributes.index(attr), BY_NAME[attr].values.index(value)
        bounds = [None if q is None else pop.percentile(attr, q) for q in (low, high)]
        if attr in negated:
            bounds = [None if b is None else -b for b in bounds[::-1]]
        lo[a, j] = -OPEN if bounds[0] is None else bounds[0]
        hi[a, j] = OPEN if bounds[1] is None else bounds[1]
    return lo, hi


def aimed(idx: np.ndarray, attributes: tuple[str, ...]) -> np.ndarray:
    """(B, len(attributes)) value indices (-1 = unstated) -> (B,) bool: the code states a value with aims
    (measure or score aims)."""
    idx = np.asarray(idx)
    values = {(attributes.index(a), BY_NAME[a].values.index(v)) for a, v in (*AIMS, *SCORE_AIMS)}
    return np.array([any((a, int(j)) in values for a, j in enumerate(row) if j >= 0) for row in idx], bool)
