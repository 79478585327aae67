"""The refinement's latest progress preview in Blender: one Image datablock, "TextFace Progress".

The panel draws it (its preview, filled with the same pixels) while a job runs; an Image Editor
showing it shows it full size.  It is made on the first preview of a job, updated in place for each
newer one (never a datablock per update) and removed when the job ends, however it ends.  Its pixels
live in memory only (a generated image, never packed), and with no users it is never saved in a .blend;
an undo step taken mid-job can bring back an empty one (memfile undo keeps it), which the next job removes.
Main thread only (bpy); the PNG bytes come from the job's worker thread (tasks.HeadTask.take_preview).
"""
from __future__ import annotations

import bpy
import numpy as np

IMAGE_NAME = "TextFace Progress"
MARK = "textface_progress"  # custom property telling our image from a user's image of the same name
_DECODE_NAME = ".textface-progress-decode"  # a leading dot hides it from Blender's image lists


def find() -> bpy.types.Image | None:
    """The progress image, if there is one (found by its mark: the name may have been taken)."""
    return next((image for image in bpy.data.images if image.get(MARK)), None)


def _decode(png: bytes) -> tuple[int, int, np.ndarray] | None:
    """(width, height, RGBA float pixels with row 0 at the bottom) by Blender's own image reader, from
    memory (a scratch image removed at once); None for bytes it cannot read."""
    scratch = bpy.data.images.new(_DECODE_NAME, 1, 1)
    try:
        scratch.pack(data=png, data_len=len(png))
        scratch.source = "FILE"
        width, height = scratch.size
        if not width or not height:
            return None
        pixels = np.empty(width * height * 4, np.float32)
        scratch.pixels.foreach_get(pixels)
    finally:
        bpy.data.images.remove(scratch)
    return width, height, pixels


def show(png: bytes) -> bpy.types.Image | None:
    """Put a preview PNG into the progress image (made or resized as needed); None when the bytes are
    no image Blender can read (that preview is skipped)."""
    decoded = _decode(png)
    if decoded is None:
        return None
    width, height, pixels = decoded
    image = find()
    if image is None:
        image = bpy.data.images.new(IMAGE_NAME, width, height, alpha=False)
        image[MARK] = True
    elif tuple(image.size) != (width, height):
        image.scale(width, height)
    image.pixels.foreach_set(pixels)
    image.update()  # an Image Editor showing it redraws the new pixels
    preview = image.preview_ensure()  # what the panel draws: set by hand, so Blender never re-renders it
    preview.image_size = (width, height)
    preview.image_pixels_float.foreach_set(pixels)
    return image


def clear() -> None:
    """Remove the progress image (the job ended); nothing if there is none."""
    for image in [image for image in bpy.data.images if image.get(MARK)]:
        bpy.data.images.remove(image)
