"""Refinement optimises the hair mesh's colour with the painted scalp's (the same texture parameters), unless the prompt
stated it: the torch copy of the hair albedo's colour matches `hair_albedo`, its gradient matches finite differences,
the loss falls towards a CLIP target that favours a colour, and the refined colour is what the rebuilt hair wears."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.test_refine_clip import TINY_NAME, tiny_weights_file

COLOURS = [  # (hair_eumelanin, hair_pheomelanin, hair_grey): brown, black with some grey, red-blond and white, a hint
    (0.42, 0.15, 0.0), (0.9, 0.05, 0.3), (0.05, 0.6, 0.97), (0.2, 0.3, 0.002)]


def _params(colour) -> dict:
    return dict(zip(("hair_eumelanin", "hair_pheomelanin", "hair_grey"), colour))


@pytest.mark.parametrize("seed", [0, 3, 17])
@pytest.mark.parametrize("colour", COLOURS)
def test_the_torch_colour_is_hair_albedos(seed, colour):
    from backend.hair.texture import hair_albedo
    from backend.refine.hair_colour import HairColour

    port = HairColour(seed, 512)
    want = hair_albedo(_params(colour), seed)
    assert port.levels_off(_params(colour), want) <= 1
    with torch.no_grad():
        got = (port(*(torch.tensor(c) for c in colour)) * 255 + 0.5).to(torch.uint8).numpy()
    assert np.mean(got != want[..., :3]) < 0.01  # off by one only where float32 rounds across a level's edge
    # another colour or seed is far off: the check can fail
    assert port.levels_off(_params((0.6, 0.15, 0.0)), want) > 5 or colour[0] > 0.8
    assert HairColour(seed + 1, 512).levels_off(_params(colour), want) > 5


def test_the_tile_the_renders_sample_is_the_resized_albedo():
    from backend.hair.texture import hair_albedo
    from backend.refine.hair_colour import HairColour

    full = torch.as_tensor(hair_albedo(_params(COLOURS[1]), 3)[..., :3].astype(np.float32) / 255)
    want = torch.nn.functional.interpolate(full.permute(2, 0, 1)[None], size=(256, 512), mode="area")[0]
    with torch.no_grad():
        got = HairColour(3, 512).resized(256)(*(torch.tensor(c) for c in COLOURS[1])).permute(2, 0, 1)
    assert float((got - want).abs().max()) < 2.5 / 255  # strands run along v: rows next to each other agree


@pytest.mark.parametrize("colour", [(0.4, 0.2, 0.3), (0.7, 0.1, 0.0), (0.1, 0.5, 0.8)])
def test_the_colour_gradient_matches_finite_differences(colour):
    from backend.refine.hair_colour import HairColour

    port = HairColour(5, 32)
    weights = torch.rand(32, 32, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    # at grey 0 hair_albedo's value jumps (no white strands at all), so grey is checked only above it
    inputs = tuple(torch.tensor(c, dtype=torch.float64, requires_grad=k < 2 or c > 0) for k, c in enumerate(colour))
    assert torch.autograd.gradcheck(lambda *x: (port(*x) * weights).sum(), inputs, eps=1e-6, atol=1e-6)
    assert torch.autograd.gradcheck(lambda *x: port.resized(16)(*x), inputs, eps=1e-6, atol=1e-6)
    grads = torch.autograd.grad((port(*inputs) * weights).sum(), inputs[:2])
    assert all(abs(float(g)) > 0 for g in grads)  # pigments always reach the colour
    if colour[2] == 0:  # grey 0: the loop sees no gradient there, so a head without grey keeps none
        g0 = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        out = (port(inputs[0], inputs[1], g0) * weights).sum()
        assert torch.autograd.grad(out, [g0], allow_unused=True)[0] is None


# --- in the refinement scene and loop (the ICT model) ---

@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    return str(tiny_weights_file(tmp_path_factory.mktemp("clip")))


@pytest.fixture(scope="module")
def identity():
    return np.random.default_rng(1).normal(0, 0.5, 100).astype(np.float32)


@pytest.fixture(scope="module")
def start_params():
    from backend.texture.params import TextureParams

    return TextureParams().to_dict()


@pytest.fixture(scope="module")
def hair(face_model, identity, start_params):
    from backend.hair.mesh import build_hair
    from backend.hair.style import HairStyle

    mesh = build_hair(face_model, identity, start_params, HairStyle("shoulder"), 3)
    assert mesh is not None
    return mesh


def _problem(face_model, params, hair, concrete=None):
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs

    layout = atlas_uvs(face_model)
    return parametric_problem(params, 3, 256, layout.uvs, layout.face_uv_indices, concrete or {}, "cpu", face_model,
                              hair_mesh=hair)


def _scene(face_model, problem, hair):
    from backend.face_model import FaceModelModule
    from backend.refine.scene import FaceScene

    return FaceScene(FaceModelModule(face_model), face_model, None, problem.uvs, problem.face_uv_indices,
                     problem.albedo_fn, hair=hair, hair_colour=problem.hair_colour,
                     hair_colour_note=problem.hair_colour_note)


def _texture(problem, **values):
    return {k: (torch.tensor(float(values[k])) if k in values else v.detach().clone())
            for k, v in problem.params.items()}


def test_the_hair_mesh_pixels_follow_the_colour_parameters(face_model, hair, identity, start_params):
    from backend.refine.views import EVALUATION_VIEWS

    problem = _problem(face_model, start_params, hair)
    scene = _scene(face_model, problem, hair)
    a = torch.as_tensor(identity)
    views = [EVALUATION_VIEWS["front"], EVALUATION_VIEWS["profile_left"]]
    with torch.no_grad():
        verts = scene.geometry(a)
        start = scene.render(verts, scene.albedo(_texture(problem)), views, 96)
        dark = scene.render(verts, scene.albedo(_texture(problem, hair_eumelanin=1.0)), views, 96)
    # at the start the live colour is the mesh's own albedo (to its uint8 rounding)
    fixed = _scene(face_model, _problem(face_model, start_params, hair, {"hair_color": "brown"}), hair)
    assert fixed.hair.colour is None
    with torch.no_grad():
        own = fixed.render(verts, fixed.albedo(_texture(problem)), views, 96)
    assert float((start - own).abs().max()) < 3 / 255
    # raven-black hair: the hair's pixels (and the painted scalp under it) darken
    changed = (start - dark).abs().amax(1) > 0.05
    assert float(changed.float().mean()) > 0.05
    assert float(dark.mean(1)[changed].mean()) < float(start.mean(1)[changed].mean())
    # the hair mesh's texels carry the gradient: d(atlas hair part)/d(hair_eumelanin) != 0
    t = {k: v.clone().requires_grad_(True) for k, v in _texture(problem).items()}
    image = scene.albedo(t)
    hair_part = image[:, 256 + 1:]
    assert hair_part.shape[1] == hair.albedo.shape[1]
    (g,) = torch.autograd.grad(hair_part.sum(), [t["hair_eumelanin"]])
    assert float(g) < 0  # more eumelanin: darker hair
    assert scene.hair.record()["colour"].startswith("follows hair_eumelanin")


def test_refinement_moves_the_hair_colour_towards_a_target_that_favours_it(face_model, hair, identity, start_params,
                                                                         weights, monkeypatch):
    from backend.refine import RefineSettings, refine
    from backend.refine.hair import HAIR_COLOUR_PARAMS
    from backend.refine.objective import ClipObjective
    from backend.refine.registry import load_clip
    from backend.refine.views import sample_views

    clip = load_clip(TINY_NAME, weights=weights)
    problem = _problem(face_model, start_params, hair)
    # only the hair's colour moves (the tiny CLIP would take any change of the skin as readily)
    free = {k: problem.params[k] for k in HAIR_COLOUR_PARAMS}
    rest = {k: v for k, v in problem.params.items() if k not in free}
    problem.albedo_fn = (lambda albedo_fn: lambda t: albedo_fn({**rest, **t}))(problem.albedo_fn)
    scene = _scene(face_model, problem, hair)
    a = torch.as_tensor(identity)
    # the text target favours raven-black hair: the direction from this head's embedding to the same head's with
    # black hair, as the tiny CLIP sees them in the loop's views (it knows no words)
    objective = ClipObjective(clip, ["hair like a raven's wing"])
    views = sample_views(np.random.default_rng(0), 2, jitter=False)

    def embedding(**colour):
        with torch.no_grad():
            images = scene.render(scene.geometry(a), scene.albedo(_texture(problem, **colour)), views, 48)
            return objective.image_embeddings(images).mean(0, keepdim=True)

    target = torch.nn.functional.normalize(embedding(hair_eumelanin=1.0, hair_pheomelanin=0.0) - embedding(), dim=-1)
    monkeypatch.setattr(ClipObjective, "_encode_text", lambda self, phrases: target)
    # a weak regulariser: the tiny CLIP's whole span between brown and black hair is ~0.03 (a real CLIP's is larger)
    settings = RefineSettings(steps=12, views_per_step=2, render_size=48, lr_identity=0.0, lr_texture=0.05,
                              lambda_texture=0.05, augment=False, preview_every=0)
    out = refine(clip, ["hair like a raven's wing"], scene, a, free, settings)
    assert np.mean([h["clip"] for h in out.history[-3:]]) < np.mean([h["clip"] for h in out.history[:3]])
    st = out.status
    assert np.mean(list(st.similarity_after.values())) > np.mean(list(st.similarity_before.values()))
    assert float(out.texture["hair_eumelanin"]) > start_params["hair_eumelanin"] + 0.1


def _head(face_model, identity, params, hair, concrete=None):
    from backend.pipeline import Head
    from backend.texture.atlas import atlas_uvs
    from backend.texture.parametric import albedo, to_uint8

    layout = atlas_uvs(face_model)
    with torch.no_grad():
        image = to_uint8(albedo(params, 256, 3, face_model))
    return Head(prompt="a person", seed=3, parsed={"concrete": concrete or {}, "abstract": ["kind"], "warnings": []},
                identity=identity, expression=np.zeros(53, np.float32), texture_model="parametric",
                texture_params=dict(params), albedo=image, uvs=layout.uvs, face_uv_indices=layout.face_uv_indices,
                hair=hair, hair_record={"mode": "auto", **hair.style.to_dict(), "mesh": True})


def test_the_rebuilt_hair_wears_the_refined_colour_and_a_stated_colour_stays(face_model, hair, identity, start_params,
                                                                             weights):
    from backend.hair.texture import hair_albedo
    from backend.pipeline import GenerateOptions
    from backend.refine import RefineSettings, refine_head_arrays

    settings = RefineSettings(steps=2, views_per_step=2, render_size=48, preview_every=0)
    opts = GenerateOptions(clip_weights=weights, clip_model=TINY_NAME)
    keys = ("hair_eumelanin", "hair_pheomelanin", "hair_grey")
    out = refine_head_arrays(_head(face_model, identity, start_params, hair), ["sun-bleached"], opts,
                             settings=settings)
    assert out.refinement["hair"]["colour"].startswith("follows hair_eumelanin")
    assert any(out.texture_params[k] != start_params[k] for k in keys[:2])  # hair_grey 0: no white strands to grow
    np.testing.assert_array_equal(out.hair.albedo, hair_albedo(out.texture_params, 3))  # head.json params -> hair
    assert not np.array_equal(out.hair.albedo, hair.albedo)
    for concrete in ({"hair_color": "brown"}, {"age": "old", "hair_color": "brown"}):
        kept = refine_head_arrays(_head(face_model, identity, start_params, hair, concrete), ["sun-bleached"], opts,
                                  settings=settings)
        assert {k: kept.texture_params[k] for k in keys} == {k: start_params[k] for k in keys}
        np.testing.assert_array_equal(kept.hair.albedo, hair.albedo)
        assert kept.refinement["hair"]["colour"].startswith("fixed: hair_eumelanin, hair_pheomelanin, hair_grey")
    aged = refine_head_arrays(_head(face_model, identity, start_params, hair, {"age": "old"}), ["sun-bleached"], opts,
                              settings=settings)
    assert aged.texture_params["hair_grey"] == start_params["hair_grey"]
    assert aged.refinement["hair"]["colour"] == ("follows hair_eumelanin, hair_pheomelanin, one colour with the "
                                                 "painted scalp hair (hair_grey fixed by stated or denied attributes)")


@pytest.mark.parametrize("length, layout", [("shoulder", ("hair", "beard")), ("cropped", ("beard",))])
def test_a_beard_mesh_follows_the_beard_colour(face_model, identity, start_params, length, layout):
    from dataclasses import replace

    from backend.hair.mesh import build_hair
    from backend.hair.style import HairStyle

    params = {**start_params, "beard": 0.9, "beard_length": 0.7, "beard_eumelanin": 0.2, "beard_pheomelanin": 0.5}
    mesh = build_hair(face_model, identity, params, HairStyle(length), 3)
    assert mesh is not None and mesh.albedo.shape[1] == 512 * len(layout)
    problem = _problem(face_model, params, mesh)
    assert problem.hair_colour.layout == layout
    with torch.no_grad():
        image = problem.hair_colour.image(_texture(problem), 512)
    assert int(np.abs((image * 255 + 0.5).to(torch.uint8).numpy().astype(int) - mesh.albedo[..., :3]).max()) <= 1
    stated = _problem(face_model, params, mesh, {"beard_color": "red"})
    beard = ("beard_eumelanin", "beard_pheomelanin", "beard_grey")
    if layout == ("beard",):  # a beard alone, its colour stated: nothing of the mesh's colour moves
        assert stated.hair_colour is None and stated.hair_colour_note == f"fixed: {', '.join(beard)} are fixed by " \
            "stated or denied attributes"
    else:
        assert set(stated.hair_colour.free) == set(problem.hair_colour.free) - set(beard)
    # a mesh whose albedo refine's copy does not reproduce keeps its colour, and says so
    other = replace(mesh, albedo=np.ascontiguousarray(mesh.albedo[::-1]))
    kept = _problem(face_model, params, other)
    assert kept.hair_colour is None and "does not reproduce" in kept.hair_colour_note
    assert not {"hair_eumelanin", "beard_eumelanin"} & set(kept.params)
