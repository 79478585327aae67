"""Blender's own Delete (X) of a head alone leaves its hair object behind, unparented, its drivers reading nothing:
the panel names such hair and offers *Remove Left-behind Hair* (an undo step), which removes it with the mesh,
material and image only it used.  A hair unparented on purpose (Alt+P), still following its head, is not offered."""
from __future__ import annotations

from types import SimpleNamespace

import bpy

from backend.io import wire
from blender_textface import api, hair, head_data
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_addon import _Layout


def _head(tmp_path, name):
    path = wire.write_wire(tmp_path / f"{name}.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    return api.import_wire(path, name=name)


def _delete_alone(obj):
    """Blender's Delete (X) with only `obj` selected."""
    for other in bpy.context.view_layer.objects:
        other.select_set(False)
    obj.select_set(True)
    bpy.context.view_layer.objects.active = obj
    assert bpy.ops.object.delete() == {"FINISHED"}


def _panel():
    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    labels = [str(k.get("text", "")) for name, _a, k in log if name == "label"]
    buttons = [a[0] for name, a, _k in log if name == "operator"]
    return labels, buttons


def test_the_hair_of_a_head_deleted_alone_is_offered_for_removal(addon, tmp_path):
    ann, bob = _head(tmp_path, "Ann"), _head(tmp_path, "Bob")
    bob_hair = api.hair_of(bob)
    labels, buttons = _panel()
    assert "textface.remove_left_hair" not in buttons and not any("hair left" in t for t in labels)
    assert hair.left_behind() == []
    bpy.ops.object.parent_clear()  # (nothing selected: no change)
    with bpy.context.temp_override(selected_editable_objects=[bob_hair], selected_objects=[bob_hair]):
        bpy.ops.object.parent_clear(type="CLEAR_KEEP_TRANSFORM")  # Alt+P on purpose: still follows Bob
    assert bob_hair.parent is None and hair.left_behind() == []
    _delete_alone(ann)
    (left,) = hair.left_behind()
    assert left.name == "Ann hair" and left.parent is None
    labels, buttons = _panel()
    assert "Head deleted, hair left: Ann hair" in labels and "textface.remove_left_hair" in buttons
    image = next(n.image for n in left.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
    names = (left.data.name, left.data.materials[0].name, image.name)
    assert bpy.ops.textface.remove_left_hair() == {"FINISHED"}
    assert "Ann hair" not in bpy.data.objects
    assert names[0] not in bpy.data.meshes and names[1] not in bpy.data.materials and names[2] not in bpy.data.images
    assert sorted(o.name for o in bpy.data.objects) == ["Bob", "Bob hair"]  # Bob and his (unparented) hair stay
    assert hair.left_behind() == [] and "textface.remove_left_hair" not in _panel()[1]
    assert bpy.ops.textface.remove_left_hair() == {"CANCELLED"}  # nothing left: says so


def test_a_painted_hair_albedo_is_kept(addon, tmp_path):
    ann = _head(tmp_path, "Ann")
    image = next(n.image for n in api.hair_of(ann).data.materials[0].node_tree.nodes
                 if n.bl_idname == "ShaderNodeTexImage")
    image.pixels[0] = 0.5  # paint, unsaved
    assert head_data.albedo_as_written(image) is not True
    _delete_alone(ann)
    assert bpy.ops.textface.remove_left_hair() == {"FINISHED"}
    assert "Ann hair" not in bpy.data.objects
    assert image.use_fake_user and image.name == "Ann hair albedo painted"
