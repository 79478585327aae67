"""Where tied hair is gathered: a ponytail is pinched at its root and a band (an elastic) wraps it there; a bun (and
crest.py's top knot) has a band round its base where it meets the cap.  Without these a ponytail read as a tube
stuck on the head and a bun as a ball resting on it, not as hair tied up.

A band is a short closed tube (part "tie"), BAND_LENGTH cm along the hair it wraps and BAND_PROUD cm proud of it,
so it shows as a ring; the builder sets it on the cap with the tail or the bun (geometry._onto_cap)."""
from __future__ import annotations

import numpy as np

PINCH = 0.6  # a ponytail's radius at the band, as a share of its radius just past it
BAND_LENGTH, BAND_PROUD = 0.8, 0.3  # cm


def band_rings(centre: np.ndarray, axis: np.ndarray, radius: float, n: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """A band round `axis` (the hair's direction) at `centre`, wrapping hair of `radius` cm -> rings (3, n, 3) (the
    middle one proudest, so the band's outline is rounded) and the two end apexes (2, 3) on the axis."""
    t = np.asarray(axis, np.float64) / np.linalg.norm(axis)
    e1 = np.cross(t, [1.0, 0.0, 0.0])
    if np.linalg.norm(e1) < 1e-3:
        e1 = np.cross(t, [0.0, 0.0, 1.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(t, e1)
    a = 2 * np.pi * np.arange(n) / n
    ring = np.cos(a)[:, None] * e1 + np.sin(a)[:, None] * e2
    offs = np.array([-0.5, 0.0, 0.5]) * BAND_LENGTH
    radii = radius + BAND_PROUD * np.array([0.6, 1.0, 0.6])
    rings = centre + offs[:, None, None] * t + radii[:, None, None] * ring[None]
    ends = np.stack([centre + (offs[0] - 0.05) * t, centre + (offs[-1] + 0.05) * t])
    return rings, ends


def add_band(b, rings: np.ndarray, ends: np.ndarray, anchor: int, closed_tube) -> None:
    """The band as part "tie" (geometry._closed_tube: rings joined by quads, a fan at each end)."""
    closed_tube(b, rings, ends, anchor, np.array([0.9, 0.85, 0.8]), "tie")
