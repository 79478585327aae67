"""Curly hair's albedo shows coils, not long streaks along the strands (hair/texture.py strand_maps), and refine's
torch copy (refine/hair_colour.py) draws it too, through the hair package's public maps (no private import)."""
from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
import torch

PARAMS = {"hair_eumelanin": 0.7, "hair_pheomelanin": 0.1, "hair_grey": 0.2}


def streak_anisotropy(rgba: np.ndarray) -> float:
    """Mean squared luminance step across the strands (u) over that along them (v), above the tips' fade: straight
    strands are hundreds, coils about 1."""
    lum = rgba[: int(0.7 * len(rgba)), :, :3].astype(np.float64).mean(-1)
    return float((np.diff(lum, axis=1) ** 2).mean() / (np.diff(lum, axis=0) ** 2).mean())


@pytest.mark.parametrize("seed", [0, 5])
def test_curly_albedo_has_no_long_streaks(seed):
    from backend.hair.texture import hair_albedo

    assert streak_anisotropy(hair_albedo(PARAMS, seed)) > 50  # straight hair keeps its strands
    assert streak_anisotropy(hair_albedo(PARAMS, seed, curly=True)) < 3


def test_an_afro_mesh_wears_the_curly_albedo():
    from backend.face_model import load_face_model
    from backend.hair.mesh import build_hair
    from backend.hair.style import HairStyle
    from backend.texture.params import params_from_code

    model = load_face_model()
    params = params_from_code({"gender": "female", "hair_color": "black"}, seed=0).to_dict()
    mesh = build_hair(model, np.zeros(100, np.float32), params,
                      HairStyle(length="shoulder", style="loose", volume="afro"), 0)
    assert streak_anisotropy(np.asarray(mesh.albedo)) < 3


@pytest.mark.parametrize("seed", [0, 3])
def test_refines_copy_draws_the_curly_albedo(seed):
    from backend.hair.texture import hair_albedo
    from backend.refine.hair_colour import HairColour, match

    want = hair_albedo(PARAMS, seed, curly=True)
    assert HairColour(seed, 512, curly=True).levels_off(PARAMS, want) <= 1
    assert HairColour(seed, 512).levels_off(PARAMS, want) > 5  # the straight copy is not it: the check can fail
    layout, ports, off = match(PARAMS, seed, want)
    assert layout == ("hair",) and ports[0].curly and off <= 1


def test_curly_colour_gradient_matches_finite_differences():
    from backend.refine.hair_colour import HairColour

    port = HairColour(5, 32, curly=True)
    weights = torch.rand(32, 32, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    inputs = tuple(torch.tensor(c, dtype=torch.float64, requires_grad=True) for c in (0.4, 0.2, 0.3))
    assert torch.autograd.gradcheck(lambda *x: (port(*x) * weights).sum(), inputs, eps=1e-6, atol=1e-6)


def test_refine_imports_no_private_name_from_hair():
    src = Path(__file__).resolve().parents[1] / "backend" / "refine"
    for path in src.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and "hair" in node.module and node.level >= 2:
                assert not any(a.name.startswith("_") for a in node.names), (path.name, node.module)
