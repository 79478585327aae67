"""The beard's shell (backend/hair/beard.py DENS_ON) rises out of a painted beard that is already nearly full: on the
cheek it lifts off the skin only where the painted density is >= ~0.6 (the strands cover ~75 % there), below the
painted cheek line, so the paint's own ~1 cm fade shows above the shell rather than a shell edge over bare skin.

Before: it lifted off where the painted density was 0.26-0.30 (10-20 % cover), up to 0.9-1.0 cm above the painted
line (beard_figures.cheek_lift on the two heads below)."""
from __future__ import annotations

import numpy as np
import pytest

from backend.hair.beard_figures import cheek_lift
from backend.hair.mesh import build_hair
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code


@pytest.mark.parametrize("seed", [1, 2])
def test_the_shell_lifts_off_the_cheek_inside_the_painted_beard(face_model, seed):
    ident = np.random.default_rng(seed + 2).normal(0, 1, 100).astype(np.float32)
    params = params_from_code({"gender": "male", "age": "old", "beard": "full"}, seed=seed,
                              facial={"beard_length": "long"}).to_dict()
    mesh = build_hair(face_model, ident, params, HairStyle("cropped"), seed=2)
    lift = cheek_lift(face_model, mesh, ident, params)
    assert lift["lift_density"] >= 0.6
    assert lift["lift_above_line"] <= 0.0
