"""Apple ARKit's blendshape names for export (Live Link Face / Unreal, Unity's ARKit face tracking match by them).

Inside Blender the heads keep the ICT Face Model's names (expressions.py: the backend and refinement use
them).  On export the copies' keys are renamed: `_L` / `_R` -> `Left` / `Right`, and the halves ICT splits
(`browInnerUp_L/_R`, `cheekPuff_L/_R`) merged into ARKit's single key whose offset is the sum of the two
halves' offsets (on the ICT model the halves are one shape split by complementary weights: they overlap
where both move alike, and Blender adds them: the merged key at 1 shows both halves at 1).  ARKit's
`tongueOut` has no ICT shape and is not written.
"""
from __future__ import annotations

import numpy as np

from .errors import ExportFailed
from .expressions import EXPRESSION_NAMES
from .key_offsets import coords as _coords, offset as _offset

NAME_STYLES = ("arkit", "ict")  # export name styles: ARKit's (default) or the ICT model's as they are
MERGED = ("browInnerUp", "cheekPuff")  # ARKit keys ICT splits into _L / _R halves


def arkit_name(ict_name: str) -> str:
    for side, word in (("_L", "Left"), ("_R", "Right")):
        if ict_name.endswith(side):
            stem = ict_name[: -len(side)]
            return stem if stem in MERGED else stem + word
    return ict_name


# ICT name -> ARKit name (both halves of a split pair map to the one ARKit key)
ICT_TO_ARKIT = {name: arkit_name(name) for name in EXPRESSION_NAMES}


def rename_to_arkit(obj) -> None:
    """Rename an export copy's ICT expression keys to ARKit's and merge the split halves (the copy only: the
    caller's head keeps its names).  A merged key's value is the mean of its halves' as shown (a muted half
    counts 0): the same pose when they are equal, as the generator and Refine Selected set them; an
    asymmetric pose of the pair cannot be held by one key.  A key of the head that already has an ARKit name
    the export would write (one the user added) is an ExportFailed, as two morphs of one name would be."""
    keys = obj.data.shape_keys
    if keys is None:
        return
    blocks = keys.key_blocks
    present = [b.name for b in blocks]
    renamed = {n: ICT_TO_ARKIT[n] for n in present if n in ICT_TO_ARKIT}
    taken = sorted(set(renamed.values()) & (set(present) - set(renamed)))
    if taken:
        raise ExportFailed(f"cannot export {obj.name} with ARKit names: it already has a shape key named "
                           f"{', '.join(taken)}, a name the export gives an ICT expression; rename that key, or "
                           "export with ICT names (nothing was written)")
    basis = keys.reference_key
    for merged in MERGED:
        halves = [blocks[n] for n in (f"{merged}_L", f"{merged}_R") if n in blocks]
        if not halves:
            continue
        _rebase_dependents(blocks, basis, halves)
        offset = sum(_offset(obj, b) for b in halves)
        shown = [0.0 if b.mute else b.value for b in halves]
        low, high = min(b.slider_min for b in halves), max(b.slider_max for b in halves)
        for block in halves:
            obj.shape_key_remove(block)
        key = obj.shape_key_add(name=merged, from_mix=False)
        key.points.foreach_set("co", (_coords(basis) + offset).astype(np.float32))
        key.relative_key = basis
        key.slider_min, key.slider_max = low, high
        key.value = sum(shown) / len(halves)
    for block in keys.key_blocks:  # (the merged halves are gone)
        if block.name in renamed:
            block.name = renamed[block.name]
    obj.data.update()


def _rebase_dependents(blocks, basis, halves) -> None:
    """A key relative to a half that goes keeps its offset from it, now relative to the Basis."""
    for block in blocks:
        relative = block.relative_key
        if block in halves or block == basis or relative not in halves:
            continue
        block.points.foreach_set("co", (_coords(basis) + _coords(block) - _coords(relative)).astype(np.float32))
        block.relative_key = basis
