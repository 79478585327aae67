"""Rays from a point inside the head to its skin (first hit), numpy only: where the hair's shell sits over the scalp
and whether a point lies inside the head.  Candidate triangles are the nearest in direction from the origin (a
k-d tree over their centroids' unit directions), so a few thousand rays cost milliseconds."""
from __future__ import annotations

import numpy as np

SKIN_MATERIALS = ("M_Face", "M_BackHead")  # the head's outer skin (eyes, mouth socket, teeth are inside it)


def skin_triangles(model) -> np.ndarray:
    """(T, 3) vertex ids of the skin's triangles (the model's own split)."""
    names = list(model.material_names)
    ids = [names.index(n) for n in SKIN_MATERIALS]
    keep = np.isin(np.asarray(model.face_materials)[np.asarray(model.triangle_faces)], ids)
    return np.asarray(model.triangles)[keep]


def vertex_normals(vertices: np.ndarray, tris: np.ndarray) -> np.ndarray:
    """Area-weighted unit vertex normals (V, 3) of the triangles (zero where a vertex has none)."""
    v = vertices.astype(np.float64)
    fn = np.cross(v[tris[:, 1]] - v[tris[:, 0]], v[tris[:, 2]] - v[tris[:, 0]])
    n = np.zeros_like(v)
    for k in range(3):
        np.add.at(n, tris[:, k], fn)
    return (n / np.linalg.norm(n, axis=1, keepdims=True).clip(1e-12)).astype(np.float32)


class RayCaster:
    """First hits of rays from `origin` against the triangles (tris into vertices)."""

    def __init__(self, vertices: np.ndarray, tris: np.ndarray, origin, k: int = 16):
        from scipy.spatial import cKDTree

        self.v = vertices.astype(np.float64)
        self.tris = np.asarray(tris)
        self.origin = np.asarray(origin, np.float64)
        c = self.v[self.tris].mean(1) - self.origin
        self.tree = cKDTree(c / np.linalg.norm(c, axis=1, keepdims=True))
        self.k = min(k, len(self.tris))

    def cast(self, directions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(R, 3) directions -> distance (R,) (inf: no hit), triangle index (R,) (-1), barycentrics (R, 3)."""
        d = directions.astype(np.float64)
        d = d / np.linalg.norm(d, axis=1, keepdims=True)
        _, cand = self.tree.query(d, k=self.k)  # (R, k)
        tri = self.tris[cand]  # (R, k, 3)
        a, b, c = self.v[tri[..., 0]], self.v[tri[..., 1]], self.v[tri[..., 2]]
        e1, e2 = b - a, c - a
        p = np.cross(d[:, None], e2)
        det = (e1 * p).sum(-1)
        ok = np.abs(det) > 1e-12
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        s = self.origin - a
        u = (s * p).sum(-1) * inv
        q = np.cross(s, e1)
        w = (d[:, None] * q).sum(-1) * inv
        t = (e2 * q).sum(-1) * inv
        hit = ok & (u >= -1e-7) & (w >= -1e-7) & (u + w <= 1 + 1e-7) & (t > 1e-6)
        t = np.where(hit, t, np.inf)
        best = np.argmin(t, axis=1)
        rows = np.arange(len(d))
        dist = t[rows, best]
        found = np.isfinite(dist)
        index = np.where(found, cand[rows, best], -1)
        bu, bw = u[rows, best], w[rows, best]
        bary = np.stack([1 - bu - bw, bu, bw], 1)
        return dist, index, np.where(found[:, None], bary, 0.0)

    def push_out(self, points: np.ndarray, margin: float) -> np.ndarray:
        """Points moved out along their ray from the origin to at least `margin` past the first skin they cross
        (points whose ray meets no skin stay)."""
        rel = points.astype(np.float64) - self.origin
        r = np.linalg.norm(rel, axis=1)
        dist, _, _ = self.cast(rel)
        inside = np.isfinite(dist) & (r < dist + margin)
        out = points.astype(np.float64).copy()
        out[inside] = self.origin + rel[inside] / r[inside, None] * (dist[inside, None] + margin)
        return out
