"""The albedo is encoded as PNG in the worker (numpy + zlib) and only packed on Blender's main thread:
Blender reads back exactly the wire file's pixels, and the packed image survives a save and reload."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from backend.io import wire

from blender_textface import albedo_png, importer, refine

from conftest import synthetic_arrays


def _decoded(png: bytes, width: int, height: int) -> np.ndarray:
    """(H, W, 4) floats as Blender reads the PNG, row 0 = top."""
    image = bpy.data.images.new("decode", 1, 1)
    image.pack(data=png, data_len=len(png))
    image.source = "FILE"
    assert tuple(image.size) == (width, height)
    pixels = np.empty(width * height * 4, np.float32)
    image.pixels.foreach_get(pixels)
    bpy.data.images.remove(image)
    return pixels.reshape(height, width, 4)[::-1]


@pytest.mark.parametrize("channels", [3, 4])
def test_blender_reads_back_exactly_the_encoded_pixels(bpy_empty, channels):
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(5, 7, channels), dtype=np.uint8)  # noise: every filter byte wraps
    back = _decoded(albedo_png.encode(pixels), 7, 5)
    assert np.array_equal(np.round(back[..., :channels] * 255).astype(np.uint8), pixels)


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.float32), np.zeros((4, 4), np.uint8),
                                 np.zeros((4, 4, 2), np.uint8), np.zeros((0, 4, 3), np.uint8)])
def test_what_is_no_albedo_is_refused_clearly(bad):
    with pytest.raises(ValueError, match=r"an albedo must be \(H, W, 3\|4\) uint8"):
        albedo_png.encode(bad)


def test_an_imported_heads_image_is_the_workers_png_and_survives_save_and_reload(addon, tmp_path):
    arrays = synthetic_arrays()
    plan = importer.read_plan(wire.to_bytes(wire.pack(**arrays)))
    head = importer.import_plan(plan)
    image = refine.head_image(head)
    assert image.packed_file is not None and bytes(image.packed_file.data) == plan.png  # packed as given
    path = str(tmp_path / "heads.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.open_mainfile(filepath=path)
    image = refine.head_image(bpy.data.objects[plan.name])
    assert image.packed_file is not None and tuple(image.size) == (16, 16)
    top_left = image.pixels[-16 * 4:][:3]  # Blender's last row is the wire file's top row: red
    assert tuple(round(c * 255) for c in top_left) == (200, 0, 0)
