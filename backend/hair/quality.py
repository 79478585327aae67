"""Figures of a hair mesh's surface quality, as an artist would judge it: creases (the dihedral angle between
adjacent polygons), edges that break the surface (used by more than two polygons, or open away from the skin) and
how smooth the hairline rim is (the turning angle from one rim edge to the next).  Numpy only.

Polygons lying on the scalp (every corner within ON_SKIN of the skin: the rim's feathered edge, the underside's
end tucked under the cap) fold over where nobody sees them, so creases are measured where either polygon stands
off the skin."""
from __future__ import annotations

import numpy as np

ON_SKIN = 0.35  # cm: a polygon with every corner this close to the skin lies on the scalp
OPEN_OK = 0.6  # cm: an open edge this close to the skin is tucked onto it (nothing to see into)


def _edges(face_vertices: np.ndarray, face_offsets: np.ndarray):
    """-> (E, 2) directed edges of every polygon, (E,) polygon of each."""
    sizes = np.diff(face_offsets)
    poly = np.repeat(np.arange(len(sizes)), sizes)
    nxt = np.arange(len(face_vertices)) + 1
    last = face_offsets[1:] - 1
    nxt[last] = face_offsets[:-1]
    return np.stack([face_vertices, face_vertices[nxt]], 1), poly


def polygon_normals(vertices, face_vertices, face_offsets) -> np.ndarray:
    """(F, 3) unit normals (Newell's method: exact for planar polygons, the mean plane's for warped quads)."""
    e, poly = _edges(np.asarray(face_vertices), np.asarray(face_offsets))
    p, q = vertices[e[:, 0]].astype(np.float64), vertices[e[:, 1]].astype(np.float64)
    n = np.zeros((len(face_offsets) - 1, 3))
    np.add.at(n, poly, np.cross(p, q))
    return n / np.linalg.norm(n, axis=1, keepdims=True).clip(1e-12)


def skin_distance(model, head: np.ndarray, points: np.ndarray) -> np.ndarray:
    """cm from each point to the nearest skin (the exact distance to the skin triangles round its nearest skin
    vertices).  Not along the ray from the head's centre: under the jaw and at the mouth's corners that ray leaves
    the skin at the chin or the lips first, so a beard's inner side lying on the throat read as 4-8 cm off it."""
    from scipy.spatial import cKDTree

    from .raycast import skin_triangles

    tris = skin_triangles(model)
    v = np.asarray(head, np.float64)
    p = np.asarray(points, np.float64)
    skin = np.unique(tris)
    _, near = cKDTree(v[skin]).query(p, k=K_NEAR)
    # the triangles round each of those vertices (CSR: vertex -> its triangles)
    owner = np.repeat(np.arange(len(tris)), 3)
    order = np.argsort(tris.ravel(), kind="stable")
    start = np.searchsorted(tris.ravel()[order], np.arange(len(v) + 1))
    best = np.full(len(p), np.inf)
    for k in range(K_NEAR):
        vid = skin[near[:, k]]
        n = start[vid + 1] - start[vid]
        rows = np.repeat(np.arange(len(p)), n)
        t = owner[order[np.repeat(start[vid], n) + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)]]
        d = _point_triangle(p[rows], v[tris[t]])
        np.minimum.at(best, rows, d)
    return best


K_NEAR = 4  # nearest skin vertices whose triangles are searched (the nearest point lies on one of them)


def _point_triangle(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """(N,) distance from points p (N, 3) to triangles tri (N, 3, 3): the closest point by the triangle's Voronoi
    regions (Ericson, Real-Time Collision Detection 5.1.5)."""
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    ab, ac, ap = b - a, c - a, p - a
    dot = lambda x, y: (x * y).sum(1)  # noqa: E731
    d1, d2 = dot(ab, ap), dot(ac, ap)
    bp, cp = p - b, p - c
    d3, d4, d5, d6 = dot(ab, bp), dot(ac, bp), dot(ab, cp), dot(ac, cp)
    va, vb, vc = d3 * d6 - d5 * d4, d5 * d2 - d1 * d6, d1 * d4 - d3 * d2
    denom = va + vb + vc
    safe = lambda x: np.where(np.abs(x) > 1e-18, x, 1e-18)  # noqa: E731
    v_in, w_in = vb / safe(denom), vc / safe(denom)
    q = a + v_in[:, None] * ab + w_in[:, None] * ac  # inside the face
    cases = [  # (region, closest point), later ones win: vertices, then edges, as in Ericson's order
        ((va <= 0) & (d4 - d3 >= 0) & (d5 - d6 >= 0),
         b + ((d4 - d3) / safe((d4 - d3) + (d5 - d6)))[:, None] * (c - b)),
        ((vb <= 0) & (d2 >= 0) & (d6 <= 0), a + (d2 / safe(d2 - d6))[:, None] * ac),
        ((vc <= 0) & (d1 >= 0) & (d3 <= 0), a + (d1 / safe(d1 - d3))[:, None] * ab),
        ((d6 >= 0) & (d5 <= d6), c), ((d3 >= 0) & (d4 <= d3), b), ((d1 <= 0) & (d2 <= 0), a)]
    for region, point in cases:
        q = np.where(region[:, None], point, q)
    return np.linalg.norm(p - q, axis=1)


def surface_figures(vertices, face_vertices, face_offsets, skin_cm: np.ndarray, outer: np.ndarray | None = None
                    ) -> dict:
    """Crease and edge figures of one mesh.  `skin_cm`: (H,) each vertex's distance from the skin (skin_distance);
    `outer`: (F,) bool, the polygons of the outer side (what is seen from outside; dihedral_outer_* are over edges
    between two of them).
    -> dict(dihedral_max, dihedral_p95 (degrees, over edges shared by two polygons not both lying on the skin),
    non_manifold (edges used by more than two polygons), open_off_skin (open edges with a corner off the skin;
    rim_turn_p95, rim_turn_max (degrees, the turning angle along open loops
    that lie on the skin: the hairline rim))."""
    fv, fo = np.asarray(face_vertices), np.asarray(face_offsets)
    near_skin, tucked = skin_cm < ON_SKIN, skin_cm < OPEN_OK
    e, poly = _edges(fv, fo)
    key = np.sort(e, 1)
    uniq, inv, count = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    normals = polygon_normals(np.asarray(vertices), fv, fo)
    on_skin_poly = np.zeros(len(fo) - 1, bool)
    np.logical_or.at(on_skin_poly, poly, ~near_skin[fv])
    on_skin_poly = ~on_skin_poly  # every corner near the skin
    order = np.argsort(inv, kind="stable")
    pairs = count[inv[order]] == 2
    first = order[pairs][0::2]
    second = order[pairs][1::2]
    fa, fb = poly[first], poly[second]
    seen = ~(on_skin_poly[fa] & on_skin_poly[fb])
    cos = np.clip((normals[fa] * normals[fb]).sum(1), -1.0, 1.0)
    ang_all = np.degrees(np.arccos(cos))
    ang = ang_all[seen]
    ang_out = ang_all[seen & outer[fa] & outer[fb]] if outer is not None else np.zeros(0)
    open_edges = uniq[count == 1]
    off = ~(tucked[open_edges[:, 0]] & tucked[open_edges[:, 1]])
    turns = _loop_turns(np.asarray(vertices, np.float64), open_edges[~off])
    return {"dihedral_max": float(ang.max()) if len(ang) else 0.0,
            "dihedral_p95": float(np.percentile(ang, 95)) if len(ang) else 0.0,
            "dihedral_outer_max": float(ang_out.max()) if len(ang_out) else 0.0,
            "dihedral_outer_p95": float(np.percentile(ang_out, 95)) if len(ang_out) else 0.0,
            "non_manifold": int((count > 2).sum()), "open_off_skin": int(off.sum()),
            "rim_turn_p95": float(np.percentile(turns, 95)) if len(turns) else 0.0,
            "rim_turn_max": float(turns.max()) if len(turns) else 0.0}


def _loop_turns(vertices: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Turning angles (degrees) at the vertices of open edges where exactly two of them meet."""
    if not len(edges):
        return np.zeros(0)
    ids, deg = np.unique(edges, return_counts=True)
    twice = ids[deg == 2]
    flat = edges.ravel()
    other = edges[:, ::-1].ravel()
    order = np.argsort(flat, kind="stable")
    fs, os_ = flat[order], other[order]
    start = np.searchsorted(fs, twice)
    a, b = os_[start], os_[start + 1]
    d1 = vertices[twice] - vertices[a]
    d2 = vertices[b] - vertices[twice]
    cos = (d1 * d2).sum(1) / (np.linalg.norm(d1, axis=1) * np.linalg.norm(d2, axis=1)).clip(1e-12)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
