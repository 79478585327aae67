"""A head deleted with Blender's own Delete leaves its hair ("Ann hair", named as left behind); a new head of that
name took the hair name "Ann hair.001" (before), and that name went into the FBX.  The new head's hair now removes
the left-behind hair of its name (mesh, material, image; a painted albedo kept) and takes the names back; a hair still
linked to a live head is never touched."""
from __future__ import annotations

import bpy

from blender_textface import api, hair, head_data
from test_hair_left_behind import _delete_alone, _head
from test_selection_mistakes import _fbx_model_names


def _albedo(obj):
    return next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")


def test_a_new_head_takes_back_the_name_of_the_hair_left_behind(addon, tmp_path):
    _delete_alone(_head(tmp_path, "Ann"))
    (left,) = hair.left_behind()
    ann = _head(tmp_path, "Ann")
    obj = api.hair_of(ann)
    assert (obj.name, obj.data.name, obj.data.materials[0].name, _albedo(obj).name) == (
        "Ann hair", "Ann hair", "Ann hair", "Ann hair albedo")
    assert hair.left_behind() == [] and sorted(o.name for o in bpy.data.objects) == ["Ann", "Ann hair"]
    assert not any(b.name.startswith("Ann hair.") for c in (bpy.data.meshes, bpy.data.materials, bpy.data.images)
                   for b in c)
    assert _fbx_model_names(api.export_fbx([ann], tmp_path / "ann.fbx")) == ["Ann", "Ann hair"]


def test_a_painted_albedo_of_the_hair_left_behind_is_kept(addon, tmp_path):
    old = _head(tmp_path, "Ann")
    image = _albedo(api.hair_of(old))
    image.pixels[0] = 0.5  # paint, unsaved
    assert head_data.albedo_as_written(image) is not True
    _delete_alone(old)
    obj = api.hair_of(_head(tmp_path, "Ann"))
    assert obj.name == "Ann hair" and _albedo(obj).name == "Ann hair albedo"
    assert image.use_fake_user and image.name == "Ann hair albedo painted"


def test_a_hair_of_a_live_head_keeps_its_name(addon, tmp_path):
    """Bob's hair renamed "Ann hair" by hand: Bob is alive, so a new Ann's hair takes "Ann hair.001"."""
    bob = _head(tmp_path, "Bob")
    api.hair_of(bob).name = "Ann hair"
    ann = _head(tmp_path, "Ann")
    assert bpy.data.objects["Ann hair"] == api.hair_of(bob)
    assert api.hair_of(ann).name == "Ann hair.001" and hair.left_behind() == []


def test_generate_takes_the_name_back_and_selects_its_head(fake, tmp_path):
    """The panel's Generate: the left-behind hair, the view layer's first object, is removed mid-build; the operator
    then selects the new head (the layer's list held the removed hair as None until synced)."""
    from backend.io import wire
    from conftest import synthetic_arrays
    from hair_wire import synthetic_hair
    from test_operators import _ended, _harness, _tick_until

    _delete_alone(_head(tmp_path, "Ann"))
    assert [o.name for o in bpy.context.view_layer.objects] == ["Ann hair"]
    fake.payload = wire.to_bytes(wire.pack(**synthetic_arrays(prompt="ann"), hair=synthetic_hair()))  # (its name)
    props = bpy.context.scene.textface
    props.prompt, props.refine, props.hair = "ann", False, True
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    ann = bpy.data.objects["Ann"]
    assert api.hair_of(ann).name == "Ann hair" and hair.left_behind() == []
    assert bpy.context.view_layer.objects.active == ann and ann.select_get()


from test_operators import fake  # noqa: E402,F401 - the fixture
