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
    """cm from each point to the skin along its ray from the head's centre (inf where the ray meets no skin)."""
    from ..texture.scalp import CENTRE
    from .raycast import RayCaster, skin_triangles

    rays = RayCaster(head, skin_triangles(model), np.asarray(CENTRE, np.float64))
    rel = points.astype(np.float64) - rays.origin
    dist, _, _ = rays.cast(rel)
    return np.abs(np.linalg.norm(rel, axis=1) - dist)


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
