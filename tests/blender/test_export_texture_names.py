"""Texture file names and long names in the exports.  Before: accented letters became "_" while other scripts were
kept ("Jos__Mar_a_N__ez_albedo.png", "Zo__王芳_albedo.png"), "Zoë" and "Zoé" both wrote "Zo__albedo.png"; a head
name of 70 characters came back from the FBX cut by Blender's importer to 55 characters and a hash, its hair's
" hair" dropped.  Now the file names are ASCII (accents stripped, another script a stable hash), unique within the
export, and a long head's names are cut by the export itself, keeping " hair" and " albedo"."""
from __future__ import annotations

import json
import struct

import bpy
import pytest

from backend.io import wire
from blender_textface import api, export_names
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_export import _fbx_tree, _texture_image

NAMES = ["José María Núñez", "Zoë 王芳", "Zoë", "Zoé", "Ann Marie", "Ann_Marie"]
LONG = "B" * 70


def _heads(tmp_path, names):
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    heads = [api.import_wire(path, name=name) for name in names]
    for k, head in enumerate(heads):  # each head's albedo told apart
        image = _texture_image(head)
        image.pixels[0] = k / len(heads)
        image.pack()
    return heads


def _fbx_texture_files(path) -> list[str]:
    videos = [o for o in _fbx_tree(path)[b"Objects"].elems if o.id == b"Video"]
    return sorted({e.id: e.props[0] for e in v.elems if e.props}[b"RelativeFilename"].decode("utf-8")
                  .replace("\\", "/") for v in videos)


def _glb_images(path) -> list[str]:
    data = path.read_bytes()
    size = struct.unpack("<I", data[12:16])[0]
    return sorted(i["name"] for i in json.loads(data[20:20 + size])["images"])


STEMS = ["Ann_Marie_albedo", "Ann_Marie_albedo_2", "Ann_Marie_hair_albedo", "Ann_Marie_hair_albedo_2",
         "Jose_Maria_Nunez_albedo", "Jose_Maria_Nunez_hair_albedo",
         f"Zoe_{export_names.tag('Zoë 王芳')}_albedo", f"Zoe_{export_names.tag('Zoë 王芳')}_hair_albedo",
         "Zoe_albedo", "Zoe_albedo_2", "Zoe_hair_albedo", "Zoe_hair_albedo_2"]


def test_fbx_texture_files_are_ascii_and_unique_and_come_back(bpy_empty, tmp_path):
    heads = _heads(tmp_path, NAMES)
    path = api.export_fbx(heads, tmp_path / "crowd.fbx")
    files = _fbx_texture_files(path)
    assert files == [f"crowd.fbm/crowd__{stem}.png" for stem in STEMS]
    assert [h.name for h in heads] == NAMES and all(_texture_image(h).filepath_raw == "" for h in heads)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(path))
    back = {o.name: o for o in bpy.data.objects}
    assert sorted(back) == sorted(NAMES + [f"{n} hair" for n in NAMES])  # the objects' own names as they were
    firsts = {name: round(_texture_image(back[name]).pixels[0], 2) for name in NAMES}
    assert len(set(firsts.values())) == len(NAMES)  # one skin each: "Zoë" and "Zoé" apart
    assert all(_texture_image(back[n]).filepath.isascii() for n in NAMES)


def test_glb_images_are_named_as_the_fbx_files(bpy_empty, tmp_path):
    heads = _heads(tmp_path, NAMES)
    path = api.export_glb(heads, tmp_path / "crowd.glb")
    assert _glb_images(path) == [f"crowd__{stem}" for stem in STEMS]
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(path))
    assert sorted(i.name for i in bpy.data.images) == [f"crowd__{stem}" for stem in STEMS]
    firsts = {o.name: round(_texture_image(o).pixels[0], 2) for o in bpy.data.objects if o.name in NAMES}
    assert len(set(firsts.values())) == len(NAMES)


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_a_long_head_name_is_cut_keeping_hair_and_albedo(bpy_empty, tmp_path, kind):
    (head,) = _heads(tmp_path, [LONG])
    call = api.export_fbx if kind == "fbx" else api.export_glb
    path = call([head], tmp_path / f"long.{kind}")
    cut = f"{'B' * 40}_{export_names.tag(LONG)}"
    assert head.name == LONG and api.hair_of(head).name == f"{LONG} hair"  # the scene's names stay
    assert head.data.materials[0].name == LONG and _texture_image(head).name == f"{LONG} albedo"
    bpy.ops.wm.read_factory_settings(use_empty=True)
    if kind == "fbx":
        assert _fbx_texture_files(path) == [f"long.fbm/long__{cut}_albedo.png", f"long.fbm/long__{cut}_hair_albedo.png"]
        bpy.ops.import_scene.fbx(filepath=str(path))
    else:
        assert _glb_images(path) == [f"long__{cut}_albedo", f"long__{cut}_hair_albedo"]
        bpy.ops.import_scene.gltf(filepath=str(path))
    assert sorted(o.name for o in bpy.data.objects) == [cut, f"{cut} hair"]  # whole: no importer's cut
    assert {m.name for m in bpy.data.materials} >= {cut, f"{cut} hair"}


@pytest.mark.parametrize("name, stem", [
    ("José María Núñez albedo", "Jose_Maria_Nunez_albedo"), ("Zoë albedo", "Zoe_albedo"),
    ("Straße Œuvre Łódź hair albedo", "Strasse_OEuvre_Lodz_hair_albedo"), ("A  b. c albedo", "A_b_c_albedo"),
    ("Ann albedo.001", "Ann_albedo"), ("山田 albedo", f"{export_names.tag('山田')}_albedo"),
    ("Zoë 王芳 albedo", f"Zoe_{export_names.tag('Zoë 王芳')}_albedo")])
def test_file_stems(name, stem):
    assert export_names.file_stem(name) == stem and stem.isascii()


def test_short_names_and_unique():
    assert export_names.short_name("Ann hair") == "Ann hair"
    long = [export_names.short_name(LONG + s) for s in ("", " hair", " albedo", " hair albedo")]
    cut = f"{'B' * 40}_{export_names.tag(LONG)}"
    assert long == [cut, f"{cut} hair", f"{cut} albedo", f"{cut} hair albedo"]
    assert all(len(n.encode()) <= 63 for n in long)
    wide = export_names.short_name("王" * 30 + " hair")  # 3 bytes a letter: cut between letters
    assert wide.endswith(" hair") and len(wide.encode()) <= 63 and "\ufffd" not in wide
    taken = set()
    assert [export_names.unique(s, taken) for s in ("Zoe_albedo", "zoe_albedo", "Zoe_albedo")] == [
        "Zoe_albedo", "zoe_albedo_2", "Zoe_albedo_3"]


def test_fbx_absolute_texture_paths_are_where_the_files_end_up(bpy_empty, tmp_path):
    """Before: the FBX's absolute paths named the export's temporary folder ("<dir>/.crowd.textface-part/
    crowd.fbm/..."), gone after the export, so a program reading the absolute path first looked in vain."""
    names = NAMES[:3]
    heads = _heads(tmp_path, names)
    path = api.export_fbx(heads, tmp_path / "crowd.fbx")
    assert b".textface-part" not in path.read_bytes()
    videos = [o for o in _fbx_tree(path)[b"Objects"].elems if o.id == b"Video"]
    for video in videos:
        fields = {e.id: e.props[0] for e in video.elems if e.props}
        relative = fields[b"RelativeFilename"].decode("utf-8").replace("\\", "/")
        assert relative.startswith("crowd.fbm/")
        assert fields[b"Filename"].decode("utf-8") == str(tmp_path / relative)
        assert fields[b"Content"]  # still embedded
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(path))
    firsts = {name: round(_texture_image(bpy.data.objects[name]).pixels[0], 2) for name in names}
    assert len(set(firsts.values())) == len(names)  # one skin each
