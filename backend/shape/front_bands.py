"""The front-most skin vertices in horizontal bands at the side of the face, and their mean positions for identities:
the measures of cheek_hollow.py (a cheek's depth behind the cheekbone-jaw chord) and face_bones.py (the cheekbone
ahead of the brow-jaw chord) are both a band's depth off the chord between two others."""
from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=4)
def front_vertex_sets(model, rows: tuple, band_x: tuple[float, float], cell: float) -> dict[str, np.ndarray]:
    """rows: ((name, (y_lo, y_hi)), ...) in cm; band_x: |x| range in cm -> {name: vertex ids}, one front-most skin
    vertex per (x, y) cell of `cell` cm in each band (the neutral face; both sides)."""
    n = model.neutral.astype(np.float64)
    skin = np.union1d(model.regions["face"], model.regions["head_and_neck"])
    p = n[skin]
    out = {}
    for name, (ylo, yhi) in rows:
        idx = np.flatnonzero((np.abs(p[:, 0]) >= band_x[0]) & (np.abs(p[:, 0]) < band_x[1]) & (p[:, 1] >= ylo)
                             & (p[:, 1] < yhi) & (p[:, 2] > 3.0))
        cells = np.c_[np.floor(p[idx, 0] / cell), np.floor(p[idx, 1] / cell)]
        _, at = np.unique(cells, axis=0, return_inverse=True)
        front = [idx[at == c][np.argmax(p[idx[at == c], 2])] for c in range(at.max() + 1)]
        out[name] = skin[np.asarray(front)]
    return out


def band_means(model, identity: np.ndarray, sets: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """(B, K) identity coefficients -> {name: (B, 3) mean position of the band's vertices} (cm, no expression)."""
    x = np.atleast_2d(np.asarray(identity, np.float64))
    return {k: (model.neutral[ids].astype(np.float64)
                + np.einsum("bk,kvc->bvc", x, model.identity_basis[:, ids].astype(np.float64))).mean(1)
            for k, ids in sets.items()}
