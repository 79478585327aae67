"""Shape keys an artist set to act otherwise than `value x (key - Basis)`: limited to a vertex group (its
weights scale the offset per vertex), or relative to another key (the offset is taken from that key).

The backend knows a head only as identity coefficients and expression weights, each applied with its full
offset from the neutral face; for such keys the head Blender shows is not the one those numbers describe
(refine.refine_request refuses or warns)."""
from __future__ import annotations


def how_it_differs(block, reference) -> str | None:
    """"limited to vertex group 'Jaw'", "relative to 'jawOpen'" (or both), None for a key that acts plainly."""
    parts = []
    if block.vertex_group:
        parts.append(f"limited to vertex group '{block.vertex_group}'")
    relative = block.relative_key
    if relative is not None and relative.name != reference.name:
        parts.append(f"relative to '{relative.name}'")
    return " and ".join(parts) or None


def differing(blocks, names, reference) -> list[str]:
    """"<name> <how>" for each key of `names` (present, not muted) that does not act plainly."""
    found = []
    for name in names:
        block = blocks.get(name)
        how = how_it_differs(block, reference) if block is not None and not block.mute else None
        if how:
            found.append(f"{name} {how}")
    return found
