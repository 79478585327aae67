"""Refinement's renders draw the head's hair mesh: above the forehead, moved with the identity coefficients (through the
anchors), coverage alpha-tested; a hairless head renders as before; the refined head's hair is rebuilt on it."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from tests.test_refine_clip import TINY_NAME, tiny_weights_file

SKIN = (200, 160, 140)
SIZE = 64


@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    return str(tiny_weights_file(tmp_path_factory.mktemp("clip")))


@pytest.fixture(scope="module")
def identity():
    return np.random.default_rng(1).normal(0, 0.5, 100).astype(np.float32)


@pytest.fixture(scope="module")
def hair(face_model, identity):
    from backend.hair.mesh import build_hair
    from backend.hair.style import HairStyle
    from backend.texture.params import TextureParams

    mesh = build_hair(face_model, identity, TextureParams().to_dict(), HairStyle("short"), 3)
    assert mesh is not None
    return mesh


def _scene(face_model, hair=None):
    from backend.face_model import FaceModelModule
    from backend.refine.scene import FaceScene, fixed_albedo

    albedo = np.empty((64, 64, 3), np.uint8)
    albedo[...] = SKIN
    return FaceScene(FaceModelModule(face_model), face_model, None, face_model.uvs, face_model.face_uv_indices,
                     fixed_albedo(albedo), hair=hair)


def _front(scene, identity: torch.Tensor) -> torch.Tensor:
    from backend.refine.views import EVALUATION_VIEWS

    return scene.render(scene.geometry(identity), scene.albedo({}), [EVALUATION_VIEWS["front"]], SIZE)[0]


def _brow_row(scene, face_model, identity) -> int:
    """Image row of the brows in the front view (landmarks 19, 24)."""
    from backend.refine.views import EVALUATION_VIEWS

    cam = scene.cameras([EVALUATION_VIEWS["front"]])[0]
    v = scene.geometry(torch.as_tensor(identity)).detach()
    p = v[np.asarray(face_model.landmarks)[[19, 24]]].double()
    clip = torch.cat([p, torch.ones(len(p), 1, dtype=p.dtype)], 1) @ cam.matrix(1.0).double().T
    ndc_y = float((clip[:, 1] / clip[:, 3]).mean())
    return int((1.0 - ndc_y) / 2.0 * SIZE)


def test_hair_is_drawn_above_the_forehead(face_model, hair, identity):
    a = torch.as_tensor(identity)
    with torch.no_grad():
        bald = _front(_scene(face_model), a)
        hairy_scene = _scene(face_model, hair)
        hairy = _front(hairy_scene, a)
    row = _brow_row(hairy_scene, face_model, identity)
    assert 10 < row < SIZE - 10
    above = (hairy[:, :row] - bald[:, :row]).abs().amax(0)
    # the scalp above the brows is covered: many pixels there change, to the hair's darker colour
    assert (above > 0.1).float().mean() > 0.1
    changed = above > 0.1
    assert float(hairy[:, :row].mean(0)[changed].mean()) < float(bald[:, :row].mean(0)[changed].mean())


def test_hair_follows_the_identity_through_its_anchors(face_model, hair, identity, monkeypatch):
    from backend.refine.hair import HairLayer

    scene = _scene(face_model, hair)
    a0 = torch.as_tensor(identity)
    with torch.no_grad():
        bald = _front(_scene(face_model), a0)
        hairy = _front(scene, a0)
    changed = ((hairy - bald).abs().amax(0) > 0.1).float()
    # hair pixels away from its outline (eroded), so the gradient is the hair surface's own, not an edge's
    inner = -torch.nn.functional.max_pool2d(-changed[None, None], 5, 1, 2)[0, 0] > 0.5
    assert int(inner.sum()) > 20

    def gradient():
        a = a0.clone().requires_grad_(True)
        (_front(scene, a) * inner).sum().backward()
        return a.grad

    g = gradient()
    assert torch.isfinite(g).all() and float(g.abs().max()) > 1e-4
    # with the hair's positions cut off from the head's, the same pixels have no gradient: it came via the anchors
    positions = HairLayer.positions
    monkeypatch.setattr(HairLayer, "positions", lambda self, v: positions(self, v.detach()))
    assert float(gradient().abs().max()) < 1e-3 * float(g.abs().max())
    # and the hair moves with the coefficients: another identity moves its pixels
    monkeypatch.undo()
    with torch.no_grad():
        moved = _front(scene, a0 + 1.0)
    assert float((moved - hairy)[:, inner].abs().mean()) > 0.01


def test_hair_positions_are_the_posed_hair(face_model, hair, identity):
    """The vertices drawn sit where the wire format's rule (HairMesh.posed: rest + keys at the anchors) puts them."""
    from backend.refine.hair import HairLayer

    v = _scene(face_model).geometry(torch.as_tensor(identity)).detach()
    used = np.unique(np.asarray(hair.triangles()))
    full = HairLayer(replace(hair, albedo=np.full_like(hair.albedo, 255)), face_model)  # every triangle drawn
    assert full.n_drawn == full.n_triangles and full.n_vertices == len(used)
    np.testing.assert_allclose(full.positions(v).numpy(), hair.posed(face_model, identity)[used], atol=2e-3)


def test_low_coverage_shows_the_head(face_model, hair, identity):
    from backend.refine.hair import HairLayer, triangle_coverage

    # coverage is tested per triangle: transparent tips are not drawn
    alpha = np.zeros((8, 8), np.float32)
    alpha[:4] = 1.0  # v > 0.5 covered
    uvs = np.array([[0.1, 0.9], [0.2, 0.9], [0.1, 0.8], [0.1, 0.1], [0.2, 0.1], [0.1, 0.2]], np.float32)
    np.testing.assert_allclose(triangle_coverage(alpha, uvs, np.array([[0, 1, 2], [3, 4, 5]])), [1.0, 0.0])
    rgba = hair.albedo.copy()
    rgba[256:, :, 3] = 0  # the lower half of the texture (v < 0.5) transparent
    half = HairLayer(replace(hair, albedo=rgba), face_model)
    whole = HairLayer(replace(hair, albedo=np.full_like(rgba, 255)), face_model)
    assert 0 < half.n_drawn < whole.n_drawn
    # nothing covered: the render is the hairless head's (the atlas and extra vertices change nothing else)
    rgba[..., 3] = 0
    a = torch.as_tensor(identity)
    with torch.no_grad():
        bald = _front(_scene(face_model), a)
        clear = _front(_scene(face_model, replace(hair, albedo=rgba)), a)
    torch.testing.assert_close(clear, bald, atol=1e-4, rtol=0)


def test_a_hairless_scene_renders_as_the_renderer_does(face_model, identity):
    """hair=None is the scene as it was: the renderer's own call on the head's triangles, bit for bit."""
    from backend.render import Light, Renderer, RenderSettings
    from backend.refine.views import EVALUATION_VIEWS

    scene = _scene(face_model)
    views = list(EVALUATION_VIEWS.values())[:3]
    v = scene.geometry(torch.as_tensor(identity))
    with torch.no_grad():
        got = scene.render(v, scene.albedo({}), views, SIZE)
        lights = [Light(direction=w.light_dir, space="camera", intensity=w.light_intensity, ambient=w.ambient)
                  for w in views]
        want = Renderer(RenderSettings(resolution=SIZE)).render(
            v, scene.triangles, scene.uvs, scene.uv_triangles, scene.albedo({}), scene.cameras(views), lights=lights,
            backgrounds=[w.background for w in views]).permute(0, 3, 1, 2)
    assert torch.equal(got, want)
    assert scene.hair is None


def test_parameters_the_hair_shape_is_drawn_from_stay_fixed_and_its_colour_follows(face_model, hair):
    from backend.refine.hair import HAIR_COLOUR_PARAMS, HAIR_FIXED_PARAMS, HAIR_MESH_PARAMS
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import TextureParams

    layout = atlas_uvs(face_model)
    start = TextureParams().to_dict()
    assert set(HAIR_MESH_PARAMS) <= set(TextureParams.names())
    assert set(HAIR_MESH_PARAMS) == set(HAIR_COLOUR_PARAMS) | set(HAIR_FIXED_PARAMS)
    kw = dict(concrete={}, device="cpu", model=face_model)
    free = parametric_problem(start, 3, 64, layout.uvs, layout.face_uv_indices, **kw)
    hairy = parametric_problem(start, 3, 64, layout.uvs, layout.face_uv_indices, hair_mesh=hair, **kw)
    assert set(HAIR_COLOUR_PARAMS) <= set(free.params)
    assert not set(HAIR_FIXED_PARAMS) & set(hairy.params)
    assert set(HAIR_COLOUR_PARAMS) <= set(hairy.params)  # the colour is optimised, the mesh's colour follows it
    assert set(hairy.params) == set(free.params) - set(HAIR_FIXED_PARAMS)
    assert "fixed because the hair mesh is drawn from them" in hairy.note
    assert hairy.hair_colour is not None and free.hair_colour is None
    assert hairy.hair_colour_note.startswith("follows hair_eumelanin, hair_pheomelanin, hair_grey")
    with pytest.raises(TypeError, match="HairMesh or None"):
        parametric_problem(start, 3, 64, layout.uvs, layout.face_uv_indices, hair_mesh=True, **kw)


def _head(face_model, identity, hair=None, record=None):
    from backend.pipeline import Head
    from backend.texture.params import TextureParams

    albedo = np.empty((64, 64, 3), np.uint8)
    albedo[...] = SKIN
    return Head(prompt="a young woman", seed=3, parsed={"concrete": {}, "abstract": ["kind"], "warnings": []},
                identity=identity, expression=np.zeros(53, np.float32), texture_model="flat",
                texture_params=TextureParams().to_dict(), albedo=albedo, uvs=face_model.uvs,
                face_uv_indices=face_model.face_uv_indices, hair=hair, hair_record=record)


def test_refinement_draws_the_hair_and_rebuilds_it_on_the_refined_head(face_model, hair, identity, weights):
    from backend.hair.mesh import build_hair
    from backend.pipeline import GenerateOptions
    from backend.refine import RefineSettings, refine_head_arrays

    record = {"mode": "auto", **hair.style.to_dict(), "mesh": True}
    head = _head(face_model, identity, hair, record)
    settings = RefineSettings(steps=2, views_per_step=2, render_size=48, lr_identity=0.1, preview_every=0)
    opts = GenerateOptions(clip_weights=weights, clip_model=TINY_NAME)
    out = refine_head_arrays(head, ["kind"], opts, settings=settings)
    ref = out.refinement
    assert ref["status"] == "done" and ref["hair"]["drawn"] is True
    assert 0 < ref["hair"]["triangles_drawn"] <= ref["hair"]["triangles"]
    assert not np.array_equal(out.identity, head.identity)
    # rebuilt on the refined identity with the head's style and seed, not the concrete head's mesh carried over
    want = build_hair(face_model, out.identity, out.texture_params, hair.style, 3)
    assert out.hair is not None and out.hair is not hair
    np.testing.assert_array_equal(out.hair.vertices, want.vertices)
    assert out.hair_record == record and head.hair is hair
    # the scores before and after are of renders with the hair: they differ from the hairless head's
    bald = refine_head_arrays(_head(face_model, identity, None, {"mode": "none"}), ["kind"], opts, settings=settings)
    assert bald.refinement["hair"] == {"drawn": False, "reason": "no hair mesh asked for (--hair none)"}
    assert bald.refinement["similarity_before"] != ref["similarity_before"]
    old = refine_head_arrays(_head(face_model, identity), ["kind"], opts, settings=settings)
    assert old.refinement["hair"]["drawn"] is False and "no hair section" in old.refinement["hair"]["reason"]
    assert old.hair is None


def test_eval_refine_heads_wear_their_drawn_hair(face_model, weights, tmp_path):
    import json

    from backend.hair.style import choose
    from backend.refine.evaluate import main
    from backend.texture.params import params_from_code

    reports = {}
    for flag in ([], ["--no-hair"]):
        out = tmp_path / f"eval{len(flag)}.json"
        assert main(["--clip-weights", weights, "--clip-model", TINY_NAME, "--heads", "1", "--steps", "1",
                     "--size", "32", "--json", str(out), *flag]) == 0
        reports[bool(flag)] = json.loads(out.read_text())["heads"][0]
    style = choose({}, {}, params_from_code({}, seed=0).to_dict(), 0)[0]
    assert reports[False]["hair"] == {**style.to_dict(), "mesh": style.has_mesh}
    assert reports[True]["hair"] == "none"
    before = [r["setups"]["multi-view"]["similarity_before"] for r in (reports[False], reports[True])]
    assert (before[0] != before[1]) == style.has_mesh  # the hair is in the scored renders
