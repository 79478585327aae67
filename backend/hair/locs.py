"""Dreadlocks (and box braids: thinner, more, braided): ropes hanging from the cap round the sides and back, in place of loose hair's curtain.

Each loc is a closed tube (geometry's tube rings with a slight twist of bumps) rooted on the cap's outer side, falling
to the hair's length, kept clear of the ears, neck and shoulders by the head's clearance radius as the ponytail is;
every loc follows the cap vertex it grows from (its anchor).  Two staggered rows, ends a little uneven (seeded).
"""
from __future__ import annotations

import numpy as np

# hanging length below the chin per stated length (cm), as loose hair's DROP
DROP = {"short": -3.0, "chin": -1.0, "shoulder": 8.0, "long": 20.0, "very_long": 36.0}
FRONT = np.radians(72.0)  # locs hang this far from the front and beyond (clear of the face)
ROWS = ((4.5, 15), (1.0, 16))  # (root height above the head's centre in cm, locs in the row)
RADIUS = 0.55  # cm
CLEAR = 0.35
# box braids (HairStyle.plaits: "braids" on a Black adult): three rows of thin plaits, a braid's three-strand bumps
PLAIT_ROWS, PLAIT_RADIUS, PLAIT_LOBES = ((5.5, 14), (3.0, 16), (0.5, 16)), 0.32, 0.16


def add_locs(b, head, style, cap: dict, rng, tube_rings, closed_tube, cap_point, eps: float) -> int:
    """Locs added to builder `b` as parts "loc_0", "loc_1", ... -> how many.  `tube_rings`, `closed_tube`,
    `cap_point`: geometry's tube and cap helpers."""
    y_end0 = head.chin_y - DROP[style.length]
    c = head.centre
    made = 0
    plaits = getattr(style, "plaits", False)
    rows, size, lobes = (PLAIT_ROWS, PLAIT_RADIUS, PLAIT_LOBES) if plaits else (ROWS, RADIUS, 0.1)
    for row, (lift, count) in enumerate(rows):
        span = 2 * np.pi - 2 * FRONT
        thetas = FRONT + span * (np.arange(count) + 0.5 * (row + 0.5)) / count
        for theta in thetas:
            root, normal, anchor = cap_point(head, cap, theta, c[1] + lift)
            if not np.isfinite(root).all():
                continue
            hdir = np.array([np.sin(theta), 0.0, np.cos(theta)])
            y_end = y_end0 + float(rng.uniform(-1.5, 1.5))
            start = root + 0.6 * normal
            ys = np.arange(start[1] - 0.8, y_end, -0.7)
            if len(ys) < 3:
                continue
            clear = head.clearance(theta, ys, np.radians(8.0)) + CLEAR + size
            r = np.maximum(clear, (start - c) @ hdir)
            path = np.concatenate([[root - 0.2 * normal, start],
                                   np.stack([c[0] + r * hdir[0], ys, c[2] + r * hdir[2]], 1)])
            for _ in range(4):  # no kink where the loc turns down from the cap
                path[1:-1] = 0.25 * path[:-2] + 0.5 * path[1:-1] + 0.25 * path[2:]
            s = np.linspace(0, 1, len(path))
            radius = size * (1.0 - 0.35 * s ** 4) * float(rng.uniform(0.85, 1.15))
            rings = tube_rings(path, radius, lobes, n=8)
            rings = head.rays.push_out(rings.reshape(-1, 3), eps + 0.02).reshape(rings.shape)
            tip = path[-1] + 0.3 * (path[-1] - path[-2]) / np.linalg.norm(path[-1] - path[-2])
            lens = np.cumsum(np.r_[0, np.linalg.norm(np.diff(path, axis=0), axis=1)])
            closed_tube(b, rings, np.stack([head.rays.push_out(path[:1], eps + 0.02)[0], tip]), anchor,
                        0.98 - 0.96 * lens / lens[-1], f"loc_{made}")
            made += 1
    return made
