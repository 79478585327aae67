"""The hair mesh written with the head: head.npz's hair keys, hair.obj/mtl/albedo (listed in head.sha256, removed when
a head without hair replaces one with), the preview drawn with the hair, refine rebuilding the same style."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from backend.io.checksums import checksum_problems
from backend.io.obj import read_obj
from backend.io.wire import has_hair, read_wire, sidecar_of
from backend.pipeline import GenerateOptions, generate_head, hair_names, refine_head, write_head

SMALL = GenerateOptions(seed=1, refine=False, texture_size=256)
LONG = "a young woman with long black hair"


@pytest.fixture(scope="module")
def long_hair(face_model):
    return generate_head(LONG, SMALL)


@pytest.fixture(scope="module")
def written(long_hair, tmp_path_factory):
    out = tmp_path_factory.mktemp("hair-head")
    return out, write_head(long_hair, out)


def test_a_stated_hairstyle_gets_its_mesh_and_head_json_records_it(long_hair):
    assert long_hair.hair is not None and long_hair.hair.style.length == "long"
    assert long_hair.hair_record == {"mode": "auto", "length": "long", "style": "loose", "volume": "straight",
                                     "fringe": False, "stated": ["length"], "mesh": True}
    assert "hair" in long_hair.timings


def test_hair_files_are_written_listed_and_match_the_wire(written, long_hair, face_model):
    out, paths = written
    assert sorted(p.name for k, p in paths.items() if k.startswith("hair")) == sorted(hair_names())
    assert not checksum_problems(out, "head.sha256", ["head.obj", *hair_names()])
    assert set(hair_names()) <= set((out / "head.sha256").read_text().split())
    w = read_wire(out / "head.npz")
    assert has_hair(w) and sidecar_of(w)["hair"]["length"] == "long"
    mesh = long_hair.hair
    assert np.array_equal(w["hair_anchor"], mesh.anchor) and np.allclose(w["hair_vertices"], mesh.vertices)
    assert w["hair_albedo"].shape == (512, 512, 4)
    obj = read_obj(out / "hair.obj")
    posed = mesh.posed(face_model, long_hair.identity, long_hair.expression)
    assert np.allclose(obj["vertices"], posed, atol=1e-3)
    # the add-on's rule: rest + identity keys at the anchors = the OBJ's hair (no expression in this head)
    keyed = w["hair_vertices"] + np.einsum("k,kvc->vc", w["identity"], w["identity_basis"][:, w["hair_anchor"]])
    assert np.abs(keyed - obj["vertices"]).max() < 2e-3
    assert "map_Kd hair_albedo.png" in (out / "hair.mtl").read_text()
    assert Image.open(out / "hair_albedo.png").mode == "RGBA"


def test_a_head_without_hair_removes_an_earlier_heads_hair_files(written, face_model, tmp_path):
    import shutil

    out = tmp_path / "head"
    shutil.copytree(written[0], out)
    bald = generate_head("a bald old man", SMALL)
    assert bald.hair is None and bald.hair_record["mesh"] is False
    write_head(bald, out)
    assert not any((out / n).exists() for n in hair_names())
    assert not has_hair(read_wire(out / "head.npz"))
    assert not checksum_problems(out, "head.sha256", ["head.obj", "head.json"])


def test_hair_none_writes_the_painted_crop_only(face_model, tmp_path):
    head = generate_head(LONG, GenerateOptions(seed=1, refine=False, texture_size=256, hair="none"))
    assert head.hair is None and head.hair_record == {"mode": "none"}
    write_head(head, tmp_path, preview=False)
    assert not any((tmp_path / n).exists() for n in hair_names())


def _front(image: np.ndarray) -> np.ndarray:
    return image[:, : image.shape[1] // 3]


def test_the_preview_draws_the_hair_around_the_head(written, long_hair, face_model):
    from backend.face_model import blend
    from backend.render.preview import render_preview

    with_hair = np.asarray(Image.open(written[0] / "preview.png"))
    v = blend(face_model, long_hair.identity, long_hair.expression)[0]
    bare = render_preview(v, face_model, long_hair.albedo, long_hair.uvs, long_hair.face_uv_indices)
    hw, bw = _front(with_hair).astype(int), _front(bare).astype(int)
    background = (bw == 255).all(-1)
    hair_px = background & ((hw < 120).all(-1))  # dark hair where the bare head shows background
    rows = np.nonzero(hair_px.any(1))[0]
    assert hair_px.sum() > 5000  # beside and above the head
    head_top = np.nonzero((~background).any(1))[0][0]
    assert rows[0] < head_top  # hair above the scalp
    # the face stays clear: the centre of the front view is the same skin (the framing moves a little: compare means)
    h, w = bw.shape[:2]
    centre = (slice(h * 2 // 5, h * 3 // 5), slice(w * 2 // 5, w * 3 // 5))
    assert np.abs(hw[centre].mean((0, 1)) - bw[centre].mean((0, 1))).max() < 8.0


def test_a_bald_man_has_no_hair_in_the_preview(face_model, tmp_path):
    bald = generate_head("a bald man", SMALL)
    assert bald.hair is None
    paths = write_head(bald, tmp_path)
    assert "hair_obj" not in paths


def test_refine_rebuilds_the_same_hair_on_the_refined_head(written, long_hair, face_model):
    import json

    sidecar = json.loads((written[0] / "head.json").read_text())
    refined = refine_head(sidecar, "looks kind", GenerateOptions(refine_steps=1))
    assert refined.hair_record == long_hair.hair_record
    assert np.allclose(refined.hair.vertices, long_hair.hair.vertices, atol=1e-4)
    # a head file from before hair meshes (no hair section) stays without one; --hair none's record too
    for record in (None, {"mode": "none"}):
        old = {k: v for k, v in sidecar.items() if k != "hair"}
        if record is not None:
            old["hair"] = record
        assert refine_head(old, "looks kind", GenerateOptions(refine_steps=1)).hair is None


def test_refine_rebuilds_hair_on_a_changed_identity(written, long_hair, face_model):
    import json

    from scipy.spatial import cKDTree

    from backend.face_model import blend
    from backend.hair.raycast import skin_triangles, vertex_normals

    sidecar = json.loads((written[0] / "head.json").read_text())
    sidecar["identity"] = [x + 0.8 for x in sidecar["identity"]]  # as refinement moves it
    refined = refine_head(sidecar, "looks kind", GenerateOptions(refine_steps=1))
    assert refined.hair_record == long_hair.hair_record
    a, b = refined.hair.vertices, long_hair.hair.vertices  # rebuilt on the new head, not copied
    assert a.shape != b.shape or np.abs(a - b).max() > 0.05
    head = blend(face_model, refined.identity, None)[0]
    hair = refined.hair.posed(face_model, refined.identity)
    tris = skin_triangles(face_model)
    skin = np.unique(tris)
    hair = hair[hair[:, 1] > head[face_model.landmarks[8], 1] - 5.0]
    _, near = cKDTree(head[skin]).query(hair)
    assert (((hair - head[skin][near]) * vertex_normals(head, tris)[skin][near]).sum(1)).min() > -0.05


def test_the_service_job_option_hair_reaches_the_pipeline():
    from pydantic import ValidationError

    from backend.errors import TextFaceError
    from backend.service.kinds import _options
    from backend.service.schemas import GenerateRequest

    server = {"clip_model": "ViT-B-32", "device": "cpu", "stylegan": None}
    assert GenerateRequest(prompt="a woman").hair == "auto"
    params = GenerateRequest(prompt="a woman", hair="none").model_dump()
    assert _options({**params, "refine": False}, server, seed=1).validated().hair == "none"
    with pytest.raises(ValidationError):
        GenerateRequest(prompt="a woman", hair="bald")
    with pytest.raises(TextFaceError, match="hair must be auto or none"):
        GenerateOptions(hair="bald").validated()


def test_generate_command_hair_none(face_model, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-m", "backend", "generate", LONG, "--seed", "1", "--texture-size", "256",
                          "--no-preview", "--hair", "none", "--out", str(tmp_path / "h")], cwd=root,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "h" / "head.obj").is_file() and not (tmp_path / "h" / "hair.obj").exists()
    bad = subprocess.run([sys.executable, "-m", "backend", "generate", LONG, "--hair", "bald", "--out",
                          str(tmp_path / "x")], cwd=root, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "--hair" in bad.stderr
