"""Wire file (path or bytes) -> Blender object(s): read, plan, write."""
from __future__ import annotations

import bpy

from . import backend_source
from .errors import ImportFailed
from .planning import PlanError, plan_head
from .writer import build_head

MAX_KEY_NAME_BYTES = 63  # Blender cuts longer names, which then collide and get ".001"


def check_arrays(arrays: dict) -> None:
    """What the wire reader lets through but Blender cannot take as it is: key names Blender would
    change (empty: "Key"; over 63 bytes: cut, then made unique with ".001")."""
    for name in (str(n) for n in arrays["expression_names"]):
        if not name.strip() or "\x00" in name or len(name.encode("utf-8")) > MAX_KEY_NAME_BYTES:
            raise ImportFailed(f"cannot import the head: the expression name {name!r} is empty, holds a NUL "
                               f"or is longer than Blender's {MAX_KEY_NAME_BYTES} bytes")


def read_plan(source, name: str | None = None, identity_keys: bool = True, identity_before=None,
              unit_scale: float = 1.0, hair: bool = True):
    """Path or bytes -> HeadPlan (identity_keys=False: a light head, planning.plan_head, `identity_before`
    for its refinement; `unit_scale`: the scene's, units.py; `hair=False`: without the file's hair mesh); wire format problems become ImportFailed with
    the reader's reason."""
    wire = backend_source.load("wire")
    try:
        arrays = wire.read_wire(source)
        check_arrays(arrays)
        return plan_head(arrays, name=name, identity_keys=identity_keys, identity_before=identity_before,
                         unit_scale=unit_scale, hair=hair)
    except (wire.WireFormatError, PlanError) as exc:
        raise ImportFailed(f"cannot import the head: {exc}") from None
    except (TypeError, ValueError, OverflowError) as exc:  # e.g. a wire_version that is not a scalar
        raise ImportFailed(f"cannot import the head: malformed wire file ({type(exc).__name__}: {exc})") from None


def read_plans(sources, identity_keys: bool = True, identity_before=None, unit_scale: float = 1.0,
               hair: bool = True) -> list:
    """Every wire file (path or bytes) -> HeadPlan; no bpy (a HeadTask runs it in its worker thread)."""
    return [read_plan(source, identity_keys=identity_keys, identity_before=identity_before, unit_scale=unit_scale,
                      hair=hair)
            for source in sources]


def plans_reader(identity_keys: bool = True, identity_before=None, unit_scale: float = 1.0, hair: bool = True):
    """A HeadTask's `prepare`: read_plans with full (True) or light (False) heads; `identity_before`: the
    identity a light head's refinement started from (planning.identity_shift); `unit_scale`: units.py."""
    return lambda sources: read_plans(sources, identity_keys=identity_keys, identity_before=identity_before,
                                      unit_scale=unit_scale, hair=hair)


def active_collection(context=None) -> bpy.types.Collection:
    """Where Blender's own Add menu puts new objects: the view layer's active collection (the Scene
    Collection when that one is linked from a library and cannot take objects)."""
    context = context or bpy.context
    layer = context.view_layer
    collection = layer.active_layer_collection.collection if layer is not None else None
    if collection is None or collection.library is not None:
        return context.scene.collection
    return collection


def import_plan(plan, collection=None, location=(0.0, 0.0, 0.0)) -> bpy.types.Object:
    collection = active_collection() if collection is None else collection
    return build_head(plan, collection, location=tuple(location))
