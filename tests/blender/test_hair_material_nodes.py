"""The head's and the hair's materials, and the textures the FBX and GLB exports write for them.

Each material has one Image Texture node (the hair's feeds both Base Color and Alpha), so each export carries
one image per albedo.  Two things look like duplicates and are not the add-on's (measured with bpy 5.0.1):
- Blender's own FBX *importer* copies an RGBA diffuse image for the Alpha socket (as Non-Color, via
  node_shader_utils: `Bo hair albedo.001`, unused, and `.002`); the FBX file holds one embedded image.
- Blender's glTF exporter logs "More than one shader node tex image used for a texture" for any base colour
  texture built from two sockets, also when both come from one node; the GLB holds one image (the export drops
  that false line for the add-on's materials: gltf_log.py, test_glb_hair_log.py).
These tests pin what the files hold, which is what Unity, Unreal and glTF viewers read."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import bpy
import numpy as np
import pytest
from io_scene_fbx import parse_fbx

from backend.io import wire
from blender_textface import api
from conftest import synthetic_arrays
from hair_wire import synthetic_hair


def _head(tmp_path: Path):
    arrays = wire.pack(**synthetic_arrays(), hair=synthetic_hair())
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", arrays), name="Bo")
    return head, api.hair_of(head)


def _split_alpha(obj) -> None:
    """The hair material rewired with a second Image Texture node of the same image for Alpha (a material an
    artist edited so; no add-on version built one): the exports still write one image for both."""
    tree = obj.data.materials[0].node_tree
    (node,) = _image_nodes(obj)
    second = tree.nodes.new("ShaderNodeTexImage")
    second.image = node.image
    bsdf = next(n for n in tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    tree.links.new(second.outputs["Alpha"], bsdf.inputs["Alpha"])
    assert len(_image_nodes(obj)) == 2 and _linked_sockets(node) == {"Base Color"}


def _image_nodes(obj):
    return [n for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage"]


def _linked_sockets(node) -> set[str]:
    return {link.to_socket.name for output in node.outputs for link in output.links}


def test_hair_material_has_one_image_node_into_color_and_alpha(bpy_empty, tmp_path):
    head, obj = _head(tmp_path)
    (node,) = _image_nodes(obj)
    assert node.image.name == "Bo hair albedo"
    assert _linked_sockets(node) == {"Base Color", "Alpha"}
    assert node.outputs["Color"].links[0].to_socket.name == "Base Color"
    assert node.outputs["Alpha"].links[0].to_socket.name == "Alpha"
    assert obj.data.materials[0].surface_render_method == "DITHERED"
    (head_node,) = _image_nodes(head)
    assert head_node.image.name == "Bo albedo" and _linked_sockets(head_node) == {"Base Color"}


def _fbx_objects(path: Path):
    root, _ = parse_fbx.parse(str(path))
    objects = next(e for e in root.elems if e.id == b"Objects").elems
    connections = next(e for e in root.elems if e.id == b"Connections").elems
    by_id = {o.props[0]: o for o in objects}
    name = lambda o: o.props[1].split(b"\x00\x01")[0].decode()  # noqa: E731 - "<name>\x00\x01<class>"
    return by_id, [c.props for c in connections], name


@pytest.mark.parametrize("split", [False, True], ids=["one_node", "two_nodes"])
def test_fbx_embeds_one_image_per_albedo_the_hair_textures_share(bpy_empty, tmp_path, split):
    head, obj = _head(tmp_path)
    if split:
        _split_alpha(obj)
    pixels = np.array(obj.data.materials[0].node_tree.nodes["Image Texture"].image.pixels[:], np.float32)
    fbx = api.export_fbx([head], tmp_path / "bo.fbx")
    by_id, connections, name = _fbx_objects(fbx)
    videos = [o for o in by_id.values() if o.id == b"Video"]
    assert sorted(name(v) for v in videos) == ["Bo albedo", "Bo hair albedo"]  # one embedded file each
    assert all(any(e.id == b"Content" and e.props[0] for e in v.elems) for v in videos)
    material = next(i for i, o in by_id.items() if o.id == b"Material" and name(o) == "Bo hair")
    textures = {c[1]: c[3] for c in connections if c[0] == b"OP" and c[2] == material}
    assert sorted(textures.values()) == [b"DiffuseColor", b"TransparencyFactor"]  # colour and coverage
    sources = {name(by_id[c[1]]) for c in connections if c[0] == b"OO" and c[2] in textures}
    assert sources == {"Bo hair albedo"}  # both the material's textures read the one embedded image

    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(fbx))
    hair_images = [i for i in bpy.data.images if i.name.startswith("Bo hair albedo")]
    # Blender's importer may add Non-Color copies for the Alpha socket: all are the one file, same pixels
    assert {Path(i.filepath).name for i in hair_images} == {"bo__Bo_hair_albedo.png"}
    for image in hair_images:
        np.testing.assert_allclose(np.array(image.pixels[:], np.float32), pixels, atol=1 / 255)
    imported = bpy.data.objects["Bo hair"].data.materials[0].node_tree
    color = next(n for n in imported.nodes if n.bl_idname == "ShaderNodeTexImage"
                 and "Base Color" in _linked_sockets(n))
    assert color.image.name == "Bo hair albedo"
    alpha = next(n for n in imported.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled").inputs["Alpha"]
    assert alpha.is_linked and alpha.links[0].from_node.image.name.startswith("Bo hair albedo")  # coverage kept
    assert [i.name for i in bpy.data.images if not i.name.startswith("Bo hair albedo")] == ["Bo albedo"]


def _gltf_json(path: Path) -> dict:
    data = path.read_bytes()
    (length,) = struct.unpack("<I", data[12:16])
    return json.loads(data[20:20 + length])


@pytest.mark.parametrize("split", [False, True], ids=["one_node", "two_nodes"])
def test_glb_hair_base_color_texture_carries_alpha_one_image_each(bpy_empty, tmp_path, split):
    head, obj = _head(tmp_path)
    if split:
        _split_alpha(obj)
    gltf = _gltf_json(api.export_glb([head], tmp_path / "bo.glb"))
    assert sorted(i["name"] for i in gltf["images"]) == ["bo__Bo_albedo", "bo__Bo_hair_albedo"]  # (their file names)
    assert len({t["source"] for t in gltf["textures"]}) == len(gltf["textures"]) == 2
    materials = {m["name"]: m for m in gltf["materials"]}
    hair_material, head_material = materials["Bo hair"], materials["Bo"]
    assert hair_material["alphaMode"] == "MASK" and hair_material.get("alphaCutoff", 0.5) == 0.5  # cut out
    texture = gltf["textures"][hair_material["pbrMetallicRoughness"]["baseColorTexture"]["index"]]
    assert gltf["images"][texture["source"]]["name"] == "bo__Bo_hair_albedo"
    assert head_material.get("alphaMode", "OPAQUE") == "OPAQUE"
    texture = gltf["textures"][head_material["pbrMetallicRoughness"]["baseColorTexture"]["index"]]
    assert gltf["images"][texture["source"]]["name"] == "bo__Bo_albedo"


def _alpha_path(material) -> list[str]:
    """The nodes feeding the Principled BSDF's Alpha, nearest first (one input followed)."""
    tree = material.node_tree
    bsdf = next(n for n in tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    socket, found = bsdf.inputs["Alpha"], []
    while socket.is_linked:
        node = socket.links[0].from_node
        found.append(node.operation if node.bl_idname == "ShaderNodeMath" else node.bl_idname)
        socket = next((i for i in node.inputs if i.is_linked), None)
        if socket is None:
            break
    return found


def test_glb_hair_is_cut_out_and_the_scene_material_stays_soft(bpy_empty, tmp_path):
    """Engines draw hair cards cut out (Unity Cutout / URP Alpha Clipping, Unreal Masked): the GLB's hair
    material is alphaMode MASK at the default cutoff 0.5, which glTF importers make a cut-out material of (before:
    BLEND, alpha-blended and sorted).  The scene's material keeps its soft coverage, its names and node count; the
    FBX keeps the texture linked to Alpha (TransparencyFactor)."""
    head, obj = _head(tmp_path)
    material = obj.data.materials[0]
    before = (len(bpy.data.materials), len(material.node_tree.nodes), _alpha_path(material))
    gltf = _gltf_json(api.export_glb([head], tmp_path / "bo.glb"))
    materials = {m["name"]: m for m in gltf["materials"]}
    assert materials["Bo hair"]["alphaMode"] == "MASK" and "alphaCutoff" not in materials["Bo hair"]  # 0.5
    assert materials["Bo hair"]["doubleSided"] is True
    assert materials["Bo"].get("alphaMode", "OPAQUE") == "OPAQUE"
    assert (len(bpy.data.materials), len(material.node_tree.nodes), _alpha_path(material)) == before
    assert before[2] == ["ShaderNodeTexImage"] and sorted(m.name for m in bpy.data.materials) == ["Bo", "Bo hair"]
    by_id, connections, name = _fbx_objects(api.export_fbx([head], tmp_path / "bo.fbx"))
    fbx_material = next(i for i, o in by_id.items() if o.id == b"Material" and name(o) == "Bo hair")
    assert b"TransparencyFactor" in {c[3] for c in connections if c[0] == b"OP" and c[2] == fbx_material}

    bpy.ops.wm.read_factory_settings(use_empty=True)  # Blender's glTF importer reads it back cut out
    bpy.ops.import_scene.gltf(filepath=str(tmp_path / "bo.glb"))
    imported = bpy.data.objects["Bo hair"].data.materials[0]
    assert _alpha_path(imported)[:2] == ["SUBTRACT", "LESS_THAN"] and _alpha_path(imported)[-1] == "ShaderNodeTexImage"


def test_glb_keeps_an_alpha_the_artist_fed_through_nodes(bpy_empty, tmp_path):
    """A hair material whose Alpha the artist routed through nodes of their own is exported as the glTF exporter
    reads it (here a constant factor: BLEND), not clipped."""
    head, obj = _head(tmp_path)
    tree = obj.data.materials[0].node_tree
    (node,) = _image_nodes(obj)
    bsdf = next(n for n in tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    factor = tree.nodes.new("ShaderNodeMath")
    factor.operation = "MULTIPLY"
    factor.inputs[1].default_value = 0.8
    tree.links.new(node.outputs["Alpha"], factor.inputs[0])
    tree.links.new(factor.outputs[0], bsdf.inputs["Alpha"])
    gltf = _gltf_json(api.export_glb([head], tmp_path / "bo.glb"))
    assert {m["name"]: m for m in gltf["materials"]}["Bo hair"]["alphaMode"] == "BLEND"
