"""A tiny synthetic ICT-FaceKit-shaped archive, built in tests (no data from the real archive)."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np

EXPRESSIONS = [f"expr{i:02d}_L" for i in range(53)]

# A cube: 8 vertices, 5 quads and 2 triangles (quads and triangles both occur in ICT).
CUBE_V = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], float)
CUBE_F = [[1, 3, 7, 5], [0, 4, 6, 2], [2, 6, 7, 3], [0, 1, 5, 4], [4, 5, 7, 6], [0, 2, 3], [0, 3, 1]]
CUBE_UV = np.array([[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]])


def obj_text(vertices: np.ndarray, faces=CUBE_F, uv=CUBE_UV, material="M_Face") -> str:
    lines = ["# synthetic test mesh"]
    lines += [f"v {x:.6f} {y:.6f} {z:.6f}" for x, y, z in vertices]
    lines += [f"vt {u:.6f} {v:.6f}" for u, v in uv]
    lines.append(f"usemtl {material}")
    for f in faces:
        lines.append("f " + " ".join(f"{i + 1}/{k % len(uv) + 1}" for k, i in enumerate(f)))
    return "\n".join(lines) + "\n"


def tiny_archive(rng_seed: int = 0, *, break_identity: int | None = None, drop_license: bool = False,
                 top: str = "ICT-FaceKit-master") -> tuple[bytes, dict]:
    """Zip bytes shaped like the ICT-FaceKit archive, and the truth it encodes."""
    rng = np.random.default_rng(rng_seed)
    identity = rng.normal(0, 0.1, (100, 8, 3))
    expression = rng.normal(0, 0.1, (53, 8, 3))
    root = f"{top}/FaceXModel/"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(root + "generic_neutral_mesh.obj", obj_text(CUBE_V))
        for i in range(100):
            faces = CUBE_F if i != break_identity else CUBE_F[::-1]
            zf.writestr(root + f"identity{i:03d}.obj", obj_text(CUBE_V + identity[i], faces))
        for i, name in enumerate(EXPRESSIONS):
            zf.writestr(root + f"{name}.obj", obj_text(CUBE_V + expression[i]))
        zf.writestr(root + "vertex_indices.json", json.dumps({
            "expressions": EXPRESSIONS, "idx_to_landmark_verts": [i % 8 for i in range(68)]}))
        if not drop_license:
            zf.writestr(f"{top}/LICENSE", "MIT License\n\nPermission is hereby granted, free of charge\n")
    return buf.getvalue(), {"identity": identity, "expression": expression}
