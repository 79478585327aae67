"""Exports after a script removed objects: Blender keeps a removed object in the view layer's object list as None
until the layer is synced again, and the export's reading of the selection raised "'NoneType' object has no
attribute 'select_get'" (before).  A stale reference passed in is one ExportFailed naming its place."""
from __future__ import annotations

import bpy
import pytest

from blender_textface import api, refine
from test_hair import _refine_result
from test_hair_key_settings import _head
from test_selection_mistakes import _cube, _fbx_model_names


def _stale_layer(tmp_path):
    """A prop, Ann (with hair) and another, selected, the prop active; then the prop, the layer's first object, removed
    without a sync (the first: Blender syncs the layer when an object's selection is read, which hid a None later)."""
    prop = _cube("Prop")
    head, _ = _head(tmp_path)
    other = _cube("Other")
    bpy.context.view_layer.update()
    for obj in (head, prop, other):
        obj.select_set(True)
    bpy.context.view_layer.objects.active = prop
    bpy.data.objects.remove(prop)
    assert list(bpy.context.view_layer.objects)[0] is None  # (what the export met)
    return head, other


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_an_export_after_an_object_was_removed(bpy_empty, tmp_path, kind):
    head, other = _stale_layer(tmp_path)
    call = api.export_fbx if kind == "fbx" else api.export_glb
    path = call([head], tmp_path / f"ann.{kind}")
    assert path.is_file()
    if kind == "fbx":
        assert _fbx_model_names(path) == ["Ann", "Ann hair"]
    assert head.select_get() and other.select_get()  # the selection as it was, less the removed prop
    assert bpy.context.view_layer.objects.active is None


def test_a_hair_replaced_by_refine_while_held_in_a_list(bpy_empty, tmp_path):
    """The old hair, replaced by a refinement, held in the script's list with its head: one line, nothing written;
    the head alone (or its new hair) exports."""
    head, _ = _head(tmp_path)
    held = [head, api.hair_of(head), _cube()]
    refine.apply_refinement(head, _refine_result())
    with pytest.raises(api.ExportFailed, match=r"1 of the 3 objects given has been deleted \(list index 1\)"):
        api.export_fbx(held, tmp_path / "x.fbx")
    assert not (tmp_path / "x.fbx").exists()
    with pytest.warns(api.NotHeadsLeftOut):
        path = api.export_fbx([api.hair_of(head), held[2]], tmp_path / "y.fbx")
    assert _fbx_model_names(path) == ["Ann", "Ann hair"]
