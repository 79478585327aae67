"""A full head's identity keys (id_000 ...) against the identity its sidecar holds, checked before a refinement
is sent and again before its result is applied, and read as the identity the head shows.

The refinement reads the identity from the id_ key values and sets each key to its refined coefficient, so a
full head needs one key per stored coefficient, acting plainly.  A light head (stored.identity_baked) has no
id_ keys: its stored identity is what its Basis holds."""
from __future__ import annotations

import re

from . import animated_keys, key_settings
from .planning import IDENTITY_KEY_FORMAT
from .stored import IDENTITY_BAKED_PROP, SIDECAR_PROP, damaged, identity_baked

_IDENTITY_KEY = re.compile(r"id_(\d+)")


def _shown(names: list[str], sep: str = ", ", most: int = 5) -> str:
    return sep.join(names[:most]) + (f" (and {len(names) - most} more)" if len(names) > most else "")


def check_identity_keys(obj, identity: list[float]) -> None:
    """Refuse, with nothing sent or changed, a full head whose id_ keys do not fit its stored `identity`:
    keys past its coefficients, or none at all on a head not marked light (its stored data damaged:
    DamagedHead); deleted keys (ValueError: the result would have nowhere to go); keys limited to a vertex
    group or relative to another key (ValueError: they do not show their coefficient as the backend renders
    it, so the refined head would not be the one shown); animated keys (ValueError: their animation would put
    them back).  A muted key counts as 0 and is left alone."""
    if identity_baked(obj):
        return
    keys = obj.data.shape_keys
    blocks = keys.key_blocks
    numbered = [(int(m.group(1)), b.name) for b in blocks if (m := _IDENTITY_KEY.fullmatch(b.name))]
    if not numbered:
        raise damaged(obj, IDENTITY_BAKED_PROP, "is missing, yet the head has no identity keys (id_000 ...) as "
                                                "only a light head has")
    past = [name for k, name in sorted(numbered) if k >= len(identity)]
    if past:
        raise damaged(obj, SIDECAR_PROP, f"holds {len(identity)} identity coefficients, but the head has identity "
                                         f"keys up to {past[-1]}")
    names = [IDENTITY_KEY_FORMAT.format(k) for k in range(len(identity))]
    missing = [name for name in names if name not in blocks]
    if missing:
        raise ValueError(f"{obj.name}: its identity keys {_shown(missing)} were deleted; Refine Selected sets "
                         "every identity key to its refined coefficient. Nothing was changed: undo the deletion "
                         "(Ctrl+Z), or make the head again")
    animated = animated_keys.animated_values(keys, names)
    if animated:
        raise ValueError(f"{obj.name}: its identity keys {_shown(animated)} are animated (keyframes or a driver), "
                         "which would put them back from the refined coefficients at the next frame. Nothing was "
                         "changed: clear their keyframes and drivers (right-click the slider), then refine")
    odd = key_settings.differing(blocks, names, keys.reference_key)
    if odd:
        raise ValueError(f"{obj.name}: Refine Selected sets the identity sliders to the coefficients the backend "
                         f"refines, which these keys no longer show as it does: {_shown(odd, '; ')}. In the Shape Keys "
                         f"panel set their Relative To back to '{keys.reference_key.name}' and clear their Vertex "
                         "Group (or mute them); nothing was changed")


def current_identity(obj, identity: list[float]) -> list[float]:
    """The identity coefficients the head shows now: a full head's id_ key values (a muted key adds nothing:
    0), one per stored coefficient; a light head's stored `identity` (baked into its Basis)."""
    if identity_baked(obj):
        return list(identity)
    blocks = obj.data.shape_keys.key_blocks
    values = []
    for k in range(len(identity)):
        block = blocks.get(IDENTITY_KEY_FORMAT.format(k))
        values.append(0.0 if block is None or block.mute else float(block.value))
    return values
