"""A curly ponytail shows its curls (geometry._tube_rings' `curls`): its rings' radii vary round each ring, where a
straight one's are round (it was a smooth tube for any texture)."""
import numpy as np
import pytest

from backend.hair.style import HairStyle


def _ring_relief(mesh) -> float:
    """The median over the tail's 16-vertex rings of their radii's spread (std over mean)."""
    lo, hi = mesh.parts["tail"]
    offsets = mesh.face_offsets
    ids = np.unique(mesh.face_vertices[offsets[lo]:offsets[hi]])[:-2]  # the rings, then the two apexes
    rings = mesh.vertices[ids].reshape(-1, 16, 3).astype(np.float64)
    r = np.linalg.norm(rings - rings.mean(1, keepdims=True), axis=-1)
    return float(np.median(r.std(1) / r.mean(1)))


@pytest.mark.parametrize("volume,lo,hi", [("curly", 0.04, 1.0), ("straight", 0.0, 0.01)])
def test_a_curly_ponytail_is_not_a_smooth_tube(face_model, volume, lo, hi):
    from backend.hair.mesh import build_hair

    identity = np.zeros(face_model.identity_basis.shape[0], np.float32)
    params = {"scalp_hair": 0.9, "scalp_length": 1.0, "hairline_recession": 0.0}
    mesh = build_hair(face_model, identity, params, HairStyle("long", "ponytail", volume, False), 12)
    assert lo <= _ring_relief(mesh) <= hi
