"""A head's hair mesh (wire format version 3's optional `hair_*` group), planned with numpy only (no bpy).

Each hair vertex follows one head vertex (`hair_anchor`): hair key k's offset is the head key k's offset at
that vertex, so the hair gets shape keys of the head's names whose values follow the head's (drivers, hair.py).
A light head's hair gets the head's identity baked into its Basis, as the head does, and only the expressions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import albedo_png
from .coords import to_blender

# Blender clamps a key's value to its slider range, also a value a driver sets: the hair's keys take the widest
# range Blender allows, so they follow the head's keys wherever the artist sets (or widens) those (hair.follow_head)
HAIR_SLIDER = (-10.0, 10.0)


@dataclass(frozen=True)
class HairPlan:
    vertices: np.ndarray  # (H*3,) float32, Basis positions (Blender units, the head's object space)
    loop_vertices: np.ndarray  # (N,) int32
    loop_start: np.ndarray  # (F,) int32
    loop_total: np.ndarray  # (F,) int32
    loop_uvs: np.ndarray  # (N*2,) float32
    key_names: tuple[str, ...]  # the head's keys (Basis excluded), in the head's order
    key_coords: np.ndarray  # (K, H*3) float32, absolute positions of each key (values: the head's, hair.py)
    png: bytes  # the hair albedo as RGB or RGBA PNG bytes
    image_size: tuple[int, int]  # (width, height)
    alpha: bool  # the albedo has a coverage channel
    anchor: np.ndarray  # (H,) int32, the head vertex each hair vertex follows (a head key's vertex group weights)

    @property
    def n_vertices(self) -> int:
        return len(self.vertices) // 3


def plan_hair(arrays: dict[str, np.ndarray], head_keys, identity_keys: bool = True,
              unit_scale: float = 1.0) -> HairPlan | None:
    """The hair of a validated wire file (None when it has none); `head_keys`: the head's KeyPlans (their
    names), `identity_keys` and `unit_scale` as the head is planned."""
    if "hair_vertices" not in arrays:
        return None
    anchor = np.asarray(arrays["hair_anchor"], np.int64)
    rest = np.asarray(arrays["hair_vertices"], np.float32)
    identity_offsets = np.asarray(arrays["identity_basis"], np.float32)[:, anchor]  # (K_id, H, 3), model units
    if not identity_keys:  # the identity baked into the Basis, as a light head's
        rest = rest + np.tensordot(np.asarray(arrays["identity"], np.float32), identity_offsets, axes=1)
    per_unit = np.float32(1.0 / unit_scale)
    basis = to_blender(rest) * per_unit
    offsets = to_blender(np.asarray(arrays["expression_basis"], np.float32)[:, anchor]) * per_unit
    if identity_keys:
        offsets = np.concatenate([to_blender(identity_offsets) * per_unit, offsets])
    names = tuple(k.name for k in head_keys)
    if len(names) != len(offsets):
        raise ValueError(f"the hair has {len(offsets)} keys but the head {len(names)}")
    offsets_ = np.asarray(arrays["hair_face_offsets"], np.int32)
    albedo = np.asarray(arrays["hair_albedo"], np.uint8)
    return HairPlan(
        vertices=np.ascontiguousarray(basis.reshape(-1), np.float32),
        loop_vertices=np.ascontiguousarray(arrays["hair_face_vertices"], np.int32),
        loop_start=np.ascontiguousarray(offsets_[:-1]),
        loop_total=np.ascontiguousarray(np.diff(offsets_)),
        loop_uvs=np.ascontiguousarray(arrays["hair_loop_uvs"], np.float32).reshape(-1),
        key_names=names,
        key_coords=np.ascontiguousarray((basis[None] + offsets).reshape(len(offsets), -1), np.float32),
        png=albedo_png.encode(albedo),
        image_size=(int(albedo.shape[1]), int(albedo.shape[0])),
        alpha=albedo.shape[2] == 4,
        anchor=np.ascontiguousarray(anchor, np.int32),
    )
