"""A head's hair mesh (wire format version 3's hair group) in real Blender: the `<head> hair` object, a child of
the head whose shape keys follow the head's through drivers; built with the head (all or nothing), replaced by
Refine Selected, removed with the head, exported with it (FBX, GLB).  Older files (version 2) and files without
the group import without hair; a file whose hair group is broken is refused with the reader's message."""
from __future__ import annotations

import json
import struct
import warnings
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, export, hair, importer, refine, writer
from blender_textface.coords import to_blender
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake is the fixture

HEAD_KEYS = ["id_000", "id_001", "id_002", "id_003", "jawOpen", "eyeBlink_L", "eyeBlink_R"]


def _wire(tmp_path, name="h.npz", with_hair=True, **hair_args):
    arrays = wire.pack(**synthetic_arrays(), hair=synthetic_hair(**hair_args) if with_hair else None)
    return wire.write_wire(tmp_path / name, arrays), arrays


def _coords(block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return co.reshape(-1, 3)


def _evaluated(obj) -> np.ndarray:
    depsgraph = bpy.context.evaluated_depsgraph_get()
    depsgraph.update()
    mesh = obj.evaluated_get(depsgraph).data
    co = np.empty(len(mesh.vertices) * 3, np.float32)
    mesh.vertices.foreach_get("co", co)
    return co.reshape(-1, 3)


def _counts():
    return {name: len(getattr(bpy.data, name)) for name in ("objects", "meshes", "materials", "images", "shape_keys")}


def _image_of(obj):
    return next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")


def test_hair_imports_as_a_child_with_the_heads_keys(bpy_empty, tmp_path):
    path, arrays = _wire(tmp_path)
    head = api.import_wire(path, name="Ann", location=(1.0, 2.0, 3.0))
    obj = api.hair_of(head)
    assert obj is not None and obj.name == "Ann hair" and obj.parent == head
    assert tuple(obj.location) == (0.0, 0.0, 0.0)
    assert obj.matrix_parent_inverse == obj.matrix_parent_inverse.Identity(4)
    assert list(obj.users_collection) == list(head.users_collection)
    bpy.context.view_layer.update()
    np.testing.assert_allclose(np.asarray(obj.matrix_world.translation), (1.0, 2.0, 3.0), atol=1e-6)
    mesh = obj.data
    assert mesh.name == "Ann hair" and (len(mesh.vertices), len(mesh.polygons)) == (6, 2)
    loops = np.empty(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", loops)
    np.testing.assert_array_equal(loops, arrays["hair_face_vertices"])
    uv = np.empty(len(mesh.loops) * 2, np.float32)
    mesh.uv_layers["UVMap"].uv.foreach_get("vector", uv)
    np.testing.assert_allclose(uv.reshape(-1, 2), arrays["hair_loop_uvs"], atol=1e-7)

    blocks = mesh.shape_keys.key_blocks
    assert [b.name for b in blocks] == ["Basis"] + HEAD_KEYS
    basis = to_blender(arrays["hair_vertices"])
    np.testing.assert_allclose(_coords(blocks["Basis"]), basis, atol=1e-7)
    anchor = arrays["hair_anchor"]
    np.testing.assert_allclose(_coords(blocks["id_002"]), basis + to_blender(arrays["identity_basis"][2, anchor]),
                               atol=1e-6)
    np.testing.assert_allclose(_coords(blocks["jawOpen"]), basis + to_blender(arrays["expression_basis"][0, anchor]),
                               atol=1e-6)

    material = mesh.materials[0]
    assert material.name == "Ann hair" and material != head.data.materials[0]
    bsdf = next(n for n in material.node_tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    image = bsdf.inputs["Base Color"].links[0].from_node.image
    assert image.name == "Ann hair albedo" and image.packed_file is not None and tuple(image.size) == (8, 8)
    assert bsdf.inputs["Alpha"].links[0].from_socket.name == "Alpha"  # coverage drawn as alpha
    assert material.surface_render_method == "DITHERED" and material.blend_method == "HASHED"
    px = np.empty(8 * 8 * 4, np.float32)
    image.pixels.foreach_get(px)
    px = px.reshape(8, 8, 4)  # wire row 0 (top: opaque brown) is Blender's last row
    np.testing.assert_allclose(px[-1, 0], [60 / 255, 40 / 255, 20 / 255, 1.0], atol=1e-3)
    assert px[0, 0, 3] == 0.0
    for block in (mesh, material, image):
        assert block.get(writer.HEAD_DATA_PROP) and not block.get(writer.BUILDING_PROP)
    assert writer.SIDECAR_PROP not in obj  # not a head: refine and export take the head


def test_rgb_hair_albedo_is_opaque(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path, alpha=False)
    obj = api.hair_of(api.import_wire(path))
    bsdf = next(n for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    assert not bsdf.inputs["Alpha"].links and _image_of(obj).packed_file is not None


def test_no_hair_group_no_hair_object(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path, with_hair=False)
    before = _counts()
    head = api.import_wire(path)
    assert api.hair_of(head) is None and list(head.children) == []
    assert _counts()["objects"] == before["objects"] + 1


def test_import_without_hair_when_asked(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, hair=False)
    assert api.hair_of(head) is None and len(bpy.data.objects) == 1
    with pytest.raises(TypeError, match="hair must be True or False"):
        api.import_wire(path, hair="no")


def test_version_2_file_imports_without_hair(bpy_empty, tmp_path):
    disk = wire.encode(wire.pack(**synthetic_arrays()))
    disk["wire_version"] = np.asarray(2, np.int32)
    path = tmp_path / "v2.npz"
    wire.save_npz(path, disk)
    head = api.import_wire(path)
    assert api.hair_of(head) is None and len(bpy.data.objects) == 1
    assert [b.name for b in head.data.shape_keys.key_blocks] == ["Basis"] + HEAD_KEYS


def test_broken_hair_is_refused_with_the_readers_message(bpy_empty, tmp_path):
    disk = wire.encode(wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    disk["hair_anchor"] = disk["hair_anchor"] + 100  # beyond the head's 17 vertices
    path = tmp_path / "broken.npz"
    wire.save_npz(path, disk)
    before = _counts()
    with pytest.raises(api.ImportFailed, match="cannot import the head: hair_anchor out of range"):
        api.import_wire(path)
    del disk["hair_albedo"]
    wire.save_npz(path, disk)
    with pytest.raises(api.ImportFailed, match=r"hair mesh incomplete \(missing hair_albedo\)"):
        api.import_wire(path)
    assert _counts() == before


def test_light_head_hair_has_the_identity_baked(bpy_empty, tmp_path):
    path, arrays = _wire(tmp_path)
    head = api.import_wire(path, identity_keys=False)
    obj = api.hair_of(head)
    blocks = obj.data.shape_keys.key_blocks
    assert [b.name for b in blocks] == ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R"]
    anchor = arrays["hair_anchor"]
    baked = arrays["hair_vertices"] + np.tensordot(arrays["identity"], arrays["identity_basis"][:, anchor], axes=1)
    np.testing.assert_allclose(_coords(blocks["Basis"]), to_blender(baked), atol=1e-5)
    np.testing.assert_allclose(_coords(blocks["eyeBlink_L"]),
                               to_blender(baked + arrays["expression_basis"][1, anchor]), atol=1e-5)


def test_hair_follows_the_heads_keys(bpy_empty, tmp_path):
    path, arrays = _wire(tmp_path)
    head = api.import_wire(path)
    obj = api.hair_of(head)
    anchor = arrays["hair_anchor"]
    # the head's own evaluated vertices at the anchors move exactly as the hair's do
    before_hair, before_head = _evaluated(obj), _evaluated(head)[anchor]
    blocks = head.data.shape_keys.key_blocks
    blocks["jawOpen"].value = 0.85
    blocks["id_001"].value = 3.0
    after_hair, after_head = _evaluated(obj), _evaluated(head)[anchor]
    moved = to_blender((0.85 - 0.25) * arrays["expression_basis"][0, anchor]
                       + (3.0 + 1.25) * arrays["identity_basis"][1, anchor])
    np.testing.assert_allclose(after_hair - before_hair, moved, atol=1e-5)
    np.testing.assert_allclose(after_hair - before_hair, after_head - before_head, atol=1e-5)
    assert np.abs(moved).max() > 0.01
    # a muted head key shows nothing on the head: nor on the hair
    blocks["jawOpen"].mute = True
    muted_hair, muted_head = _evaluated(obj), _evaluated(head)[anchor]
    np.testing.assert_allclose(muted_hair - after_hair, muted_head - after_head, atol=1e-5)
    assert np.abs(muted_hair - after_hair).max() > 0.001
    blocks["jawOpen"].mute = False
    # the values as the head's (beyond the head's default slider range too: the hair's is Blender's widest)
    blocks["id_001"].slider_max = 8.0
    blocks["id_001"].value = 7.5
    _evaluated(obj)
    assert obj.data.shape_keys.key_blocks["id_001"].value == pytest.approx(7.5)


def test_a_failure_building_the_hair_leaves_nothing(bpy_empty, tmp_path, monkeypatch):
    path, _ = _wire(tmp_path)
    before = _counts()

    def broken(obj, head):
        raise RuntimeError("driver failed")

    monkeypatch.setattr(hair, "follow_head", broken)
    with pytest.raises(RuntimeError, match="driver failed"):
        api.import_wire(path)
    assert _counts() == before


def test_cancel_while_the_hair_is_built_leaves_nothing(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    plans = [importer.read_plan(path)]
    before = _counts()
    steps = api.import_plans_stepwise(plans, (0.0, 0.0, 0.0), lambda: bpy.context.scene.collection)
    while not any(o.name.endswith(" hair") for o in bpy.data.objects):  # one piece at a time, into the hair's
        assert not steps.advance(0.0)
    steps.close()
    assert _counts() == before
    steps = api.import_plans_stepwise(plans, (0.0, 0.0, 0.0), lambda: bpy.context.scene.collection)
    n = 1
    while not steps.advance(0.0):
        n += 1
    # every piece of the head and the hair is counted (the progress bar ends at 100%)
    assert n == steps.pieces and api.hair_of(steps.result[0]) is not None


def test_remove_head_takes_its_hair_and_gives_the_names_back(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    before = _counts()
    head = api.import_wire(path, name="Ann")
    export.remove_head(head)
    assert _counts() == before
    # a head the user deleted with its hair (the object only: Blender keeps the data until a purge): a new head
    # of that name takes the hair's names back
    head = api.import_wire(path, name="Ann")
    bpy.data.objects.remove(api.hair_of(head))
    bpy.data.objects.remove(head)
    head = api.import_wire(path, name="Ann")
    obj = api.hair_of(head)
    assert (obj.name, obj.data.name, obj.data.materials[0].name, _image_of(obj).name) == \
        ("Ann hair", "Ann hair", "Ann hair", "Ann hair albedo")
    assert _counts()["meshes"] == before["meshes"] + 2 and _counts()["images"] == before["images"] + 2


def _refine_result(with_hair=True, shift=20.0):
    arrays = synthetic_arrays()
    arrays["identity"] = arrays["identity"] + 0.5
    arrays["sidecar"]["refinement"] = {"status": "done"}
    return wire.to_bytes(wire.pack(**arrays, hair=synthetic_hair(shift=shift) if with_hair else None))


@pytest.mark.parametrize("light", [False, True])
def test_refine_replaces_the_hair(bpy_empty, tmp_path, light):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann", identity_keys=not light)
    before = _counts()
    refine.apply_refinement(head, _refine_result())
    obj = api.hair_of(head)
    assert len(hair.hair_objects(head)) == 1 and obj.name == "Ann hair" and obj.parent == head
    assert obj.users_collection == head.users_collection and not obj.get(writer.BUILDING_PROP)
    basis = _coords(obj.data.shape_keys.key_blocks["Basis"])
    assert basis[0, 0] == pytest.approx(0.2, abs=0.02)  # the result's hair (shifted 20 cm along X)
    assert (obj.data.name, obj.data.materials[0].name, _image_of(obj).name) == ("Ann hair", "Ann hair",
                                                                             "Ann hair albedo")
    assert _counts() == before  # the old hair's object, mesh, keys, material and image went
    # the new hair follows the head
    first = _evaluated(obj)
    head.data.shape_keys.key_blocks["jawOpen"].value = 1.0
    assert np.abs(_evaluated(obj) - first).max() > 0.001


def test_refine_removes_and_adds_hair(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    with_hair = _counts()
    refine.apply_refinement(head, _refine_result(with_hair=False))
    assert api.hair_of(head) is None
    assert _counts() == {k: v - 1 for k, v in with_hair.items()}  # its object, mesh, keys, material, image
    refine.apply_refinement(head, _refine_result(with_hair=True))
    assert api.hair_of(head).name == "Ann hair" and _counts() == with_hair


def test_refine_keeps_a_painted_hair_albedo(bpy_empty, tmp_path, fake):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    painted = _image_of(api.hair_of(head))
    px = np.empty(8 * 8 * 4, np.float32)
    painted.pixels.foreach_get(px)
    px[:16] = 1.0
    painted.pixels.foreach_set(px)
    fake.payload = _refine_result()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.refine_head(head, "looks tired")
    notes = [str(w.message) for w in caught if issubclass(w.category, api.AlbedoKept)]
    assert painted.name == "Ann hair albedo painted" and painted.use_fake_user
    assert not painted.get(writer.HEAD_DATA_PROP)
    assert _image_of(api.hair_of(head)).name == "Ann hair albedo"
    assert len(notes) == 1 and "hair albedo" in notes[0] and "Ann hair albedo painted" in notes[0]


def test_refine_refused_while_the_hair_is_in_edit_mode(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    obj = api.hair_of(head)
    bpy.context.view_layer.objects.active = obj
    bpy.ops.object.mode_set(mode="EDIT")
    try:
        with pytest.raises(ValueError, match="Ann hair is in Edit Mode"):
            refine.check_editable(head)
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")


def test_crowd_each_head_its_own_hair(fake):
    fake.payload = wire.to_bytes(wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    heads = api.generate_heads("a small synthetic test head", seed=4, variations=3, refine=False, name="Row")
    hairs = [api.hair_of(h) for h in heads]
    assert [h.name for h in hairs] == [f"Row seed {s} hair" for s in (4, 5, 6)]
    assert [h.parent for h in hairs] == heads and len({h.data.materials[0] for h in hairs}) == 3
    heads[1].data.shape_keys.key_blocks["jawOpen"].value = 1.0  # only its own hair follows
    for obj in hairs:
        _evaluated(obj)
    assert [o.data.shape_keys.key_blocks["jawOpen"].value for o in hairs] == pytest.approx([0.25, 1.0, 0.25])
    for h in heads:
        export.remove_head(h)
    assert [o for o in bpy.data.objects] == []


@pytest.mark.parametrize("with_hair", [True, False])
def test_generate_heads_hair_false_asks_the_service_for_no_hair(fake, with_hair):
    """hair=False sends hair="none" (the backend makes no hair mesh); True sends nothing (a service from before
    hair meshes refuses the field)."""
    heads = api.generate_heads("a small synthetic test head", variations=2, refine=False, hair=with_hair)
    assert len(heads) == 2
    assert [opts.get("hair") for _, _, opts in fake.submitted] == [None if with_hair else "none"] * 2
    api.generate_head("a small synthetic test head", refine=False, hair=with_hair)
    assert fake.submitted[-1][2].get("hair") == (None if with_hair else "none")


def test_hair_of_refuses_what_is_no_object(bpy_empty):
    with pytest.raises(TypeError, match="expected a head object"):
        api.hair_of("Ann")


def test_fbx_exports_the_hair_with_its_morphs_and_texture(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    head.data.shape_keys.key_blocks["id_000"].value = 0.0
    obj = api.hair_of(head)
    obj.select_set(True)  # selected with its head: exported once, as its child
    fbx = api.export_fbx([head, obj], tmp_path / "ann.fbx")
    assert (head.name, obj.name, obj.data.name) == ("Ann", "Ann hair", "Ann hair")  # names given back
    assert api.hair_of(head) == obj and len(bpy.data.objects) == 2
    with open(fbx, "rb") as f:
        data = f.read()
    assert b"ann.fbm/ann__Ann_hair_albedo.png" in data.replace(b"\\", b"/")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(fbx))
    meshes = {o.name: o for o in bpy.data.objects if o.type == "MESH"}
    assert sorted(meshes) == ["Ann", "Ann hair"] and meshes["Ann hair"].parent == meshes["Ann"]
    names = [b.name for b in meshes["Ann hair"].data.shape_keys.key_blocks]
    assert names == [b.name for b in meshes["Ann"].data.shape_keys.key_blocks] == \
        ["Basis", "jawOpen", "eyeBlinkLeft", "eyeBlinkRight"]
    images = {n.image.name for m in meshes["Ann hair"].data.materials
              for n in m.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage" and n.image is not None}
    assert any(name.startswith("Ann hair albedo") for name in images)
    assert len(meshes["Ann hair"].data.vertices) == 6


def test_fbx_hair_is_baked_as_the_head_shows(bpy_empty, tmp_path):
    """The exported hair's Basis holds the identity as the head shows it (its keys at the head's values)."""
    path, arrays = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    head.data.shape_keys.key_blocks["id_002"].value = -2.0
    fbx = api.export_fbx([head], tmp_path / "ann.fbx")
    identity = arrays["identity"].copy()
    identity[2] = -2.0
    anchor = arrays["hair_anchor"]
    shown = arrays["hair_vertices"] + np.tensordot(identity, arrays["identity_basis"][:, anchor], axes=1)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(fbx))
    obj = bpy.data.objects["Ann hair"]
    basis = _coords(obj.data.shape_keys.key_blocks["Basis"])
    world = np.asarray(obj.matrix_world)
    basis = basis @ world[:3, :3].T + world[:3, 3]
    np.testing.assert_allclose(basis, to_blender(shown), atol=1e-4)


def test_glb_exports_the_hair_with_its_morphs_and_texture(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    glb = api.export_glb([head], tmp_path / "ann.glb", names="ict")
    with open(glb, "rb") as f:
        assert f.read(4) == b"glTF"
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(glb))
    meshes = {o.name: o for o in bpy.data.objects if o.type == "MESH"}
    assert sorted(meshes) == ["Ann", "Ann hair"] and meshes["Ann hair"].parent == meshes["Ann"]
    assert [b.name for b in meshes["Ann hair"].data.shape_keys.key_blocks] == \
        ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R"]
    images = [n.image for m in meshes["Ann hair"].data.materials
              for n in m.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage" and n.image is not None]
    assert images and tuple(images[0].size) == (8, 8)
    with open(glb, "rb") as f:  # the coverage as glTF alpha
        data = f.read()
    document = json.loads(data[20:20 + struct.unpack("<I", data[12:16])[0]])
    assert {m["name"]: m.get("alphaMode") for m in document["materials"]} == {"Ann hair": "MASK", "Ann": None}


def test_hair_in_a_scene_of_another_unit_scale(bpy_empty, tmp_path):
    """Built in the scene's units as the head is (0.01: centimetres), and exported in metres beside it."""
    path, arrays = _wire(tmp_path)
    bpy.context.scene.unit_settings.scale_length = 0.01
    head = api.import_wire(path, name="Ann", location=(10.0, 0.0, 0.0))
    obj = api.hair_of(head)
    np.testing.assert_allclose(_coords(obj.data.shape_keys.key_blocks["Basis"]),
                               to_blender(arrays["hair_vertices"]) * 100.0, atol=1e-4)
    glb = api.export_glb([head], tmp_path / "ann.glb")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(glb))
    obj = bpy.data.objects["Ann hair"]
    bpy.context.view_layer.update()
    world = np.asarray(obj.matrix_world)
    co = _coords(obj.data.shape_keys.key_blocks["Basis"]) @ world[:3, :3].T + world[:3, 3]
    anchor = arrays["hair_anchor"]  # (the export bakes the identity as the head shows it)
    shown = to_blender(arrays["hair_vertices"] + np.tensordot(arrays["identity"], arrays["identity_basis"][:, anchor],
                                                              axes=1))
    np.testing.assert_allclose(co[:, 1:], shown[:, 1:], atol=1e-5)
    np.testing.assert_allclose(co[:, 0] - 0.1, shown[:, 0], atol=1e-5)  # the head's 10 cm in metres


def _panel_labels() -> str:
    from test_addon import _Layout

    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    return " | ".join(str(k.get("text", "")) for name, args, k in log if name == "label")


@pytest.mark.parametrize("with_hair", [True, False])
def test_generate_button_brings_the_hair_unless_unticked(fake, with_hair):
    arrays = synthetic_arrays()
    arrays["sidecar"]["hair"] = {"style": "loose", "length": "very_long", "stated": True}
    fake.payload = wire.to_bytes(wire.pack(**arrays, hair=synthetic_hair()))
    props = bpy.context.scene.textface
    props.variations, props.refine, props.hair = 2, False, with_hair
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    heads = [o for o in bpy.data.objects if writer.SIDECAR_PROP in o]
    assert len(heads) == 2 and all((api.hair_of(h) is not None) == with_hair for h in heads)
    assert len(bpy.data.objects) == (4 if with_hair else 2)
    # unticked, the service is asked for no hair mesh (hair="none"), not only the import skipped
    assert [opts.get("hair") for _, _, opts in fake.submitted] == [None if with_hair else "none"] * 2
    active = bpy.context.view_layer.objects.active
    labels = _panel_labels()
    if with_hair:
        assert f"Hair: very long, loose ({active.name} hair)" in labels
        bpy.context.view_layer.objects.active = api.hair_of(active)  # the hair selected: its head's line
        assert f"Hair: very long, loose ({active.name} hair)" in _panel_labels()
    else:
        assert "Hair:" not in labels


def test_import_operator_hair_option(addon, tmp_path):
    path, _ = _wire(tmp_path)
    assert bpy.ops.textface.import_wire(filepath=str(path), hair=False) == {"FINISHED"}
    assert len(bpy.data.objects) == 1
    assert bpy.ops.textface.import_wire(filepath=str(path)) == {"FINISHED"}
    head = next(o for o in bpy.data.objects if o.children)
    assert api.hair_of(head).name == f"{head.name} hair"


def test_hair_follows_after_save_and_reopen_with_scripts_off(bpy_empty, tmp_path):
    """The drivers are kept in the .blend and run in a file opened with auto-run off (no Python expression)."""
    path, arrays = _wire(tmp_path)
    api.import_wire(path, name="Ann")
    blend = tmp_path / "ann.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    bpy.ops.wm.open_mainfile(filepath=str(blend), use_scripts=False)
    head = bpy.data.objects["Ann"]
    obj = api.hair_of(head)
    before = _evaluated(obj)
    head.data.shape_keys.key_blocks["eyeBlink_L"].value = 0.0  # was 1.0
    np.testing.assert_allclose(_evaluated(obj) - before,
                               -to_blender(arrays["expression_basis"][1, arrays["hair_anchor"]]), atol=1e-5)
    assert all(b.driver.is_valid and b.driver.is_simple_expression for b in obj.data.shape_keys.animation_data.drivers)
    head.data.shape_keys.key_blocks["id_000"].mute = True  # was 2.5
    np.testing.assert_allclose(_evaluated(obj) - before,
                               -to_blender(arrays["expression_basis"][1, arrays["hair_anchor"]]
                                           + 2.5 * arrays["identity_basis"][0, arrays["hair_anchor"]]), atol=1e-5)


def test_an_undo_mid_build_takes_the_half_built_hair_and_the_heads_are_built_again(bpy_empty, tmp_path):
    """An undo (or redo, or file load) while the hair is built: the handler removes every datablock marked as
    being built, the hair's too, and the build starts again from the plans (as for a head without hair)."""
    path, _ = _wire(tmp_path)
    steps = api.import_plans_stepwise([importer.read_plan(path, name="Ann")], (0.0, 0.0, 0.0),
                                      lambda: bpy.context.scene.collection)
    while "Ann hair" not in bpy.data.objects:
        assert not steps.advance(0.0)
    assert writer.remove_unfinished() >= 8  # both objects, meshes, materials, images
    assert len(bpy.data.objects) == len(bpy.data.meshes) == len(bpy.data.images) == 0
    while not steps.advance(0.0):
        pass
    (head,) = steps.result
    assert head.name == "Ann" and api.hair_of(head).name == "Ann hair" and len(bpy.data.objects) == 2
    assert not any(b.get(writer.BUILDING_PROP) for c in (bpy.data.objects, bpy.data.meshes, bpy.data.materials,
                                                         bpy.data.images) for b in c)


@pytest.mark.parametrize("light", [False, True])
def test_refined_hair_is_built_in_the_heads_units(fake, tmp_path, light):
    """A head built in a scene of unit scale 0.01 gets its refined hair in those units (its own, kept in
    textface_unit_scale), also after the scene's scale changed."""
    path, _ = _wire(tmp_path)
    bpy.context.scene.unit_settings.scale_length = 0.01
    head = api.import_wire(path, name="Ann", identity_keys=not light)
    bpy.context.scene.unit_settings.scale_length = 1.0
    fake.payload = _refine_result(shift=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.refine_head(head, "looks tired")
    basis = _coords(api.hair_of(head).data.shape_keys.key_blocks["Basis"])
    rest = synthetic_hair()["vertices"]
    if light:  # the result's identity baked (synthetic_arrays' identity + 0.5)
        arrays = wire.read_wire(fake.payload)
        rest = rest + np.tensordot(arrays["identity"], arrays["identity_basis"][:, arrays["hair_anchor"]], axes=1)
    np.testing.assert_allclose(basis, to_blender(rest) * 100.0, atol=1e-3)


def test_refined_hair_has_only_the_keys_the_head_still_has(bpy_empty, tmp_path):
    """An expression key the artist deleted from the head: the refined hair has none of that name (a key with
    no head key to follow would hold its value for ever); the others follow the head's values as they are."""
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    blocks = head.data.shape_keys.key_blocks
    head.shape_key_remove(blocks["eyeBlink_R"])
    blocks["jawOpen"].value = 0.6  # the artist's pose (the result says 0.25)
    refine.apply_refinement(head, _refine_result())
    obj = api.hair_of(head)
    hair_blocks = obj.data.shape_keys.key_blocks
    assert [b.name for b in hair_blocks] == [b.name for b in blocks] and "eyeBlink_R" not in hair_blocks
    assert hair_blocks["jawOpen"].value == pytest.approx(0.6)
    _evaluated(obj)
    assert all(d.driver.is_valid for d in obj.data.shape_keys.animation_data.drivers)
    assert hair_blocks["jawOpen"].value == pytest.approx(0.6)


def test_variations_are_spaced_by_the_hair_too(bpy_empty, tmp_path):
    """Hair wider than the head (here 1 m out to the side) widens the spacing of heads side by side."""
    wide = synthetic_hair()
    wide["vertices"][2, 0] = 100.0  # cm
    arrays = wire.pack(**synthetic_arrays(), hair=wide)
    heads = api.import_payloads([wire.to_bytes(arrays)] * 2)
    bpy.context.view_layer.update()
    assert heads[1].location.x - heads[0].location.x == pytest.approx(1.25 * 1.0, abs=1e-4)  # 0..100 cm


def test_refine_keeps_a_renamed_hair_albedo(bpy_empty, tmp_path):
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    mine = _image_of(api.hair_of(head))
    mine.name = "my hair texture"
    refine.apply_refinement(head, _refine_result())
    assert mine.name == "my hair texture" and mine.use_fake_user and not mine.get(writer.HEAD_DATA_PROP)
    assert _image_of(api.hair_of(head)).name == "Ann hair albedo"
    assert "kept as 'my hair texture'" in refine.take_albedo_note(head)


def test_the_hair_selected_stands_for_its_head(fake, tmp_path):
    """A click on a head often lands on its hair (it covers the scalp): Refine Selected refines the head, an
    export writes the head with its hair."""
    path, _ = _wire(tmp_path)
    head = api.import_wire(path, name="Ann")
    obj = api.hair_of(head)
    fbx = api.export_fbx([obj], tmp_path / "ann.fbx")
    fake.payload = _refine_result()
    bpy.context.view_layer.objects.active = obj
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert head["textface_sidecar"] and '"refinement"' in head["textface_sidecar"]
    assert api.hair_of(head).name == "Ann hair" and api.hair_of(head) != obj  # the result's hair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert api.refine_head(api.hair_of(head), "looks tired") is head
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(fbx))
    assert sorted(o.name for o in bpy.data.objects) == ["Ann", "Ann hair"]
