"""A GLB export of heads with hair logs no "More than one shader node tex image used for a texture": Blender's glTF
exporter logged it for every hair (it counts the Base Color and Alpha sockets, both fed by the hair's one Image
Texture node), although the file holds one image per texture.  The hair stays cut out (alphaMode MASK, read back so
by Blender's glTF importer), and a material with two image nodes there still gets the line (gltf_log.py)."""
from __future__ import annotations

import logging
from pathlib import Path

import bpy
import pytest

from backend.io import wire
from blender_textface import api, gltf_log
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_hair_material_nodes import _gltf_json, _split_alpha


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def exporter_log():
    """Every line the glTF exporter logs (it logs through io_scene_gltf2's "glTFImporter" logger)."""
    handler, logger = _Lines(), logging.getLogger("glTFImporter")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def _heads(tmp_path: Path, names=("Ann", "Bob")):
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    return [api.import_wire(path, name=n, location=(k, 0, 0)) for k, n in enumerate(names)]


def _sampler_lines(lines):
    return [line for line in lines if line.startswith(gltf_log.SAMPLER_LINE)]


def test_glb_of_heads_with_hair_logs_no_sampler_line_and_stays_cut_out(bpy_empty, tmp_path, exporter_log):
    heads = _heads(tmp_path)
    path = api.export_glb(heads, tmp_path / "crowd.glb")
    assert exporter_log, "the exporter's log was not captured"  # (it logs its progress: the capture works)
    assert _sampler_lines(exporter_log) == []
    gltf = _gltf_json(path)
    materials = {m["name"]: m for m in gltf["materials"]}
    assert materials["Ann hair"]["alphaMode"] == materials["Bob hair"]["alphaMode"] == "MASK"
    assert len(gltf["images"]) == len(gltf["textures"]) == 4
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(path))
    for name in ("Ann hair", "Bob hair"):  # read back cut out: MASK (Blender's importer: 1 - (alpha < 0.5))
        material = bpy.data.objects[name].data.materials[0]
        assert material.surface_render_method == "DITHERED"
        bsdf = next(n for n in material.node_tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
        assert bsdf.inputs["Alpha"].links[0].from_node.operation == "SUBTRACT"
    assert logging.getLogger("glTFImporter").filters == []  # the filter went with the export


def test_two_image_nodes_keep_the_exporters_line(bpy_empty, tmp_path, exporter_log):
    (ann,) = _heads(tmp_path, ("Ann",))
    _split_alpha(api.hair_of(ann))
    api.export_glb([ann], tmp_path / "ann.glb")
    assert len(_sampler_lines(exporter_log)) == 1
