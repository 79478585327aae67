"""A balding man's horseshoe (geometry.py's masked cap, built where the crown has no painted hair) hugs the skull: a
few mm thick, thinning to its rim (no slab with a ledge, no teeth, no flaps behind the temples) and its coverage
fading there (hair/horseshoe_figures.py; tests/measure_hair_horseshoe.py prints the same figures)."""
import numpy as np
import pytest


@pytest.fixture(scope="module")
def scholar(face_model):
    from backend.hair.eval_heads import draw_hair
    from backend.shape import load_shape_model

    d, mesh = draw_hair(face_model, load_shape_model(), "the village scholar, a balding man in his sixties", 0)
    assert mesh is not None and sorted(mesh.parts) == ["cap"]  # the masked cap, no drape
    return d, mesh


def test_the_horseshoe_hugs_the_skull_and_thins_to_its_rim(face_model, scholar):
    from backend.hair.horseshoe_figures import horseshoe_figures

    d, mesh = scholar
    f = horseshoe_figures(face_model, d.head, mesh.posed(face_model, d.identity), mesh.face_vertices,
                          mesh.face_offsets)
    assert f["max"] < 0.55  # cm off the skin (was 1.06)
    assert f["temple_flap"] < 0.55  # (was 1.05)
    assert f["teeth"] <= 2 and f["tooth_max"] < 0.3  # one edge in from the rim (was 57 teeth, up to 0.73 cm)
    assert f["spikes"] == 0


def test_the_horseshoe_coverage_fades_at_its_rim(face_model, scholar):
    from backend.hair.horseshoe_figures import _rim

    d, mesh = scholar
    rim = _rim(mesh.face_vertices, mesh.face_offsets, len(mesh.vertices))[0]
    alpha = mesh.albedo[..., 3].astype(np.float64) / 255.0
    uv = mesh.loop_uvs
    h, w = alpha.shape
    # the albedo's coverage at each rim corner (v is up the image: row h - 1 - v (h - 1))
    rows = np.clip(np.round((1.0 - uv[:, 1]) * (h - 1)).astype(int), 0, h - 1)
    cols = np.clip(np.round(uv[:, 0] * (w - 1)).astype(int), 0, w - 1)
    at_rim = rim[mesh.face_vertices]
    assert alpha[rows[at_rim], cols[at_rim]].mean() < 0.2  # (was ~1: opaque to the edge)
    assert alpha[rows[~at_rim], cols[~at_rim]].mean() > 0.6
