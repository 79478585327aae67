"""A headless Workbench render of an imported real head: the face is in frame and textured."""
from __future__ import annotations

import math

import bpy
import numpy as np

from blender_textface import api

SIZE = 256


def _render(tmp_path, obj) -> np.ndarray:
    scene = bpy.context.scene
    verts = np.empty(len(obj.data.vertices) * 3, np.float32)
    obj.data.vertices.foreach_get("co", verts)
    face = verts.reshape(-1, 3)[:9409]  # ICT face region
    center = (face.min(0) + face.max(0)) / 2
    cam_data = bpy.data.cameras.new("cam")
    cam_data.lens = 50
    cam = bpy.data.objects.new("cam", cam_data)
    scene.collection.objects.link(cam)
    cam.location = (center[0], center[1] - 0.6, center[2])  # in front: the face looks along -Y
    cam.rotation_euler = (math.pi / 2, 0.0, 0.0)
    scene.camera = cam
    scene.render.engine = "BLENDER_WORKBENCH"
    scene.display.shading.light = "STUDIO"
    scene.display.shading.color_type = "TEXTURE"
    scene.render.resolution_x = scene.render.resolution_y = SIZE
    scene.render.resolution_percentage = 100
    scene.render.film_transparent = True
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGBA"
    scene.render.filepath = str(tmp_path / "render.png")
    bpy.ops.render.render(write_still=True)
    image = bpy.data.images.load(str(tmp_path / "render.png"))
    px = np.empty(SIZE * SIZE * 4, np.float32)
    image.pixels.foreach_get(px)
    return px.reshape(SIZE, SIZE, 4)


def test_rendered_head_is_in_frame_and_textured(bpy_empty, real_wire, tmp_path):
    obj = api.import_wire(real_wire)
    px = _render(tmp_path, obj)
    covered = px[..., 3] > 0.5
    rows, cols = np.nonzero(covered)
    assert covered.mean() > 0.15, f"head covers only {covered.mean():.1%} of the frame"
    # in frame: the head's silhouette does not run off the left, right or top edge
    assert cols.min() > 2 and cols.max() < SIZE - 3 and rows.max() < SIZE - 3
    # textured: the centre of the face shows the albedo's skin tone (225,180,160), not untextured grey
    centre = px[SIZE // 2 - 20: SIZE // 2 + 20, SIZE // 2 - 20: SIZE // 2 + 20]
    rgb = centre[centre[..., 3] > 0.5][:, :3].mean(0)
    assert rgb[0] > rgb[1] + 0.05 > rgb[2] + 0.05 - 0.04, f"face colour {rgb} is not the albedo's skin tone"
    assert rgb[0] > 0.3


def test_untextured_render_is_told_apart(bpy_empty, real_wire, tmp_path):
    """The colour check above can fail: with the texture removed the face renders grey."""
    obj = api.import_wire(real_wire)
    obj.data.materials.clear()
    px = _render(tmp_path, obj)
    centre = px[SIZE // 2 - 20: SIZE // 2 + 20, SIZE // 2 - 20: SIZE // 2 + 20]
    rgb = centre[centre[..., 3] > 0.5][:, :3].mean(0)
    assert abs(rgb[0] - rgb[2]) < 0.05
