"""Heads exported one per file into one folder: each file's texture names are its own.

Unity's *Extract Textures* into one folder, and Unreal's texture assets in one content folder, take an embedded
texture's file name (an FBX's "<name>.fbm/<file>", a GLB image's name).  Before, the names came from the heads alone:
"Zoë" in zoe_1.fbx and "Zoé" in zoe_2.fbx both wrote "Zoe_albedo.png" (and so did two heads "Ann" of two .blend
files), so the second file's skin overwrote the first's.  Now each name starts with its file's name, which the folder
keeps apart; a file exported again writes the same names, so its textures replace its own and only those."""
from __future__ import annotations

import json
import struct

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, export_names
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_export import _fbx_tree, _texture_image


def _head(path, name: str, shade: float):
    head = api.import_wire(path, name=name)
    image = _texture_image(head)
    pixels = np.full(len(image.pixels), shade, np.float32)
    image.pixels.foreach_set(pixels)
    image.pack()
    return head


def _fbx_textures(path) -> dict[str, bytes]:
    """{file name an engine extracts it to: embedded PNG} of an FBX."""
    out = {}
    for video in (o for o in _fbx_tree(path)[b"Objects"].elems if o.id == b"Video"):
        fields = {e.id: e.props[0] for e in video.elems if e.props}
        out[fields[b"RelativeFilename"].decode("utf-8").replace("\\", "/").rsplit("/", 1)[-1]] = fields[b"Content"]
    return out


def _glb_textures(path) -> dict[str, bytes]:
    """{image name + extension: embedded PNG} of a GLB."""
    data = path.read_bytes()
    size = struct.unpack("<I", data[12:16])[0]
    doc = json.loads(data[20:20 + size])
    binary = data[20 + size + 8:]
    out = {}
    for image in doc["images"]:
        view = doc["bufferViews"][image["bufferView"]]
        start = view.get("byteOffset", 0)
        out[image["name"] + ".png"] = binary[start:start + view["byteLength"]]
    return out


def _extract(files, read, folder) -> None:
    """What an engine's extraction into one folder does: each texture written under its file name (case folded,
    as Windows and macOS compare names)."""
    for path in files:
        for name, content in read(path).items():
            (folder / name.casefold()).write_bytes(content)


def _shade(png: bytes) -> float:
    """The mean red of a PNG, read by Blender."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.png"
        path.write_bytes(png)
        image = bpy.data.images.load(str(path))
        try:
            pixels = np.empty(len(image.pixels), np.float32)
            image.pixels.foreach_get(pixels)
            return round(float(pixels.reshape(-1, image.channels)[:, 0].mean()), 2)
        finally:
            bpy.data.images.remove(image)


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_two_heads_exported_to_one_folder_keep_their_own_textures(bpy_empty, tmp_path, kind):
    source = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    export = api.export_fbx if kind == "fbx" else api.export_glb
    read = _fbx_textures if kind == "fbx" else _glb_textures
    out = tmp_path / "export"
    out.mkdir()
    zoe, zoe2 = _head(source, "Zoë", 0.2), _head(source, "Zoé", 0.6)  # one ASCII name: "Zoe"
    first, second = export([zoe], out / f"zoe_1.{kind}"), export([zoe2], out / f"zoe_2.{kind}")
    names = [set(n.casefold() for n in read(p)) for p in (first, second)]
    assert len(names[0]) == len(names[1]) == 2 and not names[0] & names[1]  # albedo and hair albedo, each its own
    # another .blend's "Ann" and this one's, into the same folder
    ann = _head(source, "Ann", 0.4)
    third = export([ann], out / f"ann.{kind}")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    other_ann = _head(source, "Ann", 0.8)
    fourth = export([other_ann], out / f"ann_from_b.{kind}")
    files = [first, second, third, fourth]
    extracted = tmp_path / "extracted"
    extracted.mkdir()
    _extract(files, read, extracted)
    assert len(list(extracted.iterdir())) == 8  # nothing overwritten
    albedos = {p: next(c for n, c in read(p).items() if "hair" not in n) for p in files}
    assert [_shade(albedos[p]) for p in files] == [0.2, 0.6, 0.4, 0.8]
    assert [_shade((extracted / next(n for n in read(p) if "hair" not in n).casefold()).read_bytes())
            for p in files] == [0.2, 0.6, 0.4, 0.8]

    # the second "Ann" exported again, repainted: its own textures replaced, no new name, the others untouched
    before = {p.name: p.read_bytes() for p in extracted.iterdir()}
    image = _texture_image(other_ann)
    image.pixels.foreach_set(np.full(len(image.pixels), 0.1, np.float32))
    image.pack()
    again = export([other_ann], out / f"ann_from_b.{kind}")
    assert set(read(again)) == set(read(fourth))
    _extract([again], read, extracted)
    after = {p.name: p.read_bytes() for p in extracted.iterdir()}
    assert set(after) == set(before)
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == [n.casefold() for n in read(again) if "hair" not in n]
    assert _shade(after[changed[0]]) == 0.1


@pytest.mark.parametrize("stem, key", [
    ("zoe_1", "zoe_1"), ("Ann", "Ann"), ("head-2", "head-2"),
    ("Zoë", f"Zoe_{export_names.tag('Zoë')}"), ("Zoé", f"Zoe_{export_names.tag('Zoé')}"),
    ("Ann Marie", f"Ann_Marie_{export_names.tag('Ann Marie')}"), ("a__b", f"a_b_{export_names.tag('a__b')}"),
    ("head.v2", f"head_v2_{export_names.tag('head.v2')}"), ("山田", export_names.tag("山田")),
    ("x" * 30, f"{'x' * 16}_{export_names.tag('x' * 30)}")])
def test_file_keys_are_ascii_and_one_to_one(stem, key):
    assert export_names.file_key(stem) == key and key.isascii() and "__" not in key
    assert len(key) <= export_names.FILE_KEY
    assert export_names.texture_stem(key, "Zoë hair albedo") == f"{key}__Zoe_hair_albedo"


def _saved_to_file(head, path):
    """The head's albedo saved to `path` and read from it (no longer packed), as an artist's Save As leaves it."""
    image = _texture_image(head)
    image.filepath_raw = str(path)
    image.file_format = "PNG"
    image.save()
    if image.packed_file is not None:
        image.unpack(method="REMOVE")  # (reads the file saved)
    assert image.packed_file is None and image.filepath_raw == str(path)
    return image


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_albedos_saved_to_files_of_one_name_keep_their_own_textures(bpy_empty, tmp_path, kind):
    """Two artists' heads, each albedo saved as "albedo.png" in its own folder: before, both files embedded it as
    "albedo.png"."""
    source = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays()))
    export = api.export_fbx if kind == "fbx" else api.export_glb
    read = _fbx_textures if kind == "fbx" else _glb_textures
    out = tmp_path / "export"
    out.mkdir()
    files, saved_bytes = [], []
    for k, shade in enumerate((0.3, 0.7)):
        bpy.ops.wm.read_factory_settings(use_empty=True)
        (tmp_path / f"artist_{k}").mkdir()
        head = _head(source, "Ann", shade)
        saved = tmp_path / f"artist_{k}" / "albedo.png"
        image = _saved_to_file(head, saved)
        on_disk = saved.read_bytes()
        saved_bytes.append(on_disk)
        files.append(export([head], out / f"ann_{k}.{kind}"))
        assert image.filepath_raw == str(saved) and image.packed_file is None and saved.read_bytes() == on_disk
    names = [set(n.casefold() for n in read(p)) for p in files]
    assert len(names[0]) == len(names[1]) == 1 and not names[0] & names[1]
    shades = [_shade(next(iter(read(p).values()))) for p in files]
    assert shades[0] < shades[1] and shades == [_shade(b) for b in saved_bytes]  # each artist's own file
