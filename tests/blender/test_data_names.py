"""A new head's mesh, material and image are named after its object, also after heads were deleted (Blender keeps
their data until a purge): what a deleted head left takes no name from a new one; the user's data is never touched."""
from __future__ import annotations

import bpy

from blender_textface import api


def _data_names(head):
    material = head.data.materials[0]
    image = next(n.image for n in material.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
    return head.name, head.data.name, material.name, image.name


def test_deleting_heads_and_generating_again_gives_the_data_their_names_back(bpy_empty, synthetic_wire):
    path = synthetic_wire[0]
    heads = [api.import_wire(path, name="Head"), api.import_wire(path, name="Head")]
    assert [_data_names(h) for h in heads] == [("Head", "Head", "Head", "Head albedo"),
                                               ("Head.001", "Head.001", "Head.001", "Head.001 albedo")]
    for head in heads:  # as the 3D View's Delete does: the object goes, its data stays (0 users) until a purge
        bpy.data.objects.remove(head)
    assert len(bpy.data.meshes) == 2 and bpy.data.meshes["Head"].users == 0
    again = [api.import_wire(path, name="Head"), api.import_wire(path, name="Head")]
    assert [_data_names(h) for h in again] == [("Head", "Head", "Head", "Head albedo"),
                                               ("Head.001", "Head.001", "Head.001", "Head.001 albedo")]
    assert (len(bpy.data.meshes), len(bpy.data.materials), len(bpy.data.images)) == (2, 2, 2)  # leftovers gone


def test_the_users_data_of_that_name_is_never_touched(bpy_empty, synthetic_wire):
    path = synthetic_wire[0]
    mine = bpy.data.meshes.new("Head")  # the user's own, unused (no TextFace mark): theirs to keep
    kept = api.import_wire(path, name="Kept")
    bpy.data.objects.remove(kept)
    bpy.data.meshes["Kept"].use_fake_user = True  # a deleted head's data the user chose to keep
    head = api.import_wire(path, name="Head")
    assert head.name == "Head" and head.data.name == "Head.001" and bpy.data.meshes["Head"] == mine
    again = api.import_wire(path, name="Kept")
    assert again.data.name == "Kept.001" and bpy.data.meshes["Kept"].use_fake_user
    bpy.data.objects.remove(head)
    new = api.import_wire(path, name="Head")  # the name "Head" is the user's mesh's: Blender's ".00N" stays
    assert new.data.name.startswith("Head.") and bpy.data.meshes["Head"] == mine and mine.users == 0
