"""What an artist selects by mistake: a prop (a mesh that is no TextFace head), the hair of a deleted head, two heads
for Refine Selected, and undo after a Generate with hair.  Each either acts on the right head or says what it did
not do, in one line."""
from __future__ import annotations

import bpy
import pytest

from backend.io import wire
from blender_textface import api, hair, job_state, writer
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_hair import _refine_result
from test_hair_key_settings import _head
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture


def _cube(name="Prop"):
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (0, 1, 0)], [], [(0, 1, 2)])
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    return obj


def _fbx_model_names(path) -> list[str]:
    from io_scene_fbx import parse_fbx

    root, _ = parse_fbx.parse(str(path))
    objects = next(e for e in root.elems if e.id == b"Objects")
    return sorted(e.props[1].split(b"\x00")[0].decode() for e in objects.elems if e.id == b"Model")


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_a_prop_selected_with_a_head_is_left_out_and_named(bpy_empty, tmp_path, kind):
    """Before, any mesh selected went into the file (baked and renamed as a head), without a word."""
    head, _ = _head(tmp_path)
    prop = _cube()
    call = api.export_fbx if kind == "fbx" else api.export_glb
    with pytest.warns(api.NotHeadsLeftOut, match=r"left out of the export: Prop is not a TextFace head"):
        path = call([head, prop], tmp_path / f"ann.{kind}")
    if kind == "fbx":
        assert _fbx_model_names(path) == ["Ann", "Ann hair"]
    with pytest.raises(api.ExportFailed, match=r"nothing to export: Prop is not a TextFace head \(select heads"):
        call([prop], tmp_path / f"prop.{kind}")
    assert not (tmp_path / f"prop.{kind}").exists()


def test_the_hair_of_a_deleted_head_is_named_as_such(bpy_empty, tmp_path):
    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    bpy.data.objects.remove(head)
    assert hair.left_behind() == [obj]
    with pytest.raises(api.ExportFailed, match="nothing to export: Ann hair is the hair of a deleted head"):
        api.export_fbx([obj], tmp_path / "x.fbx")
    with pytest.raises(api.NotAHead, match="Ann hair is the hair of a deleted head: there is no head to act on"):
        api.refine_head(obj, "looks tired", settings=api.BackendSettings())
    with pytest.raises(api.NotAHead, match="Ann hair is the hair of a deleted head"):
        api.match_hair(obj)
    with pytest.raises(api.NotAHead, match="Prop is not a TextFace head"):
        api.match_hair(_cube())


def test_the_export_operator_reports_a_prop_left_out(addon, tmp_path):
    head, _ = _head(tmp_path)
    prop = _cube()
    bpy.context.view_layer.update()
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in (head, prop))
    with pytest.raises(RuntimeError, match="nothing to export: Prop is not a TextFace head"):
        head.select_set(False)
        bpy.ops.textface.export_fbx(filepath=str(tmp_path / "p.fbx"))  # (bpy.ops raises on an ERROR report)
    head.select_set(True)
    assert bpy.ops.textface.export_fbx(filepath=str(tmp_path / "a.fbx")) == {"FINISHED"}
    assert _fbx_model_names(tmp_path / "a.fbx") == ["Ann", "Ann hair"]


def test_refine_selected_with_two_heads_says_it_refines_the_active_one(fake, tmp_path):
    """Before, the other selected head was passed over without a word."""
    arrays = wire.pack(**synthetic_arrays(), hair=synthetic_hair())
    ann = api.import_wire(wire.write_wire(tmp_path / "a.npz", arrays), name="Ann")
    bob = api.import_wire(wire.write_wire(tmp_path / "b.npz", arrays), name="Bob")
    bpy.context.view_layer.update()
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in (ann, bob, api.hair_of(bob)))
    bpy.context.view_layer.objects.active = api.hair_of(ann)  # the hair clicked: its head is refined
    fake.payload = _refine_result()
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    said = "refining Ann only (the active head); also selected, not refined: Bob"
    assert any(said in message for kinds, message in op.reports if "WARNING" in kinds)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert said in job_state.current.notice
    assert '"refinement"' in ann["textface_sidecar"] and '"refinement"' not in bob["textface_sidecar"]


def test_undo_after_generate_with_hair_leaves_no_head_and_no_hair(fake):
    """The whole Generate is one undo step: undone, neither heads nor hair nor their data stay; redone, each head
    has its hair again, linked to it and driven by it."""
    fake.payload = wire.to_bytes(wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    props = bpy.context.scene.textface
    props.variations, props.refine, props.hair = 2, False, True
    bpy.ops.ed.undo_push(message="before")
    before = {name: len(getattr(bpy.data, name)) for name in ("objects", "meshes", "materials", "images")}
    assert bpy.ops.textface.generate("EXEC_DEFAULT", True) == {"FINISHED"}
    assert len([o for o in bpy.data.objects if hair.is_hair(o)]) == 2
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert {name: len(getattr(bpy.data, name)) for name in before} == before
    assert hair.left_behind() == [] and not any(hair.is_hair(o) for o in bpy.data.objects)
    assert bpy.ops.ed.redo() == {"FINISHED"}
    heads = [o for o in bpy.data.objects if writer.SIDECAR_PROP in o]
    assert len(heads) == 2
    for head in heads:
        obj = api.hair_of(head)
        assert obj is not None and hair.head_of(obj) == head and hair.driven_by(obj) == head.data
    assert not any(b.get(writer.BUILDING_PROP) for b in (*bpy.data.objects, *bpy.data.meshes))
