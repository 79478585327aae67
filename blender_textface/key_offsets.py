"""A shape key's coordinates and what it adds, as Blender shows it (the exports bake and merge keys with them)."""
from __future__ import annotations

import numpy as np


def coords(block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return co


def vertex_group_weights(obj, group_name: str) -> np.ndarray | None:
    """(V*3,) per-coordinate weights of a key limited to vertex group `group_name` (a vertex outside it: 0);
    None when the key acts on every vertex fully (no group, or one that does not exist, as Blender reads it)."""
    group = obj.vertex_groups.get(group_name) if group_name else None
    if group is None:
        return None
    weights = np.zeros(len(obj.data.vertices), np.float32)
    index = group.index
    for vertex in obj.data.vertices:
        for element in vertex.groups:
            if element.group == index:
                weights[vertex.index] = element.weight
    return np.repeat(weights, 3)


def offset(obj, block) -> np.ndarray:
    """(V*3,) what the key adds at value 1: (key - its relative key), scaled by its vertex group's weights."""
    moved = coords(block).astype(np.float64) - coords(block.relative_key)
    weights = vertex_group_weights(obj, block.vertex_group)
    return moved if weights is None else moved * weights
