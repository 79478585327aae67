"""Where tied hair sits (acceptance test 2): a plain bun low at the back of the head (occiput to nape), not on the
crown (a high bun is the top knot, crest.py)."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.geometry import build
from backend.hair.shape_figures import ear_vertices
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code


@pytest.fixture(scope="module")
def heads(face_model):
    rng = np.random.default_rng(0)
    out = []
    for gender, ident in (("female", np.zeros(100, np.float32)), ("male", rng.normal(0, 1, 100).astype(np.float32))):
        params = params_from_code({"gender": gender, "age": "old"}, seed=4).to_dict()
        params.update(scalp_hair=0.9, scalp_length=1.0, hairline_recession=0.0, crown_thinning=0.0, top_thinning=0.0)
        out.append((blend(face_model, ident[None], None)[0], params))
    return out


def _part(geo, name):
    lo, hi = geo.parts[name]
    return geo.vertices[np.unique(geo.face_vertices[geo.face_offsets[lo]:geo.face_offsets[hi]])]


def test_a_plain_bun_sits_low_at_the_back(face_model, heads):
    for head, params in heads:
        ears = head[ear_vertices(face_model, head)]
        bun = _part(build(face_model, head, params, HairStyle("long", "bun"), seed=1), "bun")
        # its centre about the ears' top (the occiput), its lower edge below it; before: 12.4 cm up, 2 cm under the
        # crown (ears' top ~3.6-4 cm, head top ~14.5 cm)
        assert ears[:, 1].max() - 1.5 < bun[:, 1].mean() < ears[:, 1].max() + 2.0
        assert bun[:, 1].min() < ears[:, 1].max()
        assert bun[:, 2].mean() < head[:, 2].min()  # behind the head
