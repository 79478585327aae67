"""Write a wire file of the installed ICT model for the Blender tests (runs in the backend's .venv).

Usage: python tests/blender/make_real_wire.py OUT.npz.  Exit status 3 when the model is not installed.
The head uses known coefficients and a synthetic 1024² albedo (a skin tone with a brighter face tile),
so the tests can check values exactly; the real generator is covered by the full-path test.
"""
from __future__ import annotations

import sys

import numpy as np


def main(out: str) -> int:
    from backend.errors import ModelNotInstalled
    from backend.face_model import load_face_model
    from backend.io import wire

    try:
        m = load_face_model()
    except ModelNotInstalled as exc:
        print(f"ICT model not installed: {exc}", file=sys.stderr)
        return 3
    identity = np.linspace(-2.0, 2.0, m.identity_basis.shape[0]).astype(np.float32)
    expression = np.zeros(len(m.expression_names), np.float32)
    expression[list(m.expression_names).index("jawOpen")] = 0.4
    uv = m.uvs[m.face_uv_indices]
    loop_uvs = np.stack([uv[:, 0] / 7.0, uv[:, 1]], axis=1)  # the 7 UDIM tiles side by side
    size = 1024
    albedo = np.empty((size, size, 3), np.uint8)
    albedo[:] = (150, 110, 95)
    albedo[:, : size // 7] = (225, 180, 160)  # tile 0 (the face) brighter
    sidecar = {"schema_version": 1, "prompt": "a real ICT test head", "seed": 0,
               "identity": identity.tolist(), "expression": {"jawOpen": 0.4}}
    wire.write_wire(out, wire.pack(
        neutral=m.neutral, face_vertices=m.face_vertices, face_offsets=m.face_offsets, loop_uvs=loop_uvs,
        identity_basis=m.identity_basis, identity=identity, expression_basis=m.expression_basis,
        expression_names=m.expression_names, expression=expression, albedo=albedo, sidecar=sidecar))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
