"""Short full beards and thick moustaches as a mesh (backend/hair/beard.py): "a man with a full thick beard" (an
unstated young length, beard_length ~0.29) and "a neatly trimmed beard" (0.05) stand off the jaw, cheeks and chin
where the paint is nearly full, thinner when trimmed, carried by jawOpen, nothing over the open mouth; a thick or
handlebar moustache is a shell over the upper lip; stubble, "a short stubbly beard" and an unstated or thin moustache
stay painted; heads without facial hair and long beards / goatees come out bit-identical.

Before: all of these were painted only (beard_length < 0.3 or no full beard: no beard part).  After (seed 0, drawn
as generate draws it; tests/measure_hair_beard_short.py): full thick 20 / 9 / 6.5 mm off the skin at chin / jaw /
cheek, 96 % of the nearly full paint under the shell; trimmed 16 / 7 / 4.4 mm; thick moustache 5.8 mm at the lip."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.beard import Z0, add_beard, has_beard
from backend.hair.beard_figures import beard_figures, beard_surface, moustache, standoff
from backend.hair.geometry import _Builder
from backend.hair.mesh import build_hair
from backend.hair.style import HairStyle
from backend.parser import parse
from backend.texture.params import params_from_code

BALD = HairStyle("cropped")  # no scalp hair mesh: the beard part alone


def _params(prompt: str, seed: int = 0) -> dict:
    """The pipeline's draw: the parser's code and facial_hair through params_from_code."""
    parsed = parse(prompt)
    return params_from_code(parsed.concrete, seed=seed, denied=parsed.denied, facial=parsed.facial_hair).to_dict()


def _build(face_model, prompt, seed=0):
    ident = np.random.default_rng(seed + 3).normal(0, 1, 100).astype(np.float32)
    params = _params(prompt, seed)
    return ident, params, build_hair(face_model, ident, params, BALD, seed=2)


@pytest.fixture(scope="module")
def thick(face_model):
    return _build(face_model, "a man with a full thick beard")


@pytest.fixture(scope="module")
def trimmed(face_model):
    return _build(face_model, "a man with a neatly trimmed beard")


def test_a_short_full_beard_stands_off_the_jaw_cheeks_and_chin(face_model, thick, trimmed):
    ident, params, mesh = thick
    assert params["beard_length"] < 0.3  # (painted only before)
    f = standoff(face_model, mesh, ident, params)
    assert f["chin_mm"] >= 12.0 and f["jaw_mm"] >= 6.0 and f["cheek_mm"] >= 4.0
    assert f["coverage"] >= 0.9  # over the nearly full paint
    t_ident, t_params, t_mesh = trimmed
    t = standoff(face_model, t_mesh, t_ident, t_params)
    assert t["jaw_mm"] >= 4.0 and t["cheek_mm"] >= 3.0
    assert t["jaw_mm"] < f["jaw_mm"] and t["chin_mm"] < f["chin_mm"]  # trimmed: thinner than an unstated full one


@pytest.mark.parametrize("which", ["thick", "trimmed"])
def test_a_short_beard_follows_jaw_open_and_leaves_the_mouth_open(face_model, which, request):
    ident, params, mesh = request.getfixturevalue(which)
    assert standoff(face_model, mesh, ident, params)["chin_follow"] >= 0.9
    assert beard_figures(face_model, mesh, ident)["over_mouth"] == 0
    # the painted length's fall (0.29: ~2.3 cm past the neck line; trimmed: none), not a long beard's 9.4 cm
    assert beard_figures(face_model, mesh, ident)["below_chin"] < {"thick": 5.0, "trimmed": 3.0}[which]
    assert beard_surface(face_model, mesh, ident)["open_off_skin"] == 0


@pytest.mark.parametrize("prompt", ["a man with a thick moustache", "a man with a handlebar moustache"])
def test_a_thick_moustache_is_a_shell_over_the_upper_lip(face_model, prompt):
    ident, params, mesh = _build(face_model, prompt)
    assert params["beard"] == 0.0 and mesh is not None and list(mesh.parts) == ["beard"]
    m = moustache(face_model, mesh, ident)
    assert m["moustache_cm"] >= 0.4 and m["over_lip_cm"] > 0.1
    fig = beard_figures(face_model, mesh, ident)
    assert fig["over_mouth"] == 0 and fig["past_corners"] < 2.0  # (jawOpen: the mouth clear; not onto the cheeks)
    assert beard_surface(face_model, mesh, ident)["open_off_skin"] == 0
    # faces outward: polygon normals point away from the face's vertical axis through the mouth
    v = mesh.posed(face_model, ident)
    lo, hi = mesh.parts["beard"]
    out = []
    for i in range(lo, hi):
        p = v[mesh.face_vertices[mesh.face_offsets[i]:mesh.face_offsets[i + 1]]]
        n = np.cross(p[1] - p[0], p[2] - p[0])
        c = p.mean(0)
        out.append(n[0] * c[0] + n[2] * (c[2] - Z0) > 0)
    assert np.mean(out) > 0.95


@pytest.mark.parametrize("prompt", ["a man with stubble", "a man with a short stubbly beard", "a man with a moustache",
                                    "a man with a thin moustache", "a man with a goatee"])
def test_stubble_and_plain_moustaches_stay_painted(face_model, prompt):
    params = _params(prompt)
    assert not has_beard(params)
    assert build_hair(face_model, np.zeros(100, np.float32), params, BALD, seed=2) is None


def _digest(face_model, params, seed):
    ident = np.random.default_rng(seed + 3).normal(0, 1, 100).astype(np.float32)
    b = _Builder()
    if not add_beard(b, face_model, blend(face_model, ident[None], None)[0], params):
        return None
    g, h = b.geometry(), hashlib.sha256()
    for a in (g.vertices, g.anchor, g.face_vertices, g.face_offsets, g.loop_uvs):
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:16]


# fixed params (not drawn: the draws may change): a long full beard, a long goatee, a clean-shaven head
LONG = {"stubble": 0.3, "mustache": 0.95, "goatee": 0.95, "beard": 0.95, "beard_length": 0.9, "mustache_shape": 0.5}
GOATEE = {"stubble": 0.15, "mustache": 0.6, "goatee": 0.9, "beard": 0.0, "beard_length": 0.9, "mustache_shape": 0.5}
NONE = {"stubble": 0.0, "mustache": 0.0, "goatee": 0.0, "beard": 0.0, "beard_length": 0.0, "mustache_shape": 0.5}
# the beard part built by beard.py at commit 35ee68b (before short beards and moustaches)
BEFORE = [(LONG, 0, "17994fd7cd75a6d0"), (LONG, 1, "ab6ffd1c4f0ffeaa"), (dict(LONG, beard_length=0.3), 0, "ab723a68b10daadf"),
          (GOATEE, 0, "c0682499da586a0f"), (GOATEE, 1, "fb8cc62866d95213"), (NONE, 0, None),
          (dict(NONE, stubble=0.85), 1, None)]


@pytest.mark.parametrize("params, seed, digest", BEFORE)
def test_long_beards_and_heads_without_facial_hair_are_as_before(face_model, params, seed, digest):
    assert _digest(face_model, params, seed) == digest
