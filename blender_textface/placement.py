"""Where a crowd lands: beside the TextFace heads already in the scene, not inside them.

A crowd (several heads, or a batch's grid) starts at the 3D cursor; when TextFace heads (or their hair) already
stand where its cells would be, as a second crowd from the same cursor would, the whole grid moves down by whole
rows (rows run downwards, as a batch's) to the first rows where no new head's box meets an existing one."""
from __future__ import annotations

import bpy
import numpy as np

from . import hair
from .stored import SIDECAR_PROP


def plan_extents(plan) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) corner of a plan's head and hair, about the head's origin."""
    points = plan.vertices.reshape(-1, 3)
    if plan.hair is not None:
        points = np.concatenate([points, plan.hair.vertices.reshape(-1, 3)])
    if not len(points):
        return np.zeros(3), np.zeros(3)
    return points.min(axis=0).astype(float), points.max(axis=0).astype(float)


def standing_boxes(scene=None) -> np.ndarray:
    """(N, 2, 3) world boxes (lowest, highest corner) of the scene's TextFace heads and hair objects."""
    scene = bpy.context.scene if scene is None else scene
    objects = [o for o in scene.objects if o.type == "MESH" and (SIDECAR_PROP in o or hair.is_hair(o))]
    if not objects:
        return np.zeros((0, 2, 3))
    bpy.context.view_layer.update()  # world matrices of heads placed or moved since the last update
    boxes = []
    for obj in objects:
        matrix = np.array(obj.matrix_world)
        corners = np.array([tuple(c) for c in obj.bound_box], dtype=float)
        world = corners @ matrix[:3, :3].T + matrix[:3, 3]
        boxes.append((world.min(axis=0), world.max(axis=0)))
    return np.array(boxes)


def rows_down(boxes_at, standing: np.ndarray, row_spacing: float) -> int:
    """The fewest rows (0, 1, ...) the grid moves down so that none of its heads' boxes meets a standing one.
    `boxes_at(rows)`: (M, 2, 3) boxes of the grid's heads moved down `rows` rows."""
    if not len(standing) or row_spacing <= 0:
        return 0
    lowest = standing[:, 0, 2].min()
    rows = 0
    while True:
        boxes = boxes_at(rows)
        if not len(boxes):
            return rows
        meets = np.all((boxes[:, None, 0] < standing[None, :, 1]) & (standing[None, :, 0] < boxes[:, None, 1]),
                       axis=2)
        if not meets.any() or boxes[:, 1, 2].max() < lowest:  # (the second: all below every standing head)
            return rows
        rows += 1
