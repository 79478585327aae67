"""An undercut's top meets the forehead as hair does, not as a lid (drape.py UNDERCUT_*): it grows from the front
hairline over a few cm (no wall at it), standing up and swept back, and the hairline's temple corners curve back above
its middle (not one straight front edge).  Figures: shape_figures.undercut_front on heads drawn as generate draws them
(eval_heads.py); the painted-shaved sides still show."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def models():
    from backend.face_model import load_face_model
    from backend.shape import load_shape_model

    return load_face_model(), load_shape_model()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_undercuts_top_meets_the_forehead_with_a_hairline_not_a_lid(models, seed):
    from backend.hair.eval_heads import draw_hair
    from backend.hair.shape_figures import shaved_covered, undercut_front

    model, shape = models
    drawn, mesh = draw_hair(model, shape, "a young man with an undercut", seed)
    assert drawn.style.cut == "undercut"
    verts = mesh.posed(model, drawn.identity)
    f = undercut_front(model, drawn.head, verts, mesh.face_vertices, mesh.face_offsets)
    assert f["front_wall"] < 0.36, f  # before: 0.44-0.46 (full thickness 1 cm above the hairline: a lid's wall)
    assert f["corner_lift"] > 0.4, f  # before: -0.18 to -0.49 cm (a straight front edge, corners lower)
    assert shaved_covered(model, drawn.head, verts, mesh.triangles(), drawn.params) < 0.02
