"""A full beard's moustache on the mesh (backend/hair/beard.py OVER_LIP) has volume down to the upper lip and hangs
over its top edge by what the stated shape says (mustache_shape: a pencil line none, an unstated one ~3 mm, a thick
one ~6 mm as far as the lip allows: never within MOUTH_GAP + a row of where the lips meet), and the open mouth stays
clear (jawOpen).

Before: the shell thinned to 0.07-0.1 cm off the skin at the lip's top edge and never reached over it (a bare upper
lip under a moustache 0.7 cm thick at the nose; beard_figures.moustache on these heads).  After (seeds 2, 3): 0.94-0.98 cm
off the skin at the edge; over the lip 0.36 / 0.34 cm (unstated), 0.51 / 0.34 cm (thick), 0 (pencil)."""
from __future__ import annotations

import numpy as np
import pytest

from backend.hair.beard_figures import beard_figures, moustache
from backend.hair.mesh import build_hair
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code


def _beard(face_model, seed, shape):
    ident = np.random.default_rng(seed + 2).normal(0, 1, 100).astype(np.float32)
    params = params_from_code({"gender": "male", "age": "old", "beard": "full"}, seed=seed,
                              facial={"beard_length": "long"}).to_dict()
    return ident, build_hair(face_model, ident, {**params, "mustache_shape": shape}, HairStyle("cropped"), seed=2)


@pytest.mark.parametrize("seed", [2, 3])
def test_the_moustache_hangs_over_the_upper_lip_by_its_shape(face_model, seed):
    figures = {}
    for shape in (0.0, 0.5, 1.0):
        ident, mesh = _beard(face_model, seed, shape)
        figures[shape] = moustache(face_model, mesh, ident)
        assert beard_figures(face_model, mesh, ident)["over_mouth"] == 0  # (jawOpen: nothing across the mouth)
    pencil, unstated, thick = figures[0.0], figures[0.5], figures[1.0]
    assert pencil["over_lip_cm"] == 0.0 and pencil["moustache_cm"] < 0.2  # a pencil line: the shell stops above
    assert unstated["moustache_cm"] >= 0.5 and thick["moustache_cm"] >= 0.5  # volume down to the lip's edge
    assert 0.15 <= unstated["over_lip_cm"] <= 0.45
    assert thick["over_lip_cm"] >= max(unstated["over_lip_cm"], 0.3)  # (as far as the lip allows: MOUTH_GAP)
