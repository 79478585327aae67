"""ear_figures.ears_seen: the ears' skin vertices a preview camera sees past the hair (the acceptance test's "ears
poke through long hair").  A head with no hair shows its ears to every view; an afro's ball hides them from all three."""
from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def models():
    from backend.face_model import load_face_model
    from backend.shape import load_shape_model

    return load_face_model(), load_shape_model()


def test_ears_seen_with_and_without_hair(models):
    from backend.hair.ear_figures import ears_seen
    from backend.hair.eval_heads import draw_hair

    model, shape = models
    drawn, mesh = draw_hair(model, shape, "a woman with an afro", 0)
    verts = mesh.posed(model, drawn.identity)
    covered = ears_seen(model, drawn.head, verts, mesh.face_vertices, mesh.face_offsets)
    bare = ears_seen(model, drawn.head, np.zeros((0, 3)), np.zeros(0, np.int64), np.zeros(1, np.int64))
    assert bare["profile"] > 100 and bare["three_quarter"] > 100, bare
    assert covered == {"front": 0, "three_quarter": 0, "profile": 0}, covered
