"""Texture params 13 and 14 (freckle density from the stated amount; shaved sides and cornrows from a named
cut) say what the prompt asked to be painted: refinement keeps them as they were drawn."""
from __future__ import annotations


def test_freckle_density_and_cut_switches_are_never_optimised(face_model):
    from backend.refine.texture import parametric_problem
    from backend.texture.atlas import atlas_uvs
    from backend.texture.params import TextureParams

    layout = atlas_uvs(face_model)
    start = {**TextureParams().to_dict(), "freckles": 0.8, "freckle_density": 0.95, "side_shave": 1.0,
             "shave_shape": 0.0, "cornrows": 0.0}
    problem = parametric_problem(start, 0, 256, layout.uvs, layout.face_uv_indices, {}, "cpu", face_model)
    switches = {"freckle_density", "side_shave", "shave_shape", "cornrows"}
    assert not switches & set(problem.params)
    kept = problem.finish({k: v.detach().numpy() + 0.1 for k, v in problem.params.items()})[1]
    want = TextureParams.from_dict(start).to_dict()
    assert {k: kept[k] for k in switches} == {k: want[k] for k in switches}
