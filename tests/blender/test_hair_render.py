"""The hair albedo's coverage (its alpha channel) renders as transparency in Cycles and Eevee: where the hair
texture is transparent the render shows what is behind (here nothing: a transparent film), where it is opaque,
the hair's colour."""
from __future__ import annotations

import math

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api
from conftest import synthetic_arrays
from hair_wire import synthetic_hair

SIZE = 32


def _render(tmp_path, engine: str) -> np.ndarray:
    """The synthetic hair strip alone (the head hidden), seen from the front, orthographic, filling the frame.
    Its upper half (wire rows at the top of the hair albedo) is opaque brown, its lower half transparent."""
    arrays = wire.pack(**synthetic_arrays(), hair=synthetic_hair())
    head = api.import_payloads([wire.to_bytes(arrays)])[0]
    head.hide_render = True
    for block in head.data.shape_keys.key_blocks:  # the synthetic keys are random: the hair at rest, as packed
        block.value = 0.0
    scene = bpy.context.scene
    camera = bpy.data.objects.new("cam", bpy.data.cameras.new("cam"))
    camera.data.type = "ORTHO"
    camera.data.ortho_scale = 0.05
    scene.collection.objects.link(camera)
    # the strip spans x 0..0.1 m, z 0.05..0.1 m at y -0.01 (model units / 100); the camera frames its middle
    camera.location = (0.05, -1.0, 0.075)
    camera.rotation_euler = (math.pi / 2, 0.0, 0.0)
    scene.camera = camera
    light = bpy.data.objects.new("sun", bpy.data.lights.new("sun", "SUN"))
    scene.collection.objects.link(light)
    light.rotation_euler = (math.pi / 2, 0.0, 0.0)
    scene.render.engine = engine
    if engine == "CYCLES":
        scene.cycles.samples = 4
        scene.cycles.device = "CPU"
    else:
        scene.eevee.taa_render_samples = 8
    scene.render.resolution_x = scene.render.resolution_y = SIZE
    scene.render.resolution_percentage = 100
    scene.render.film_transparent = True
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGBA"
    scene.render.filepath = str(tmp_path / f"{engine}.png")
    bpy.ops.render.render(write_still=True)
    image = bpy.data.images.load(str(tmp_path / f"{engine}.png"))
    px = np.empty(SIZE * SIZE * 4, np.float32)
    image.pixels.foreach_get(px)
    return px.reshape(SIZE, SIZE, 4)  # row 0 = bottom


@pytest.mark.parametrize("engine", ["CYCLES", "BLENDER_EEVEE"])
def test_hair_coverage_renders_as_transparency(bpy_empty, tmp_path, engine):
    px = _render(tmp_path, engine)
    upper, lower = px[SIZE * 3 // 4:, 4:-4], px[: SIZE // 4, 4:-4]  # a quarter of the frame from each edge
    assert upper[..., 3].mean() > 0.9, f"the opaque hair is not drawn: alpha {upper[..., 3].mean():.2f}"
    assert lower[..., 3].mean() < 0.1, f"the transparent hair is drawn: alpha {lower[..., 3].mean():.2f}"
    colour = upper[..., :3].mean(axis=(0, 1))
    assert colour[0] > colour[2], f"the opaque hair is not the albedo's brown: {colour}"
