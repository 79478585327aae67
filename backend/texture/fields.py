"""Geometry baked into the atlas once per size: 3D positions, eye coordinates, region masks.

`atlas_fields(model, size)` rasterises the neutral head into every slot of the atlas (see atlas.py)
and derives the skin region masks (regions.py) and the scalp's hairlines (scalp.py).  It is cached per
(model, size) in-process (~2 s at 1024^2) and from 512^2 up on disk (`backend.derived`), never at
import.  Uncovered texels take the nearest covered texel's values.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atlas import MATERIAL_SLOTS, PAD, SLOTS, AtlasError, seam_vertices
from .raster import extend_borders, fill_uncovered, rasterize
from .regions import REGION_NAMES, region_maps
from .scalp import scalp_maps

SEAM_FADE = 1.5  # cm
REQUIRED_REGIONS = ("mouth_socket", "eye_socket_left", "eye_socket_right", "eyeball_left", "iris_left",
                    "eyeball_right", "iris_right", "eyelashes")


@dataclass(frozen=True, eq=False)
class SlotFields:
    """Per-texel arrays of one slot, all (h, w) or (C, h, w) float32 numpy."""

    pos: np.ndarray  # (3, h, w) neutral position, cm (eye slots: in the left eye's frame, see eye_frame)
    covered: np.ndarray  # (h, w) bool: a triangle of this slot covers the texel
    extra: dict  # slot-specific maps (regions for skin, sockets for the back of the head)


@dataclass(frozen=True, eq=False)
class AtlasFields:
    size: int
    slots: dict  # name -> SlotFields
    u_sign: float  # +1 if the face tile's u grows with +x


def _slot_triangles(model, material_names: tuple[str, ...], offset: float, slot, h: int, w: int):
    """Triangles of the given materials in slot pixel coordinates, and their vertex ids (T, 3)."""
    mats = [model.material_names.index(n) for n in material_names if n in model.material_names]
    sel = np.isin(model.face_materials[model.triangle_faces], mats)
    uv = model.uvs[model.triangle_uvs[sel]].astype(np.float64)  # (T, 3, 2)
    pad_u = PAD * 8 / slot.cols
    pad_v = PAD * 8 / slot.rows
    lu = pad_u + (uv[..., 0] - offset) * (1 - 2 * pad_u)
    lv = pad_v + uv[..., 1] * (1 - 2 * pad_v)
    xy = np.stack([lu * w, (1.0 - lv) * h], -1)
    return xy, model.triangles[sel]


def eye_frame(model, side: str = "left") -> tuple[np.ndarray, np.ndarray]:
    """(centre (3,), rotation (3, 3) whose last row is the gaze axis) of one eyeball."""
    centre = model.neutral[model.regions[f"eyeball_{side}"]].mean(0)
    axis = model.neutral[model.regions[f"iris_{side}"]].mean(0) - centre
    axis /= np.linalg.norm(axis)
    e1 = np.cross([0.0, 1.0, 0.0], axis)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(axis, e1)
    return centre.astype(np.float32), np.stack([e1, e2, axis]).astype(np.float32)


def _bake(model, materials, offset, slot, size, vertex_attrs: np.ndarray):
    rows, cols = slot.pixels(size)
    h, w = rows.stop - rows.start, cols.stop - cols.start
    xy, tri = _slot_triangles(model, materials, offset, slot, h, w)
    if len(tri) == 0:
        raise AtlasError(f"no triangles for slot {slot.name} (materials {materials})")
    values, covered = rasterize(xy, vertex_attrs[tri], h, w)
    return np.moveaxis(fill_uncovered(values, covered), -1, 0), covered


def _border_positions(model, materials, offset, slot, size) -> np.ndarray:
    """(3, h, w) positions of a slot with the island borders extended (raster.extend_borders), not copied."""
    rows, cols = slot.pixels(size)
    h, w = rows.stop - rows.start, cols.stop - cols.start
    xy, tri = _slot_triangles(model, materials, offset, slot, h, w)
    attrs = model.neutral.astype(np.float32)[tri]
    values, covered, ids = rasterize(xy, attrs, h, w, with_ids=True)
    return np.moveaxis(extend_borders(fill_uncovered(values, covered), covered, ids, xy, attrs), -1, 0)


DISK_CACHE_MIN_SIZE = 512  # smaller atlases bake in a fraction of a second: not worth the disk


@functools.lru_cache(maxsize=3)
def atlas_fields(model, size: int) -> AtlasFields:
    """Bake the atlas geometry for `size` x `size` texels (size a multiple of 8).  Kept in memory
    per (model, size), and from 512^2 up on disk too (`backend.derived`: ~2 s at 1024^2 saved per
    process), keyed by the model arrays it reads and the source of the modules that bake it."""
    _check(model, size)
    if size < DISK_CACHE_MIN_SIZE:
        return _bake_all(model, size)
    import scipy

    from .. import derived

    here = Path(__file__).parent
    key = derived.fingerprint(
        [model.neutral, model.uvs, model.triangle_uvs, model.triangles, model.triangle_faces, model.face_materials,
         np.asarray(model.material_names), model.landmarks, dict(model.regions)],
        sources=[here / f for f in ("fields.py", "regions.py", "age_lines.py", "scalp.py", "atlas.py", "raster.py")],
        size=size, numpy=np.__version__, scipy=scipy.__version__)
    # every region map too: a process that imported an older regions.py can write a cache file under the key of
    # the edited source (the key reads the files on disk), which then lacks a newer map (params v17's beard_taper)
    expect = (["u_sign"] + [f"{name}.{k}" for name in SLOTS for k in ("pos", "covered")]
              + [f"{name}.extra.{k}" for name in ("face", "back") for k in REGION_NAMES])
    return _from_arrays(derived.cached_arrays(f"atlas_fields_{size}", key,
                                              lambda: _to_arrays(_bake_all(model, size)), expect), size)


def _to_arrays(af: AtlasFields) -> dict[str, np.ndarray]:
    out = {"u_sign": np.array(af.u_sign)}
    for name, f in af.slots.items():
        out[f"{name}.pos"], out[f"{name}.covered"] = f.pos, f.covered
        out.update({f"{name}.extra.{k}": v for k, v in f.extra.items()})
    return out


def _from_arrays(arrays: dict[str, np.ndarray], size: int) -> AtlasFields:
    slots = {}
    for name in SLOTS:
        extra = {k.split(".", 2)[2]: v for k, v in arrays.items() if k.startswith(f"{name}.extra.")}
        slots[name] = SlotFields(arrays[f"{name}.pos"], arrays[f"{name}.covered"], extra)
    return AtlasFields(size=size, slots=slots, u_sign=float(arrays["u_sign"]))


def _check(model, size: int) -> None:
    if size % 8 or size < 64:
        raise ValueError(f"atlas size must be a multiple of 8 and >= 64, got {size}")
    needed = REQUIRED_REGIONS + ("face",)
    missing = [r for r in needed if r not in model.regions]
    materials = [m for m in MATERIAL_SLOTS if m not in model.material_names]
    if missing or materials or len(model.landmarks) != 68:
        raise AtlasError(f"the texture needs the full ICT Face Model (missing regions {missing}, materials "
                         f"{materials}, {len(model.landmarks)} landmarks); install it with "
                         "python -m backend assets install")


def _bake_all(model, size: int) -> AtlasFields:
    P = model.neutral.astype(np.float32)
    by_slot: dict[str, list[str]] = {}
    for name, (slot, _) in MATERIAL_SLOTS.items():
        by_slot.setdefault(slot, []).append(name)
    slots = {}
    centre, rot = eye_frame(model, "left")
    eye_local = (P - centre) @ rot.T
    # Texel-space detail (pores, strands) cannot match across UV seams; it fades out within
    # SEAM_FADE cm of the face / back-of-head seam, where only 3D-position noise remains.
    from scipy.spatial import cKDTree

    dist, _ = cKDTree(P[seam_vertices(model)]).query(P)
    seam = np.clip(1.0 - dist / SEAM_FADE, 0.0, 1.0).astype(np.float32)[:, None]
    sockets = np.zeros((len(P), 2), np.float32)
    sockets[model.regions["mouth_socket"], 0] = 1.0
    for side in ("left", "right"):
        sockets[model.regions[f"eye_socket_{side}"], 1] = 1.0
    for name, slot in SLOTS.items():
        mats = tuple(by_slot[name])
        offset = MATERIAL_SLOTS[mats[0]][1]
        if name in ("eyeball", "iris"):
            mats = tuple(m for m in mats if m.endswith("Left"))  # both eyes share the slot
            values, covered = _bake(model, mats, offset, slot, size, eye_local)
            slots[name] = SlotFields(values, covered, {})
        elif name == "back":
            values, covered = _bake(model, mats, offset, slot, size, np.concatenate([P, seam, sockets], 1))
            slots[name] = SlotFields(values[:3], covered, {"seam": values[3], "mouth_socket": values[4],
                                                           "eye_socket": values[5]})
        elif name == "lashes":
            # distance of each lash point from the lid skin: 0 at the root, largest at the tip
            tip = np.zeros((len(P), 1), np.float32)
            lash = model.regions["eyelashes"]
            tip[lash, 0], _ = cKDTree(P[model.regions["face"]]).query(P[lash])
            values, covered = _bake(model, mats, offset, slot, size, np.concatenate([P, tip], 1))
            slots[name] = SlotFields(values[:3], covered, {"tip": values[3] / max(float(tip.max()), 1e-6)})
        elif name == "face":
            values, covered = _bake(model, mats, offset, slot, size, np.concatenate([P, seam], 1))
            slots[name] = SlotFields(values[:3], covered, {"seam": values[3]})
        else:
            values, covered = _bake(model, mats, offset, slot, size, P)
            slots[name] = SlotFields(values, covered, {})
    lm = P[model.landmarks]
    for name in ("face", "back"):
        pos = np.moveaxis(slots[name].pos, 0, -1)
        slots[name].extra.update(region_maps(pos, lm))
        slots[name].extra.update(scalp_maps(pos))
        # The hairlines again at the island borders' extended positions (scalp_hair.py blends them in with
        # scalp_filter): the bilinear lookups at the face/back seam read the surface where they are.
        border = np.moveaxis(_border_positions(model, tuple(by_slot[name]), MATERIAL_SLOTS[by_slot[name][0]][1],
                                               SLOTS[name], size), 0, -1)
        moved = np.any(border != pos, axis=-1)
        for key, values in scalp_maps(border[moved]).items():
            at_border = slots[name].extra[key].copy()
            at_border[moved] = values
            slots[name].extra[f"{key}_border"] = at_border
        slots[name].extra["pos_border"] = np.ascontiguousarray(np.moveaxis(border, -1, 0))  # (3, h, w)
    # Which way +x runs in the face tile decides the lateral direction of brow hairs.
    corners = model.face_materials[model.triangle_faces] == model.material_names.index("M_Face")
    u = model.uvs[model.triangle_uvs[corners]][..., 0].ravel()
    x = P[model.triangles[corners]][..., 0].ravel()
    u_sign = 1.0 if np.corrcoef(u, x)[0, 1] >= 0 else -1.0
    return AtlasFields(size=size, slots=slots, u_sign=u_sign)
