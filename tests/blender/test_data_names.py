"""A new head's mesh, material and image are named after its object, also after heads were deleted (Blender keeps
their data until a purge): what a deleted head left takes no name from a new one; the user's data is never touched."""
from __future__ import annotations

import bpy

from blender_textface import api
from test_operators import fake  # noqa: F401 (the stand-in service fixture)


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


def _as_made_before_the_mark(head):
    """What an older add-on version built: the same head without the textface_head_data mark."""
    from blender_textface.writer import HEAD_DATA_PROP

    material = head.data.materials[0]
    image = next(n.image for n in material.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
    for block in (head.data, material, image):
        del block[HEAD_DATA_PROP]
    return head


def _delete_and_make_again(path, name):
    bpy.data.objects.remove(bpy.data.objects[name])
    assert bpy.data.meshes[name].users == 0
    return api.import_wire(path, name=name)


def test_an_older_heads_data_in_a_reopened_file_is_recognised_when_it_is_deleted(addon, synthetic_wire, tmp_path):
    path = synthetic_wire[0]
    _as_made_before_the_mark(api.import_wire(path, name="Old"))
    blend = str(tmp_path / "old.blend")
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    bpy.ops.wm.open_mainfile(filepath=blend)  # the add-on sees the file: its heads' data get the mark
    again = _delete_and_make_again(path, "Old")
    assert _data_names(again) == ("Old", "Old", "Old", "Old albedo")
    assert (len(bpy.data.meshes), len(bpy.data.materials), len(bpy.data.images)) == (1, 1, 1)


def test_an_older_head_in_the_scene_when_the_add_on_is_enabled_is_recognised(bpy_empty, synthetic_wire):
    import addon_utils

    path = synthetic_wire[0]
    _as_made_before_the_mark(api.import_wire(path, name="Old"))
    assert addon_utils.enable("blender_textface", default_set=True) is not None
    try:
        again = _delete_and_make_again(path, "Old")
    finally:
        addon_utils.disable("blender_textface", default_set=True)
    assert _data_names(again) == ("Old", "Old", "Old", "Old albedo") and len(bpy.data.meshes) == 1


def test_an_older_head_is_marked_when_the_next_head_is_built(bpy_empty, synthetic_wire):
    """(Appended from another file, say): the next head built marks it, so deleting it later frees its names."""
    path = synthetic_wire[0]
    old = _as_made_before_the_mark(api.import_wire(path, name="Old"))
    api.import_wire(path, name="Other")
    old.data.materials[0].name = "Old.004"  # Blender's numbering of either name does not matter
    again = _delete_and_make_again(path, "Old")
    assert _data_names(again) == ("Old", "Old", "Old", "Old albedo") and len(bpy.data.meshes) == 2


def test_the_users_material_on_an_older_head_is_not_taken_for_the_heads(bpy_empty, synthetic_wire):
    """An artist's own material put on a head (names not TextFace's pair "<name>" / "<name> albedo") is theirs:
    when the head is deleted it is never removed, whatever name the next head has; the mesh is the head's."""
    path = synthetic_wire[0]
    old = _as_made_before_the_mark(api.import_wire(path, name="Old"))
    skin = bpy.data.materials.new("Skin")  # (Blender 5 materials have their node tree from the start)
    texture = skin.node_tree.nodes.new("ShaderNodeTexImage")
    texture.image = bpy.data.images.new("skin_diffuse", 4, 4)
    old.data.materials[0] = skin
    bpy.data.materials.remove(bpy.data.materials["Old"])
    api.import_wire(path, name="Other")  # marks the older head's data
    assert old.data.get("textface_head_data") and not skin.get("textface_head_data")
    again = _delete_and_make_again(path, "Old")  # the deleted head's mesh was its own: removed for the name
    assert again.data.name == "Old" and skin.users == 0
    head = api.import_wire(path, name="Skin")
    assert head.data.materials[0].name == "Skin.001" and bpy.data.materials["Skin"] == skin
    assert "textface_head_data" not in texture.image and texture.image.users == 1


def test_a_refined_heads_new_albedo_keeps_the_mark(fake, synthetic_wire):
    from blender_textface import refine

    head = api.import_wire(synthetic_wire[0], name="Refined")
    api.refine_head(head, "looks tired")
    assert refine.head_image(head).get("textface_head_data")
    again = _delete_and_make_again(synthetic_wire[0], "Refined")
    assert _data_names(again) == ("Refined", "Refined", "Refined", "Refined albedo") and len(bpy.data.images) == 1
