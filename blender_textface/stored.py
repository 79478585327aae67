"""What the add-on stores on a head (custom properties), read back checked.

A head carries its sidecar (SIDECAR_PROP: the backend's JSON, which a refinement starts from), its prompt
(PROMPT_PROP, for people to read), on a light head IDENTITY_BAKED_PROP, and in a scene whose unit is not a
metre the scale it was built for (units.UNIT_SCALE_PROP).  They are ordinary custom properties, which a user
or a script can edit: a damaged one is an errors.DamagedHead naming the property, what is wrong and what to
do, raised before anything of the head changes.  An object without a sidecar is no TextFace head.  No bpy.
"""
from __future__ import annotations

import json
import math
import numbers

from .errors import DamagedHead

SIDECAR_PROP = "textface_sidecar"
PROMPT_PROP = "textface_prompt"
# on a light head (built without id_ keys): its Basis holds the identity of its sidecar, baked
IDENTITY_BAKED_PROP = "textface_identity_baked"
_JSON_KINDS = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "true or false", type(None): "null"}


def damaged(obj, prop: str, reason: str) -> DamagedHead:
    """The error for a head whose custom property `prop` is damaged; `reason` follows the property's name."""
    return damaged_named(obj.name, prop, reason)


def damaged_named(name: str, prop: str, reason: str) -> DamagedHead:
    """`damaged` for the head named `name` (off the main thread, where bpy objects are not read)."""
    return DamagedHead(f"{name}: its stored TextFace data is damaged: the custom property {prop} {reason}; "
                       "nothing was changed. Undo the edit that changed it (Ctrl+Z), or make the head again "
                       "(Generate with its prompt and seed, or File > Import of its head.npz)")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def sidecar_of(obj) -> dict | None:
    """The head's sidecar (a dict); None for an object that has none (not a TextFace head); DamagedHead when
    the property is there but holds no JSON object."""
    if SIDECAR_PROP not in obj:
        return None
    text = obj[SIDECAR_PROP]
    if not isinstance(text, str):
        raise damaged(obj, SIDECAR_PROP, f"holds {type(text).__name__} {_shown(text)}, not the head's JSON text")
    try:
        value = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError
        raise damaged(obj, SIDECAR_PROP, f"is not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise damaged(obj, SIDECAR_PROP, f"holds {_JSON_KINDS.get(type(value), 'JSON')}, not a JSON object")
    return value


def head_seed(obj) -> int | None:
    """The seed the head was made with (its sidecar's "seed", as the backend wrote it), None when it holds none or
    its sidecar is damaged (for display: the panel, reports; a refinement reports the damage itself)."""
    try:
        seed = (sidecar_of(obj) or {}).get("seed")
    except DamagedHead:
        return None
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _finite(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def stored_identity(obj) -> list[float]:
    """The identity coefficients the head's sidecar holds (a light head's Basis has them baked in), checked:
    a non-empty list of finite numbers.  DamagedHead when the sidecar is missing or its identity is not that."""
    sidecar = sidecar_of(obj)
    if sidecar is None:
        raise damaged(obj, SIDECAR_PROP, "is missing")
    identity = sidecar.get("identity")
    if not isinstance(identity, list) or not identity:
        what = "has no identity coefficients" if identity in (None, []) else \
            f"has identity {_shown(identity)}, not a list of numbers"
        raise damaged(obj, SIDECAR_PROP, what)
    bad = next((k for k, x in enumerate(identity) if not _finite(x)), None)
    if bad is not None:
        raise damaged(obj, SIDECAR_PROP, f"has identity coefficient {bad} = {_shown(identity[bad])}, "
                                         "not a finite number")
    return [float(x) for x in identity]


def identity_baked(obj) -> bool:
    """A light head: built without identity keys, its identity (the sidecar's) baked into the Basis.
    DamagedHead when the marker holds something else than true or false."""
    value = obj.get(IDENTITY_BAKED_PROP)
    if value is None:
        return False
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
        return bool(value)
    raise damaged(obj, IDENTITY_BAKED_PROP, f"holds {_shown(value)}, not True or False")
