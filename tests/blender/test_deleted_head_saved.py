"""A head deleted (X) and the .blend saved: none of its data goes into the file.  Before, Blender left out the orphan
mesh (0 users) but wrote the material it still held and that material's albedo (and the hair's): reopened, the file
had a deleted head's material and albedo (a real albedo is megabytes) until it was saved a second time."""
from __future__ import annotations

import bpy
import numpy as np

from backend.io import wire
from blender_textface import api
from conftest import synthetic_arrays
from hair_wire import synthetic_hair


def _heads(tmp_path):
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    return api.import_wire(path, name="Ann"), api.import_wire(path, name="Bob", location=(1, 0, 0))


def _delete(*objects):
    bpy.ops.object.select_all(action="DESELECT")
    for obj in objects:
        obj.select_set(True)
    bpy.context.view_layer.objects.active = objects[0]
    assert bpy.ops.object.delete() == {"FINISHED"}


def _names(collection):
    return sorted(b.name for b in collection)


def test_a_deleted_head_and_hair_leave_nothing_in_the_saved_file(addon, tmp_path):
    ann, bob = _heads(tmp_path)
    _delete(ann, api.hair_of(ann))
    # the user's own orphan: a material of theirs on a mesh of theirs, deleted too (Blender's own behaviour stays)
    mine = bpy.data.meshes.new("Prop")
    mine.materials.append(bpy.data.materials.new("Prop material"))
    blend = tmp_path / "scene.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    bpy.ops.wm.open_mainfile(filepath=str(blend))
    assert _names(bpy.data.objects) == ["Bob", "Bob hair"]
    assert _names(bpy.data.materials) == ["Bob", "Bob hair", "Prop material"]
    assert _names(bpy.data.images) == ["Bob albedo", "Bob hair albedo"]
    assert _names(bpy.data.meshes) == ["Bob", "Bob hair"]
    image = bpy.data.images["Bob albedo"]
    assert image.packed_file is not None and image.size[0] > 0
    assert bpy.data.objects["Bob"].data.materials[0].name == "Bob"


def test_a_painted_albedo_is_kept(addon, tmp_path):
    ann, bob = _heads(tmp_path)
    albedo = next(n.image for n in ann.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
    pixels = np.empty(len(albedo.pixels), np.float32)
    albedo.pixels.foreach_get(pixels)
    pixels[:4] = 0.25
    albedo.pixels.foreach_set(pixels)  # paint, unsaved: the artist's, never removed
    bpy.ops.ed.undo_push(message="painted")
    _delete(bob, api.hair_of(bob))
    _delete(ann)  # (its hair stays: Blender deletes no children)
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "a.blend"))
    assert "Ann albedo" in _names(bpy.data.images)  # painted: kept (as new heads of its name keep it)
    assert "Bob albedo" not in _names(bpy.data.images) and "Bob" not in _names(bpy.data.materials)
    assert "Ann hair" in _names(bpy.data.objects)  # the hair left behind is the user's to remove (the panel offers)


def test_a_delete_undone_after_the_save_brings_the_head_back_whole(addon, tmp_path):
    ann, bob = _heads(tmp_path)
    bpy.ops.ed.undo_push(message="made")
    _delete(bob, api.hair_of(bob))
    bpy.ops.ed.undo_push(message="deleted")
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "a.blend"))
    assert "Bob" not in _names(bpy.data.materials)
    assert bpy.ops.ed.undo() == {"FINISHED"}
    bob = bpy.data.objects["Bob"]
    image = next(n.image for n in bob.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
    assert image.name == "Bob albedo" and image.packed_file is not None and image.size[0] > 0
    assert api.hair_of(bob).name == "Bob hair" and len(bob.data.shape_keys.key_blocks) > 3
