"""Light heads (`identity_keys=False`): the identity baked into the Basis, only the ARKit keys (relative to
it, same names and values); the head looks exactly as a full head does.  Refine re-bakes them from the
result and keeps the pose; export works; the defaults keep full heads."""
from __future__ import annotations

import inspect
import json
import subprocess
import sys
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, importer, job_state, operators, refine, writer
from blender_textface.coords import to_blender
from blender_textface.export import remove_head
from blender_textface.expressions import EXPRESSION_NAMES
from conftest import REPO, synthetic_arrays
from light_head_checks import assert_sculpt_kept, sculpted_light_head
from light_head_checks import co as _co, identity_applied as _identity_applied, mesh_co as _mesh_co
from test_addon import _Layout
from test_export import _nearest, _reimport, _world_coords
from test_operators import TIMER, _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture


def _evaluated(obj) -> np.ndarray:
    """The mesh Blender shows (every key at its value), in object space."""
    evaluated = obj.evaluated_get(bpy.context.evaluated_depsgraph_get())
    mesh = evaluated.to_mesh()
    try:
        co = np.empty(len(mesh.vertices) * 3, np.float32)
        mesh.vertices.foreach_get("co", co)
    finally:
        evaluated.to_mesh_clear()
    return co.reshape(-1, 3)


def _names(obj) -> list[str]:
    return [b.name for b in obj.data.shape_keys.key_blocks]


def _path(tmp_path, arrays=None):
    return wire.write_wire(tmp_path / "h.npz", wire.pack(**(arrays or synthetic_arrays())))


def _assert_same_head(light, full, atol):
    """Same Basis (the identity applied), same expression keys moving the same vertices the same way."""
    lb, fb = light.data.shape_keys.key_blocks, full.data.shape_keys.key_blocks
    expected = _identity_applied(full)
    assert np.abs(_co(lb["Basis"]) - expected).max() < atol
    assert np.array_equal(_mesh_co(light), _co(lb["Basis"]))  # the mesh is the Basis
    for block in list(lb)[1:]:
        mine = _co(block).astype(np.float64) - _co(lb["Basis"])
        theirs = _co(fb[block.name]).astype(np.float64) - _co(fb["Basis"])
        assert np.array_equal(np.abs(mine).max(axis=1) > atol, np.abs(theirs).max(axis=1) > atol), block.name
        assert np.abs(mine - theirs).max() < atol, block.name
        assert (block.value, block.slider_min, block.slider_max) == (
            fb[block.name].value, fb[block.name].slider_min, fb[block.name].slider_max)
    assert np.abs(_evaluated(light) - _evaluated(full)).max() < atol  # looks exactly the same, pose included


# ---- defaults: nothing changes for existing scripts ----

def test_the_option_defaults_to_full_heads(fake, tmp_path):
    for fn in (api.generate_heads, api.generate_head, api.import_wire, api.import_payloads):
        assert inspect.signature(fn).parameters["identity_keys"].default is True, fn.__name__
    assert bpy.context.scene.textface.identity_keys is True
    assert bpy.ops.textface.import_wire.get_rna_type().properties["identity_keys"].default is True
    head = api.import_wire(_path(tmp_path))
    assert _names(head) == ["Basis", "id_000", "id_001", "id_002", "id_003", "jawOpen", "eyeBlink_L", "eyeBlink_R"]
    assert not writer.identity_baked(head) and writer.IDENTITY_BAKED_PROP not in head
    (generated,) = api.generate_heads("a small synthetic test head", settings=api.BackendSettings())
    assert len(_names(generated)) == 8 and not writer.identity_baked(generated)


def test_the_option_is_checked_before_any_job(fake, tmp_path):
    with pytest.raises(TypeError, match="identity_keys must be True or False"):
        api.generate_heads("a head", identity_keys="no", settings=api.BackendSettings())
    assert fake.submitted == [] and len(bpy.data.objects) == 0
    with pytest.raises(TypeError, match="identity_keys must be True or False"):
        api.import_wire(_path(tmp_path), identity_keys=0)


# ---- what a light head is ----

def test_a_light_head_has_the_identity_baked_and_the_expression_keys_only(addon, tmp_path):
    path, arrays = _path(tmp_path), synthetic_arrays()
    full = api.import_wire(path, name="Full")
    light = api.import_wire(path, name="Light", identity_keys=False)
    assert _names(light) == ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R"]
    assert [b.value for b in light.data.shape_keys.key_blocks][1:] == pytest.approx([0.25, 1.0, 0.0])
    assert writer.identity_baked(light) and light[writer.IDENTITY_BAKED_PROP] is True
    assert writer.sidecar_of(light) == writer.sidecar_of(full)
    expected = to_blender(arrays["neutral"] + np.einsum("k,kvc->vc", arrays["identity"], arrays["identity_basis"]))
    assert np.abs(_co(light.data.shape_keys.key_blocks["Basis"]) - expected).max() < 1e-5
    _assert_same_head(light, full, 1e-5)
    assert len(light.data.polygons) == len(full.data.polygons) and len(light.data.uv_layers) == 1
    assert refine.head_image(light).size[:] == (16, 16)


def test_a_real_light_head_is_a_full_head_with_the_identity_applied(addon, real_wire):
    full = api.import_wire(real_wire, name="Full")
    light = api.import_wire(real_wire, name="Light", identity_keys=False)
    assert len(light.data.vertices) == 26719 and _names(light) == ["Basis", *EXPRESSION_NAMES]
    assert len(full.data.shape_keys.key_blocks) == 154
    assert light.data.shape_keys.key_blocks["jawOpen"].value == pytest.approx(0.4)
    # metres: 1e-6 is 1 um (the wire's own quantisation is ~2e-9 m)
    _assert_same_head(light, full, 2e-6)


def test_generate_heads_makes_light_variations(fake):
    heads = api.generate_heads("a small synthetic test head", variations=2, identity_keys=False,
                               settings=api.BackendSettings(), name="Crowd")
    assert [h.name for h in heads] == ["Crowd seed 0", "Crowd seed 1"]
    assert all(_names(h) == ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R"] and writer.identity_baked(h)
               for h in heads)
    head = api.generate_head("a small synthetic test head", identity_keys=False, settings=api.BackendSettings())
    assert len(_names(head)) == 4 and writer.identity_baked(head)


def test_generate_operator_builds_light_heads_in_pieces(fake, monkeypatch):
    monkeypatch.setattr(operators, "BUILD_BUDGET", 0.0)  # one piece a tick
    props = bpy.context.scene.textface
    props.variations, props.identity_keys = 3, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    _tick_until(op, lambda result: job_state.current.stage == "importing")
    ticks = 1
    while (result := op.modal(bpy.context, TIMER)) == {"RUNNING_MODAL"}:
        assert [o for o in bpy.context.scene.objects if writer.SIDECAR_PROP in o] == []  # all or none
        ticks += 1
    assert result == {"FINISHED"} and ticks >= 3 * 4  # mesh x2, image, material + object + keys: 4 per head
    heads = [o for o in bpy.context.scene.objects if writer.SIDECAR_PROP in o]
    assert len(heads) == 3 and all(len(_names(h)) == 4 and writer.identity_baked(h) for h in heads)
    assert not any(writer.BUILDING_PROP in b for b in [*bpy.data.objects, *bpy.data.meshes])


def test_the_generate_panel_and_the_import_operator_offer_the_option(fake, tmp_path):
    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    assert any(name == "prop" and args[-1] == "identity_keys" for name, args, _ in log)
    assert bpy.ops.textface.import_wire(filepath=str(_path(tmp_path)), identity_keys=False) == {"FINISHED"}
    (head,) = [o for o in bpy.data.objects if writer.SIDECAR_PROP in o]
    assert len(_names(head)) == 4 and writer.identity_baked(head)


# ---- refine ----

def _refined_arrays(identity, albedo=(10, 200, 30)):
    arrays = synthetic_arrays()
    arrays["identity"] = np.array(identity, np.float32)
    arrays["sidecar"]["identity"] = list(identity)
    arrays["sidecar"]["refinement"] = {"status": "done"}
    arrays["albedo"][:] = albedo
    return arrays


def _refine_operator():
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    return op


def test_refine_of_a_light_head_rebakes_the_identity_and_keeps_the_pose(fake, tmp_path):
    head = api.import_wire(_path(tmp_path), identity_keys=False)
    bpy.context.view_layer.objects.active = head
    blocks = head.data.shape_keys.key_blocks
    blocks["jawOpen"].value, blocks["eyeBlink_L"].value = 0.9, 0.3
    blocks["jawOpen"].slider_max = 2.0
    own = head.shape_key_add(name="MyCorrective", from_mix=False)  # a key the artist made
    co = _co(own)
    co[5] += (0.0, 0.0, 0.01)
    own.points.foreach_set("co", co.reshape(-1))
    own_offset = co - _co(blocks["Basis"])
    refined = _refined_arrays([-4.0, 0.5, 0.25, 3.0])
    fake.payload = wire.to_bytes(wire.pack(**refined))
    op = _refine_operator()
    assert _tick_until(op, _ended) == {"FINISHED"}
    sent = fake.submitted[0][1]
    assert sent["identity"] == [2.5, -1.25, 6.5, 0.0]  # the stored identity (there are no sliders)
    assert sent["expression"] == pytest.approx({"jawOpen": 0.9, "eyeBlink_L": 0.3})
    # the Basis and the mesh are the refined identity; the keys are re-based on it and keep the pose
    full = api.import_wire(_path(tmp_path, refined), name="Refined full")
    assert _names(head) == ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R", "MyCorrective"]
    expected = _identity_applied(full)
    assert np.abs(_co(blocks["Basis"]) - expected).max() < 1e-5
    assert np.array_equal(_mesh_co(head), _co(blocks["Basis"]))
    fb = full.data.shape_keys.key_blocks
    for name in ("jawOpen", "eyeBlink_L", "eyeBlink_R"):
        assert np.abs((_co(blocks[name]) - _co(blocks["Basis"])) - (_co(fb[name]) - _co(fb["Basis"]))).max() < 1e-5
    assert np.abs((_co(blocks["MyCorrective"]) - _co(blocks["Basis"])) - own_offset).max() < 1e-6
    assert [round(blocks[n].value, 5) for n in ("jawOpen", "eyeBlink_L", "eyeBlink_R")] == [0.9, 0.3, 0.0]
    assert blocks["jawOpen"].slider_max == 2.0
    assert writer.identity_baked(head) and writer.sidecar_of(head)["identity"] == [-4.0, 0.5, 0.25, 3.0]
    assert refine.head_image(head).pixels[1] == pytest.approx(200 / 255, abs=1e-3)
    # a second refinement starts from the new stored identity
    fake.submitted.clear()
    op = _refine_operator()
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert fake.submitted[0][1]["identity"] == [-4.0, 0.5, 0.25, 3.0]


def test_refine_of_a_light_head_keeps_the_users_sculpt_and_key_edits(fake, tmp_path):
    """The result's record says which identity the refinement started from: only that change moves the
    head, so a Basis sculpt and an edited ARKit key stay (before: both were rebuilt from the result)."""
    head, sculpt, jaw_edit = sculpted_light_head(_path(tmp_path))
    stored = writer.sidecar_of(head)["identity"]
    refined = _refined_arrays([-4.0, 0.5, 0.25, 3.0])
    refined["sidecar"]["refinement"]["identity_before"] = list(stored)
    fake.payload = wire.to_bytes(wire.pack(**refined))
    assert _tick_until(_refine_operator(), _ended) == {"FINISHED"}
    assert_sculpt_kept(head, api.import_wire(_path(tmp_path, refined), name="Refined full"), sculpt, jaw_edit)


def test_refine_of_a_real_light_head_matches_a_refined_full_head(fake, real_wire, tmp_path):
    arrays = wire.read_wire(real_wire)
    identity = np.linspace(1.5, -1.5, len(arrays["identity"])).astype(np.float32)
    arrays["identity"] = identity
    sidecar = json.loads(bytes(arrays["sidecar"]).decode("utf-8"))
    sidecar["identity"] = identity.tolist()
    fake.payload = wire.to_bytes(wire.pack(**{k: arrays[k] for k in arrays if k not in ("wire_version", "sidecar")},
                                           sidecar=sidecar))
    light = api.import_wire(real_wire, name="Light", identity_keys=False)
    full = api.import_wire(real_wire, name="Full")
    for head in (light, full):
        head.data.shape_keys.key_blocks["mouthSmile_L"].value = 0.7
        assert api.refine_head(head, "looks tired", settings=api.BackendSettings()) is head
    assert fake.submitted[0][1]["identity"] == pytest.approx(np.linspace(-2.0, 2.0, 100).tolist(), abs=1e-6)
    assert fake.submitted[0][1]["expression"] == pytest.approx({"jawOpen": 0.4, "mouthSmile_L": 0.7})
    assert full.data.shape_keys.key_blocks["id_000"].value == pytest.approx(1.5)
    _assert_same_head(light, full, 2e-6)
    assert light.data.shape_keys.key_blocks["mouthSmile_L"].value == pytest.approx(0.7)


def test_refine_of_a_light_head_can_be_undone(fake, tmp_path):
    head = api.import_wire(_path(tmp_path), identity_keys=False)
    name = head.name
    before = _co(head.data.shape_keys.key_blocks["Basis"]).copy()
    jaw_before = _co(head.data.shape_keys.key_blocks["jawOpen"]).copy()
    bpy.context.view_layer.objects.active = head
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    bpy.ops.ed.undo_push(message="imported")
    assert bpy.ops.textface.refine_selected("EXEC_DEFAULT", True) == {"FINISHED"}
    assert np.abs(_co(bpy.data.objects[name].data.shape_keys.key_blocks["Basis"]) - before).max() > 1e-3
    assert bpy.ops.ed.undo() == {"FINISHED"}
    head = bpy.data.objects[name]
    blocks = head.data.shape_keys.key_blocks
    assert np.array_equal(_co(blocks["Basis"]), before) and np.array_equal(_co(blocks["jawOpen"]), jaw_before)
    assert np.array_equal(_mesh_co(head), before) and writer.sidecar_of(head)["identity"] == [2.5, -1.25, 6.5, 0.0]


def test_refine_of_a_light_head_in_edit_mode_is_refused_before_any_job(fake, tmp_path):
    head = api.import_wire(_path(tmp_path), identity_keys=False)
    bpy.context.view_layer.objects.active = head
    head.select_set(True)
    assert bpy.ops.object.mode_set(mode="EDIT") == {"FINISHED"}
    try:
        with pytest.raises(ValueError, match="is in Edit Mode"):
            api.refine_head(head, "looks tired", settings=api.BackendSettings())
        assert fake.submitted == []
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")


def test_a_result_of_the_wrong_kind_is_refused_and_leaves_the_head_as_it_was(addon, tmp_path):
    path = _path(tmp_path)
    light = api.import_wire(path, identity_keys=False)
    full = api.import_wire(path)
    basis = _co(light.data.shape_keys.key_blocks["Basis"]).copy()
    with pytest.raises(importer.ImportFailed, match="with identity keys"):
        refine.apply_refinement(light, importer.read_plan(path))
    with pytest.raises(importer.ImportFailed, match="without identity keys"):
        refine.apply_refinement(full, importer.read_plan(path, identity_keys=False))
    assert np.array_equal(_co(light.data.shape_keys.key_blocks["Basis"]), basis) and len(bpy.data.images) == 2


# ---- export ----

@pytest.mark.parametrize("suffix", [".fbx", ".glb"])
def test_export_of_a_light_head_equals_the_export_of_a_full_head(addon, tmp_path, suffix):
    path = _path(tmp_path)
    export = api.export_fbx if suffix == ".fbx" else api.export_glb
    backs = []
    for kind, light in (("full", False), ("light", True)):
        head = api.import_wire(path, name="Head", identity_keys=not light, location=(0.5, 0.0, 0.0))
        keys_before, name = _names(head), head.name
        out = export([head], tmp_path / f"{kind}{suffix}")
        assert _names(head) == keys_before and head.name == name  # the original is untouched
        export([head], tmp_path / f"{kind}-keep{suffix}", keep_identity_keys=True)  # nothing to keep: works too
        remove_head(head)
        backs.append(_reimport(out))
    full, light = backs
    assert _names(light) == _names(full) == ["Basis", "jawOpen", "eyeBlinkLeft", "eyeBlinkRight"]  # ARKit's
    fbasis = _world_coords(full, full.data.shape_keys.reference_key)
    lbasis = _world_coords(light, light.data.shape_keys.reference_key)
    idx, dist = _nearest(lbasis, fbasis)
    assert dist.max() < 1e-5 and len(set(idx.tolist())) == len(fbasis)
    for name in ("jawOpen", "eyeBlinkLeft", "eyeBlinkRight"):
        mine = _world_coords(light, light.data.shape_keys.key_blocks[name]) - lbasis
        theirs = (_world_coords(full, full.data.shape_keys.key_blocks[name]) - fbasis)[idx]
        assert np.abs(mine - theirs).max() < 1e-5, name


def test_bench_light_heads_runs_and_reports_both_kinds(real_wire, tmp_path):
    """The figure's script stays runnable (its goal is the benchmark's, read from its output)."""
    out = tmp_path / "light.json"
    proc = subprocess.run([sys.executable, str(REPO / "tests" / "blender" / "bench_light_heads.py"), "--wire",
                           str(real_wire), "--heads", "2", "--json-out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    report = json.loads(out.read_text())
    assert (report["full"]["key_blocks"], report["light"]["key_blocks"]) == (154, 54)
    assert report["full"]["vertices"] == report["light"]["vertices"] == 26719
    assert report["light"]["blend_mb_per_head"] < report["full"]["blend_mb_per_head"] / 2
    assert report["goals_met"] == (proc.returncode == 0)
