"""A renamed head's dependants follow its name (head_names.py): its mesh, material and albedo image, its hair object,
mesh, material and image; the artist's own names and shared data stay; a name taken gets Blender's ".001" and the
hair stays the head's; a Shift+D copy's hair takes the copy's name; exports and a saved file hold the new names."""
from __future__ import annotations

import json
import struct

import bpy
import pytest

from backend.io import wire
from blender_textface import api, hair, head_names
from conftest import synthetic_arrays
from hair_wire import synthetic_hair


def _wire(tmp_path):
    return wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))


def _image(obj):
    return next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")


def _names(head):
    """(object, mesh, material, image) names of the head, then of its hair."""
    obj = api.hair_of(head)
    return [(o.name, o.data.name, o.data.materials[0].name, _image(o).name) for o in (head, obj)]


BOB = [("Bob", "Bob", "Bob", "Bob albedo"), ("Bob hair", "Bob hair", "Bob hair", "Bob hair albedo")]


def _rename(head, name):
    head.name = name
    bpy.context.view_layer.update()  # the depsgraph update the UI makes after a rename (Outliner, F2)


def test_renaming_a_head_renames_its_hair_mesh_materials_and_images(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    hair_obj = api.hair_of(head)
    assert _names(head) == [("Ann", "Ann", "Ann", "Ann albedo"), ("Ann hair", "Ann hair", "Ann hair",
                                                                   "Ann hair albedo")]
    _rename(head, "Bob")
    assert _names(head) == BOB
    assert api.hair_of(head) == hair_obj and hair_obj.parent == head and hair_obj[hair.HAIR_PROP] == "Bob"
    drivers = hair_obj.data.shape_keys.animation_data.drivers
    assert drivers and all(v.targets[0].id == head.data for d in drivers for v in d.driver.variables)
    _rename(head, "Guard_01")
    assert [n[0] for n in _names(head)] == ["Guard_01", "Guard_01 hair"]
    assert sorted(bpy.data.materials.keys()) == ["Guard_01", "Guard_01 hair"]
    assert sorted(bpy.data.images.keys()) == ["Guard_01 albedo", "Guard_01 hair albedo"]


def test_the_artists_names_and_shared_data_are_kept(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    head.data.materials[0].name = "Skin_Master"  # renamed on purpose: theirs
    _image(api.hair_of(head)).name = "hair_diffuse"
    other = bpy.data.objects.new("Prop", bpy.data.meshes.new("Prop"))
    bpy.context.scene.collection.objects.link(other)
    other.data.materials.append(api.hair_of(head).data.materials[0])  # the hair's material shared with a prop
    _rename(head, "Bob")
    # each name on its own: the albedo under the renamed material still has TextFace's name for Ann's, so it follows
    assert _names(head) == [("Bob", "Bob", "Skin_Master", "Bob albedo"),
                            ("Bob hair", "Bob hair", "Ann hair", "hair_diffuse")]


def test_a_name_already_taken_gets_blenders_numbering_and_the_hair_stays_the_heads(addon, tmp_path):
    path = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    bpy.data.objects.new("Bob hair", None)  # the artist's empty of that name
    bpy.data.materials.new("Bob")  # and their material
    _rename(head, "Bob")
    obj = api.hair_of(head)
    assert obj is not None and obj.name == "Bob hair.001" and obj.parent == head
    assert head.data.materials[0].name == "Bob.001" and bpy.data.objects["Bob hair"].type == "EMPTY"
    assert _image(head).name == "Bob albedo" and obj.data.name == "Bob hair"
    before = _names(head)
    bpy.context.view_layer.update()
    head_names.follow_all()
    assert _names(head) == before  # stable: no ".002" on the next pass


def test_what_a_deleted_head_left_under_the_new_name_gives_it_up(addon, tmp_path):
    path = _wire(tmp_path)
    bob = api.import_wire(path, name="Bob")
    bob_hair = api.hair_of(bob)
    bpy.data.objects.remove(bob_hair)
    bpy.data.objects.remove(bob)  # Delete: the data stay with 0 users until a purge
    head = api.import_wire(path, name="Ann")
    _rename(head, "Bob")
    assert _names(head) == BOB
    assert len(bpy.data.meshes) == len(bpy.data.materials) == len(bpy.data.images) == 2


def _duplicate(objects):
    bpy.context.view_layer.update()  # (the layer's bases of the new objects: a selection set before is lost)
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in objects)
    bpy.context.view_layer.objects.active = objects[0]
    assert bpy.ops.object.duplicate() == {"FINISHED"}  # Shift+D
    bpy.context.view_layer.update()
    return next(o for o in bpy.context.view_layer.objects if o.select_get() and o.parent is None)


def test_a_duplicated_head_and_hair_take_the_copys_name(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    copy = _duplicate([head, api.hair_of(head)])
    assert copy.name == "Ann.001" and api.hair_of(copy) is not None and api.hair_of(copy) != api.hair_of(head)
    # Blender's default Duplicate Data copies meshes, not materials: the copy shares Ann's, which keep their names
    assert _names(copy) == [("Ann.001", "Ann.001", "Ann", "Ann albedo"),
                            ("Ann.001 hair", "Ann.001 hair", "Ann hair", "Ann hair albedo")]
    assert _names(head) == [("Ann", "Ann", "Ann", "Ann albedo"), ("Ann hair", "Ann hair", "Ann hair",
                                                                  "Ann hair albedo")]


def test_a_duplicate_with_its_own_materials_names_them_after_the_copy(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    bpy.context.preferences.edit.use_duplicate_material = True
    try:
        copy = _duplicate([head, api.hair_of(head)])
    finally:
        bpy.context.preferences.edit.use_duplicate_material = False
    assert [n[:3] for n in _names(copy)] == [("Ann.001", "Ann.001", "Ann.001"),
                                            ("Ann.001 hair", "Ann.001 hair", "Ann.001 hair")]


def _all_names():
    return {c: sorted(getattr(bpy.data, c).keys()) for c in ("objects", "meshes", "materials", "images")}


@pytest.mark.parametrize("kind", ["fbx", "glb"])
@pytest.mark.parametrize("enabled", [True, False], ids=["add-on enabled", "a script without a depsgraph update"])
def test_an_export_after_a_rename_holds_the_new_names_only(bpy_empty, tmp_path, kind, enabled):
    import addon_utils

    head = api.import_wire(_wire(tmp_path), name="Ann")
    if enabled:
        assert addon_utils.enable("blender_textface", default_set=True) is not None
    try:
        head.name = "Bob"
        if enabled:
            bpy.context.view_layer.update()
        out = (api.export_fbx if kind == "fbx" else api.export_glb)([head], tmp_path / f"bob.{kind}", names="ict")
        assert _names(head) == BOB  # the originals keep the new names after the export's temporary ones
    finally:
        if enabled:
            addon_utils.disable("blender_textface", default_set=True)
    data = out.read_bytes()
    assert b"Ann" not in data
    if kind == "glb":
        document = json.loads(data[20:20 + struct.unpack("<I", data[12:16])[0]])
        assert sorted(m["name"] for m in document["materials"]) == ["Bob", "Bob hair"]
        assert sorted(i["name"] for i in document["images"]) == ["bob__Bob_albedo", "bob__Bob_hair_albedo"]  # (file names)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    if kind == "fbx":
        bpy.ops.import_scene.fbx(filepath=str(out))
    else:
        bpy.ops.import_scene.gltf(filepath=str(out))
    found = _all_names()
    assert [n for n in found["objects"] if bpy.data.objects[n].type == "MESH"] == ["Bob", "Bob hair"]
    assert found["materials"] == ["Bob", "Bob hair"]
    assert bpy.data.objects["Bob hair"].parent == bpy.data.objects["Bob"]
    assert not any("Ann" in n for names in found.values() for n in names), found


def test_save_and_reopen_after_a_rename(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    head.name = "Bob"  # by a script: no depsgraph update before the save
    blend = tmp_path / "bob.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    assert _names(head) == BOB  # named before the save
    bpy.ops.wm.open_mainfile(filepath=str(blend))
    assert _names(bpy.data.objects["Bob"]) == BOB and not any("Ann" in n for v in _all_names().values() for n in v)


def test_a_file_saved_with_old_names_is_put_right_when_opened(bpy_empty, tmp_path):
    """A head renamed where the add-on was off (or by an add-on version before this), its names saved so."""
    import addon_utils

    head = api.import_wire(_wire(tmp_path), name="Ann")
    del head[head_names.NAME_PROP]  # as an older add-on version built it
    head.name = "Bob"
    blend = tmp_path / "old.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    assert addon_utils.enable("blender_textface", default_set=True) is not None
    try:
        bpy.ops.wm.open_mainfile(filepath=str(blend))
        assert _names(bpy.data.objects["Bob"]) == BOB
    finally:
        addon_utils.disable("blender_textface", default_set=True)


def test_only_updated_heads_are_looked_at(addon, tmp_path, monkeypatch):
    """The depsgraph handler looks at the objects the update names, not at every head of the file."""
    path = _wire(tmp_path)
    heads = [api.import_wire(path, name=f"Guard_{i:02d}") for i in range(3)]
    bpy.context.view_layer.update()
    looked = []
    real = head_names.needs_following
    monkeypatch.setattr(head_names, "needs_following", lambda obj: looked.append(obj.name) or real(obj))
    heads[1].name = "Captain"
    bpy.context.view_layer.update()
    assert api.hair_of(heads[1]).name == "Captain hair" and "Guard_00" not in looked and "Guard_02" not in looked


def test_a_linked_duplicates_shared_meshes_keep_their_names(addon, tmp_path):
    head = api.import_wire(_wire(tmp_path), name="Ann")
    bpy.context.view_layer.update()
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in (head, api.hair_of(head)))
    bpy.context.view_layer.objects.active = head
    assert bpy.ops.object.duplicate(linked=True) == {"FINISHED"}  # Alt+D: the meshes are shared
    bpy.context.view_layer.update()
    copy = next(o for o in bpy.context.view_layer.objects if o.select_get() and o.parent is None)
    assert _names(copy) == [("Ann.001", "Ann", "Ann", "Ann albedo"),
                            ("Ann.001 hair", "Ann hair", "Ann hair", "Ann hair albedo")]
    _rename(head, "Bob")  # the original renamed: what it shares with the copy stays
    assert _names(head) == [("Bob", "Ann", "Ann", "Ann albedo"), ("Bob hair", "Ann hair", "Ann hair",
                                                                  "Ann hair albedo")]


def test_a_head_renamed_while_the_add_on_was_off_follows_when_it_is_enabled(bpy_empty, tmp_path):
    import addon_utils

    head = api.import_wire(_wire(tmp_path), name="Ann")
    head.name = "Bob"
    bpy.context.view_layer.update()  # (no handler: the add-on is off)
    assert api.hair_of(head).name == "Ann hair"
    assert addon_utils.enable("blender_textface", default_set=True) is not None
    try:
        assert _names(head) == BOB
    finally:
        addon_utils.disable("blender_textface", default_set=True)


def test_undo_and_redo_of_a_rename(addon, tmp_path):
    api.import_wire(_wire(tmp_path), name="Ann")
    bpy.ops.ed.undo_push(message="import")
    _rename(bpy.data.objects["Ann"], "Bob")
    bpy.ops.ed.undo_push(message="rename")
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert _names(bpy.data.objects["Ann"]) == [("Ann", "Ann", "Ann", "Ann albedo"),
                                               ("Ann hair", "Ann hair", "Ann hair", "Ann hair albedo")]
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert _names(bpy.data.objects["Bob"]) == BOB


def test_disabling_the_add_on_removes_its_handlers(bpy_empty):
    import addon_utils

    def ours():
        return [handlers.count(h) for handlers, h in head_names.HANDLERS]

    for _ in range(2):  # enabled again: each handler once
        assert addon_utils.enable("blender_textface", default_set=True) is not None
        assert ours() == [1] * len(head_names.HANDLERS)
        addon_utils.disable("blender_textface", default_set=True)
        assert ours() == [0] * len(head_names.HANDLERS)
