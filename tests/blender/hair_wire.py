"""A small hair mesh for the synthetic test head (conftest.synthetic_arrays), as `wire.pack(hair=...)`."""
from __future__ import annotations

import numpy as np


def synthetic_hair(shift: float = 0.0, alpha: bool = True, size: int = 8) -> dict:
    """Two quads over the synthetic head's grid (6 vertices, 1 cm in front of it; `shift` moves them along X in
    model units: tells one hair from another), each vertex following a head vertex; an RGBA (or RGB) albedo
    whose top half is opaque dark brown and bottom half transparent."""
    vertices = np.array([[x + shift, y, 1.0] for y in (5.0, 10.0) for x in (0.0, 5.0, 10.0)], np.float32)
    anchor = np.array([4, 5, 6, 8, 9, 10], np.int32)
    faces = [[0, 1, 4, 3], [1, 2, 5, 4]]
    face_vertices = np.concatenate(faces).astype(np.int32)
    albedo = np.zeros((size, size, 4 if alpha else 3), np.uint8)
    albedo[: size // 2, :, :3] = (60, 40, 20)
    if alpha:
        albedo[: size // 2, :, 3] = 255
    return dict(vertices=vertices, anchor=anchor, face_vertices=face_vertices,
                face_offsets=np.array([0, 4, 8], np.int32),
                loop_uvs=(vertices[face_vertices, :2] - (shift, 0)) / 15.0, albedo=albedo)
