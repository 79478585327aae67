"""A mohawk's or faux-hawk's crest and a top knot: the named cuts (parser/hair_cuts.py) that get geometry of their own.

Crest: a closed fin along the head's midline, from just inside the painted hairline at the front to the nape, over
the painted close crop (no cap: the sides stay the crop the albedo paints; the texture does not shave them).  Each
station is a cross-section in the plane of the skin's normal and the head's left-right axis, its base on the scalp
(pushed EPS outside the skin), its height rising from the ends to the middle; every ring follows the scalp vertex
under it (the anchor), so the crest rides the identity keys as the cap does.  Top knot: the bun moved up to the crown.
"""
from __future__ import annotations

import numpy as np

# (base half-width, peak height) in cm; a faux-hawk is a low, narrower ridge
CREST = {"mohawk": (1.5, 5.5), "faux_hawk": (1.3, 2.6)}
STATIONS = 40
EDGE = 0.6  # cm inside the painted hairline the crest starts and ends
# the cross-section's closed profile: (across, up) as fractions of the half-width and the height; the base points lie
# on the scalp
_PROFILE = np.array([(-1.0, 0.0), (-0.92, 0.22), (-0.7, 0.55), (-0.4, 0.85), (-0.12, 0.99), (0.12, 0.99),
                     (0.4, 0.85), (0.7, 0.55), (0.92, 0.22), (1.0, 0.0), (0.5, 0.0), (0.0, 0.0), (-0.5, 0.0)])


def midline(head, edge: float = EDGE):
    """Scalp points on the midline inside the painted hair, front to back: (points, normals, anchors) or None.
    Rays from the head's centre in the sagittal plane, from over the forehead round the top to the nape."""
    a = np.radians(np.linspace(80.0, -150.0, 240))  # from up, towards the front (+Z) and back (-Z)
    dirs = np.stack([np.zeros_like(a), np.cos(a), np.sin(a)], 1)
    pts, n, anchor, hd, rho = head.surface(dirs)
    ok = np.isfinite(pts[:, 0]) & (hd > edge) & (rho > 0.3)
    if ok.sum() < 8:
        return None
    idx = np.nonzero(ok)[0]
    runs = np.split(idx, np.nonzero(np.diff(idx) > 1)[0] + 1)
    run = max(runs, key=len)  # the longest painted stretch (a thinned crown splits it)
    if len(run) < 8:
        return None
    pick = run[np.linspace(0, len(run) - 1, STATIONS).round().astype(int)]
    return pts[pick], n[pick], anchor[pick]


def add_crest(b, head, style, eps: float, grid_quads) -> bool:
    """The crest of `style.cut` added to builder `b` as part "crest"; False when the scalp has no painted midline.
    `eps`: the stand-off from the skin; `grid_quads`: geometry's quad grid maker."""
    line = midline(head)
    if line is None:
        return False
    pts, normals, anchors = line
    half, height = CREST[style.cut]
    S = len(pts)
    s = np.linspace(0.0, 1.0, S)
    # tall in the middle, low at the ends (rounded); a faux-hawk peaks towards the front
    peak = 0.35 if style.cut == "faux_hawk" else 0.45
    rise = np.where(s < peak, s / peak, (1 - s) / (1 - peak))
    h = height * (0.18 + 0.82 * np.sin(0.5 * np.pi * np.clip(rise * 1.6, 0, 1)))
    w = half * (0.45 + 0.55 * np.sin(0.5 * np.pi * np.clip(rise * 2.5, 0, 1)))
    n = normals / np.linalg.norm(normals, axis=1, keepdims=True)
    across = np.array([1.0, 0.0, 0.0]) - n[:, :1] * n  # the left-right axis in the skin's tangent plane
    across /= np.linalg.norm(across, axis=1, keepdims=True)
    # lean the fin back a little along the midline (the strands are combed up and back)
    back = np.gradient(pts, axis=0)
    back /= np.linalg.norm(back, axis=1, keepdims=True).clip(1e-9)
    prof = _PROFILE
    rings = (pts[:, None] + across[:, None] * (w[:, None, None] * prof[None, :, :1])
             + n[:, None] * (h[:, None, None] * prof[None, :, 1:] + eps)
             + back[:, None] * (0.25 * h[:, None, None] * prof[None, :, 1:] ** 2))
    flat = head.rays.push_out(rings.reshape(-1, 3), eps + 0.02).reshape(rings.shape)  # the base on the scalp
    start = len(b.blocks)
    ids = np.stack([b.add_vertices(flat[i], int(anchors[i])) for i in range(S)])
    K = len(prof)
    # strands run up the fin: v from 1 at the base to ~0 at the top, u along the midline
    v_prof = 0.98 - 0.9 * prof[:, 1]
    quads, _ = grid_quads(ids.T, np.zeros(S + 1), np.zeros(K), wrap=False)
    i, j = np.meshgrid(np.arange(K - 1), np.arange(S - 1), indexing="ij")
    uu, vv = 0.25 * s, v_prof
    b.add(quads, np.stack([np.stack([uu[j], vv[i]], -1), np.stack([uu[j], vv[i + 1]], -1),
                           np.stack([uu[j + 1], vv[i + 1]], -1), np.stack([uu[j + 1], vv[i]], -1)], -2))
    last = np.stack([ids[:, K - 1], ids[:, 0]], 0)  # the profile is closed: its last point joins the first
    b.add(np.stack([last[0, :-1], last[1, :-1], last[1, 1:], last[0, 1:]], -1),
          np.array([0.1, 0.98]))
    ends = head.rays.push_out(flat[[0, -1]].mean(1), eps + 0.02)
    apex = [b.add_vertices(ends[0], int(anchors[0]))[0], b.add_vertices(ends[1], int(anchors[-1]))[0]]
    k, k1 = np.arange(K), (np.arange(K) + 1) % K
    # the grid above runs profile-major, so these fans turn the other way round than geometry's tube caps
    b.add(np.stack([np.full(K, apex[0]), ids[0, k1], ids[0, k]], -1), np.array([0.1, 0.9]))
    b.add(np.stack([np.full(K, apex[1]), ids[-1, k], ids[-1, k1]], -1), np.array([0.1, 0.9]))
    b.orient(start, "crest")
    return True


def top_knot(b, head, cap: dict, closed_tube, eps: float) -> None:
    """A bun on the crown (geometry's bun sits at the back): an ellipsoid on the cap's highest outer point, a little
    behind the top, as part "bun".  `closed_tube`: geometry's ring joiner."""
    outer = cap["outer"]
    ok = cap["inside"] & np.isfinite(outer[..., 1])
    score = np.where(ok, np.nan_to_num(outer[..., 1]) - 0.25 * np.nan_to_num(outer[..., 2]), -np.inf)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    tie, normal, root = outer[i, j], cap["normal"][i, j], int(cap["anchor"][i, j])
    radii = np.array([2.6, 2.4, 2.2])  # across, front-back, out
    en = normal / np.linalg.norm(normal)
    ey = np.cross(en, np.array([1.0, 0.0, 0.0]))
    ey /= np.linalg.norm(ey)
    ex = np.cross(ey, en)
    centre = tie + en * 0.7 * radii[2]
    lat, lon = 10, 16
    a = np.linspace(0, np.pi, lat + 1)[1:-1]
    o = 2 * np.pi * np.arange(lon) / lon
    A, O = np.meshgrid(a, o, indexing="ij")
    rings = centre + (np.cos(A)[..., None] * radii[2] * en + (np.sin(A) * np.cos(O))[..., None] * radii[0] * ex
                      + (np.sin(A) * np.sin(O))[..., None] * radii[1] * ey)
    ends = np.stack([centre + radii[2] * en, centre - radii[2] * en])
    flat = head.rays.push_out(np.concatenate([rings.reshape(-1, 3), ends]), eps + 0.02)
    closed_tube(b, flat[:-2].reshape(rings.shape), flat[-2:], root, np.linspace(0.95, 0.05, lat - 1), "bun")
