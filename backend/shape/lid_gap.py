"""How far in front of the corneas the closed lids lie: a linear proxy of lids.py's check, for training.

Large edits of the identity (a clearly hooked or upturned nose, backend/shape/aims.py) take other ICT
modes along, and those that scoop the bridge push the eyeballs forward: trained without this, three in
four "upturned" heads showed their corneas through closed lids (one in five of the noise heads do).
The gap is the mean, over the corneas' vertices, of the depth of the face vertex in front of each (nearest
across the view, both lids closed) minus the cornea's: on 400 N(0,1) heads it orders those the render check
fails against those it passes with an AUC of 0.96.  Training keeps an edit from lowering it
(`backend/shape/train.py`, `dataset.project`); the pipeline's render check stays the judge.
"""
from __future__ import annotations

import functools

import numpy as np

from .lids import _cornea


@functools.lru_cache(maxsize=4)
def lid_gap(model) -> tuple[float, np.ndarray]:
    """(gap of the mean head in cm, (K,) its change per identity coefficient); the gap is linear in the
    coefficients (both lids closed with eyeBlink 1, which is one offset for every identity)."""
    names = list(model.expression_names)
    blink = np.zeros(len(names), np.float64)
    blink[[names.index("eyeBlink_L"), names.index("eyeBlink_R")]] = 1.0
    closed = model.neutral.astype(np.float64) + np.tensordot(blink, model.expression_basis, 1)
    face = np.asarray(model.regions["face"])
    cornea = _cornea(model)
    front, behind = [], []
    for side in ("left", "right"):
        cv = np.flatnonzero(cornea & model.region_mask(f"eyeball_{side}"))
        cand = face[closed[face, 2] > closed[cv, 2].min() - 0.2]
        d = np.linalg.norm(closed[cand][None, :, :2] - closed[cv][:, None, :2], axis=-1)
        front.append(cand[d.argmin(1)])
        behind.append(cv)
    front, behind = np.concatenate(front), np.concatenate(behind)
    gap = float((closed[front, 2] - closed[behind, 2]).mean())
    basis = model.identity_basis.astype(np.float64)
    return gap, (basis[:, front, 2] - basis[:, behind, 2]).mean(1)
