"""Where scalp hair grows and which way it lies, from 3D positions (cm, Y up, +Z forward).

The ICT mesh has no hair, so scalp hair is painted into the albedo, as game base heads carry it under
a groom.  Hairlines are closed curves around the top of the head, written as 3D points (left side,
mirrored) and evaluated in a polar chart seen from above: a texel's chart point depends only on its
direction from CENTRE, so the maps are continuous across the UV seams and the same at every size.
Each hairline becomes a signed distance (cm, > 0 where hair grows) sampled from a fine grid:

- `hairline`: a full, juvenile hairline (children, most women; a man's mature one lies between it and
  `receded`): forehead, rounded temples, sideburns (joining the beard's), around the ears, nape;
- `receded`: male-pattern recession (Norwood 3): temples far back, an M around a central forelock;
- `bald_top`: > 0 on the part a horseshoe pattern (Norwood 6-7) leaves bald: front, top and crown.

The albedo morphs between them (scalp_hair.py), so the recession stays differentiable.
"""
from __future__ import annotations

import functools

import numpy as np

from .regions import _inside, _polyline

CENTRE = np.array([0.0, 4.0, 0.0], np.float32)  # chart origin: inside the head at ear height
CHART_R = 9.0  # cm per radian of the chart (about the skull's radius)
WHORL = (0.6, 13.4, -4.0)  # crown whorl: hair grows away from it, thinning starts there
GRID_STEP = 0.12  # cm: signed distances are sampled from a grid this fine (bilinear)
MAX_ANGLE = np.radians(160.0)  # the chart grid covers directions up to here from straight up
CLAMP = 6.0  # cm: signed distances are clamped to +-CLAMP (no hairline is nearer the far side)

# Left-side points (x >= 0) from the forehead's centre round to the nape's centre; mirrored for the right.
HAIRLINE = (
    (0.0, 10.9, 8.9), (1.7, 10.9, 8.7), (3.3, 10.6, 8.2),  # across the forehead
    (4.6, 9.9, 7.5), (5.5, 8.9, 6.7),  # rounded temple corners (a man's mature hairline recedes here)
    (6.1, 7.8, 5.9), (6.6, 6.6, 5.3),  # temporal point, forward and down
    (6.9, 5.3, 4.6), (7.1, 3.3, 4.2), (7.2, 0.8, 3.9),  # front of the sideburn, down to mid-ear (the beard's)
    (7.4, 0.6, 2.8), (7.6, 2.6, 2.5), (7.8, 4.2, 1.8),  # back of the sideburn, up the ear's front
    (7.9, 4.9, 0.0), (7.8, 4.5, -2.0),  # over the ear, a centimetre above it
    (7.6, 2.5, -3.0), (7.3, 0.0, -3.4), (6.8, -2.0, -3.9),  # behind the ear, down past the mastoid
    (6.0, -3.1, -4.5), (5.0, -3.8, -5.1), (3.8, -4.2, -5.4), (2.5, -4.4, -5.6), (1.2, -4.5, -5.7),
    (0.0, -4.5, -5.8),  # nape
)
RECEDED = (
    (0.0, 11.8, 8.2), (1.2, 11.8, 8.0),  # the forelock, a centimetre back
    (2.5, 12.5, 6.3), (3.7, 12.8, 4.8),  # the temples' recession, 3-4 cm back
    (5.4, 11.6, 4.2), (6.6, 9.6, 4.0),  # down the side of the recession
    (7.0, 7.5, 3.9), (7.1, 5.5, 3.8),  # a thinner temple: no temporal point
) + HAIRLINE[9:]
BALD_TOP = (
    (0.0, 8.0, 10.2), (4.5, 8.0, 8.0), (6.6, 7.8, 4.8),  # down on the forehead (the front is bare anyway)
    (7.7, 7.4, 1.0), (7.6, 7.2, -2.5), (6.4, 6.8, -5.8),  # the fringe's top, 3-4 cm above the ears
    (3.5, 6.3, -8.0), (0.0, 6.2, -8.6),  # across the occiput
)


def chart(pos: np.ndarray) -> np.ndarray:
    """(..., 3) positions -> (..., 2) polar chart points (cm): angle from straight up, round by azimuth."""
    d = pos.astype(np.float64) - CENTRE
    down = np.arctan2(np.hypot(d[..., 0], d[..., 2]), d[..., 1])
    around = np.arctan2(d[..., 0], d[..., 2])
    return (CHART_R * down[..., None] * np.stack([np.sin(around), np.cos(around)], -1)).astype(np.float32)


def _polygon(left) -> np.ndarray:
    """Left-side points -> the closed chart polygon (left side, then the right side mirrored back)."""
    pts = np.array(left, np.float32)
    right = pts[::-1][1:-1] * np.array([-1.0, 1.0, 1.0], np.float32)
    return chart(np.concatenate([pts, right]))


@functools.lru_cache(maxsize=1)
def _grids() -> tuple[float, dict[str, np.ndarray]]:
    """Signed distances (cm, > 0 inside) of each shape on the chart grid, and the grid's first coordinate."""
    half = CHART_R * MAX_ANGLE
    ax = np.arange(-half, half + GRID_STEP, GRID_STEP, dtype=np.float32)
    u, v = np.meshgrid(ax, ax, indexing="xy")
    out = {}
    for name, left in (("hairline", HAIRLINE), ("receded", RECEDED), ("bald_top", BALD_TOP)):
        poly = _polygon(left)
        d, _ = _polyline(u, v, np.concatenate([poly, poly[:1]]))
        out[name] = np.clip(np.where(_inside(u, v, poly), d, -d), -CLAMP, CLAMP).astype(np.float32)
    return float(ax[0]), out


def scalp_maps(pos: np.ndarray) -> dict[str, np.ndarray]:
    """Per-texel signed distances (cm, float32) to the hairlines for positions `pos` (..., 3)."""
    from scipy.ndimage import map_coordinates

    origin, grids = _grids()
    c = (chart(pos) - origin) / GRID_STEP  # grid index coordinates (column = u, row = v)
    coords = np.stack([c[..., 1].ravel(), c[..., 0].ravel()])
    return {name: map_coordinates(g, coords, order=1, mode="nearest").reshape(pos.shape[:-1]).astype(np.float32)
            for name, g in grids.items()}


def growth(pos: np.ndarray) -> np.ndarray:
    """(3, ...) unit 3D direction the hair lies in at positions (3, ...): away from the crown whorl along the
    scalp (forward over the top, down the sides and the back), turning round the whorl near it."""
    p = pos.astype(np.float32)
    w = np.array(WHORL, np.float32).reshape((3,) + (1,) * (p.ndim - 1))
    c = CENTRE.reshape(w.shape)
    normal = (p - c) / np.linalg.norm(p - c, axis=0, keepdims=True).clip(1e-6)
    away = p - w
    r = np.linalg.norm(away, axis=0, keepdims=True)
    swirl = np.cross(normal, away, axis=0) * (1.2 * np.exp(-((r / 2.5) ** 2)))  # clockwise seen from above
    t = away + swirl
    t = t - (t * normal).sum(0, keepdims=True) * normal
    return t / np.linalg.norm(t, axis=0, keepdims=True).clip(1e-6)
