"""Which shape keys have their value animated: keyframes (the active action, NLA strips) or a driver.

Refine Selected sets a full head's identity keys to the refined coefficients; on an animated key Blender puts
the animated value back at the next frame change or redraw, so the refinement would silently vanish
(identity_keys.py refuses such a head).  Muted curves, strips and tracks animate nothing."""
from __future__ import annotations


def _fcurves(action, slot) -> list:
    if action is None:
        return []
    if hasattr(action, "fcurves"):  # Blender before 5.0: one list of curves per action
        return list(action.fcurves)
    from bpy_extras import anim_utils  # Blender 4.4+: curves per slot

    bag = anim_utils.action_get_channelbag_for_slot(action, slot)
    return list(bag.fcurves) if bag is not None else []


def animated_values(keys, names: list[str]) -> list[str]:
    """Of the key blocks `names` of the Key `keys`, those whose `value` is animated, in the order given."""
    data = getattr(keys, "animation_data", None)
    if data is None:
        return []
    curves = [c for c in data.drivers if not c.mute]
    curves += _fcurves(data.action, getattr(data, "action_slot", None))
    for track in data.nla_tracks:
        if not track.mute:
            for strip in track.strips:
                if not strip.mute:
                    curves += _fcurves(strip.action, getattr(strip, "action_slot", None))
    paths = {c.data_path for c in curves if not c.mute}
    return [name for name in names if f'key_blocks["{name}"].value' in paths]
