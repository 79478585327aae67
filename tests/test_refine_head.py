"""Refinement of a real ICT head with the project's renderer and the tiny CLIP model."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.test_refine_clip import TINY_NAME, tiny_weights_file


@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    return str(tiny_weights_file(tmp_path_factory.mktemp("clip")))


def _head(face_model):
    from backend.pipeline import Head

    albedo = np.empty((64, 64, 3), np.uint8)
    albedo[...] = (200, 160, 140)
    identity = np.random.default_rng(1).normal(0, 0.5, 100).astype(np.float32)
    return Head(prompt="a young woman with a wide nose", seed=3,
                parsed={"concrete": {"nose_width": "wide"}, "abstract": ["kind"], "warnings": []},
                identity=identity, expression=np.zeros(53, np.float32), texture_model="flat",
                texture_params={}, albedo=albedo, uvs=face_model.uvs, face_uv_indices=face_model.face_uv_indices)


def _opts(weights, **kw):
    from backend.pipeline import GenerateOptions

    return GenerateOptions(clip_weights=weights, clip_model=TINY_NAME, **kw)


def test_without_weights_skips_with_reason(face_model):
    from backend.refine import NO_WEIGHTS_REASON, refine_head_arrays

    head = _head(face_model)
    out = refine_head_arrays(head, ["kind"], _opts(None))
    assert out.refinement == {"status": "skipped", "reason": NO_WEIGHTS_REASON, "phrases": ["kind"]}
    np.testing.assert_array_equal(out.identity, head.identity)


def test_refines_real_head(face_model, weights):
    from backend.refine import RefineSettings, refine_head_arrays

    head = _head(face_model)
    previews, messages = [], []

    def progress(stage, step, total, message="", preview=None):
        messages.append((step, total, message))
        if preview is not None:
            previews.append(preview)

    settings = RefineSettings(steps=4, views_per_step=2, render_size=48, lr_identity=0.05, preview_every=2, seed=0)
    out = refine_head_arrays(head, ["kind"], _opts(weights), progress=progress, settings=settings)
    ref = out.refinement
    assert ref["status"] == "done" and ref["steps"] == 4 and ref["clip_model"] == TINY_NAME
    assert ref["clip_weights"] == weights
    assert set(ref["similarity_after"]) == set(ref["similarity_before"]) and len(ref["similarity_after"]) == 5
    assert 0 < ref["identity_rms_change"] <= ref["identity_bound"]
    assert not np.array_equal(out.identity, head.identity)
    assert "albedo kept" in ref["texture_note"]
    attrs = ref["attributes"]
    assert attrs["status"] == "checked" and set(attrs["attributes"]) == {"nose_width"}
    row = attrs["attributes"]["nose_width"]
    assert row["stated"] == "wide" and row["holds"] == (row["after"] == "wide")
    assert attrs["change_scale"] in (1.0, 0.75, 0.5, 0.25, 0.0)
    assert len(previews) == 2 and previews[0].shape == (48, 48, 3)
    # loading CLIP, the scoring before and after and the attribute check are announced, not just steps
    assert messages[0] == (0, 4, f"loading CLIP {TINY_NAME} ({weights}) on cpu")
    assert messages[1] == (0, 4, "scoring the starting head in 5 fixed views")
    assert [m[0] for m in messages[2:6]] == [1, 2, 3, 4]
    assert messages[6:] == [(4, 4, "scoring the refined head in 5 fixed views"),
                            (4, 4, "checking that the stated attributes are kept")]
    # the caller's head is left as it was
    assert head.refinement == {"status": "not requested"}


def test_scaled_back_change_reports_the_kept_heads_similarity(face_model, weights, monkeypatch):
    # when a stated attribute would be lost, the head keeps a scaled-back change: its similarity is
    # what the record calls "after" (the full change's is kept beside it)
    import backend.refine.attributes as attributes
    from backend.refine import RefineSettings, refine_head_arrays
    from backend.refine.objective import ClipObjective

    def keep_nothing(start, refined, stated, labels):
        return np.asarray(start, np.float32), {"status": "checked", "measured": 1, "held_before": 1,
                                               "still_held": 1, "change_scale": 0.0,
                                               "lost_at_full_change": ["nose_width"], "attributes": {}}

    monkeypatch.setattr(attributes, "keep_attributes", keep_nothing)
    encoded = []
    encode = ClipObjective._encode_text
    monkeypatch.setattr(ClipObjective, "_encode_text", lambda self, p: encoded.append(p) or encode(self, p))
    head = _head(face_model)
    settings = RefineSettings(steps=3, views_per_step=2, render_size=48, lr_identity=0.05, seed=0)
    ref = refine_head_arrays(head, ["kind"], _opts(weights), settings=settings).refinement
    assert ref["attributes"]["change_scale"] == 0.0
    assert encoded == [["kind"]]  # the kept head is scored with the loop's text embeddings
    # the head is the concrete one again (albedo kept): the same renders, the same similarity
    assert ref["similarity_after"] == ref["similarity_before"]
    assert ref["similarity_after_full_change"] and ref["similarity_after_full_change"] != ref["similarity_before"]
    assert f"{ref['similarity_before']['front']:.4f} -> {ref['similarity_after']['front']:.4f}" in ref["summary"]


def test_cancel_real_head(face_model, weights):
    from backend.errors import Cancelled
    from backend.refine import RefineSettings, refine_head_arrays

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled, match="before it started"):
        refine_head_arrays(_head(face_model), ["kind"], _opts(weights), cancel=cancel)
    cancel.clear()
    steps = []

    def progress(stage, step, total, message="", preview=None):
        if message.startswith("step "):  # (not loading CLIP or scoring the starting head)
            steps.append(step)
            cancel.set()

    with pytest.raises(Cancelled, match="after 1 of 5 steps"):
        refine_head_arrays(_head(face_model), ["kind"], _opts(weights), progress=progress, cancel=cancel,
                           settings=RefineSettings(steps=5, views_per_step=1, render_size=32))
    assert steps == [1]


def test_bad_weights_fail_loudly(face_model, tmp_path):
    from backend.errors import CheckpointError
    from backend.refine import refine_head_arrays

    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    with pytest.raises(CheckpointError):
        refine_head_arrays(_head(face_model), ["kind"], _opts(str(bad)))


def test_pinned_names_are_texture_parameters():
    from backend.refine.texture import PINNED_BY
    from backend.schema import BY_NAME
    from backend.texture.params import TextureParams

    names = set(TextureParams.names())
    for attribute, params in PINNED_BY.items():
        assert attribute in BY_NAME, attribute
        assert set(params) <= names, (attribute, set(params) - names)


def test_parametric_texture_refined_except_stated(face_model, weights):
    from backend.pipeline import Head
    from backend.refine import RefineSettings, refine_head_arrays
    from backend.refine.texture import ALWAYS_FIXED, PINNED_BY
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import TextureParams

    layout = atlas_uvs(face_model)
    start = TextureParams().to_dict()
    head = Head(prompt="a fair-skinned man", seed=0,
                parsed={"concrete": {"skin_tone": "fair"}, "abstract": ["kind"], "warnings": []},
                identity=np.zeros(100, np.float32), expression=np.zeros(53, np.float32),
                texture_model="parametric", texture_params=start, albedo=np.zeros((256, 256, 3), np.uint8),
                uvs=layout.uvs, face_uv_indices=layout.face_uv_indices)
    settings = RefineSettings(steps=3, views_per_step=2, render_size=48, lr_texture=0.05, preview_every=0)
    out = refine_head_arrays(head, ["kind"], _opts(weights), settings=settings)
    ref = out.refinement
    optimised = len(start) - 1 - 3 - len(ALWAYS_FIXED)  # less version, skin, rendering fixes
    assert ref["status"] == "done" and f"{optimised} parametric texture parameters optimised" in ref["texture_note"]
    assert 0 < ref["texture_rms_change"] <= ref["texture_bound"]
    for name in (*PINNED_BY["skin_tone"], *ALWAYS_FIXED):
        assert out.texture_params[name] == start[name], name
    changed = [k for k in start if k != "version" and out.texture_params[k] != start[k]]
    assert changed and not set(changed) & set(PINNED_BY["skin_tone"])
    assert out.albedo.shape == (256, 256, 3) and out.albedo.dtype == np.uint8 and out.albedo.std() > 0
    # the record keeps what the head started from (a head refined in place can be restored from it)
    assert ref["texture_before"] == start and ref["identity_before"] == [0.0] * 100


def test_eval_refine_runs_and_reports(face_model, weights, tmp_path):
    import json

    from backend.cli import UserError
    from backend.refine.evaluate import main

    with pytest.raises(UserError, match="--clip-weights"):
        main(["--heads", "1"])
    out = tmp_path / "eval.json"
    assert main(["--clip-weights", weights, "--clip-model", TINY_NAME, "--heads", "1", "--steps", "2",
                 "--size", "32", "--compare-front-only", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["clip_model"] == TINY_NAME and len(report["heads"]) == 1
    assert set(report["summary"]) == {"multi-view", "front-only (paper)"}
    setup = report["heads"][0]["setups"]["multi-view"]
    assert set(setup["gain"]) == {"front", "three_quarter_left", "three_quarter_right", "profile_left",
                                  "profile_right"}
    assert setup["identity_rms_change"] <= setup["identity_bound"]


def test_device_resolution():
    import torch

    from backend.errors import TextFaceError
    from backend.refine.head import resolve_device

    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(TextFaceError, match="device must be"):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(TextFaceError, match="no CUDA device"):
            resolve_device("cuda")


def test_real_measurements_keep_stated_shape(face_model):
    from backend.refine.attributes import face_labeller, keep_attributes

    labels = face_labeller(face_model, None)
    rng = np.random.default_rng(7)
    start = rng.normal(0, 1, 100).astype(np.float32)
    stated = labels(start)  # every measured label counts as stated
    refined = start + rng.normal(0, 1.5, 100).astype(np.float32)  # far more than refinement may move
    final, rec = keep_attributes(start, refined, stated, labels)
    assert rec["status"] == "checked" and rec["held_before"] == rec["measured"] >= 10
    assert "gender" not in rec["attributes"] and "age" not in rec["attributes"]
    assert rec["lost_at_full_change"], "a 1.5-sigma random change should move some label"
    assert rec["still_held"] == rec["held_before"] and rec["change_scale"] < 1.0
    after = labels(final)
    assert all(after[n] == stated[n] for n in rec["attributes"])


def test_stated_dark_circles_stay_through_refinement(face_model):
    """'bags under his eyes' fixes under_eye; unstated, CLIP may move it ("looks tired" without the words)."""
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import params_from_code

    layout = atlas_uvs(face_model)
    start = params_from_code({"under_eyes": "dark"}, 0).to_dict()
    free = {code: set(parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, concrete, "cpu",
                                         face_model).params) for code, concrete in
            (("stated", {"under_eyes": "dark"}), ("unstated", {}))}
    assert "under_eye" not in free["stated"] and "under_eye" in free["unstated"]


def test_a_versions_way_of_drawing_is_never_optimised(face_model):
    """hair_grain and seam_fix say how a params version draws grey hair and the texels beside the islands
    (1 from version 10, 0 before): refinement keeps them, so a refined head draws as its version does."""
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import TextureParams, added_after

    layout = atlas_uvs(face_model)
    for version in (9, 10):
        start = {**TextureParams().to_dict(), "hair_grey": 0.35}
        if version == 9:
            start = {k: v for k, v in start.items() if k not in added_after(9)} | {"version": 9}
        problem = parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, {}, "cpu", face_model)
        assert not {"hair_grain", "seam_fix", "scalp_filter", "beard_contrast"} & set(problem.params), version
        kept = problem.finish({k: v.detach().numpy() + 0.1 for k, v in problem.params.items()})[1]
        want = TextureParams.from_dict(start).to_dict()
        assert (kept["hair_grain"], kept["seam_fix"]) == (want["hair_grain"], want["seam_fix"]), version


def test_a_denied_value_stays_out_of_refinement(face_model):
    """"an old man with no grey hair": the draw kept grey out (parsed.denied); refinement must not bring it back."""
    from backend.pipeline import Head
    from backend.refine.texture import texture_problem
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import TextureParams

    layout = atlas_uvs(face_model)

    def problem(parsed):
        head = Head(prompt="p", seed=0, parsed=parsed, identity=np.zeros(100, np.float32),
                    expression=np.zeros(53, np.float32), texture_model="parametric",
                    texture_params={**TextureParams().to_dict(), "hair_grey": 0.0},
                    albedo=np.zeros((256, 256, 3), np.uint8), uvs=layout.uvs, face_uv_indices=layout.face_uv_indices)
        return texture_problem(head, "cpu", face_model)

    stated_age = {"concrete": {"gender": "male"}, "abstract": ["kind"], "warnings": []}
    assert "hair_grey" in problem(stated_age).params  # nothing said about the hair: refinement may grey it
    denied = problem({**stated_age, "denied": {"hair_color": ["gray"]}})
    assert not {"hair_grey", "beard_grey", "brow_grey"} & set(denied.params)
    assert denied.finish({k: v.detach().numpy() + 0.2 for k, v in denied.params.items()})[1]["hair_grey"] == 0.0
