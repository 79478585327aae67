"""The packed texture atlas: layout, per-corner UVs, rasteriser."""
from __future__ import annotations

import numpy as np
import pytest

from backend.texture.atlas import GRID, PAD, SLOTS, atlas_uvs, corner_materials
from backend.texture.raster import fill_uncovered, rasterize


def test_slots_do_not_overlap_and_face_gets_most():
    taken = np.zeros((GRID, GRID), int)
    for s in SLOTS.values():
        taken[s.row:s.row + s.rows, s.col:s.col + s.cols] += 1
    assert taken.max() == 1
    areas = {n: s.cols * s.rows for n, s in SLOTS.items()}
    assert areas["face"] > 0.5 * GRID * GRID
    assert areas["face"] == max(areas.values())


def test_slot_pixels_need_a_multiple_of_the_grid():
    with pytest.raises(ValueError, match="multiple"):
        SLOTS["face"].pixels(1001)


def test_rasterize_interpolates_and_covers():
    tri = np.array([[[0.0, 0.0], [8.0, 0.0], [0.0, 8.0]]])
    attrs = np.array([[[0.0], [8.0], [0.0]]], np.float32)  # value = x
    values, covered = rasterize(tri, attrs, 8, 8)
    ys, xs = np.nonzero(covered)
    assert covered.sum() == 36  # texel centres with x + y <= 8
    assert np.allclose(values[ys, xs, 0], xs + 0.5, atol=1e-4)
    filled = fill_uncovered(values, covered)
    assert np.isfinite(filled).all() and filled[7, 7, 0] > 0


def test_island_borders_extend_their_triangles():
    """Uncovered texels next to an island take its triangle's values extended past the edge (a linear value
    stays linear), further out the nearest covered texel's copy; copies alone put the border texels' values up
    to a texel away from where they lie."""
    from backend.texture.raster import BORDER_RING, extend_borders

    tri = np.array([[[0.0, 0.0], [8.0, 0.0], [0.0, 8.0]]])
    attrs = np.array([[[0.0], [8.0], [0.0]]], np.float32)  # value = x
    values, covered, ids = rasterize(tri, attrs, 12, 12, with_ids=True)
    assert (ids[covered] == 0).all() and (ids[~covered] == -1).all()
    filled = fill_uncovered(values, covered)
    out = extend_borders(filled, covered, ids, tri, attrs)
    from scipy.ndimage import distance_transform_edt

    dist = distance_transform_edt(~covered)
    ring = ~covered & (dist <= BORDER_RING)
    ys, xs = np.nonzero(ring)
    assert np.allclose(out[ys, xs, 0], xs + 0.5, atol=1e-4)
    assert not np.allclose(filled[ys, xs, 0], xs + 0.5, atol=1e-4)  # the copies were not
    assert np.array_equal(out[covered], values[covered]) and np.array_equal(out[dist > BORDER_RING], filled[dist > BORDER_RING])


def test_rasterize_rejects_bad_shapes():
    with pytest.raises(ValueError, match="T,3,2"):
        rasterize(np.zeros((2, 3)), np.zeros((2, 3, 1)), 4, 4)


def test_atlas_uvs_cover_every_corner_inside_its_slot(face_model):
    at = atlas_uvs(face_model)
    n = int(face_model.face_offsets[-1])
    assert at.face_uv_indices.shape == (n,) and at.uvs.dtype == np.float32
    uv = at.uvs[at.face_uv_indices]
    assert (uv >= 0).all() and (uv <= 1).all()
    names = list(SLOTS)
    for k, name in enumerate(names):
        u0, v0, u1, v1 = SLOTS[name].rect()
        sel = at.corner_slots == k
        assert sel.any(), name
        inside = (uv[sel, 0] >= u0 + PAD - 1e-6) & (uv[sel, 0] <= u1 - PAD + 1e-6) & \
                 (uv[sel, 1] >= v0 + PAD - 1e-6) & (uv[sel, 1] <= v1 - PAD + 1e-6)
        assert inside.all(), name


def test_eye_parts_get_their_own_region(face_model):
    """Raw ICT reuses tile 0-1 for the eyes and the face; the atlas must separate them."""
    at = atlas_uvs(face_model)
    mats = corner_materials(face_model)
    names = list(face_model.material_names)
    slot_of = dict(zip(names, [None] * len(names)))
    for m, name in enumerate(names):
        slots = set(np.unique(at.corner_slots[mats == m]).tolist())
        assert len(slots) == 1, name
        slot_of[name] = list(SLOTS)[slots.pop()]
    assert slot_of["M_Face"] == "face"
    assert slot_of["M_IrisLeft"] == slot_of["M_IrisRight"] == "iris"
    assert slot_of["M_ScleraLeft"] == "eyeball" and slot_of["M_BackHead"] == "back"
    assert slot_of["M_Teeth"] == "teeth" and slot_of["M_EyeLashes"] == "lashes"
    # the alpha-blended helpers are drawn with the eyeball's picture behind them
    for helper in ("M_EyeOcclusion", "M_EyeBlend", "M_LacrimalFluid"):
        assert slot_of[helper] == "eyeball"


def test_shared_raw_uvs_stay_shared(face_model):
    """Neighbouring polygons of one tile that shared a raw UV still share the atlas UV (no new seams)."""
    at = atlas_uvs(face_model)
    mats = corner_materials(face_model)
    face = list(face_model.material_names).index("M_Face")
    sel = mats == face
    raw = face_model.face_uv_indices[sel]
    new = at.face_uv_indices[sel]
    pairs = np.unique(np.stack([raw, new], 1), axis=0)
    assert len(pairs) == len(np.unique(raw))


def test_region_masks_sit_where_the_landmarks_say(face_model):
    from backend.texture.fields import atlas_fields
    from backend.texture.regions import REGION_NAMES

    face = atlas_fields(face_model, 256).slots["face"]
    assert set(REGION_NAMES) <= set(face.extra)
    for name in REGION_NAMES:
        m = face.extra[name]
        assert m.shape == face.covered.shape and m.min() >= 0 and m.max() <= 1, name
    y = face.pos[1]
    lm = face_model.neutral[face_model.landmarks]

    def mean_y(name):
        sel = (face.extra[name] > 0.5) & face.covered
        assert sel.sum() > 20, name
        return float(y[sel].mean())

    eyes, nose_tip, chin = lm[36:48, 1].mean(), lm[30, 1], lm[8, 1]
    assert mean_y("brow") > eyes > mean_y("cheek") - 2.0
    assert nose_tip > mean_y("mustache") > mean_y("lips") > mean_y("goatee") > chin - 1.5
    assert mean_y("eyeshadow") > eyes - 0.2 and mean_y("under_eye") < eyes
    assert mean_y("beard") < nose_tip
    # masks are mirror-symmetric like the head: compare the mean x of each side
    x = face.pos[0]
    for name in ("brow", "cheek", "beard"):
        sel = (face.extra[name] > 0.5) & face.covered
        left, right = x[sel & (x < 0)], x[sel & (x > 0)]
        assert abs(left.mean() + right.mean()) < 0.3 and abs(len(left) - len(right)) < 0.2 * len(left), name


def test_a_model_that_is_not_ict_gets_a_clear_error():
    from backend.errors import TextFaceError
    from backend.face_model.model import from_arrays
    from backend.texture.fields import atlas_fields

    quad = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], np.float32)
    arrays = {
        "neutral": quad, "identity_basis": np.zeros((1, 4, 3), np.float32),
        "expression_basis": np.zeros((1, 4, 3), np.float32), "expression_names": np.array(["x"]),
        "face_vertices": np.arange(4, dtype=np.int32), "face_uv_indices": np.arange(4, dtype=np.int32),
        "face_offsets": np.array([0, 4], np.int32), "face_materials": np.zeros(1, np.int16),
        "material_names": np.array(["M_Face"]), "uvs": quad[:, :2].copy(), "landmarks": np.zeros(68, np.int32),
    }
    model = from_arrays(arrays)
    with pytest.raises(TextFaceError, match="full ICT Face Model"):
        atlas_fields(model, 64)
