"""Geometry of the named cuts that are modelled (backend/hair/crest.py, hooks in geometry.build): a mohawk's and a
faux-hawk's crest along the midline with no cap, a top knot on the crown, slicked back hair flatter than a short cut;
nothing inside the head, closed parts wound outward, the anchors rebuild them on the generated head."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.crest import CREST
from backend.hair.geometry import build
from backend.hair.mesh import build_hair
from backend.hair.raycast import skin_triangles
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code

MOHAWK, FAUX = HairStyle("short", cut="mohawk"), HairStyle("short", cut="faux_hawk")
TOP_KNOT, SLICK = HairStyle("shoulder", "bun", cut="top_knot"), HairStyle("short", cut="slicked_back")


@pytest.fixture(scope="module")
def heads(face_model):
    rng = np.random.default_rng(0)
    params = params_from_code({"gender": "male", "age": "young"}, seed=4).to_dict()
    params.update(scalp_hair=0.9, scalp_length=1.0, hairline_recession=0.0, crown_thinning=0.0, top_thinning=0.0)
    return [(ident, blend(face_model, ident[None], None)[0], params)
            for ident in (np.zeros(100, np.float32), rng.normal(0, 1, 100).astype(np.float32))]


def _polys(geo, part):
    lo, hi = geo.parts[part]
    return [geo.face_vertices[geo.face_offsets[i]:geo.face_offsets[i + 1]] for i in range(lo, hi)]


def _part_vertices(geo, part):
    return geo.vertices[np.unique(np.concatenate(_polys(geo, part)))]


def _height_over_skin(face_model, head, pts):
    """cm each point lies outside the skin along the ray from the head's centre (negative: inside)."""
    from backend.hair.geometry import _Head

    h = _Head(face_model, head, {})
    rel = pts.astype(np.float64) - h.centre
    dist, _, _ = h.rays.cast(rel)
    return np.linalg.norm(rel, axis=1) - dist


@pytest.mark.parametrize("style", [MOHAWK, FAUX, TOP_KNOT, SLICK, HairStyle("long", volume="curly", cut="dreadlocks")],
                         ids=lambda s: s.cut)
def test_nothing_inside_the_head_and_closed_parts_wound_outward(face_model, heads, style):
    for ident, head, params in heads:
        geo = build(face_model, head, params, style, seed=1)
        assert np.isfinite(geo.vertices).all() and len(geo.loop_uvs) == len(geo.face_vertices)
        assert geo.loop_uvs.min() >= 0.0 and geo.loop_uvs.max() <= 1.0
        over = _height_over_skin(face_model, head, geo.vertices)
        assert np.nanmin(over[np.isfinite(over)]) > 0.0, f"{style.cut}: a vertex {np.nanmin(over):.3f} cm inside"
        for part in set(geo.parts) - {"cap", "underside"}:
            polys = _polys(geo, part)
            e = np.concatenate([np.stack([f, np.roll(f, -1)], 1) for f in polys])
            assert len(np.unique(e, axis=0)) == len(e), part  # consistently wound
            assert len(np.unique(np.sort(e, 1), axis=0)) * 2 == len(e), part  # closed
            p = geo.vertices.astype(np.float64)
            vol = sum(np.dot(p[f[0]], np.cross(p[f[k]], p[f[k + 1]])) for f in polys for k in range(1, len(f) - 1))
            assert vol > 0, part


@pytest.mark.parametrize("style", [MOHAWK, FAUX], ids=lambda s: s.cut)
def test_crest_is_a_raised_strip_on_the_midline_with_no_cap(face_model, heads, style):
    half, height = CREST[style.cut]
    for ident, head, params in heads:
        geo = build(face_model, head, params, style, seed=1)
        assert set(geo.parts) == {"crest"}
        v = geo.vertices
        assert np.abs(v[:, 0]).max() < half + 0.6  # a strip, not a cap over the sides
        over = _height_over_skin(face_model, head, v)
        assert height - 1.0 < np.nanmax(over) < height + 1.0
        top = head[:, 1].max()
        assert (v[:, 1] > top - 1.0).any() and v[:, 2].max() - v[:, 2].min() > 12.0  # over the top, front to back
        ears_y = head[face_model.landmarks[0], 1]
        assert v[:, 1].min() > ears_y - 8.0  # ends at the nape, nothing hangs


def test_mohawk_is_taller_than_a_faux_hawk(face_model, heads):
    ident, head, params = heads[0]
    tall = [np.nanmax(_height_over_skin(face_model, head, build(face_model, head, params, s, seed=1).vertices))
            for s in (MOHAWK, FAUX)]
    assert tall[0] > tall[1] + 2.0


def test_top_knot_sits_on_the_crown_above_the_usual_bun(face_model, heads):
    for ident, head, params in heads:
        knot = _part_vertices(build(face_model, head, params, TOP_KNOT, seed=1), "bun").mean(0)
        bun = _part_vertices(build(face_model, head, params, HairStyle("shoulder", "bun"), seed=1), "bun").mean(0)
        assert knot[1] > bun[1] + 3.0 and knot[1] > head[:, 1].max() - 1.0 and abs(knot[0]) < 1.0


def test_slicked_back_lies_flatter_than_a_short_cut(face_model, heads):
    skin = np.unique(skin_triangles(face_model))
    from scipy.spatial import cKDTree

    for ident, head, params in heads:
        tree = cKDTree(head[skin])
        thick = [np.percentile(tree.query(build(face_model, head, params, s, seed=1).vertices)[0], 95)
                 for s in (SLICK, HairStyle("short"))]
        assert thick[0] < 0.75 * thick[1], thick


@pytest.mark.parametrize("style", [MOHAWK, TOP_KNOT], ids=lambda s: s.cut)
def test_anchors_rebuild_the_new_styles_and_the_build_is_deterministic(face_model, heads, style):
    for ident, head, params in heads:
        mesh = build_hair(face_model, ident, params, style, seed=3)
        geo = build(face_model, head, params, style, seed=3)
        assert np.abs(mesh.posed(face_model, ident) - geo.vertices).max() < 1e-3
        again = build(face_model, head, params, style, seed=3)
        assert np.array_equal(again.vertices, geo.vertices) and np.array_equal(again.face_vertices, geo.face_vertices)


def test_dreadlocks_are_ropes_to_their_length_instead_of_a_curtain(face_model, heads):
    locs = HairStyle("long", volume="curly", cut="dreadlocks")
    for ident, head, params in heads:
        geo = build(face_model, head, params, locs, seed=1)
        ropes = [p for p in geo.parts if p.startswith("loc_")]
        assert len(ropes) >= 25 and "underside" not in geo.parts and "curtain" not in geo.parts
        chin = head[face_model.landmarks[8], 1]
        low = min(_part_vertices(geo, p)[:, 1].min() for p in ropes)
        assert chin - 20.0 - 3.0 < low < chin - 20.0 + 2.0
        front = max(_part_vertices(geo, p)[:, 2].max() for p in ropes)
        assert front < head[face_model.landmarks[30], 2] - 5.0  # none in front of the face
        mesh = build_hair(face_model, ident, params, locs, seed=1)
        assert np.abs(mesh.posed(face_model, ident) - geo.vertices).max() < 1e-3


def test_no_painted_midline_gives_no_crest(face_model, heads):
    ident, head, params = heads[0]
    assert build(face_model, head, {**params, "hairline_recession": 1.0, "top_thinning": 1.0,
                                    "scalp_hair": 0.2}, MOHAWK, seed=1) is None
