"""One 0..1 texture atlas for the whole ICT head, and the per-corner UVs that match it.

Raw ICT UVs are UDIM-style tiles along u (face 0-1, back of head 1-2, gums/tongue 2-3, teeth 3-4,
lacrimal fluid 4-6, eyelashes 6-7) and the eye parts reuse tile 0-1.  Game engines and FBX want one
image, so the tiles are packed into an 8 x 8 grid of cells (cell = size / 8 pixels; row 0 = top):

    cols 0-5, rows 0-5  face (M_Face)                      6 x 6 cells = 56 % of the texels
    cols 6-7, rows 0-1  back of head, neck, mouth and eye sockets (M_BackHead)
    cols 6-7, rows 2-3  eyeball (M_ScleraLeft/Right; its front is the cornea, painted with the iris)
    cols 6-7, rows 4-5  iris (M_IrisLeft/Right)
    cols 0-1, rows 6-7  gums and tongue (M_GumsTongue)
    cols 2-3, rows 6-7  teeth (M_Teeth)
    col  4,   row  6    eyelashes (M_EyeLashes)
    cols 4-7, rows 6-7 otherwise: unused, filled with skin tone

Left and right eyes share their slots (same UV layout, same colour).  The ICT render helpers that sit
in front of the eyeball (M_EyeOcclusion, M_EyeBlend, M_LacrimalFluid) are made for alpha blending; an
engine that draws them opaque would hide the eye, so their corners take the eyeball UV of the nearest
eyeball vertex: drawn opaque they show the eye behind them.  Each tile is inset by PAD (in atlas
units) inside its slot so that mipmaps do not bleed between slots.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..errors import TextFaceError

GRID = 8
PAD = 1.5 / 512  # atlas units: 3 texels at 1024^2


@dataclass(frozen=True)
class Slot:
    name: str
    col: int
    row: int  # from the top
    cols: int
    rows: int

    def rect(self) -> tuple[float, float, float, float]:
        """(u0, v0, u1, v1) of the slot in atlas UV (v up)."""
        u0 = self.col / GRID
        v1 = 1.0 - self.row / GRID
        return u0, v1 - self.rows / GRID, u0 + self.cols / GRID, v1

    def pixels(self, size: int) -> tuple[slice, slice]:
        """(rows, cols) slices of the slot in an image of `size` (row 0 = top)."""
        if size % GRID:
            raise ValueError(f"atlas size must be a multiple of {GRID}, got {size}")
        c = size // GRID
        return slice(self.row * c, (self.row + self.rows) * c), slice(self.col * c, (self.col + self.cols) * c)


SLOTS: dict[str, Slot] = {
    "face": Slot("face", 0, 0, 6, 6),
    "back": Slot("back", 6, 0, 2, 2),
    "eyeball": Slot("eyeball", 6, 2, 2, 2),
    "iris": Slot("iris", 6, 4, 2, 2),
    "gums": Slot("gums", 0, 6, 2, 2),
    "teeth": Slot("teeth", 2, 6, 2, 2),
    "lashes": Slot("lashes", 4, 6, 1, 1),
}

# material -> (slot, u offset of its raw tile).  Materials missing here are projected onto the eyeball.
MATERIAL_SLOTS: dict[str, tuple[str, float]] = {
    "M_Face": ("face", 0.0),
    "M_BackHead": ("back", 1.0),
    "M_GumsTongue": ("gums", 2.0),
    "M_Teeth": ("teeth", 3.0),
    "M_ScleraLeft": ("eyeball", 0.0),
    "M_ScleraRight": ("eyeball", 0.0),
    "M_IrisLeft": ("iris", 0.0),
    "M_IrisRight": ("iris", 0.0),
    "M_EyeLashes": ("lashes", 6.0),
}
PROJECTED_MATERIALS = ("M_EyeOcclusion", "M_EyeBlend", "M_LacrimalFluid")
EYEBALL_MATERIALS = ("M_ScleraLeft", "M_ScleraRight")


class AtlasError(TextFaceError, ValueError):
    """The model's materials or regions do not match the atlas layout (not the full ICT model)."""


def tile_to_slot(local_uv: np.ndarray, slot: Slot) -> np.ndarray:
    """Raw tile-local UVs (0..1) -> atlas UVs inside `slot` (inset by PAD)."""
    u0, v0, u1, v1 = slot.rect()
    out = np.empty_like(local_uv, dtype=np.float32)
    out[:, 0] = u0 + PAD + local_uv[:, 0] * (u1 - u0 - 2 * PAD)
    out[:, 1] = v0 + PAD + local_uv[:, 1] * (v1 - v0 - 2 * PAD)
    return out


def corner_materials(model) -> np.ndarray:
    """(N_corners,) material index of each polygon corner."""
    return np.repeat(model.face_materials, np.diff(model.face_offsets)).astype(np.int32)


def corner_local_uvs(model) -> tuple[np.ndarray, np.ndarray]:
    """Per corner: raw tile-local UV (N, 2) and slot name index (N,) (-1 for projected materials)."""
    names = list(model.material_names)
    mats = corner_materials(model)
    raw = model.uvs[model.face_uv_indices]
    local = np.zeros_like(raw)
    slot_of = np.full(len(mats), -1, np.int32)
    slot_names = list(SLOTS)
    for m, name in enumerate(names):
        sel = mats == m
        if name in MATERIAL_SLOTS:
            slot, offset = MATERIAL_SLOTS[name]
            local[sel] = raw[sel] - np.array([offset, 0.0], np.float32)
            slot_of[sel] = slot_names.index(slot)
        elif name not in PROJECTED_MATERIALS:
            raise AtlasError(f"material {name!r} has no slot in the texture atlas")
    return local, slot_of


def _projected_uvs(model, mats: np.ndarray, local: np.ndarray, slot_of: np.ndarray) -> np.ndarray:
    """Eyeball-slot UVs for corners of the alpha-blended helper meshes (nearest eyeball vertex)."""
    from scipy.spatial import cKDTree

    names = list(model.material_names)
    eye_ids = [names.index(n) for n in EYEBALL_MATERIALS if n in names]
    proj_ids = [names.index(n) for n in PROJECTED_MATERIALS if n in names]
    eye_corners = np.nonzero(np.isin(mats, eye_ids))[0]
    proj_corners = np.nonzero(np.isin(mats, proj_ids))[0]
    if len(proj_corners) == 0:
        return np.zeros((0, 2), np.float32)
    if len(eye_corners) == 0:
        raise AtlasError("the model has eye helper meshes but no eyeball to project them on")
    # The eyeball's front is one UV island, so any corner of a vertex gives the same UV there.
    verts, first = np.unique(model.face_vertices[eye_corners], return_index=True)
    tree = cKDTree(model.neutral[verts])
    _, nearest = tree.query(model.neutral[model.face_vertices[proj_corners]])
    return local[eye_corners[first[nearest]]]


@dataclass(frozen=True)
class AtlasUVs:
    uvs: np.ndarray  # (T', 2) float32 atlas UVs in 0..1
    face_uv_indices: np.ndarray  # (N_corners,) int32 into uvs
    corner_slots: np.ndarray  # (N_corners,) int32 index into list(SLOTS)


@functools.lru_cache(maxsize=2)
def atlas_uvs(model) -> AtlasUVs:
    """Map the model's per-corner raw UVs to the atlas.  New UV ids are unique per (slot, raw UV).
    Cached per model; the arrays are read-only."""
    mats = corner_materials(model)
    local, slot_of = corner_local_uvs(model)
    names = list(model.material_names)
    proj_ids = [names.index(n) for n in PROJECTED_MATERIALS if n in names]
    proj = np.isin(mats, proj_ids)
    local = local.copy()
    local[proj] = _projected_uvs(model, mats, local, slot_of)
    slot_of = slot_of.copy()
    slot_of[proj] = list(SLOTS).index("eyeball")
    atlas = np.empty_like(local)
    for k, slot in enumerate(SLOTS.values()):
        sel = slot_of == k
        atlas[sel] = tile_to_slot(local[sel], slot)
    # Deduplicate identical atlas UVs (shared raw UVs stay shared; left/right eye UVs may merge).
    uvs, inverse = np.unique(atlas, axis=0, return_inverse=True)
    out = AtlasUVs(uvs=uvs.astype(np.float32), face_uv_indices=inverse.reshape(-1).astype(np.int32),
                   corner_slots=slot_of)
    for arr in (out.uvs, out.face_uv_indices, out.corner_slots):
        arr.setflags(write=False)
    return out


def seam_vertices(model) -> list[int]:
    """Vertices on the skin seam between the face tile and the back-of-head tile.  The back-of-head
    material also holds the mouth and eye sockets, which meet the face at the lips and eyelids on
    purpose (dark interior); polygons touching a socket vertex are left out."""
    mats = corner_materials(model)
    names = list(model.material_names)
    face, back = names.index("M_Face"), names.index("M_BackHead")
    verts = model.face_vertices
    socket = np.zeros(model.n_vertices, bool)
    for r in ("mouth_socket", "eye_socket_left", "eye_socket_right"):
        socket[model.regions[r]] = True
    poly = np.repeat(np.arange(model.n_faces), np.diff(model.face_offsets))
    touching = np.zeros(model.n_faces, bool)
    np.logical_or.at(touching, poly, socket[verts])
    near_socket = set(verts[touching[poly] & (mats == back)].tolist())
    return sorted((set(verts[mats == face].tolist()) & set(verts[mats == back].tolist())) - near_socket)
