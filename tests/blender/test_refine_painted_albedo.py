"""An albedo the artist texture-painted is never destroyed by Refine Selected (nor by a new head taking a deleted
head's names): the painted image is kept, with a fake user and a name that says so, and the material shows the
refined albedo in a new image; a warning names both.  An albedo exactly as TextFace wrote it is replaced as before.
Paint here is what Texture Paint does to an image: its pixels changed (unsaved: `is_dirty`), then maybe packed
again or saved to a file."""
from __future__ import annotations

import warnings

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, refine
from conftest import synthetic_arrays
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake is the fixture

GREEN = (30, 220, 90)  # the refined albedo, all of it (the synthetic head's is red and blue)


@pytest.fixture
def refined(fake):
    """The fake service's refinement result: a green albedo."""
    arrays = synthetic_arrays()
    arrays["albedo"][:] = GREEN
    arrays["sidecar"]["refinement"] = {"status": "done"}
    fake.payload = wire.to_bytes(wire.pack(**arrays))
    return fake


def _head(tmp_path, name="Head", light=False):
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays()))
    return api.import_wire(path, name=name, identity_keys=not light)


def _pixels(image) -> np.ndarray:
    px = np.empty(image.size[0] * image.size[1] * image.channels, np.float32)
    image.pixels.foreach_get(px)
    return px


def _paint(image) -> np.ndarray:
    """Some pixels painted white, as a brush stroke would; returns the painted pixels."""
    px = _pixels(image)
    px[: 4 * 40] = 1.0
    image.pixels.foreach_set(px)
    assert image.is_dirty
    return px


def _refine(head, text="looks tired"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.refine_head(head, text)
    return [str(w.message) for w in caught if issubclass(w.category, api.AlbedoKept)]


def _is_refined(image) -> bool:
    rgb = _pixels(image).reshape(-1, 4)[:, :3]
    return bool(np.allclose(rgb, np.array(GREEN) / 255, atol=2e-3))


def test_an_unpainted_albedo_is_replaced_as_before(refined, tmp_path):
    head = _head(tmp_path)
    assert _refine(head) == []
    image = refine.head_image(head)
    assert image.name == "Head albedo" and _is_refined(image) and list(bpy.data.images) == [image]
    assert _refine(head) == [] and len(bpy.data.images) == 1  # the refined one is TextFace's too


@pytest.mark.parametrize("light", [False, True], ids=["full", "light"])
def test_unsaved_paint_is_kept_in_its_own_image_and_the_material_shows_the_refined_albedo(refined, tmp_path, light):
    head = _head(tmp_path, light=light)
    painted = _paint(refine.head_image(head))
    (message,) = _refine(head)
    kept = bpy.data.images["Head albedo painted"]
    assert np.array_equal(_pixels(kept), painted) and kept.use_fake_user and kept.is_dirty
    image = refine.head_image(head)
    assert image.name == "Head albedo" and _is_refined(image) and image is not kept
    assert message.startswith("Head: its albedo image has paint not saved yet: kept as 'Head albedo painted' (fake "
                              "user") and "refined albedo 'Head albedo'" in message and "Image > Pack" in message
    # kept through a save and reopen (its paint packed, as the message says), and never taken as a leftover
    kept.pack()
    blend = str(tmp_path / "painted.blend")
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    bpy.ops.wm.open_mainfile(filepath=blend)
    assert np.allclose(_pixels(bpy.data.images["Head albedo painted"]), painted, atol=1 / 255)


def test_paint_packed_into_the_image_is_kept(refined, tmp_path):
    head = _head(tmp_path)
    image = refine.head_image(head)
    painted = _paint(image)
    image.pack()  # Image > Pack: the paint is in the .blend, the image no longer dirty
    assert not image.is_dirty
    (message,) = _refine(head)
    kept = bpy.data.images["Head albedo painted"]
    assert np.allclose(_pixels(kept), painted, atol=1 / 255) and kept.use_fake_user
    assert "was changed since TextFace wrote it" in message and _is_refined(refine.head_image(head))


def test_an_albedo_saved_under_the_artists_own_name_keeps_it(refined, tmp_path):
    """Image.save(filepath=) writes the paint to a file and clears `is_dirty`, leaving the packed albedo as it
    was: the artist's name for it is what says it is theirs."""
    head = _head(tmp_path)
    image = refine.head_image(head)
    painted = _paint(image)
    image.name = "Skin final"
    image.save(filepath=str(tmp_path / "skin_final.png"))
    assert not image.is_dirty
    (message,) = _refine(head)
    kept = bpy.data.images["Skin final"]
    assert np.allclose(_pixels(kept), painted, atol=1 / 255) and kept.use_fake_user
    assert refine.head_image(head).name == "Head albedo" and _is_refined(refine.head_image(head))
    assert "has a name of yours: kept as 'Skin final'" in message


def test_an_albedo_saved_to_a_file_is_kept(refined, tmp_path):
    head = _head(tmp_path)
    image = refine.head_image(head)
    painted = _paint(image)
    image.filepath_raw = str(tmp_path / "head_albedo.png")  # Save As: the image now reads from that file
    image.file_format = "PNG"
    image.save()
    (message,) = _refine(head)
    kept = bpy.data.images["Head albedo painted"]
    assert np.allclose(_pixels(kept), painted, atol=1 / 255) and kept.use_fake_user
    assert "was changed since TextFace wrote it" in message and _is_refined(refine.head_image(head))


def test_an_image_of_the_artists_put_in_the_material_is_kept(refined, tmp_path):
    head = _head(tmp_path)
    mine = bpy.data.images.new("Hand painted", 16, 16)
    mine.pixels.foreach_set(np.full(16 * 16 * 4, 0.25, np.float32))
    mine.pack()
    old = refine.head_image(head)
    next(n for n in head.active_material.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage").image = mine
    bpy.data.images.remove(old)
    (message,) = _refine(head)
    assert bpy.data.images["Hand painted"] is mine and mine.use_fake_user and "is not one TextFace made" in message
    assert refine.head_image(head).name == "Head albedo" and _is_refined(refine.head_image(head))


def test_an_albedo_that_cannot_be_told_from_paint_is_kept(refined, tmp_path):
    """A head of an add-on version that did not record its albedo: it may hold paint, so it is kept (once)."""
    head = _head(tmp_path)
    del refine.head_image(head)["textface_albedo_sha256"]
    (message,) = _refine(head)
    assert bpy.data.images["Head albedo before refine"].use_fake_user and "may hold paint" in message
    assert _refine(head) == []  # the refined image has the record


def test_an_unpainted_albedo_reopened_from_a_blend_is_replaced(refined, tmp_path):
    _head(tmp_path)
    blend = str(tmp_path / "plain.blend")
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    bpy.ops.wm.open_mainfile(filepath=blend)
    head = bpy.data.objects["Head"]
    assert _refine(head) == [] and list(bpy.data.images) == [refine.head_image(head)]


def test_refine_selected_reports_where_the_paint_went(refined, tmp_path):
    head = _head(tmp_path)
    _paint(refine.head_image(head))
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    warned = [m for kind, m in op.reports if kind == {"WARNING"}]
    assert len(warned) == 1 and warned[0].startswith("TextFace: Head: its albedo image has paint not saved yet")
    assert "Head albedo painted" in bpy.data.images


def test_a_new_head_never_removes_the_painted_albedo_a_deleted_head_left(addon, tmp_path):
    """Deleting a head leaves its data with 0 users; a new head of that name removes what is TextFace's, but not
    an albedo with paint in it (it takes Blender's ".001" instead)."""
    head = _head(tmp_path)
    painted = _paint(refine.head_image(head))
    bpy.data.objects.remove(head)
    again = _head(tmp_path)
    assert np.array_equal(_pixels(bpy.data.images["Head albedo"]), painted)
    assert refine.head_image(again).name == "Head albedo.001"
    assert again.data.name == "Head"  # the unpainted rest of the deleted head was taken as before
