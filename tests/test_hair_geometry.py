"""Hair geometry invariants on the real ICT head: outside the head, rim on the scalp at the hairline, closed parts
wound outward, lengths reached, ponytail and bun at the back, deterministic; the anchors rebuild it under the keys."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.geometry import DROP, build
from backend.hair.mesh import build_hair
from backend.hair.raycast import skin_triangles, vertex_normals
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code

STYLES = [HairStyle("short"), HairStyle("chin", fringe=True), HairStyle("long"), HairStyle("very_long", volume="curly"),
          HairStyle("long", "ponytail"), HairStyle("long", "bun"), HairStyle("shoulder", "pigtails"),
          HairStyle("long", "braid"), HairStyle("short", volume="afro")]


@pytest.fixture(scope="module")
def heads(face_model):
    """Two heads: the mean face and a drawn identity, with a woman's painted scalp."""
    rng = np.random.default_rng(0)
    params = params_from_code({"gender": "female", "age": "young"}, seed=2).to_dict()
    out = []
    for ident in (np.zeros(100, np.float32), rng.normal(0, 1, 100).astype(np.float32)):
        out.append((ident, blend(face_model, ident[None], None)[0], params))
    return out


def _edges(faces: list[np.ndarray]):
    e = np.concatenate([np.stack([f, np.roll(f, -1)], 1) for f in faces])
    return e


def _polys(geo, part=None):
    lo, hi = (0, len(geo.face_offsets) - 1) if part is None else geo.parts[part]
    return [geo.face_vertices[geo.face_offsets[i]:geo.face_offsets[i + 1]] for i in range(lo, hi)]


@pytest.mark.parametrize("style", STYLES, ids=lambda s: f"{s.length}-{s.style}-{s.volume}")
def test_geometry_invariants(face_model, heads, style):
    tris = skin_triangles(face_model)
    skin = np.unique(tris)
    from scipy.spatial import cKDTree

    for ident, head, params in heads:
        geo = build(face_model, head, params, style, seed=1)
        sizes = np.diff(geo.face_offsets)
        assert sizes.min() >= 3 and sizes.max() <= 4 and len(sizes) <= 20000
        assert np.isfinite(geo.vertices).all() and len(geo.loop_uvs) == len(geo.face_vertices)
        assert geo.loop_uvs.min() >= 0.0 and geo.loop_uvs.max() <= 1.0
        # nothing inside the head: every hair vertex on the outer side of the nearest skin vertex's tangent plane
        # (down to the neck's base: below it the ICT mesh is an open stub of the shoulders, sloping outward, whose
        # tangent planes say nothing about an inside; hair there hangs outside the stub's widest point by construction)
        normals = vertex_normals(head, tris)
        above = geo.vertices[geo.vertices[:, 1] > head[face_model.landmarks[8], 1] - 5.0]
        _, near = cKDTree(head[skin]).query(above)
        side = ((above - head[skin][near]) * normals[skin][near]).sum(1)
        assert side.min() > -0.05, f"hair vertex {side.min():.3f} cm inside the skin"
        # every part consistently wound: no directed edge twice
        for part in geo.parts:
            e = _edges(_polys(geo, part))
            assert len(np.unique(e, axis=0)) == len(e), part
        # the main surface (cap and the underside of loose hair) is one piece: no edge used more than twice, and its
        # only open edges lie on the skin (one loop, the hairline or just under the cap), so nothing can be seen into
        main = _polys(geo, "cap") + (_polys(geo, "underside") if "underside" in geo.parts else [])
        e = _edges(main)
        assert len(np.unique(e, axis=0)) == len(e)
        key, count = np.unique(np.sort(e, 1), axis=0, return_counts=True)
        assert count.max() <= 2
        open_v = np.unique(key[count == 1])
        d, _ = cKDTree(head).query(geo.vertices[open_v])
        assert np.percentile(d, 98) < 0.6 and d.max() < 1.2, f"open edge {d.max():.2f} cm off the skin"
        for part in set(geo.parts) - {"cap", "underside"}:  # closed parts: each edge shared by two, outward (volume > 0)
            polys = _polys(geo, part)
            e = _edges(polys)
            assert len(np.unique(np.sort(e, 1), axis=0)) * 2 == len(e), part
            p = geo.vertices.astype(np.float64)
            vol = sum(np.dot(p[f[0]], np.cross(p[f[k]], p[f[k + 1]])) for f in polys for k in range(1, len(f) - 1))
            assert vol > 0, part
        # the cap faces outward (away from the inside of the head)
        cap = _polys(geo, "cap")
        centre = np.array([0.0, 4.0, 0.0])
        n = np.array([np.cross(geo.vertices[f[1]] - geo.vertices[f[0]], geo.vertices[f[2]] - geo.vertices[f[0]])
                      for f in cap])
        out = ((np.array([geo.vertices[f].mean(0) for f in cap]) - centre) * n).sum(1)
        assert (out > 0).mean() > 0.97


def test_the_cap_rim_lies_on_the_scalp_at_the_painted_hairline(face_model, heads):
    from backend.hair.scalp import scalp_field
    from scipy.spatial import cKDTree

    tris = skin_triangles(face_model)
    for ident, head, params in heads:
        geo = build(face_model, head, params, HairStyle("short"), seed=1)
        e = _edges(_polys(geo, "cap"))
        key = np.sort(e, 1)
        uniq, count = np.unique(key, axis=0, return_counts=True)
        rim = np.unique(uniq[count == 1])
        assert len(rim) > 50
        dist, near = cKDTree(head).query(geo.vertices[rim])
        assert np.percentile(dist, 95) < 0.6  # on the skin (vertex spacing ~0.5 cm at the hairline)
        d, _ = scalp_field(np.asarray(face_model.neutral)[geo.anchor[rim]], params)
        assert np.abs(d).max() < 2.0 and np.median(np.abs(d)) < 0.5  # at the painted hairline


def test_long_hair_reaches_its_length_and_short_hair_does_not(face_model, heads):
    ident, head, params = heads[0]
    chin = head[face_model.landmarks[8], 1]
    for length in ("chin", "shoulder", "long", "very_long"):
        geo = build(face_model, head, params, HairStyle(length), seed=1)
        low = geo.vertices[:, 1].min()
        # shoulder-length hair ends where the shoulders' stub starts (between the chin and DROP below it)
        top = chin - 2.0 if length == "shoulder" else chin - DROP[length] + 1.0
        assert chin - DROP[length] - 3.0 < low < top, length
    geo = build(face_model, head, params, HairStyle("short"), seed=1)
    assert geo.vertices[:, 1].min() > chin + 2.0 and set(geo.parts) == {"cap"}


def test_ponytail_and_bun_hang_at_the_back(face_model, heads):
    ident, head, params = heads[0]
    back = head[:, 2].min()
    for style, part in ((HairStyle("long", "ponytail"), "tail"), (HairStyle("long", "bun"), "bun")):
        geo = build(face_model, head, params, style, seed=1)
        verts = geo.vertices[np.unique(np.concatenate(_polys(geo, part)))]
        assert verts[:, 2].mean() < back + 1.0 and abs(verts[:, 0].mean()) < 1.0, part


def test_same_seed_same_hair(face_model, heads):
    ident, head, params = heads[1]
    a = build(face_model, head, params, HairStyle("long", volume="curly"), seed=5)
    b = build(face_model, head, params, HairStyle("long", volume="curly"), seed=5)
    assert np.array_equal(a.vertices, b.vertices) and np.array_equal(a.face_vertices, b.face_vertices)


def test_cropped_hair_has_no_mesh(face_model, heads):
    ident, head, params = heads[0]
    assert build(face_model, head, params, HairStyle("cropped"), seed=1) is None


def test_anchors_rebuild_the_hair_on_the_generated_head(face_model, heads):
    for ident, head, params in heads:
        for style in (HairStyle("long"), HairStyle("long", "bun")):
            mesh = build_hair(face_model, ident, params, style, seed=3)
            geo = build(face_model, head, params, style, seed=3)
            # rest + sum_k coef_k * basis[k, anchor] = the hair built on the generated head
            keyed = mesh.vertices + np.einsum("k,kvc->vc", ident, face_model.identity_basis[:, mesh.anchor])
            assert np.abs(keyed - geo.vertices).max() < 1e-3
            assert np.abs(mesh.posed(face_model, ident) - geo.vertices).max() < 1e-3
            assert mesh.albedo.shape[2] == 4 and mesh.albedo.dtype == np.uint8


def test_short_hair_keeps_the_ears_and_face_clear_long_hair_covers_the_ears(face_model, heads):
    from scipy.spatial import cKDTree

    ident, head, params = heads[0]
    lm = np.asarray(face_model.landmarks)
    skin = np.unique(skin_triangles(face_model))
    p = head[skin]
    ears = p[(np.abs(p[:, 0]) > 8.3) & (p[:, 1] > -2.0) & (p[:, 1] < 5.0)]  # the ears stick out past the skull
    brow_y = head[lm[[19, 24]], 1].mean()
    assert len(ears) > 20
    for style, covered in ((HairStyle("short"), False), (HairStyle("chin", fringe=True), True)):
        geo = build(face_model, head, params, style, seed=1)
        d, _ = cKDTree(geo.vertices).query(ears)
        if covered:  # hair hangs over them: every ear point has hair beside it, farther out
            assert np.median(d) < 3.0
        else:
            assert d.min() > 0.5, style
        v = geo.vertices
        face = (np.abs(v[:, 0]) < 4.5) & (v[:, 1] < brow_y + 0.5) & (v[:, 2] > head[lm[30], 2] - 6.0)
        assert not face.any(), style  # nothing in front of the eyes, nose or mouth (a fringe stops above the brows)
