"""Everything needed to build one head in Blender, computed with numpy only (no bpy).

`plan_head(arrays)` turns a validated wire file into flat, contiguous arrays in Blender's
conventions (coordinates, key values, the albedo as PNG bytes) that the writer hands to `foreach_set`
and `Image.pack`.  `plan_head(arrays, identity_keys=False)` plans a light head: the identity baked into
the Basis (neutral + the identity offsets at their values) and only the expression keys, re-based on it.
Keeping this bpy-free makes it testable and keeps the Blender side a thin bulk writer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np

from . import albedo_png
from .coords import to_blender
from .hair_planning import HairPlan, plan_hair

IDENTITY_KEY_FORMAT = "id_{:03d}"
IDENTITY_SLIDER = (-5.0, 5.0)
EXPRESSION_SLIDER = (0.0, 1.0)
MAX_NAME = 48


class PlanError(ValueError):
    """A wire file that cannot become a head (the message says why)."""


@dataclass(frozen=True)
class KeyPlan:
    name: str
    coords: np.ndarray  # (V*3,) float32, absolute Blender-space positions
    value: float
    slider_min: float
    slider_max: float


@dataclass(frozen=True)
class HeadPlan:
    name: str
    vertices: np.ndarray  # (V*3,) float32, Basis positions
    loop_vertices: np.ndarray  # (N,) int32
    loop_start: np.ndarray  # (F,) int32
    loop_total: np.ndarray  # (F,) int32
    loop_uvs: np.ndarray  # (N*2,) float32
    keys: tuple[KeyPlan, ...]  # identity keys then expression keys (Basis is `vertices`)
    png: bytes  # the albedo as RGB PNG bytes (encoded here, off Blender's main thread; the writer packs them)
    image_size: tuple[int, int]  # (width, height)
    sidecar: dict
    # False: a light head, its identity baked into `vertices` and `keys` only the expressions
    identity_keys: bool = True
    # a light head's refinement: (V*3,) change of the Basis from the identity it started from
    # (`identity_shift_from`) to this one; None: not known (refine.py then refuses to apply it)
    identity_shift: np.ndarray | None = None
    identity_shift_from: tuple[float, ...] | None = None
    # metres per Blender unit of the scene the plan is for (units.py): its coordinates are metres / this
    unit_scale: float = 1.0
    # the hair mesh (wire version 3's hair group, hair_planning.py); None: no hair geometry
    hair: HairPlan | None = None

    @property
    def n_vertices(self) -> int:
        return len(self.vertices) // 3

    @property
    def width(self) -> float:
        """Extent along Blender X in metres (spacing of variations), the hair's included (curly hair can be
        wider than the head)."""
        x = self.vertices[0::3]
        if self.hair is not None:
            x = np.concatenate([x, self.hair.vertices[0::3]])
        return float(x.max() - x.min()) if len(x) else 0.0

    @property
    def height(self) -> float:
        """Extent along Blender Z in metres (spacing of a batch's rows), the hair's included."""
        z = self.vertices[2::3]
        if self.hair is not None:
            z = np.concatenate([z, self.hair.vertices[2::3]])
        return float(z.max() - z.min()) if len(z) else 0.0


def name_from_prompt(prompt: str) -> str:
    """A readable object name: the prompt's words, trimmed; 'TextFace Head' when empty."""
    words = re.sub(r"[^\w\s'-]", " ", prompt or "").split()
    name = " ".join(words)
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME].rsplit(" ", 1)[0] or name[:MAX_NAME]
    return name[:1].upper() + name[1:] if name else "TextFace Head"


def slider_range(default: tuple[float, float], value: float) -> tuple[float, float]:
    """Blender clamps key values to the slider range; widen it so a value is never cut."""
    lo, hi = default
    return (min(lo, float(np.floor(value))), max(hi, float(np.ceil(value))))


def sidecar_dict(arrays: dict[str, np.ndarray]) -> dict:
    try:
        value = json.loads(bytes(arrays["sidecar"]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanError(f"the head's sidecar is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise PlanError("the head's sidecar is not a JSON object")
    return value


def identity_shape(arrays: dict[str, np.ndarray]) -> np.ndarray:
    """(V, 3) Blender-space positions of the head's identity: neutral + each identity offset at its value,
    the mesh a full head shows with its id_ keys at their values (what a light head's Basis holds)."""
    identity = np.asarray(arrays["identity"], np.float32)
    offsets = np.tensordot(identity, np.asarray(arrays["identity_basis"], np.float32), axes=1)
    return to_blender(np.asarray(arrays["neutral"], np.float32) + offsets)


def identity_shift(arrays: dict[str, np.ndarray], sidecar: dict, before=None):
    """((V*3,) Blender-space offsets from the identity a refinement started from to this head's, that
    identity as floats) or (None, None) when it is not known.  The start: `before` (the identity the add-on
    sent, which a light head's Basis holds), else the result's record (`refinement.identity_before`, which
    a skipped refinement, e.g. without CLIP weights, does not have)."""
    if before is None:
        record = sidecar.get("refinement")
        before = record.get("identity_before") if isinstance(record, dict) else None
    identity = np.asarray(arrays["identity"], np.float32)
    if not isinstance(before, (list, tuple)) or len(before) != len(identity):
        return None, None
    try:
        before = np.asarray(before, np.float32)
    except (TypeError, ValueError):
        return None, None
    if not np.isfinite(before).all():
        return None, None
    change = np.tensordot(identity - before, np.asarray(arrays["identity_basis"], np.float32), axes=1)
    return to_blender(change).reshape(-1), tuple(float(x) for x in before)


def plan_keys(arrays: dict[str, np.ndarray], basis: np.ndarray, identity_keys: bool = True,
              unit_scale: float = 1.0) -> tuple[KeyPlan, ...]:
    """The identity keys (unless `identity_keys` is False) then the expression keys, each `basis` + offset
    (offsets in Blender units of `unit_scale` metres)."""
    keys = []
    per_unit = np.float32(1.0 / unit_scale)
    if identity_keys:
        id_offsets = to_blender(arrays["identity_basis"])
        if unit_scale != 1.0:
            id_offsets *= per_unit
        for k, (offset, value) in enumerate(zip(id_offsets, arrays["identity"])):
            lo, hi = slider_range(IDENTITY_SLIDER, value)
            keys.append(KeyPlan(IDENTITY_KEY_FORMAT.format(k), (basis + offset).reshape(-1), float(value), lo, hi))
    ex_offsets = to_blender(arrays["expression_basis"])
    if unit_scale != 1.0:
        ex_offsets *= per_unit
    names = [str(n) for n in arrays["expression_names"]]
    if len(set(names)) != len(names) or any(n == "Basis" or n.startswith("id_") for n in names):
        raise PlanError("expression names must be unique and differ from 'Basis' and the id_ keys")
    for name, offset, value in zip(names, ex_offsets, arrays["expression"]):
        lo, hi = slider_range(EXPRESSION_SLIDER, value)
        keys.append(KeyPlan(name, (basis + offset).reshape(-1), float(value), lo, hi))
    return tuple(keys)


def plan_head(arrays: dict[str, np.ndarray], name: str | None = None, identity_keys: bool = True,
              identity_before=None, unit_scale: float = 1.0, hair: bool = True) -> HeadPlan:
    """A validated wire file (see backend/io/wire.py) -> HeadPlan; `identity_keys=False`: a light head
    (Basis = the identity, keys = the expressions only; `identity_before`: the identity a refinement of it
    started from, see identity_shift); coordinates in Blender units of a scene of `unit_scale` metres each;
    `hair=False` leaves out the file's hair mesh."""
    sidecar = sidecar_dict(arrays)
    shift, shift_from = (None, None) if identity_keys else identity_shift(arrays, sidecar, identity_before)
    basis = to_blender(arrays["neutral"]) if identity_keys else identity_shape(arrays)
    if unit_scale != 1.0:
        basis = basis / np.float32(unit_scale)
        shift = None if shift is None else shift / np.float32(unit_scale)
    offsets = arrays["face_offsets"].astype(np.int32)
    albedo = arrays["albedo"]
    keys = plan_keys(arrays, basis, identity_keys, unit_scale)
    return HeadPlan(
        name=name or name_from_prompt(str(sidecar.get("prompt", ""))),
        vertices=basis.reshape(-1),
        loop_vertices=np.ascontiguousarray(arrays["face_vertices"], np.int32),
        loop_start=np.ascontiguousarray(offsets[:-1]),
        loop_total=np.ascontiguousarray(np.diff(offsets)),
        loop_uvs=np.ascontiguousarray(arrays["loop_uvs"], np.float32).reshape(-1),
        keys=keys,
        png=albedo_png.encode(albedo[..., :3]),  # RGB: the head's image has no alpha (as Blender packed it before)
        image_size=(int(albedo.shape[1]), int(albedo.shape[0])),
        sidecar=sidecar,
        identity_keys=bool(identity_keys),
        identity_shift=shift,
        identity_shift_from=shift_from,
        unit_scale=float(unit_scale),
        hair=plan_hair(arrays, keys, identity_keys, unit_scale) if hair else None,
    )
