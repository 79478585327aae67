"""Named shapes users found weak, as an artist judges them (backend/hair/drape.py, geometry.py, shape_figures.py):
an undercut's hair stops above the painted shaved band so the shaved sides and back show, its top standing thick."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.geometry import _Head, build
from backend.hair.shape_figures import extent, shaved_covered
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code

UNDERCUT = HairStyle("short", cut="undercut")


def _triangles(geo):
    f = [geo.face_vertices[geo.face_offsets[i]:geo.face_offsets[i + 1]] for i in range(len(geo.face_offsets) - 1)]
    return np.concatenate([x[None, [0, 1, 2]] if len(x) == 3 else x[[[0, 1, 2], [0, 2, 3]]] for x in f])


@pytest.fixture(scope="module")
def heads(face_model):
    rng = np.random.default_rng(0)
    out = []
    for gender, ident in (("female", np.zeros(100, np.float32)), ("male", rng.normal(0, 1, 100).astype(np.float32))):
        params = params_from_code({"gender": gender, "age": "young"}, seed=4, cut="undercut").to_dict()
        params.update(scalp_hair=0.9, scalp_length=1.0, hairline_recession=0.0, crown_thinning=0.0, top_thinning=0.0)
        out.append((blend(face_model, ident[None], None)[0], params))
    return out


def test_an_undercut_leaves_the_painted_shaved_sides_and_back_bare_and_keeps_a_thick_top(face_model, heads):
    for head, params in heads:
        geo = build(face_model, head, params, UNDERCUT, seed=1)
        covered = shaved_covered(face_model, head, geo.vertices, _triangles(geo), params)
        assert covered < 0.02, covered  # before: the cap covered ~95 % of the shaved band
        h = _Head(face_model, head, params)
        over_top = extent(h.rays, geo.vertices, np.array([[0.0, 1.0, 0.0], [0.0, 0.8, 0.6], [0.0, 0.8, -0.6]]))
        assert over_top.min() > 1.3, over_top  # the top: thicker than short hair's 1 cm cap
        short = build(face_model, head, params, HairStyle("short"), seed=1)
        assert shaved_covered(face_model, head, short.vertices, _triangles(short), params) > 0.8  # the figure sees hair
