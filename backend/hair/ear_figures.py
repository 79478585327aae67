"""Ears seen through loose hair in the preview's three views: how many of the ears' skin vertices (shape_figures.
ear_vertices) a camera sees, with no hair or skin triangle between it and the vertex.  Hair hanging over the ears
should hide them all (the acceptance test's "ears poke through the hair at the sides")."""
from __future__ import annotations

import numpy as np

VIEWS = {"front": 0.0, "three_quarter": 45.0, "profile": 90.0}  # yaw, degrees, as render/camera.py STANDARD_YAWS


def _eye(yaw: float) -> np.ndarray:
    from ..render.camera import Camera

    return np.asarray(Camera.orbit(yaw).eye, np.float64)


def _triangles(face_vertices: np.ndarray, face_offsets: np.ndarray) -> np.ndarray:
    tris = []
    for k in np.unique(np.diff(face_offsets)):
        first = face_offsets[:-1][np.diff(face_offsets) == k]
        f = face_vertices[first[:, None] + np.arange(k)[None]]
        tris += [f[:, [0, i, i + 1]] for i in range(1, k - 1)]
    return np.concatenate(tris) if tris else np.zeros((0, 3), np.int64)  # (no hair: no triangles)


def ray_hits(o: np.ndarray, d: np.ndarray, a: np.ndarray, e1: np.ndarray, e2: np.ndarray):
    """-> ((T,) whether the ray o + t d (t > 1e-4) crosses each triangle, (T,) its t there) for triangles with corner
    `a` and edges `e1`, `e2` (each (T, 3); Moller-Trumbore)."""
    p = np.cross(d, e2)
    det = (e1 * p).sum(1)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = o - a
    u = (s * p).sum(1) * inv
    q = np.cross(s, e1)
    v = (q @ d) * inv
    t = (q * e2).sum(1) * inv
    return ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 1e-4), t


def _blocked(origins: np.ndarray, eye: np.ndarray, tri_pos: np.ndarray) -> np.ndarray:
    """(P,) whether the segment from each origin to `eye` crosses any triangle (T, 3, 3)."""
    out = np.zeros(len(origins), bool)
    a, e1, e2 = tri_pos[:, 0], tri_pos[:, 1] - tri_pos[:, 0], tri_pos[:, 2] - tri_pos[:, 0]
    for i, o in enumerate(origins):
        hit, t = ray_hits(o, eye - o, a, e1, e2)
        out[i] = bool((hit & (t < 1.0)).any())
    return out


def ears_seen(model, head: np.ndarray, verts: np.ndarray, face_vertices, face_offsets) -> dict:
    """-> {view: ear vertices a camera of that view sees (no hair, no skin in the way)}, both ears, views' mirrors
    included (the front sees both; three_quarter and profile: each side's camera its own ear)."""
    from .raycast import skin_triangles
    from .shape_figures import ear_vertices

    ears = ear_vertices(model, head)
    skin_t = head[skin_triangles(model)]
    hair_t = np.asarray(verts, np.float64)[_triangles(np.asarray(face_vertices), np.asarray(face_offsets))]
    tri = np.concatenate([skin_t, hair_t])
    out = {}
    for name, yaw in VIEWS.items():
        seen = 0
        for sign in ((1.0,) if yaw == 0 else (1.0, -1.0)):
            eye = _eye(sign * yaw)
            pts = head[ears]
            side = pts if yaw == 0 else pts[np.sign(pts[:, 0]) == sign]
            toward = (eye - side) / np.linalg.norm(eye - side, axis=1, keepdims=True)
            seen += int((~_blocked(side + 0.02 * toward, eye, tri)).sum())
        out[name] = seen
    return out
