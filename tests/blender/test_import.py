"""Import heads from wire files in real Blender: topology, UVs, keys, material, packed image, failures."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, writer
from blender_textface.coords import to_blender, to_model
from blender_textface.importer import ImportFailed

from conftest import synthetic_arrays


def _key_coords(block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return co.reshape(-1, 3)


def _counts():
    return {name: len(getattr(bpy.data, name)) for name in ("objects", "meshes", "materials", "images", "shape_keys")}


def test_coordinate_conversion_is_a_rotation_and_scale():
    p = np.array([[1.0, 2.0, 3.0]], np.float32)
    np.testing.assert_allclose(to_blender(p), [[0.01, -0.03, 0.02]])
    np.testing.assert_allclose(to_model(to_blender(p)), p, rtol=1e-6)


def test_synthetic_head_imports_exactly(bpy_empty, synthetic_wire):
    path, arrays = synthetic_wire
    obj = api.import_wire(path, location=(1.0, 2.0, 3.0))
    mesh = obj.data
    assert obj.name == "A small synthetic test head" and obj.name in bpy.context.scene.collection.objects
    assert tuple(obj.location) == (1.0, 2.0, 3.0)
    assert (len(mesh.vertices), len(mesh.polygons), len(mesh.loops)) == (17, 10, 39)
    assert [p.loop_total for p in mesh.polygons] == [4] * 9 + [3]  # quads kept, ICT polygon order
    loops = np.empty(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", loops)
    np.testing.assert_array_equal(loops, arrays["face_vertices"])
    assert all(p.use_smooth for p in mesh.polygons)
    uv = np.empty(len(mesh.loops) * 2, np.float32)
    mesh.uv_layers["UVMap"].uv.foreach_get("vector", uv)
    np.testing.assert_allclose(uv.reshape(-1, 2), arrays["loop_uvs"], atol=1e-7)

    blocks = mesh.shape_keys.key_blocks
    assert [b.name for b in blocks] == ["Basis", "id_000", "id_001", "id_002", "id_003",
                                        "jawOpen", "eyeBlink_L", "eyeBlink_R"]
    np.testing.assert_allclose(_key_coords(blocks["Basis"]), to_blender(arrays["neutral"]), atol=1e-7)
    for k in range(4):
        block = blocks[f"id_{k:03d}"]
        np.testing.assert_allclose(_key_coords(block), to_blender(arrays["neutral"] + arrays["identity_basis"][k]),
                                   atol=1e-6)
        assert block.value == pytest.approx(float(arrays["identity"][k]))
    assert (blocks["id_000"].slider_min, blocks["id_000"].slider_max) == (-5.0, 5.0)
    assert (blocks["id_002"].slider_max, blocks["id_002"].value) == (7.0, 6.5)  # widened, never clamped
    assert (blocks["jawOpen"].slider_min, blocks["jawOpen"].slider_max, blocks["jawOpen"].value) == (0.0, 1.0, 0.25)
    np.testing.assert_allclose(_key_coords(blocks["eyeBlink_L"]),
                               to_blender(arrays["neutral"] + arrays["expression_basis"][1]), atol=1e-6)

    mat = mesh.materials[0]
    bsdf = next(n for n in mat.node_tree.nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    link = bsdf.inputs["Base Color"].links[0]
    image = link.from_node.image
    assert link.from_node.bl_idname == "ShaderNodeTexImage" and image.packed_file is not None
    assert tuple(image.size) == (16, 16)
    px = np.empty(16 * 16 * 4, np.float32)
    image.pixels.foreach_get(px)
    px = px.reshape(16, 16, 4)
    # wire row 0 (top, red) is Blender's last row; the bottom (blue) is Blender's row 0
    np.testing.assert_allclose(px[-1, 0], [200 / 255, 0, 0, 1], atol=1e-3)
    np.testing.assert_allclose(px[0, 0], [0, 0, 180 / 255, 1], atol=1e-3)
    assert writer.sidecar_of(obj)["seed"] == 3 and obj["textface_prompt"] == "a small synthetic test head"


def test_real_ict_head_imports_with_all_keys(bpy_empty, real_wire):
    arrays = wire.read_wire(real_wire)
    obj = api.import_wire(real_wire)
    mesh = obj.data
    assert (len(mesh.vertices), len(mesh.polygons), len(mesh.loops)) == (26719, 26384, len(arrays["face_vertices"]))
    assert sum(p.loop_total == 4 for p in mesh.polygons) == 25836 and len(mesh.uv_layers) == 1
    names = [b.name for b in mesh.shape_keys.key_blocks]
    assert len(names) == 154 and names[0] == "Basis"
    assert names[1:101] == [f"id_{k:03d}" for k in range(100)]
    assert names[101:] == list(arrays["expression_names"]) and "eyeBlink_L" in names and "jawOpen" in names
    values = np.array([b.value for b in mesh.shape_keys.key_blocks[1:101]])
    np.testing.assert_allclose(values, arrays["identity"], atol=1e-6)
    assert mesh.shape_keys.key_blocks["jawOpen"].value == pytest.approx(0.4)
    assert all(b.slider_min == -5 and b.slider_max == 5 for b in mesh.shape_keys.key_blocks[1:101])
    # real-world scale: the ICT head is ~ 0.2-0.3 m tall in metres, facing -Y
    dims = obj.dimensions
    assert 0.15 < dims.x < 0.4 and 0.15 < dims.z < 0.5
    basis = _key_coords(mesh.shape_keys.key_blocks["Basis"])
    face, back = basis[:9409], basis[9409:11248]  # ICT regions: face, head and neck
    assert face[:, 1].mean() < back[:, 1].mean() - 0.03  # the face looks along -Y (Blender's front)
    image = mesh.materials[0].node_tree.nodes["Image Texture"].image
    assert tuple(image.size) == (1024, 1024) and image.packed_file is not None


@pytest.mark.parametrize("corrupt, message", [
    (lambda p: p.write_bytes(b"not an npz"), "is not an npz file, not a TextFace wire file"),
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "not a readable"),
])
def test_broken_wire_file_gives_clear_error_and_no_datablocks(bpy_empty, synthetic_wire, corrupt, message):
    path, _ = synthetic_wire
    corrupt(path)
    before = _counts()
    with pytest.raises(ImportFailed, match=message):
        api.import_wire(path)
    assert _counts() == before


def test_wrong_version_and_missing_file(bpy_empty, tmp_path):
    arrays = wire.pack(**synthetic_arrays())
    arrays["wire_version"] = np.asarray(99, np.int32)
    np.savez(tmp_path / "v99.npz", **arrays)
    with pytest.raises(ImportFailed, match="version 99"):
        api.import_wire(tmp_path / "v99.npz")
    with pytest.raises(ImportFailed, match="not found"):
        api.import_wire(tmp_path / "missing.npz")


def test_failure_during_build_removes_everything(bpy_empty, synthetic_wire, monkeypatch):
    path, _ = synthetic_wire
    before = _counts()

    def explode(obj, plan):
        obj.shape_key_add(name="Basis")
        raise RuntimeError("simulated failure while adding keys")

    monkeypatch.setattr(writer, "_shape_keys", explode)
    with pytest.raises(RuntimeError, match="simulated"):
        api.import_wire(path)
    assert _counts() == before


def test_variations_are_side_by_side_and_all_or_nothing(bpy_empty, synthetic_wire):
    path, arrays = synthetic_wire
    heads = api.import_payloads([path, path.read_bytes(), path], location=(0.0, 0.0, 0.0))
    xs = [h.location.x for h in heads]
    assert xs[0] == 0.0 and xs[1] > 0.15 and xs[2] == pytest.approx(2 * xs[1])
    before = _counts()
    with pytest.raises(ImportFailed):
        api.import_payloads([path, b"garbage"])
    assert _counts() == before


def _crafted(tmp_path, **changes):
    """A wire file as `wire.write_wire` stores it, with some stored arrays replaced (np.savez, no pickle)."""
    disk = wire.encode(wire.pack(**synthetic_arrays()))
    disk.update(changes)
    path = tmp_path / "crafted.npz"
    np.savez(path, **disk)
    return path


@pytest.mark.parametrize("changes, message", [
    (dict(wire_version=np.array([2, 2], np.int32)), r"wire_version is not a single number"),
    (dict(albedo=np.zeros((0, 0, 3), np.uint8)), r"albedo must be .* with at least one pixel"),
    (dict(albedo=np.zeros((4, 0, 3), np.uint8)), r"albedo must be .* with at least one pixel"),
    (dict(expression_names=np.array(["jawOpen", "", "eyeBlink_R"])), r"expression name '' is empty"),
    (dict(expression_names=np.array(["jawOpen", "   ", "eyeBlink_R"])), r"expression name '   ' is empty"),
    (dict(expression_names=np.array(["x" * 64 + "A", "x" * 64 + "B", "eyeBlink_R"])),
     r"longer than Blender's 63 bytes"),
    (dict(expression_names=np.array(["é" * 32, "jawOpen", "eyeBlink_R"])), r"longer than Blender's 63 bytes"),
    (dict(expression_names=np.array(["jawOpen", "jawOpen", "eyeBlink_R"])), r"must be unique"),
])
def test_malformed_wire_files_are_import_failed_and_build_nothing(bpy_empty, tmp_path, changes, message):
    """What the wire reader lets through or trips over: a clear ImportFailed (File > Import reports it),
    never a raw TypeError or a head whose keys Blender renamed."""
    path = _crafted(tmp_path, **changes)
    before = _counts()
    with pytest.raises(ImportFailed, match=message):
        api.import_wire(path)
    with pytest.raises(ImportFailed, match=message):
        api.import_payloads([path.read_bytes()])
    assert _counts() == before


def test_key_names_up_to_blenders_limit_are_kept_exactly(bpy_empty, tmp_path):
    names = np.array(["x" * 62 + "A", "x" * 62 + "B", "ü" * 31])  # 63, 63 and 62 bytes
    head = api.import_wire(_crafted(tmp_path, expression_names=names))
    assert [b.name for b in head.data.shape_keys.key_blocks][-3:] == list(names)


def test_import_operator_reports_a_malformed_file(addon, tmp_path):
    """File > Import: an ERROR report with the reason, not a traceback."""
    path = _crafted(tmp_path, wire_version=np.array([2, 2], np.int32))
    with pytest.raises(RuntimeError, match="cannot import the head: not a TextFace wire file"):
        bpy.ops.textface.import_wire(filepath=str(path))
    assert len(bpy.data.objects) == 0
