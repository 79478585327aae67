"""A mohawk's or faux-hawk's crest and a top knot: the named cuts (parser/hair_cuts.py) that get geometry of their own.

Crest: a closed strip along the head's midline, from just inside the painted hairline at the front to the nape, over
the painted close crop (no cap: the sides stay the crop the albedo paints).  Each station is a cross-section, wide at
the root and narrowing to the tips, its base cast onto the scalp (EPS outside the skin, following the skull's curve
across), standing up along the skin's normal tilted upward; a mohawk is spiky and full height over the top, lower
towards the nape and never more than BEHIND cm behind the back of the head, a faux-hawk a low ridge over the top;
every ring follows the scalp vertex under it (the anchor), so the crest rides the identity keys as the cap does.
Top knot: the bun moved up to the crown.
"""
from __future__ import annotations

import numpy as np

# (base half-width, peak height) in cm; a faux-hawk is a low, narrower ridge over the top only
CREST = {"mohawk": (2.3, 6.0), "faux_hawk": (1.6, 2.6)}
STATIONS = 72
EDGE = 0.6  # cm inside the painted hairline the crest starts and ends
SPIKES = {"mohawk": 9, "faux_hawk": 0}  # spikes along a mohawk's ridge (a faux-hawk is one smooth ridge)
BEHIND = 2.0  # cm the crest may reach behind the back of the head (its silhouette from the side)
# the cross-section's closed profile: (across, up) as fractions of the half-width and the height, wide at the root
# and narrowing to the tips; the base points lie on the scalp (each cast onto it, so the root follows the skull)
_PROFILE = np.array([(-1.0, 0.0), (-0.8, 0.22), (-0.55, 0.5), (-0.32, 0.8), (-0.12, 1.0), (0.12, 1.0),
                     (0.32, 0.8), (0.55, 0.5), (0.8, 0.22), (1.0, 0.0), (0.5, 0.0), (0.0, 0.0), (-0.5, 0.0)])


def midline(head, edge: float = EDGE, top_only: bool = False):
    """Scalp points on the midline inside the painted hair, front to back: (points, normals, anchors) or None.
    Rays from the head's centre in the sagittal plane, from over the forehead round the top to the nape (`top_only`:
    only where the scalp faces up, a faux-hawk's stretch)."""
    a = np.radians(np.linspace(80.0, -150.0, 240))  # from up, towards the front (+Z) and back (-Z)
    dirs = np.stack([np.zeros_like(a), np.cos(a), np.sin(a)], 1)
    pts, n, anchor, hd, rho = head.surface(dirs)
    ok = np.isfinite(pts[:, 0]) & (hd > edge) & (rho > 0.3)
    if top_only:
        ok &= n[:, 1] > 0.2
    if ok.sum() < 8:
        return None
    idx = np.nonzero(ok)[0]
    runs = np.split(idx, np.nonzero(np.diff(idx) > 1)[0] + 1)
    run = max(runs, key=len)  # the longest painted stretch (a thinned crown splits it)
    if len(run) < 8:
        return None
    pick = run[np.linspace(0, len(run) - 1, STATIONS).round().astype(int)]
    return pts[pick], n[pick], anchor[pick]


def _heights(style_cut: str, s: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Height (cm) along the midline (s 0 at the front hairline, 1 at the nape): a mohawk stands full height over
    the top and lowers towards the nape (the strands there lie back along the skull); a faux-hawk only over the top.
    `up`: each station's normal's Y (1 on top, < 0 at the nape)."""
    height = CREST[style_cut][1]
    front = np.sin(0.5 * np.pi * np.clip(s / 0.12, 0, 1))  # rises within the first cm or two from the hairline
    if style_cut == "faux_hawk":  # over the top only (midline's top_only), lower at both ends
        h = height * (0.3 + 0.7 * front * np.sin(0.5 * np.pi * np.clip((1 - s) / 0.15, 0, 1)))
    else:
        top = np.clip((up + 0.4) / 1.0, 0, 1)
        h = height * (0.3 + 0.7 * front) * (0.35 + 0.65 * top)
    if SPIKES[style_cut]:  # spikes: the ridge rises to a point and dips between them
        tooth = np.abs(((s * SPIKES[style_cut]) % 1.0) - 0.5) * 2  # 1 at the dips, 0 at the points
        h = h * (1.0 - 0.28 * tooth)
    return h


def add_crest(b, head, style, eps: float, grid_quads) -> bool:
    """The crest of `style.cut` added to builder `b` as part "crest"; False when the scalp has no painted midline.
    `eps`: the stand-off from the skin; `grid_quads`: geometry's quad grid maker."""
    line = midline(head, top_only=style.cut == "faux_hawk")
    if line is None:
        return False
    pts, normals, anchors = line
    half, height = CREST[style.cut]
    S = len(pts)
    s = np.linspace(0.0, 1.0, S)
    n = normals / np.linalg.norm(normals, axis=1, keepdims=True)
    h = _heights(style.cut, s, n[:, 1])
    w = half * (0.55 + 0.45 * np.sin(0.5 * np.pi * np.clip(np.minimum(s, 1 - s) / 0.1, 0, 1)))
    across = np.array([1.0, 0.0, 0.0]) - n[:, :1] * n  # the left-right axis in the skin's tangent plane
    across /= np.linalg.norm(across, axis=1, keepdims=True)
    # the strands stand up from the scalp, combed a little up and back: towards the normal and up (at the nape the
    # normal points back, so up keeps the crest over the head instead of sticking out behind it)
    back = np.gradient(pts, axis=0)
    back /= np.linalg.norm(back, axis=1, keepdims=True).clip(1e-9)
    rise = n + 0.35 * np.array([0.0, 1.0, 0.0]) + 0.15 * back
    rise /= np.linalg.norm(rise, axis=1, keepdims=True)
    # nothing more than BEHIND cm behind the back of the head: lower the stations that would reach further
    z_back = float(head.v[head.skin, 2].min())
    reach = np.maximum(-rise[:, 2], 1e-3)
    h = np.minimum(h, np.maximum((pts[:, 2] - (z_back - BEHIND)) / reach, 0.6))
    prof = _PROFILE
    # the root: each base point cast onto the scalp (the skull curves away under a flat section: no gap at the sides)
    base = pts[:, None] + across[:, None] * (w[:, None, None] * prof[None, :, :1])
    rel = base.reshape(-1, 3) - head.rays.origin
    dist, _, _ = head.rays.cast(rel)
    r = np.linalg.norm(rel, axis=1)
    dist = np.where(np.isfinite(dist), dist, r)
    base = (head.rays.origin + rel / r[:, None] * (dist + eps)[:, None]).reshape(base.shape)
    rings = base + rise[:, None] * (h[:, None, None] * prof[None, :, 1:])
    flat = head.rays.push_out(rings.reshape(-1, 3), eps + 0.02).reshape(rings.shape)
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


def top_knot(b, head, cap: dict, ellipsoid_bun) -> None:
    """A bun on the crown (geometry's bun sits at the back): an ellipsoid on the cap's highest outer point, a little
    behind the top, as part "bun".  `ellipsoid_bun`: geometry's bun maker."""
    outer = cap["outer"]
    ok = cap["inside"] & np.isfinite(outer[..., 1])
    score = np.where(ok, np.nan_to_num(outer[..., 1]) - 0.25 * np.nan_to_num(outer[..., 2]), -np.inf)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    ellipsoid_bun(b, head, outer[i, j], cap["normal"][i, j], int(cap["anchor"][i, j]),
                  np.array([2.6, 2.4, 2.2]), 0.7)  # across, front-back, out
