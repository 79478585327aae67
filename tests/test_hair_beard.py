"""The beard mesh (backend/hair/beard.py) on the real ICT head: a long beard stands in front of the jaw and hangs below
the chin clear of the throat, follows jawOpen through its anchors, leaves the mouth open; stubble stays
painted; a bald or turbaned man's long beard gets a mesh; --hair none drops it."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.mesh import build_hair
from backend.hair.raycast import skin_triangles, vertex_normals
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code

OLD_MAN = {"gender": "male", "age": "old", "beard": "full"}
BALD = HairStyle("cropped")  # no scalp hair mesh


def _params(facial=None, beard="full", seed=1):
    return params_from_code({**OLD_MAN, "beard": beard}, seed=seed, facial=facial).to_dict()


@pytest.fixture(scope="module")
def long_beard(face_model):
    """A drawn identity's long full beard on a bald head, and the same with short hair."""
    ident = np.random.default_rng(3).normal(0, 1, 100).astype(np.float32)
    params = _params({"beard_length": "long"})
    return ident, params, build_hair(face_model, ident, params, BALD, seed=2)


def _beard(mesh):
    lo, hi = mesh.parts["beard"]
    polys = [mesh.face_vertices[mesh.face_offsets[i]:mesh.face_offsets[i + 1]] for i in range(lo, hi)]
    return np.unique(np.concatenate(polys)), polys


def _jaw_open(model, value=1.0):
    e = np.zeros(len(model.expression_names), np.float32)
    e[list(model.expression_names).index("jawOpen")] = value
    return e


def test_a_long_beard_hangs_below_the_chin_in_front_of_the_jaw_clear_of_the_neck(face_model, long_beard):
    ident, params, mesh = long_beard
    assert mesh is not None and "beard" in mesh.parts  # bald: the beard alone
    head = blend(face_model, ident[None], None)[0]
    lm = np.asarray(face_model.landmarks)
    chin = head[lm[8]]
    ids, _ = _beard(mesh)
    p = mesh.posed(face_model, ident)[ids]
    # it hangs: the painted long beard's length below the chin (beard_length ~0.9: ~8 cm below the neck line)
    assert p[:, 1].min() < chin[1] - 7.0
    # volume in front of the chin and the jaw: > 1 cm in front of the chin's skin at its height
    at_chin = p[(np.abs(p[:, 1] - chin[1]) < 0.5) & (np.abs(p[:, 0]) < 1.0)]
    assert at_chin[:, 2].max() > chin[2] + 1.0
    for side in (3, 13):  # the jaw's sides, outward of the skin there
        j = head[lm[side]]
        near = p[np.linalg.norm(p - j, axis=1) < 1.5]
        assert len(near) and np.linalg.norm(near[:, [0, 2]], axis=1).max() > np.linalg.norm(j[[0, 2]]) + 0.5
    # clear of the throat: below the chin nothing inside the skin (each vertex outside the nearest skin vertex's
    # tangent plane), and the hanging front stays forward of the throat by centimetres, not lying on it
    tris = skin_triangles(face_model)
    skin = np.unique(tris)
    normals = vertex_normals(head, tris)
    from scipy.spatial import cKDTree

    _, near = cKDTree(head[skin]).query(p)
    side = ((p - head[skin][near]) * normals[skin][near]).sum(1)
    assert side.min() > -0.05, f"beard vertex {side.min():.3f} cm inside the skin"
    low = p[(p[:, 1] < chin[1] - 3.0) & (np.abs(p[:, 0]) < 1.0)]
    throat = head[skin][(np.abs(head[skin][:, 0]) < 1.0) & (np.abs(head[skin][:, 1] - (chin[1] - 3.0)) < 0.5)]
    assert low[:, 2].max() > throat[:, 2].max() + 3.0


def test_jaw_open_carries_the_beard_through_its_anchors(face_model, long_beard):
    ident, _, mesh = long_beard
    ids, _ = _beard(mesh)
    rest = mesh.posed(face_model, ident)
    opened = mesh.posed(face_model, ident, _jaw_open(face_model))
    lm = np.asarray(face_model.landmarks)
    heads = [blend(face_model, ident[None], e)[0] for e in (None, _jaw_open(face_model)[None])]
    chin_move = np.linalg.norm(heads[1][lm[8]] - heads[0][lm[8]])
    assert chin_move > 1.0  # the key opens the jaw
    move = np.linalg.norm(opened - rest, axis=1)
    chin_y = heads[0][lm[8], 1]
    hanging = ids[rest[ids, 1] < chin_y - 2.0]
    # below the chin it moves as the jaw does: with the chin in front, less towards the jaw's sides (as the skin does)
    front = hanging[np.abs(rest[hanging, 0]) < 1.5]
    assert len(front) and np.median(move[front]) > 0.85 * chin_move
    assert np.median(move[hanging]) > 0.5 * chin_move
    # the moustache (above the upper lip) stays with the upper lip
    nose_base = heads[0][lm[33], 1]
    upper_lip = heads[0][lm[51], 1]
    mustache = ids[(rest[ids, 1] < nose_base) & (rest[ids, 1] > upper_lip) & (np.abs(rest[ids, 0]) < 1.5)]
    assert len(mustache) and np.median(move[mustache]) < 0.25 * chin_move


def _inside(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd rule: which (N, 2) points lie inside the closed polygon (M, 2)."""
    x, y = points[:, 0, None], points[:, 1, None]
    a, b = poly, np.roll(poly, -1, 0)
    cross = ((a[:, 1] > y) != (b[:, 1] > y)) & (
        x < a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / np.where(b[:, 1] != a[:, 1], b[:, 1] - a[:, 1], 1.0))
    return cross.sum(1) % 2 == 1


def test_no_beard_across_the_open_mouth(face_model, long_beard):
    ident, _, mesh = long_beard
    _, polys = _beard(mesh)
    jaw = _jaw_open(face_model)
    posed = mesh.posed(face_model, ident, jaw)
    head = blend(face_model, ident[None], jaw[None])[0]
    lm = np.asarray(face_model.landmarks)
    mouth = head[lm[60:68]][:, :2]  # the inner lip contour: the opening seen from the front
    assert np.ptp(mouth[:, 1]) > 1.0
    # points over every beard polygon (corners, centre, edge midpoints) in front of the lips' back
    pts = []
    for f in polys:
        c = posed[f]
        pts += [c, c.mean(0, keepdims=True), 0.5 * (c + np.roll(c, -1, 0))]
    pts = np.concatenate(pts)
    pts = pts[pts[:, 2] > head[lm[60:68], 2].min() - 1.0]
    assert not _inside(pts[:, :2], mouth).any()


@pytest.mark.parametrize("beard, facial", [("stubble", None), ("goatee", None), ("mustache", None)])
def test_stubble_and_unstated_goatees_and_moustaches_stay_painted(face_model, beard, facial):
    # (a short or trimmed full beard is a mesh lying on the jaw: tests/test_hair_beard_short.py)
    params = _params(facial, beard=beard)
    ident = np.zeros(100, np.float32)
    assert build_hair(face_model, ident, params, BALD, seed=2) is None
    with_hair = build_hair(face_model, ident, params, HairStyle("short"), seed=2)
    assert "beard" not in with_hair.parts and with_hair.albedo.shape == (512, 512, 4)


def test_hair_and_beard_share_one_mesh_and_albedo(face_model, long_beard):
    ident, params, beard_only = long_beard
    both = build_hair(face_model, ident, params, HairStyle("short"), seed=2)
    hair_only = build_hair(face_model, ident, {**params, "beard": 0.0, "goatee": 0.0}, HairStyle("short"), seed=2)
    assert "cap" in both.parts and "beard" in both.parts
    assert both.albedo.shape == (512, 1024, 4) and beard_only.albedo.shape == (512, 512, 4)
    # the hair's UVs on the left half, the beard's on the right; the hair itself unchanged
    lo, hi = both.parts["beard"]
    first = both.face_offsets[lo]
    assert both.loop_uvs[:first, 0].max() <= 0.5 and both.loop_uvs[first:, 0].min() >= 0.5
    n = len(hair_only.vertices)
    assert np.array_equal(both.vertices[:n], hair_only.vertices)
    assert np.array_equal(both.vertices[n:], beard_only.vertices)
    # grey: the beard's half is lighter than a pigmented one (an old man's beard_grey)
    assert params["beard_grey"] > 0.5
    dark = build_hair(face_model, ident, {**params, "beard_grey": 0.0, "beard_eumelanin": 0.9}, BALD, seed=2)
    assert beard_only.albedo[..., :3].mean() > dark.albedo[..., :3].mean() + 40


def test_a_bald_or_turbaned_man_with_a_long_beard_gets_it_and_hair_none_drops_it(face_model):
    from backend.pipeline import GenerateOptions, generate_head

    for prompt in ("a bald old man with a long grey beard", "an old man with a turban and a long grey beard"):
        head = generate_head(prompt, GenerateOptions(seed=1, refine=False, texture_size=256))
        assert head.hair is not None and "beard" in head.hair.parts, prompt
        assert head.hair_record["mesh"] is True
    none = generate_head(prompt, GenerateOptions(seed=1, refine=False, texture_size=256, hair="none"))
    assert none.hair is None and none.hair_record == {"mode": "none"}


def test_the_beards_surface_has_no_open_edge_off_the_skin_and_a_smooth_rim(face_model, long_beard):
    """The inner side lands on the throat and the rim round the mouth lies on the skin (before: ~75 open edges
    judged off the skin: the throat's by the old ray-based distance, ~25 real ones at the mouth's corners, up to 1 cm
    off the skin); the cheek line and the mouth's cut-out follow the beard's level line, not the grid's staircase."""
    from backend.hair.beard_figures import beard_surface

    ident, _, mesh = long_beard
    f = beard_surface(face_model, mesh, ident)
    assert f["open_off_skin"] == 0 and f["non_manifold"] == 0, f
    assert f["rim_turn_p95"] < 90.0, f  # before: 126-135 deg (a staircase turns 90 at every step)


def test_skin_distance_is_the_nearest_skin_not_along_the_ray_from_the_centre(face_model):
    from backend.hair.quality import skin_distance

    head = blend(face_model, np.zeros((1, 100), np.float32), None)[0]
    tris = skin_triangles(face_model)
    n = vertex_normals(head, tris)
    lm = np.asarray(face_model.landmarks)
    throat = np.unique(tris)[np.argmin(np.linalg.norm(head[np.unique(tris)] - (head[lm[8]] + [0, -3.5, -3.0]), axis=1))]
    pts = head[[throat, lm[48], lm[8]]] + 0.2 * n[[throat, lm[48], lm[8]]]
    d = skin_distance(face_model, head, pts)
    assert np.all(np.abs(d - 0.2) < 0.05), d  # before: the throat's point read ~4 cm (the ray left at the chin)
