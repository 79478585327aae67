"""Wire file (path or bytes) -> Blender object(s): read, plan, write."""
from __future__ import annotations

import bpy

from . import backend_source
from .planning import PlanError, plan_head
from .writer import build_head


class ImportFailed(RuntimeError):
    """A wire file that could not become a head; the message says why."""


def read_plan(source, name: str | None = None):
    """Path or bytes -> HeadPlan; wire format problems become ImportFailed with the reader's reason."""
    wire = backend_source.load("wire")
    try:
        arrays = wire.read_wire(source)
        return plan_head(arrays, name=name)
    except (wire.WireFormatError, PlanError) as exc:
        raise ImportFailed(f"cannot import the head: {exc}") from None


def import_plan(plan, collection=None, location=(0.0, 0.0, 0.0)) -> bpy.types.Object:
    collection = collection or bpy.context.scene.collection
    return build_head(plan, collection, location=tuple(location))
