"""Export writes Apple ARKit's blendshape names (Live Link Face, Unity ARKit face tracking), re-imported in a
fresh scene: names, offsets (the ICT split pairs merged = the sum of their halves), values; ICT names on request."""
from __future__ import annotations

import bpy
import numpy as np
import pytest
from mathutils.kdtree import KDTree

from backend.io import wire
from blender_textface import api
from blender_textface.expressions import EXPRESSION_NAMES

# Apple's ARFaceAnchor.BlendShapeLocation names, as ARKit, Live Link Face and Unity's ARKit face tracking use
ARKIT_52 = (
    "eyeBlinkLeft", "eyeLookDownLeft", "eyeLookInLeft", "eyeLookOutLeft", "eyeLookUpLeft", "eyeSquintLeft",
    "eyeWideLeft", "eyeBlinkRight", "eyeLookDownRight", "eyeLookInRight", "eyeLookOutRight", "eyeLookUpRight",
    "eyeSquintRight", "eyeWideRight", "jawForward", "jawLeft", "jawRight", "jawOpen", "mouthClose", "mouthFunnel",
    "mouthPucker", "mouthLeft", "mouthRight", "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft",
    "mouthFrownRight", "mouthDimpleLeft", "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight",
    "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper", "mouthPressLeft", "mouthPressRight",
    "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight", "browDownLeft",
    "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "cheekPuff", "cheekSquintLeft",
    "cheekSquintRight", "noseSneerLeft", "noseSneerRight", "tongueOut",
)
MERGED = {"browInnerUp": ("browInnerUp_L", "browInnerUp_R"), "cheekPuff": ("cheekPuff_L", "cheekPuff_R")}


def _world(obj, block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    m = np.array(obj.matrix_world, np.float64)
    return co.reshape(-1, 3).astype(np.float64) @ m[:3, :3].T + m[:3, 3]


def _head_keys(head) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, float]]:
    """The head's identity-baked Basis (the export's), each expression key's offset and value, in world metres."""
    blocks = head.data.shape_keys.key_blocks
    base = _world(head, blocks["Basis"])
    identity = base + sum(b.value * (_world(head, b) - base) for b in blocks if b.name.startswith("id_"))
    offsets = {n: _world(head, blocks[n]) - base for n in EXPRESSION_NAMES}
    return identity, offsets, {n: blocks[n].value for n in EXPRESSION_NAMES}


def _reimport_fresh(path):
    """The file imported into an empty Blender (nothing of the exporting session left)."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    if path.suffix == ".fbx":
        bpy.ops.import_scene.fbx(filepath=str(path))
    else:
        bpy.ops.import_scene.gltf(filepath=str(path))
    (obj,) = [o for o in bpy.data.objects if o.type == "MESH"]
    return obj


@pytest.mark.parametrize("suffix", [".fbx", ".glb"])
def test_real_head_exports_arkit_names_with_merged_pairs(bpy_empty, real_wire, tmp_path, suffix):
    head = api.import_wire(real_wire)
    blocks = head.data.shape_keys.key_blocks
    blocks["browInnerUp_L"].value = blocks["browInnerUp_R"].value = 0.6  # a symmetric pose: kept exactly
    blocks["cheekPuff_L"].value = blocks["cheekPuff_R"].value = 0.25
    blocks["eyeBlink_L"].value = 0.8
    names_before = [b.name for b in blocks]
    identity, offsets, values = _head_keys(head)
    out = (api.export_fbx if suffix == ".fbx" else api.export_glb)([head], tmp_path / f"head{suffix}")
    assert [b.name for b in head.data.shape_keys.key_blocks] == names_before  # Blender keeps the ICT names

    back = _reimport_fresh(out)
    got = [b.name for b in back.data.shape_keys.key_blocks][1:]
    assert len(got) == 51 and set(got) == set(ARKIT_52) - {"tongueOut"}  # ARKit's, but the tongue ICT lacks
    back_blocks = back.data.shape_keys.key_blocks
    basis = _world(back, back_blocks[0])
    match = _Matching(identity, basis)
    for name in got:
        want = sum(offsets[n] for n in MERGED[name]) if name in MERGED else offsets[_ict(name)]
        assert match.error(_world(back, back_blocks[name]) - basis, want) < 1e-5, name
        want_value = np.mean([values[n] for n in MERGED[name]]) if name in MERGED else values[_ict(name)]
        assert back_blocks[name].value == pytest.approx(want_value, abs=1e-3), name
    # the ICT halves overlap (one shape split by complementary weights): the merged key at 1 is both at 1
    for name, (left, right) in MERGED.items():
        both = (np.abs(offsets[left]).max(1) > 1e-6) & (np.abs(offsets[right]).max(1) > 1e-6)
        assert both.sum() > 1000, name  # not disjoint: a merged key without the sum would be wrong there
    assert back_blocks["browInnerUp"].value == pytest.approx(0.6, abs=1e-3)


class _Matching:
    """Each re-imported vertex matched to the original vertices at its position (FBX keeps the vertex order;
    glTF splits vertices at UV seams, and the ICT mesh has vertices sharing a position, e.g. where the
    eyelids meet: such a vertex may be any of them)."""

    def __init__(self, original: np.ndarray, imported: np.ndarray):
        tree = KDTree(len(original))
        for k, co in enumerate(original):
            tree.insert(co, k)
        tree.balance()
        self.candidates = [[k for _co, k, _d in tree.find_range(co, 1e-6)] for co in imported]
        assert all(self.candidates), "a re-imported vertex is at no original vertex's position"
        assert len({k for c in self.candidates for k in c}) == len(original)  # every original vertex arrived
        self.first = np.array([c[0] for c in self.candidates])
        self.shared = [(v, c) for v, c in enumerate(self.candidates) if len(c) > 1]

    def error(self, got: np.ndarray, want: np.ndarray) -> float:
        err = np.abs(got - want[self.first]).max(1)
        for v, candidates in self.shared:
            err[v] = min(np.abs(got[v] - want[k]).max() for k in candidates)
        return float(err.max())


def _ict(arkit: str) -> str:
    """The ICT key an ARKit name comes from: the same name (jawLeft, mouthRight, ...) or its _L / _R half."""
    if arkit in EXPRESSION_NAMES:
        return arkit
    for word, side in (("Left", "_L"), ("Right", "_R")):
        if arkit.endswith(word):
            return arkit[: -len(word)] + side
    raise KeyError(arkit)


@pytest.mark.parametrize("suffix", [".fbx", ".glb"])
def test_ict_names_on_request_and_identity_keys_unchanged(bpy_empty, synthetic_wire, tmp_path, suffix):
    path, arrays = synthetic_wire
    export = api.export_fbx if suffix == ".fbx" else api.export_glb
    head = api.import_wire(path)
    out = export([head], tmp_path / f"ict{suffix}", keep_identity_keys=True, names="ict")
    names = [b.name for b in _reimport_fresh(out).data.shape_keys.key_blocks][1:]
    assert names == [f"id_{k:03d}" for k in range(4)] + list(arrays["expression_names"])
    head = api.import_wire(path)
    out = export([head], tmp_path / f"arkit{suffix}", keep_identity_keys=True)
    names = [b.name for b in _reimport_fresh(out).data.shape_keys.key_blocks][1:]
    assert names == [f"id_{k:03d}" for k in range(4)] + ["jawOpen", "eyeBlinkLeft", "eyeBlinkRight"]


def _split_pair_head(tmp_path):
    """The synthetic head with ICT's split browInnerUp halves (and a key relative to one of them)."""
    from conftest import synthetic_arrays

    arrays = synthetic_arrays()
    rng = np.random.default_rng(3)
    arrays["expression_names"] = ["jawOpen", "browInnerUp_L", "browInnerUp_R"]
    arrays["expression_basis"] = rng.normal(size=arrays["expression_basis"].shape).astype(np.float32)
    arrays["expression"] = np.array([0.0, 0.2, 0.6], np.float32)
    return api.import_wire(wire.write_wire(tmp_path / "pair.npz", wire.pack(**arrays)))


def test_halves_of_different_values_merge_to_their_mean_with_their_summed_offsets(bpy_empty, tmp_path):
    head = _split_pair_head(tmp_path)
    blocks = head.data.shape_keys.key_blocks
    corrective = head.shape_key_add(name="MyCorrective", from_mix=False)  # the user's, relative to a half
    co = np.empty(len(corrective.points) * 3, np.float32)
    blocks["browInnerUp_L"].points.foreach_get("co", co)
    corrective.points.foreach_set("co", co + 0.01)
    corrective.relative_key = blocks["browInnerUp_L"]
    base = _world(head, blocks["Basis"])
    half = {n: _world(head, blocks[n]) - base for n in ("browInnerUp_L", "browInnerUp_R")}
    out = api.export_fbx([head], tmp_path / "pair.fbx")
    back = _reimport_fresh(out)
    got = back.data.shape_keys.key_blocks
    assert sorted(b.name for b in got) == ["Basis", "MyCorrective", "browInnerUp", "jawOpen"]
    back_base = _world(back, got["Basis"])
    assert np.abs(_world(back, got["browInnerUp"]) - back_base - half["browInnerUp_L"]
                  - half["browInnerUp_R"]).max() < 1e-5
    assert got["browInnerUp"].value == pytest.approx(0.4, abs=1e-3)  # the mean of 0.2 and 0.6
    # the corrective keeps its offset from the half it was relative to
    assert np.abs(_world(back, got["MyCorrective"]) - back_base - 0.01).max() < 1e-5


def test_a_users_key_with_an_arkit_name_is_refused_not_doubled(bpy_empty, tmp_path):
    head = _split_pair_head(tmp_path)
    head.shape_key_add(name="browInnerUp", from_mix=False)
    with pytest.raises(api.ExportFailed, match="already has a shape key named browInnerUp"):
        api.export_glb([head], tmp_path / "x.glb")
    assert not (tmp_path / "x.glb").exists() and len(bpy.data.objects) == 1
    api.export_glb([head], tmp_path / "x.glb", names="ict")  # its ICT names do not collide
    with pytest.raises(ValueError, match="names must be one of 'arkit', 'ict'"):
        api.export_fbx([head], tmp_path / "y.fbx", names="ARKit52")


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_export_operators_take_the_names(addon, synthetic_wire, tmp_path, kind):
    head = api.import_wire(synthetic_wire[0])
    head.select_set(True)
    bpy.context.view_layer.objects.active = head
    getattr(bpy.ops.textface, f"export_{kind}")(filepath=str(tmp_path / f"a.{kind}"))
    getattr(bpy.ops.textface, f"export_{kind}")(filepath=str(tmp_path / f"i.{kind}"), names="ICT")
    arkit = [b.name for b in _reimport_fresh(tmp_path / f"a.{kind}").data.shape_keys.key_blocks]
    ict = [b.name for b in _reimport_fresh(tmp_path / f"i.{kind}").data.shape_keys.key_blocks]
    assert arkit == ["Basis", "jawOpen", "eyeBlinkLeft", "eyeBlinkRight"]
    assert ict == ["Basis", "jawOpen", "eyeBlink_L", "eyeBlink_R"]


def test_export_errors_are_api_errors_with_a_clear_message(bpy_empty, synthetic_wire, tmp_path):
    """A file name over the file system's limit was a raw OSError; ExportFailed is part of api."""
    assert {"ExportFailed", "BackendError", "ImportFailed", "NotAHead", "DamagedHead"} <= set(api.__all__)
    assert all(hasattr(api, name) for name in api.__all__)
    head = api.import_wire(synthetic_wire[0])
    folder = tmp_path / "out"
    folder.mkdir()
    for export, suffix in ((api.export_fbx, ".fbx"), (api.export_glb, ".glb")):
        with pytest.raises(api.ExportFailed, match=r"the file name is too long for the file system: 300 bytes"):
            export([head], str(folder / ("n" * (300 - len(suffix)) + suffix)))
        # a name the file system takes: its temporary file beside it must fit too
        out = export([head], str(folder / ("m" * (255 - len(suffix)) + suffix)))
        assert out.is_file() and sorted(p.name for p in folder.iterdir()) == [out.name]
        out.unlink()
