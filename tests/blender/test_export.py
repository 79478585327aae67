"""FBX and GLB export, then re-import in real Blender: keys (count, names, offsets), texture, originals kept."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api
from blender_textface.arkit_names import arkit_name
from blender_textface.coords import to_blender
from blender_textface.export import ExportFailed


def _world_coords(obj, block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    m = np.array(obj.matrix_world, np.float64)
    co = co.reshape(-1, 3).astype(np.float64)
    return co @ m[:3, :3].T + m[:3, 3]


def _reimport(path) -> bpy.types.Object:
    before = set(bpy.data.objects)
    if path.suffix == ".fbx":
        bpy.ops.import_scene.fbx(filepath=str(path))
    else:
        bpy.ops.import_scene.gltf(filepath=str(path))
    new = [o for o in bpy.data.objects if o not in before and o.type == "MESH"]
    assert len(new) == 1, new
    return new[0]


def _expected_identity(arrays) -> np.ndarray:
    """Neutral + sum of identity offsets at their values, in Blender coordinates."""
    shape = arrays["neutral"] + np.einsum("k,kvc->vc", arrays["identity"], arrays["identity_basis"])
    return to_blender(shape).astype(np.float64)


def _texture_image(obj):
    for slot in obj.material_slots:
        for node in slot.material.node_tree.nodes:
            if node.bl_idname == "ShaderNodeTexImage" and node.image is not None:
                return node.image
    return None


@pytest.mark.parametrize("suffix", [".fbx", ".glb"])
def test_default_export_bakes_identity_and_keeps_expressions(bpy_empty, synthetic_wire, tmp_path, suffix):
    path, arrays = synthetic_wire
    head = api.import_wire(path, location=(0.5, 0.0, 0.0))
    keys_before = [b.name for b in head.data.shape_keys.key_blocks]
    out = (api.export_fbx if suffix == ".fbx" else api.export_glb)([head], tmp_path / f"head{suffix}")
    # the original is untouched and no temporary datablock is left
    assert head.name == "A small synthetic test head" and [b.name for b in head.data.shape_keys.key_blocks] == keys_before
    assert len(bpy.data.objects) == 1 and len(bpy.data.meshes) == 1 and len(bpy.data.collections) == 0

    back = _reimport(out)
    names = [b.name for b in back.data.shape_keys.key_blocks]
    assert names[1:] == [arkit_name(n) for n in arrays["expression_names"]]  # (no split pair here)
    basis = _world_coords(back, back.data.shape_keys.reference_key)
    expected = _expected_identity(arrays) + [0.5, 0.0, 0.0]
    # exporters may reorder or split vertices (glTF splits at UV seams): match each re-imported vertex
    # to its original by position, then compare every expression's offsets through that matching
    idx, dist = _nearest(basis, expected)
    assert dist.max() < 1e-5, dist.max()
    assert len(set(idx.tolist())) == len(expected)  # every original vertex arrived
    for k, name in enumerate(arrays["expression_names"]):
        offset = _world_coords(back, back.data.shape_keys.key_blocks[arkit_name(name)]) - basis
        want = to_blender(arrays["expression_basis"][k]).astype(np.float64)[idx]
        assert np.abs(offset - want).max() < 1e-5, name
    image = _texture_image(back)
    assert image is not None and tuple(image.size) == (16, 16)
    assert image.packed_file is not None or image.has_data


def _nearest(points: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = ((points[:, None, :] - reference[None, :, :]) ** 2).sum(-1)
    idx = d.argmin(1)
    return idx, np.sqrt(d[np.arange(len(points)), idx])


def test_keep_identity_keys_exports_all_keys(bpy_empty, synthetic_wire, tmp_path):
    path, arrays = synthetic_wire
    head = api.import_wire(path)
    out = api.export_fbx([head], tmp_path / "all.fbx", keep_identity_keys=True)
    back = _reimport(out)
    names = [b.name for b in back.data.shape_keys.key_blocks]
    assert names[1:] == [f"id_{k:03d}" for k in range(4)] + [arkit_name(n) for n in arrays["expression_names"]]


def test_real_head_fbx_roundtrip(bpy_empty, real_wire, tmp_path):
    arrays = wire.read_wire(real_wire)
    head = api.import_wire(real_wire)
    out = api.export_fbx([head], tmp_path / "real.fbx", names="ict")  # ARKit names: test_export_arkit_names.py
    back = _reimport(out)
    assert len(back.data.vertices) == 26719  # FBX keeps the vertex order
    blocks = back.data.shape_keys.key_blocks
    assert [b.name for b in blocks][1:] == list(arrays["expression_names"]) and len(blocks) == 54
    basis = _world_coords(back, back.data.shape_keys.reference_key)
    err = np.abs(basis - _expected_identity(arrays)).max()
    errs = [np.abs(_world_coords(back, blocks[n]) - basis - to_blender(arrays["expression_basis"][k])).max()
            for k, n in enumerate(arrays["expression_names"])]
    print(f"FBX round trip: basis max error {err:.2e} m, expression offsets max error {max(errs):.2e} m")
    assert err < 1e-5 and max(errs) < 1e-5
    assert blocks["jawOpen"].value == pytest.approx(0.4, abs=1e-3)
    assert _texture_image(back).size[0] == 1024


def test_export_errors(bpy_empty, synthetic_wire, tmp_path):
    with pytest.raises(ExportFailed, match="nothing to export"):
        api.export_fbx([], tmp_path / "x.fbx")
    head = api.import_wire(synthetic_wire[0])
    with pytest.raises(ExportFailed, match="must end with .fbx"):
        api.export_fbx([head], tmp_path / "x.obj")
    with pytest.raises(ExportFailed, match="does not exist"):
        api.export_glb([head], tmp_path / "missing" / "x.glb")


def _fbx_tree(path):
    from io_scene_fbx import parse_fbx

    root, _version = parse_fbx.parse(str(path))
    return {e.id: e for e in root.elems}


def _p70(element) -> dict:
    props = next(e for e in element.elems if e.id == b"Properties70")
    return {p.props[0].decode(): p.props[4:] for p in props.elems}


def test_fbx_for_engines_is_y_up_metres_unrotated_smoothed_textured(bpy_empty, synthetic_wire, tmp_path):
    """What Unity and Unreal read from the file itself: axes and unit in GlobalSettings, no object
    rotation/scale (the axis change is baked into the vertices), per-face smoothing, the embedded image,
    expression morph targets with their names and weights, no identity targets."""
    path, arrays = synthetic_wire
    head = api.import_wire(path, location=(0.5, 0.0, 0.0))
    tree = _fbx_tree(api.export_fbx([head], tmp_path / "engine.fbx"))
    settings = _p70(tree[b"GlobalSettings"])
    axes = {k: settings[k][0] for k in ("UpAxis", "UpAxisSign", "FrontAxis", "FrontAxisSign", "CoordAxis",
                                        "CoordAxisSign")}
    assert axes == {"UpAxis": 1, "UpAxisSign": 1, "FrontAxis": 2, "FrontAxisSign": 1, "CoordAxis": 0,
                    "CoordAxisSign": 1}  # +Y up, +Z front, right-handed
    assert settings["UnitScaleFactor"][0] == 100.0  # file unit = 1 m: Unity scale 1, Unreal converts to cm
    objects = tree[b"Objects"].elems
    (model,) = [o for o in objects if o.id == b"Model"]
    transform = _p70(model)
    assert list(transform["Lcl Translation"]) == pytest.approx([0.5, 0.0, 0.0])
    assert list(transform.get("Lcl Rotation", [0, 0, 0])) == [0, 0, 0]
    assert list(transform.get("Lcl Scaling", [1, 1, 1])) == [1, 1, 1]
    mesh = next(o for o in objects if o.id == b"Geometry" and o.props[2] == b"Mesh")
    fields = {e.id: e for e in mesh.elems}
    verts = np.array(fields[b"Vertices"].props[0]).reshape(-1, 3)
    # the ICT model's own frame (Y up, face along +Z) in metres, identity baked in
    shape = arrays["neutral"] + np.einsum("k,kvc->vc", arrays["identity"], arrays["identity_basis"])
    assert np.abs(verts - 0.01 * shape).max() < 1e-5  # float32 baking noise; a wrong axis is off by cm
    smoothing = {e.id: e.props for e in fields[b"LayerElementSmoothing"].elems}
    assert smoothing[b"MappingInformationType"] == [b"ByPolygon"] and all(smoothing[b"Smoothing"][0])
    assert {e.id: e.props for e in fields[b"LayerElementUV"].elems}[b"Name"] == [b"UVMap"]
    polygon_sizes = np.diff(np.flatnonzero(np.array(fields[b"PolygonVertexIndex"].props[0]) < 0), prepend=-1)
    assert polygon_sizes.tolist() == [4] * 9 + [3]  # quads kept
    shapes = [o.props[1].split(b"\x00")[0].decode() for o in objects if o.id == b"Geometry" and o.props[2] == b"Shape"]
    channels = {o.props[1].split(b"\x00")[0].decode(): next(e.props[0] for e in o.elems if e.id == b"DeformPercent")
                for o in objects if o.id == b"Deformer" and o.props[2] == b"BlendShapeChannel"}
    assert shapes == [arkit_name(n) for n in arrays["expression_names"]] and list(channels) == shapes
    assert [channels[n] for n in shapes] == pytest.approx([100 * v for v in arrays["expression"]])
    (video,) = [o for o in objects if o.id == b"Video"]
    content = next(e.props[0] for e in video.elems if e.id == b"Content")
    assert content.startswith(b"\x89PNG")  # embedded, not a path to a file the engine lacks


def test_fbx_names_its_embedded_albedo_as_a_png_file_beside_the_fbx(bpy_empty, synthetic_wire, tmp_path):
    """Unity and Unreal extract an FBX's embedded textures under the file names it records, and take a file for
    an image by its extension: the albedo is recorded as "<fbx name>.fbm/<fbx name>__<image name>.png" (before: no
    extension, under the exporter's temporary file name); the head's image is left as it was."""
    head = api.import_wire(synthetic_wire[0], name="Hero")
    image = _texture_image(head)
    pixels = list(image.pixels[:12])
    tree = _fbx_tree(api.export_fbx([head], tmp_path / "engine.fbx"))
    (video,) = [o for o in tree[b"Objects"].elems if o.id == b"Video"]
    fields = {e.id: e.props[0] for e in video.elems if e.props}
    assert fields[b"RelativeFilename"].replace(b"\\", b"/") == b"engine.fbm/engine__Hero_albedo.png"
    assert fields[b"Filename"].endswith(b"engine.fbm/engine__Hero_albedo.png") and fields[b"Content"].startswith(b"\x89PNG")
    assert image.filepath_raw == "" and image.packed_file is not None and list(image.pixels[:12]) == pixels
    assert sorted(p.name for p in tmp_path.iterdir()) == ["engine.fbx", "synthetic.npz"]  # no temporary folder left
    bpy.ops.wm.read_factory_settings(use_empty=True)
    back = _texture_image(_reimport(tmp_path / "engine.fbx"))
    assert back.packed_file is not None and back.filepath.endswith("engine__Hero_albedo.png")


def test_fbx_embeds_each_heads_albedo_even_when_their_names_clean_to_one(bpy_empty, synthetic_wire, tmp_path):
    """'A b' and 'A_b' both become the file name 'A_b_albedo' and the exporter embeds one file per name: the
    second head showed the first one's albedo (before)."""
    heads = [api.import_wire(synthetic_wire[0], name=name) for name in ("A b", "A_b")]
    _texture_image(heads[1]).pixels[0] = 0.5  # told apart
    tree = _fbx_tree(api.export_fbx(heads, tmp_path / "two.fbx"))
    videos = [o for o in tree[b"Objects"].elems if o.id == b"Video"]
    names = sorted({e.id: e.props[0] for e in v.elems if e.props}[b"RelativeFilename"] for v in videos)
    assert names == [b"two.fbm/two__A_b_albedo.png", b"two.fbm/two__A_b_albedo_2.png"]
    assert all(any(e.id == b"Content" for e in v.elems) for v in videos)


def _scene_state(head):
    return (head.name, head.data.name, [b.name for b in head.data.shape_keys.key_blocks],
            sorted(o.name for o in bpy.data.objects), sorted(m.name for m in bpy.data.meshes),
            sorted(c.name for c in bpy.data.collections), head.select_get(),
            bpy.context.view_layer.objects.active)


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_export_to_a_folder_or_an_unwritable_place_fails_clearly(bpy_empty, synthetic_wire, tmp_path, export):
    """A folder named like the file is refused before anything is built; a place the exporter itself
    cannot write (/proc) gives one short line, not the exporter's traceback; the scene is as before."""
    head = api.import_wire(synthetic_wire[0])
    head.select_set(True)
    bpy.context.view_layer.objects.active = head
    before = _scene_state(head)
    suffix = ".fbx" if export is api.export_fbx else ".glb"
    (tmp_path / f"d{suffix}").mkdir()
    with pytest.raises(ExportFailed, match=r"the export path is a folder, not a file: .*d\.(fbx|glb)$"):
        export([head], f"{tmp_path / f'd{suffix}'}/")
    assert _scene_state(head) == before
    with pytest.raises(ExportFailed) as failed:
        export([head], f"/proc/x{suffix}")
    message = str(failed.value)
    assert message.startswith(f"the {'FBX' if suffix == '.fbx' else 'glTF'} exporter could not write /proc/x{suffix}: ")
    assert "No such file or directory" in message or "denied" in message
    assert "Traceback" not in message and "\n" not in message
    assert _scene_state(head) == before


def test_export_to_a_read_only_folder_is_refused_up_front(bpy_empty, synthetic_wire, tmp_path, monkeypatch):
    """The tests may run as root (who may write anywhere): the folder's permission bits are stood in for."""
    from blender_textface import export

    head = api.import_wire(synthetic_wire[0])
    monkeypatch.setattr(export.os, "access", lambda path, mode: False)
    with pytest.raises(ExportFailed, match="no permission to write in the folder"):
        api.export_glb([head], tmp_path / "x.glb")
    assert not (tmp_path / "x.glb").exists() and len(bpy.data.objects) == 1 and len(bpy.data.collections) == 0


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_export_operators_report_a_failed_export_instead_of_raising(addon, synthetic_wire, tmp_path, kind):
    """The operator's execute, as Blender calls it: an ERROR report with the short message, CANCELLED."""
    from types import SimpleNamespace

    head = api.import_wire(synthetic_wire[0])
    head.select_set(True)
    reports = []
    op_class = getattr(bpy.types, f"TEXTFACE_OT_export_{kind}")
    for target in (tmp_path, f"/proc/x.{kind}"):
        op = SimpleNamespace(filepath=str(target), keep_identity_keys=False, names="ARKIT",
                             report=lambda level, message: reports.append((set(level), message)))
        assert op_class.execute(op, bpy.context) == {"CANCELLED"}
    assert [level for level, _ in reports] == [{"ERROR"}, {"ERROR"}]
    assert "is a folder" in reports[0][1] and "could not write /proc/x" in reports[1][1]
    assert all("Traceback" not in message for _, message in reports)
    assert head.name == "A small synthetic test head" and len(bpy.data.objects) == 1


def test_an_exporter_failing_part_way_leaves_the_earlier_file(bpy_empty, tmp_path):
    # the exporter writes a temporary file beside the target: a failure after it has written part
    # of it keeps an earlier export at the target byte for byte and leaves no partial file
    import pytest

    from blender_textface import export

    target = tmp_path / "head.fbx"
    target.write_bytes(b"earlier export")

    def fails_part_way(filepath, **settings):
        with open(filepath, "wb") as f:
            f.write(b"half")
        raise RuntimeError("Error: Python: Traceback ...\nOSError: [Errno 28] No space left on device")

    with pytest.raises(export.ExportFailed, match="No space left"):
        export._run_exporter("FBX", fails_part_way, target, {})
    assert target.read_bytes() == b"earlier export" and [p.name for p in tmp_path.iterdir()] == ["head.fbx"]

    def writes(filepath, **settings):
        with open(filepath, "wb") as f:
            f.write(b"new export")
        return {"FINISHED"}

    export._run_exporter("FBX", writes, target, {})
    assert target.read_bytes() == b"new export" and [p.name for p in tmp_path.iterdir()] == ["head.fbx"]


def _names():
    return sorted(o.name for o in bpy.data.objects), sorted(m.name for m in bpy.data.meshes)


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_a_head_listed_twice_is_exported_once_and_keeps_its_names(bpy_empty, synthetic_wire, tmp_path, export):
    head = api.import_wire(synthetic_wire[0])
    before = (head.name, head.data.name, _names())
    out = export([head, head], tmp_path / f"twice{'.fbx' if export is api.export_fbx else '.glb'}")
    assert (head.name, head.data.name, _names()) == before
    assert _reimport(out).data.shape_keys is not None  # one mesh in the file (_reimport checks)


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_heads_sharing_a_mesh_keep_their_names(bpy_empty, synthetic_wire, tmp_path, export):
    """Alt+D: two objects, one mesh; both exported, and the mesh and both objects named as before."""
    head = api.import_wire(synthetic_wire[0])
    twin = head.copy()  # a linked duplicate: same mesh
    twin.location.x += 1.0
    bpy.context.scene.collection.objects.link(twin)
    assert twin.data == head.data
    before = (head.name, twin.name, head.data.name, _names())
    export([head, twin], tmp_path / f"twins{'.fbx' if export is api.export_fbx else '.glb'}")
    assert (head.name, twin.name, head.data.name, _names()) == before
    assert not any("textface-original" in n for n in _names()[0] + _names()[1])


def _reimport_names(path) -> list[str]:
    before = set(bpy.data.objects)
    if path.suffix == ".fbx":
        bpy.ops.import_scene.fbx(filepath=str(path))
    else:
        bpy.ops.import_scene.gltf(filepath=str(path))
    new = [o for o in bpy.data.objects if o not in before]
    names = sorted(o.name for o in new if o.type == "MESH")
    for obj in new:
        bpy.data.objects.remove(obj)
    return names


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_hidden_and_unselectable_heads_are_exported(bpy_empty, synthetic_wire, tmp_path, export):
    """Crowd members parked out of view (monitor icon, eye icon) or locked against clicks are exported
    like the others; their own flags are left as they were."""
    heads = [api.import_wire(synthetic_wire[0], name=n, location=(k, 0, 0))
             for k, n in enumerate(("Shown", "Disabled", "Locked", "Hidden"))]
    heads[1].hide_viewport = True
    heads[2].hide_select = True
    heads[3].hide_set(True)
    out = export(heads, tmp_path / f"crowd{'.fbx' if export is api.export_fbx else '.glb'}")
    assert [n.split(".")[0] for n in _reimport_names(out)] == ["Disabled", "Hidden", "Locked", "Shown"]
    flags = [(h.hide_viewport, h.hide_select, h.hide_get()) for h in heads]
    assert flags == [(False, False, False), (True, False, False), (False, True, False), (False, False, True)]


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_edits_of_a_head_in_edit_mode_are_exported(bpy_empty, synthetic_wire, tmp_path, export):
    import bmesh

    head = api.import_wire(synthetic_wire[0])
    bpy.context.view_layer.objects.active = head
    head.select_set(True)
    bpy.ops.object.mode_set(mode="EDIT")
    edit = bmesh.from_edit_mesh(head.data)
    edit.verts.ensure_lookup_table()
    edit.verts[0].co.z += 5.0  # not yet written back to the mesh: Blender is still in Edit Mode
    bmesh.update_edit_mesh(head.data)
    out = export([head], tmp_path / f"edited{'.fbx' if export is api.export_fbx else '.glb'}")
    assert head.mode == "EDIT"
    bpy.ops.object.mode_set(mode="OBJECT")
    imported = _reimport(out)
    co = np.array([v.co for v in imported.data.vertices]) @ np.array(imported.matrix_world)[:3, :3].T
    assert co[:, 2].max() > 4.0  # the edit moved one vertex up by 5 m; the head is ~0.25 m tall


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_a_deleted_head_in_the_list_is_a_clear_export_error(bpy_empty, synthetic_wire, tmp_path, export):
    """A crowd list kept by a script after one of its heads was deleted: ExportFailed naming the entry
    (not Blender's raw ReferenceError), nothing written, the scene as it was."""
    crowd = [api.import_wire(synthetic_wire[0], name=f"Head {k}", location=(k, 0, 0)) for k in range(3)]
    bpy.data.objects.remove(crowd[1])
    before = (_names(), sorted(c.name for c in bpy.data.collections))
    out = tmp_path / f"crowd{'.fbx' if export is api.export_fbx else '.glb'}"
    with pytest.raises(ExportFailed, match=r"1 of the 3 objects given has been deleted \(list index 1\)"):
        export(crowd, out)
    assert [p.name for p in tmp_path.iterdir()] == ["synthetic.npz"]  # no file, no partial file
    assert (_names(), sorted(c.name for c in bpy.data.collections)) == before
    bpy.data.objects.remove(crowd[0])
    with pytest.raises(ExportFailed, match=r"2 of the 3 objects given have been deleted \(list indices 0, 1\)"):
        export(crowd, out)


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_export_arguments_of_the_wrong_kind_say_what_to_pass(bpy_empty, synthetic_wire, tmp_path, export):
    """Before: one head not in a list raised "'Object' object is not iterable", a name "'str' object has no
    attribute 'type'", and keep_identity_keys="no" kept the identity keys."""
    head = api.import_wire(synthetic_wire[0], name="Head")
    out = tmp_path / f"head{'.fbx' if export is api.export_fbx else '.glb'}"
    before = (_names(), sorted(c.name for c in bpy.data.collections))
    for objects, match in ((head, r"must be a list of head objects, got Object .*pass it in a list: \[head\]"),
                           (["Head"], r"must be head objects \(bpy.types.Object\), got str 'Head' at list index 0; "
                                      r"use bpy.data.objects\['Head'\]"),
                           ([head, 7], r"got int 7 at list index 1"),
                           (5, r"must be a list of head objects, got int 5")):
        with pytest.raises(TypeError, match=match):
            export(objects, out)
    with pytest.raises(TypeError, match=r"keep_identity_keys must be True or False, got str 'no'"):
        export([head], out, keep_identity_keys="no")
    with pytest.raises(TypeError, match=r"the export path must be a str or a pathlib.Path, got NoneType"):
        export([head], None)
    assert [p.name for p in tmp_path.iterdir()] == ["synthetic.npz"]
    assert (_names(), sorted(c.name for c in bpy.data.collections)) == before
    assert export((h for h in [head]), out) == out  # any iterable of heads


def _linked_head(tmp_path, synthetic_wire, name="Library head"):
    """A head linked from another .blend (File > Link), as production scenes use character assets."""
    from blender_textface import export

    head = api.import_wire(synthetic_wire[0], name=name)
    library = str(tmp_path / "library.blend")
    bpy.ops.wm.save_as_mainfile(filepath=library, copy=True)  # (this session's file stays untitled)
    export.remove_head(head)  # (not a factory reset: that would disable the add-on a test enabled)
    with bpy.data.libraries.load(library, link=True) as (_, linked):
        linked.objects = [name]
    obj = linked.objects[0]
    bpy.context.scene.collection.objects.link(obj)
    assert obj.library is not None and obj.data.library is not None
    return obj


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_a_head_linked_from_a_library_is_exported_under_its_name(bpy_empty, synthetic_wire, tmp_path, export):
    """Before: AttributeError 'attribute "name" from "Object" is read-only' (the original was renamed)."""
    head = _linked_head(tmp_path, synthetic_wire)
    suffix = ".fbx" if export is api.export_fbx else ".glb"
    path = export([head], tmp_path / f"linked{suffix}")
    assert head.name == "Library head" and [o.name for o in bpy.data.objects] == ["Library head"]
    assert len(bpy.data.meshes) == 1 and len(bpy.data.collections) == 0
    back = _reimport(path)
    assert back.name == "Library head" and len(back.data.shape_keys.key_blocks) == 4  # Basis + 3 expressions


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb])
def test_exporting_an_animated_head_keeps_its_animation(bpy_empty, synthetic_wire, tmp_path, export):
    """The copy's keys are renamed to ARKit's names; they shared the head's action, whose curve for eyeBlink_L
    was renamed eyeBlinkLeft with them (before): the head's blink animation was gone after an export."""
    head = api.import_wire(synthetic_wire[0], name="Animated")
    blocks = head.data.shape_keys.key_blocks
    for frame, value in ((1, 0.0), (10, 1.0)):
        blocks["eyeBlink_L"].value = value
        blocks["eyeBlink_L"].keyframe_insert("value", frame=frame)
    actions = list(bpy.data.actions)
    export([head], tmp_path / ("animated.fbx" if export is api.export_fbx else "animated.glb"))
    assert list(bpy.data.actions) == actions  # the copies' own actions went with them
    bpy.context.scene.frame_set(1)
    assert blocks["eyeBlink_L"].value == pytest.approx(0.0)
    bpy.context.scene.frame_set(10)
    assert blocks["eyeBlink_L"].value == pytest.approx(1.0)
    from blender_textface import animated_keys

    assert animated_keys.animated_values(head.data.shape_keys, ["eyeBlink_L"]) == ["eyeBlink_L"]


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb], ids=["fbx", "glb"])
def test_the_exports_return_an_absolute_pathlib_path_that_bpy_takes_as_str(bpy_empty, synthetic_wire, tmp_path,
                                                                             export):
    """The documented contract (README, Scripting API): a str or a Path in, the absolute pathlib.Path of the file
    written out (Blender's "//" resolved against the .blend); bpy's operators take it as `str(path)`, as the
    README's examples show (bpy itself refuses a Path: "expected a string type, not PosixPath")."""
    from pathlib import Path

    head = api.import_wire(synthetic_wire[0])
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "scene.blend"))
    suffix = ".fbx" if export is api.export_fbx else ".glb"
    written = export([head], f"//relative{suffix}")
    assert isinstance(written, Path) and written == tmp_path / f"relative{suffix}" and written.is_file()
    assert export([head], str(written)) == written == export([head], written)  # str and Path alike
    importer = bpy.ops.import_scene.fbx if suffix == ".fbx" else bpy.ops.import_scene.gltf
    with pytest.raises(TypeError, match="expected a string type"):
        importer(filepath=written)
    assert importer(filepath=str(written)) == {"FINISHED"}
    readme = (Path(__file__).parents[2] / "blender_textface" / "README.md").read_text(encoding="utf-8")
    assert "bpy.ops.import_scene.fbx(filepath=str(path))" in readme
