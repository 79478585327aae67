"""Where age lines lie on a face (params version 12's wrinkle_depth): creases of the surface chart (regions.py).

Each line is a polyline in the chart (s, y) in cm, anchored to the 68 landmarks, with a half-width and a weight:
horizontal forehead lines, the frown lines between the brows, crow's feet fanning out of the outer eye corners, lines
under the lower lids, the nasolabial folds from the nose's wings past the mouth corners, marionette lines down from
the corners, and horizontal neck lines.  A crease is a dark valley with a lighter rim either side (the skin bunched
up beside the fold catches more light), so `age_line_maps` gives two maps: "crease" (the valley, 1 on the line) and
"crease_rim" (the rims, ~2 half-widths off it).  The albedo darkens and lightens by them times wrinkle_depth.
"crease_early" (params version 15's age_cues) is the valley of the lines that show first, in the thirties and forties:
the crow's feet, the upper line under each eye and the nasolabial folds (EARLY weights).
"""
from __future__ import annotations

import numpy as np

RIM_OFFSET = 2.2  # rim centre, in half-widths from the line
RIM_WIDTH = 1.1  # rim half-width, in half-widths


def _polyline_distance(s, y, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance to a polyline and the arc-length parameter (0..1) of the nearest point."""
    best = np.full(s.shape, np.inf, np.float32)
    along = np.zeros(s.shape, np.float32)
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    start = np.concatenate([[0.0], np.cumsum(seg)[:-1]]) / seg.sum()
    for a, b, l0, ln in zip(pts[:-1], pts[1:], start, seg / seg.sum()):
        d = b - a
        t = np.clip(((s - a[0]) * d[0] + (y - a[1]) * d[1]) / max(float(d @ d), 1e-12), 0.0, 1.0)
        dist = np.hypot(s - (a[0] + t * d[0]), y - (a[1] + t * d[1]))
        closer = dist < best
        best, along = np.where(closer, dist, best), np.where(closer, l0 + t * ln, along)
    return best, along


# Share of the line's valley in "crease_early" per kind: crow's feet first, then the nasolabial shading, a faint upper
# under-eye line (forehead, frown, marionette and neck lines come later: only wrinkle_depth draws them)
EARLY = {"crow": 1.0, "nasolabial": 0.9, "under_eye": 0.6}
ZONES = ("forehead", "eyes", "mouth", "neck")  # crease_zone: 1 + the index of the nearest line's zone (0: none)


def _lines(L: np.ndarray) -> list[tuple[np.ndarray, float, float, int, float]]:
    """(polyline (n, 2), half-width cm, weight, zone, early share (EARLY)) of every age line, from the landmarks L (68,
    2) in the chart."""
    out = []
    brow_top = float(L[17:27, 1].max())
    for k in range(4):  # forehead: gently arched, a little wavy, shorter higher up
        half = 3.6 - 0.3 * k
        xs = np.linspace(-half, half, 13)
        ys = brow_top + 0.9 + 0.75 * k + 0.18 * np.cos(np.pi * xs / (2 * half)) + 0.06 * np.sin(1.7 * xs + 1.3 * k)
        out.append((np.stack([xs, ys], 1), 0.07, 1.0 - 0.1 * k, 0, 0.0))
    for side in (-1.0, 1.0):
        head = L[21] if side < 0 else L[22]  # the brow's inner end
        out.append((np.array([[side * 0.35, head[1] - 0.15], [side * 0.45, head[1] + 1.0]]), 0.06, 0.7, 0, 0.0))
        canthus = L[36] if side < 0 else L[45]
        for ang in (-0.55, -0.2, 0.15, 0.5):  # crow's feet
            start = canthus + [side * 0.45, 0.0]
            end = start + 1.15 * np.array([side * np.cos(ang), np.sin(ang)])
            out.append((np.stack([start, end]), 0.055, 0.9, 1, EARLY["crow"]))
        low = L[[39, 40, 41, 36]] if side < 0 else L[[42, 47, 46, 45]]  # lower lid, inner to outer corner
        for drop, weight, early in ((0.45, 0.7, EARLY["under_eye"]), (0.8, 0.5, 0.0)):
            out.append((low + [0.0, -drop], 0.055, weight, 1, early))
        wing, corner = (L[31], L[48]) if side < 0 else (L[35], L[54])
        top, end = wing + [side * 0.3, 0.15], corner + [side * 0.55, -0.35]
        mid = 0.5 * (top + end) + [side * 0.35, 0.0]  # the fold bows out over the cheek
        out.append((np.stack([top, mid, end]), 0.1, 1.0, 2, EARLY["nasolabial"]))
        out.append((np.stack([corner + [side * 0.25, -0.25], corner + [side * 0.55, -1.9]]), 0.08, 0.85, 2, 0.0))
    chin = float(L[8, 1])
    for k in range(3):  # neck: "necklace" lines, sagging a little towards the middle
        xs = np.linspace(-4.2, 4.2, 11)
        ys = chin - 3.0 - 1.3 * k - 0.3 * (1.0 - (xs / 4.2) ** 2)
        out.append((np.stack([xs, ys], 1), 0.08, 0.8, 3, 0.0))
    return out


def age_line_maps(s: np.ndarray, y: np.ndarray, L: np.ndarray) -> dict[str, np.ndarray]:
    """"crease", "crease_rim" and "crease_early" (0..1, float32) at chart points (s, y) for the landmarks L (68, 2), and
    "crease_zone" (1 + the ZONES index of the line nearest in strength within 4 half-widths, 0 elsewhere: measures)."""
    crease = np.zeros(s.shape, np.float32)
    early = np.zeros(s.shape, np.float32)
    rim = np.zeros(s.shape, np.float32)
    zone = np.zeros(s.shape, np.float32)
    near_best = np.zeros(s.shape, np.float32)
    for pts, half, weight, z, first in _lines(L):
        pts = np.asarray(pts, np.float32)
        lo, hi = pts.min(0) - 4 * half, pts.max(0) + 4 * half
        near = (s > lo[0]) & (s < hi[0]) & (y > lo[1]) & (y < hi[1])
        if not near.any():
            continue
        d, t = _polyline_distance(s[near], y[near], pts)
        taper = weight * np.sqrt(np.clip(np.sin(np.pi * np.clip(t, 0.0, 1.0)), 0.0, 1.0))  # lines fade in and out at their ends
        crease[near] = np.maximum(crease[near], taper * np.exp(-((d / half) ** 2)))
        if first > 0.0:
            early[near] = np.maximum(early[near], first * taper * np.exp(-((d / half) ** 2)))
        rim[near] = np.maximum(rim[near], taper * np.exp(-(((d - RIM_OFFSET * half) / (RIM_WIDTH * half)) ** 2)))
        reach = taper * (d < 4 * half)
        closer = reach > near_best[near]
        zone[near] = np.where(closer, z + 1.0, zone[near])
        near_best[near] = np.maximum(near_best[near], reach)
    rim = rim * (1.0 - np.clip(crease * 2.0, 0.0, 1.0))  # where lines meet, the valley wins
    return {"crease": crease, "crease_rim": rim, "crease_zone": zone, "crease_early": early}
