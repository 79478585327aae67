"""Refine Selected on heads an artist has worked on, against a real service that refines for real (a tiny CLIP,
serve_tiny_clip.py): a head saved in a .blend and reopened, its Basis sculpted, its expression keys animated."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from blender_textface import api

from test_progress_preview_real import tiny_clip_service  # noqa: F401 - a fixture


def _coords(block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return co.reshape(-1, 3)


@pytest.mark.slow
def test_refining_a_reopened_sculpted_animated_head_keeps_the_artists_work(tiny_clip_service, tmp_path):
    head = api.generate_head("a middle-aged man with a square jaw", seed=4, refine=False, name="Worked on")
    blocks = head.data.shape_keys.key_blocks
    sculpted = _coords(blocks["Basis"])
    sculpted[100] += (0.0, 0.0, 0.005)  # 5 mm: the artist's sculpt of the Basis
    blocks["Basis"].points.foreach_set("co", sculpted.ravel())
    for frame, value in ((1, 0.0), (20, 0.8)):  # the jaw animated
        blocks["jawOpen"].value = value
        blocks["jawOpen"].keyframe_insert("value", frame=frame)
    bpy.context.scene.frame_set(20)
    blend = str(tmp_path / "worked_on.blend")
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    bpy.ops.wm.open_mainfile(filepath=blend)
    head = bpy.data.objects["Worked on"]
    blocks = head.data.shape_keys.key_blocks
    before = [blocks[f"id_{k:03d}"].value for k in range(100)]
    api.refine_head(head, "looks kind and wise", steps=6)
    after = [blocks[f"id_{k:03d}"].value for k in range(100)]
    assert after != before  # refined
    assert np.array_equal(_coords(blocks["Basis"]), sculpted)  # the sculpt stays
    bpy.context.scene.frame_set(1)
    assert blocks["jawOpen"].value == pytest.approx(0.0)
    bpy.context.scene.frame_set(20)
    assert blocks["jawOpen"].value == pytest.approx(0.8)  # the animation stays
    assert [blocks[f"id_{k:03d}"].value for k in range(100)] == after  # a frame change keeps the refined identity
