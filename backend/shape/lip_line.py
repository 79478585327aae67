"""How far apart a head's lips are along the lip line, not only at the centre (lips.py): cross-sections of both
lips at several points across the mouth's width.

The lips' surface is the face mesh inside the outer lip contour (landmarks 48-59, seen from the front on the
model's neutral mesh), split into the upper and the lower lip where they join at the corners.  On each head as
it is deformed, each lip is cut by the planes x = centre + f * half width, f in SECTIONS, between that head's
inner mouth corners (landmarks 60 and 64): the sections follow the mouth when an expression narrows it (a
pucker) or pulls it to one side (a smirk).  Each cut runs from the outer lip round its inner contour to where
the face mesh gives way to the mouth socket; closed by a chord, it is that lip's cross-section there, as lips.py's
midline rows are at x = 0.  The corners (beyond 0.75 of the half width) are left out: there the lips join, and a
figure there says more about the corner's crease than about the mouth being open or shut.
- gap_mm (B, S): the upper lip's lowest point minus the lower lip's highest, per section.
- overlap_mm (B, S): how deep a point of one lip's section lies inside the other's (the lips pass through each
  other there).
"""
from __future__ import annotations

import functools

import numpy as np

from .lips import _depth_inside

SECTIONS = (-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75)  # fractions of the inner corners' half width
MIDDLE = tuple(i for i, f in enumerate(SECTIONS) if abs(f) <= 0.5)  # where "parted" lips must be apart
OUTER_LIP, INNER_CORNER = tuple(range(48, 60)), 64  # 68-point landmarks
CORNER_CUT = 0.9  # of the inner corners' x: the lips' triangles nearer the corners join both lips


def _inside(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """(n, 2) points, (m, 2) polygon: (n,) bool, even-odd rule."""
    x, y = points[:, :1], points[:, 1:]
    a, b = polygon, np.roll(polygon, -1, 0)
    spans = (a[:, 1] > y) != (b[:, 1] > y)
    x_cross = a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / np.where(spans, b[:, 1] - a[:, 1], 1.0)
    return (spans & (x < x_cross)).sum(1) % 2 == 1


def _chains(triangles: np.ndarray, side: np.ndarray) -> list[list[tuple[int, int]]]:
    """Triangles crossed by a plane (side: (V,) bool, which side each vertex is on) -> the cut's chains, each
    the ordered list of crossed edges (vertex pairs, lower id first) from one open end to the other."""
    by_edge: dict[tuple[int, int], list[int]] = {}
    segments = []
    for tri in triangles[(side[triangles].any(1)) & ~(side[triangles].all(1))].tolist():
        pairs = ((tri[i], tri[(i + 1) % 3]) for i in range(3))
        crossed = [tuple(sorted(e)) for e in pairs if side[e[0]] != side[e[1]]]
        for e in crossed:
            by_edge.setdefault(e, []).append(len(segments))
        segments.append(crossed)
    if any(len(s) > 2 for s in by_edge.values()):
        raise ValueError("the lips' mesh is not manifold where the lip line is cut")
    used, chains = set(), []
    for start, owners in by_edge.items():
        if len(owners) != 1 or owners[0] in used:
            continue
        chain, edge, seg = [start], start, owners[0]
        while seg is not None:
            used.add(seg)
            edge = next(e for e in segments[seg] if e != edge)
            chain.append(edge)
            seg = next((s for s in by_edge[edge] if s not in used), None)
        chains.append(chain)
    if len(used) != len(segments):
        raise ValueError("the lip line's cut holds a closed loop: the lips' mesh is not the expected strip")
    return chains


@functools.lru_cache(maxsize=4)
def lip_triangles(model) -> tuple[np.ndarray, np.ndarray]:
    """(upper lip's triangles (T, 3), lower lip's): the face mesh inside the outer lip contour, the corners'
    triangles left out so that the two lips come apart (computed once per model object)."""
    v = np.asarray(model.neutral, np.float64)
    lm = v[np.asarray(model.landmarks)]
    tris = np.asarray(model.triangles)
    tris = tris[model.region_mask("face")[tris].all(1)]
    centre = v[tris].mean(1)
    tris = tris[_inside(centre[:, :2], lm[list(OUTER_LIP), :2]) & (np.abs(v[tris].mean(1)[:, 0]) < CORNER_CUT
                                                                    * lm[INNER_CORNER, 0])]
    # connected pieces through shared edges
    parent = list(range(len(tris)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[int, int], int] = {}
    for i, tri in enumerate(tris.tolist()):
        for e in ((tri[0], tri[1]), (tri[1], tri[2]), (tri[2], tri[0])):
            j = first.setdefault(tuple(sorted(e)), i)
            parent[root(i)] = root(j)
    roots = np.array([root(i) for i in range(len(tris))])
    pieces = sorted((tris[roots == r] for r in np.unique(roots)), key=len, reverse=True)
    if len(pieces) < 2 or len(pieces[1]) < 0.25 * len(pieces[0]):
        raise ValueError("the model's lips do not come apart into an upper and a lower lip away from the corners")
    upper, lower = sorted(pieces[:2], key=lambda t: -v[t, 1].mean())
    return upper, lower


def _section(x: np.ndarray, tris: np.ndarray, x0: float) -> np.ndarray:
    """(V, 3) vertices, one lip's triangles, a plane x = x0 -> (n, 2) the lip's cut in (y, z), in order along it
    (the longest piece, should a deformed lip fold across the plane)."""
    chains = _chains(tris, x[:, 0] >= x0)
    if not chains:
        raise ValueError(f"the plane x = {x0:.2f} misses the lip")
    a, b = np.array(max(chains, key=len)).T
    t = ((x0 - x[a, 0]) / np.where(x[b, 0] == x[a, 0], 1.0, x[b, 0] - x[a, 0]))[:, None]
    return x[a, 1:] + t * (x[b, 1:] - x[a, 1:])


def lip_line(model, vertices: np.ndarray) -> dict[str, np.ndarray]:
    """(V, 3) or (B, V, 3) vertices in ICT order (cm) -> {"gap_mm", "overlap_mm"}: (B, len(SECTIONS)) arrays (mm)."""
    upper, lower = lip_triangles(model)
    corners = np.asarray(model.landmarks)[[INNER_CORNER - 4, INNER_CORNER]]  # 60 (head's right), 64 (left)
    x = np.asarray(vertices, np.float64).reshape(-1, *np.shape(vertices)[-2:])
    gap, overlap = np.zeros((len(x), len(SECTIONS))), np.zeros((len(x), len(SECTIONS)))
    for b, head in enumerate(x):
        right, left = head[corners, 0]
        for s, f in enumerate(SECTIONS):
            x0 = (left + right) / 2 + f * (left - right) / 2
            u, lo = _section(head, upper, x0), _section(head, lower, x0)
            gap[b, s] = u[:, 0].min() - lo[:, 0].max()
            overlap[b, s] = max(_depth_inside(u[None], lo[None])[0], _depth_inside(lo[None], u[None])[0])
    return {"gap_mm": gap * 10.0, "overlap_mm": overlap * 10.0}
