"""Heads are life-size in the scene's units.

The wire format is in metres; a scene whose unit scale (Scene Properties > Units > Unit Scale) is not 1 maps
one Blender unit to `scale_length` metres (0.01: centimetres, as Unreal-style scenes are set up), so a head is
built at metres / scale_length Blender units, as Blender's FBX and glTF importers bring in real-size models.
The scale a head was built for is kept on it (UNIT_SCALE_PROP, only when not 1): its refinement moves its
mesh in the same units whatever the scene's scale is later, and export writes it in metres."""
from __future__ import annotations

import math
import numbers

from .stored import damaged

UNIT_SCALE_PROP = "textface_unit_scale"


def _valid(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 1.0
    return value if math.isfinite(value) and value > 0.0 else 1.0


def scene_unit_scale(scene) -> float:
    """Metres per Blender unit in `scene` (1.0 for a scene without one, or a nonsensical one)."""
    return _valid(scene.unit_settings.scale_length) if scene is not None else 1.0


def head_unit_scale(obj) -> float:
    """Metres per Blender unit of the scene the head was built for (1.0: heads built before this was kept, and
    heads built at 1).  A stored scale that is no positive number is a DamagedHead (stored.py): taken as 1, a
    refinement would move the head's mesh in the wrong units."""
    value = obj.get(UNIT_SCALE_PROP)
    if value is None:
        return 1.0
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (math.isfinite(value) and value > 0):
        raise damaged(obj, UNIT_SCALE_PROP, f"holds {value!r:.40}, not a positive number of metres per unit")
    return float(value)
