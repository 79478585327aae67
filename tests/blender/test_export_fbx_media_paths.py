"""The FBX export's one use of a private name of Blender's FBX exporter, pinned.

No public option records a texture's absolute path in the folder the FBX ends up in while the file is written
elsewhere first (path_mode COPY, which embedding needs, derives both paths from the file being written), so
export.py wraps `io_scene_fbx.export_fbx_bin._gen_vid_path` during the export.  These tests fail when a Blender
update changes that function, and check that an exporter without it, or one that stops using it, is a clear
ExportFailed with nothing written (not an FBX naming the export's temporary folder)."""
from __future__ import annotations

import inspect

import bpy
import pytest

from blender_textface import api, export


def test_the_fbx_exporter_still_has_gen_vid_path_as_export_py_wraps_it():
    from io_scene_fbx import export_fbx_bin

    assert list(inspect.signature(export_fbx_bin._gen_vid_path).parameters) == ["img", "scene_data"]
    callers = [name for name in ("fbx_data_video_elements", "fbx_data_texture_file_elements")
               if "_gen_vid_path(" in inspect.getsource(getattr(export_fbx_bin, name))]
    assert callers == ["fbx_data_video_elements", "fbx_data_texture_file_elements"]  # looked up at each call


def _files(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir())


def test_an_exporter_without_gen_vid_path_is_a_clear_error_and_writes_nothing(bpy_empty, synthetic_wire, tmp_path,
                                                                               monkeypatch):
    from io_scene_fbx import export_fbx_bin

    head = api.import_wire(synthetic_wire[0], name="Hero")
    monkeypatch.delattr(export_fbx_bin, "_gen_vid_path")
    with pytest.raises(api.ExportFailed, match=r"^this Blender's FBX exporter \(io_scene_fbx [0-9.]+\) has no "
                                               r"_gen_vid_path.*nothing was written\)$"):
        api.export_fbx([head], tmp_path / "hero.fbx")
    assert _files(tmp_path) == ["synthetic.npz"]
    assert [o.name for o in bpy.data.objects] == ["Hero"]  # the export's copies gone


def test_an_exporter_that_stops_using_gen_vid_path_is_a_clear_error_and_writes_nothing(bpy_empty, synthetic_wire,
                                                                                       tmp_path, monkeypatch):
    """A future exporter that takes the paths some other way: the wrapper is not called, the file would name the
    export's temporary folder; refused, and an earlier file at the path is kept as it was."""
    from io_scene_fbx import export_fbx_bin

    original = export_fbx_bin._gen_vid_path
    for name in ("fbx_data_video_elements", "fbx_data_texture_file_elements"):
        writer = getattr(export_fbx_bin, name)

        def bypassing(root, item, scene_data, _writer=writer):
            wrapped = export_fbx_bin._gen_vid_path
            export_fbx_bin._gen_vid_path = original  # (as if the exporter no longer looked the name up)
            try:
                return _writer(root, item, scene_data)
            finally:
                export_fbx_bin._gen_vid_path = wrapped
        monkeypatch.setattr(export_fbx_bin, name, bypassing)
    head = api.import_wire(synthetic_wire[0], name="Hero")
    (tmp_path / "hero.fbx").write_bytes(b"earlier")
    with pytest.raises(api.ExportFailed, match=r"^this Blender's FBX exporter no longer takes texture paths from "
                                               r"_gen_vid_path.*nothing was written\)$"):
        api.export_fbx([head], tmp_path / "hero.fbx")
    assert (tmp_path / "hero.fbx").read_bytes() == b"earlier"
    assert _files(tmp_path) == ["hero.fbx", "synthetic.npz"]  # no temporary folder left
    monkeypatch.undo()
    assert export.TEMPORARY_FOLDER.encode() not in api.export_fbx([head], tmp_path / "hero.fbx").read_bytes()


def test_a_folder_named_like_the_temporary_one_is_no_false_alarm(bpy_empty, synthetic_wire, tmp_path):
    head = api.import_wire(synthetic_wire[0], name="Hero")
    folder = tmp_path / f"shots{export.TEMPORARY_FOLDER}"
    folder.mkdir()
    path = api.export_fbx([head], folder / "hero.fbx")
    assert str(folder).encode() in path.read_bytes()  # the texture's absolute path, in that folder
