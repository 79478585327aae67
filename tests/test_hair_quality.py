"""The hair mesh's surface quality on the real ICT head: the hairline rim is a smooth curve (no staircase), loose
hair and the cap are one surface (no seam or crease where hair leaves the skull), no edge breaks the surface, tips
taper, a bob's ends turn in; and the figures (backend/hair/quality.py) measure what they say on known shapes."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.geometry import build
from backend.hair.quality import polygon_normals, skin_distance, surface_figures
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code


@pytest.fixture(scope="module")
def head(face_model):
    ident = np.random.default_rng(4).normal(0, 0.8, 100).astype(np.float32)
    params = params_from_code({"gender": "female", "age": "young"}, seed=3).to_dict()
    return blend(face_model, ident[None], None)[0], params


def _figures(face_model, head, style, seed=2):
    v, params = head
    geo = build(face_model, v, params, style, seed=seed)
    return geo, surface_figures(geo.vertices, geo.face_vertices, geo.face_offsets,
                                skin_distance(face_model, v, geo.vertices))


def _components(geo, parts) -> int:
    """Edge-connected components of the polygons of `parts`."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    polys = [np.arange(*geo.parts[p]) for p in parts]
    ids = np.concatenate(polys)
    e = []
    for f in ids:
        x = geo.face_vertices[geo.face_offsets[f]:geo.face_offsets[f + 1]]
        e.append(np.stack([x, np.roll(x, -1)], 1))
    e = np.concatenate(e)
    n = len(geo.vertices)
    g = coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    used = np.unique(e)
    _, label = connected_components(g, directed=False)
    return len(np.unique(label[used]))


@pytest.mark.parametrize("style", [HairStyle("short"), HairStyle("long"), HairStyle("chin"),
                                   HairStyle("long", "ponytail")], ids=lambda s: f"{s.length}-{s.style}")
def test_the_hairline_rim_is_a_smooth_curve(face_model, head, style):
    geo, f = _figures(face_model, head, style)
    # a grid's staircase turns ~90 degrees at every other rim vertex; a smooth curve a few degrees per edge
    assert f["rim_turn_p95"] < 35.0, f
    assert f["open_off_skin"] == 0 and f["non_manifold"] == 0, f


@pytest.mark.parametrize("length", ["chin", "shoulder", "long", "very_long"])
def test_loose_hair_and_the_cap_are_one_surface_without_creases(face_model, head, length):
    geo, f = _figures(face_model, head, HairStyle(length))
    parts = [p for p in geo.parts if p in ("cap", "underside", "curtain")]
    assert _components(geo, parts) == 1  # no second shell stuck into the cap (the old curtain's crease)
    assert f["dihedral_p95"] < 35.0, f  # creases only at the tips' rounded ends
    assert f["open_off_skin"] == 0 and f["non_manifold"] == 0, f


def test_a_bob_turns_in_under_its_ends_and_long_ends_taper(face_model, head):
    v, params = head
    for style in (HairStyle("chin"), HairStyle("long")):
        geo = build(face_model, v, params, style, seed=2)
        p = geo.vertices[np.unique(geo.face_vertices[geo.face_offsets[geo.parts["cap"][0]]:
                                                     geo.face_offsets[geo.parts["cap"][1]]])]
        back = p[(p[:, 2] < -3.0) & (np.abs(p[:, 0]) < 3.0)]  # the outer side behind the head
        low = back[:, 1].min()
        r = lambda sel: np.hypot(back[sel, 0], back[sel, 2] - 0.0).mean()  # noqa: E731
        end, above = r(back[:, 1] < low + 1.0), r((back[:, 1] > low + 3.0) & (back[:, 1] < low + 5.0))
        if style.length == "chin":
            assert end < above - 0.3, (end, above)  # rounded in at the jaw
        # the underside's thickness: thin at the tips, full higher up
        lo, hi = geo.parts["underside"]
        u = geo.vertices[np.unique(geo.face_vertices[geo.face_offsets[lo]:geo.face_offsets[hi]])]
        ub = u[(u[:, 2] < -3.0) & (np.abs(u[:, 0]) < 3.0)]
        gap = lambda y0, y1: (r((back[:, 1] > y0) & (back[:, 1] < y1))  # noqa: E731
                              - np.hypot(ub[(ub[:, 1] > y0) & (ub[:, 1] < y1), 0],
                                         ub[(ub[:, 1] > y0) & (ub[:, 1] < y1), 2]).mean())
        if style.length == "long":
            assert gap(low, low + 1.0) < 0.7 * gap(low + 6.0, low + 9.0)


def test_same_seed_same_draped_surface(face_model, head):
    v, params = head
    a = build(face_model, v, params, HairStyle("shoulder", fringe=True), seed=7)
    b = build(face_model, v, params, HairStyle("shoulder", fringe=True), seed=7)
    c = build(face_model, v, params, HairStyle("shoulder", fringe=True), seed=8)
    assert np.array_equal(a.vertices, b.vertices) and not np.array_equal(a.vertices, c.vertices)


def test_figures_on_known_shapes():
    # a cube: every edge a 90 degree crease, closed, no rim
    cube = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], np.float64)
    quads = np.array([[0, 1, 3, 2], [4, 6, 7, 5], [0, 4, 5, 1], [2, 3, 7, 6], [0, 2, 6, 4], [1, 5, 7, 3]])
    n = polygon_normals(cube, quads.ravel(), np.arange(0, 25, 4))
    assert np.allclose(np.abs(n).sum(1), 1.0)
    f = surface_figures(cube, quads.ravel(), np.arange(0, 25, 4), np.full(8, 5.0))
    assert f["dihedral_max"] == pytest.approx(90.0) and f["open_off_skin"] == 0 and f["non_manifold"] == 0
    # a strip of quads on the skin whose open edge is a staircase: the rim turns 90 degrees
    xs = np.arange(9, dtype=np.float64)
    top = np.stack([xs, np.ones(9), np.zeros(9)], 1)
    stair = np.stack([2.0 * np.r_[0, 1, 1, 2, 2, 3, 3, 4, 4], np.r_[0, 0, -1, -1, 0, 0, -1, -1, 0], np.zeros(9)], 1)
    v = np.concatenate([top, stair])
    quads = np.array([[k, 9 + k, 9 + k + 1, k + 1] for k in range(8)])
    f = surface_figures(v, quads.ravel(), np.arange(0, 33, 4), np.zeros(len(v)))
    assert f["rim_turn_max"] == pytest.approx(90.0)
