"""A horseshoe cap's figures (the masked cap geometry.py builds where the crown has no painted hair: balding and
receding men): how far it stands off the scalp, how its edge meets the skin (teeth: vertices next to the open rim
standing well off the skin) and the flaps behind the temples seen from the front.  For
`tests/measure_hair_horseshoe.py` and its tests."""
from __future__ import annotations

import numpy as np

TOOTH = 0.25  # cm: a vertex one edge in from the rim standing this far off the skin is a tooth's point
SPIKE = 90.0  # degrees: the rim turning this sharply at a vertex is a tooth's point in the outline
FRONT_DEG = (50.0, 80.0)  # azimuths (from the front) where the cap's front edge stands behind the temples


def _rim(face_vertices: np.ndarray, face_offsets: np.ndarray, n: int):
    """(vertices on open edges (bool, n), vertices sharing a polygon with one but not on one (bool, n), the open
    edges (E, 2))."""
    sizes = np.diff(face_offsets)
    first = np.repeat(face_offsets[:-1], sizes)
    k = np.arange(len(face_vertices)) - first
    nxt = face_vertices[first + (k + 1) % np.repeat(sizes, sizes)]
    e = np.sort(np.stack([face_vertices, nxt], 1), 1)
    uniq, count = np.unique(e, axis=0, return_counts=True)
    rim = np.zeros(n, bool)
    rim[uniq[count == 1].ravel()] = True
    face = np.repeat(np.arange(len(sizes)), sizes)
    touches = np.zeros(len(sizes), bool)
    np.logical_or.at(touches, face, rim[face_vertices])
    ring = np.zeros(n, bool)
    ring[face_vertices[touches[face]]] = True
    return rim, ring & ~rim, uniq[count == 1]


def horseshoe_figures(model, head: np.ndarray, vertices: np.ndarray, face_vertices: np.ndarray,
                      face_offsets: np.ndarray) -> dict:
    """cm off the skin (skin_distance) of the cap: 95th percentile and max; teeth (rim-adjacent vertices over TOOTH
    off the skin) and their highest; the most any vertex at FRONT_DEG azimuths (behind the temples) stands off."""
    from ..texture.scalp import CENTRE
    from .quality import _loop_turns, skin_distance

    v = np.asarray(vertices, np.float64)
    off = skin_distance(model, head, v)
    rim, ring, edges = _rim(np.asarray(face_vertices), np.asarray(face_offsets), len(v))
    p = v - np.asarray(CENTRE)
    az = np.degrees(np.abs(np.arctan2(p[:, 0], p[:, 2])))
    front = (az >= FRONT_DEG[0]) & (az <= FRONT_DEG[1]) & (p[:, 1] > -2.0)
    teeth = ring & (off > TOOTH)
    turns = _loop_turns(v, edges)
    return {"spikes": int((turns > SPIKE).sum()), "p95": float(np.percentile(off, 95)), "max": float(off.max()), "teeth": int(teeth.sum()),
            "tooth_max": float(off[ring].max()) if ring.any() else 0.0,
            "temple_flap": float(off[front].max()) if front.any() else 0.0}
