"""A long goatee's mesh (backend/hair/beard.py's goatee case): "a man with a long goatee" reads a length (the parser's
facial_hair), sets the params' beard_length (unstated goatees' params as before), and gets a tuft over the chin and
the mouth's surround hanging below the chin, none on the cheeks, none over the lips, carried by jawOpen; a short or
unstated goatee stays painted."""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.mesh import build_hair
from backend.hair.style import HairStyle
from backend.parser import parse
from backend.texture.params import params_from_code

BALD = HairStyle("cropped")  # no scalp hair mesh: the beard part alone


def _params(prompt: str, seed: int = 1) -> dict:
    """The pipeline's draw: the parser's code and facial_hair through params_from_code."""
    parsed = parse(prompt)
    return params_from_code(parsed.concrete, seed=seed, denied=parsed.denied, facial=parsed.facial_hair).to_dict()


def _jaw_open(model) -> np.ndarray:
    e = np.zeros(len(model.expression_names), np.float32)
    e[list(model.expression_names).index("jawOpen")] = 1.0
    return e


@pytest.fixture(scope="module")
def long_goatee(face_model):
    ident = np.random.default_rng(4).normal(0, 1, 100).astype(np.float32)
    return ident, build_hair(face_model, ident, _params("a man with a long goatee"), BALD, seed=2)


def test_the_parser_reads_a_goatees_length():
    parsed = parse("a man with a long goatee")
    assert parsed.concrete.get("beard") == "goatee"
    assert parsed.facial_hair == {"beard_length": "long"}  # before: {}
    assert parse("a man with a short goatee").facial_hair == {"beard_length": "short"}
    assert parse("a man with a goatee down to his chest").facial_hair == {"beard_length": "long"}
    assert parse("a man with a goatee").facial_hair == {}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_stated_goatee_length_sets_beard_length_and_nothing_else(seed):
    code = {"gender": "male", "age": "middle-aged", "beard": "goatee"}
    unstated = asdict(params_from_code(code, seed=seed))
    long = asdict(params_from_code(code, seed=seed, facial={"beard_length": "long"}))
    assert unstated["beard_length"] == 0.0 and long["beard_length"] >= 0.8  # before: 0 (only full beards had one)
    assert {k for k in unstated if unstated[k] != long[k]} == {"beard_length"}  # every other draw as before


def test_a_long_goatee_hangs_below_the_chin_and_stays_off_the_cheeks_and_lips(face_model, long_goatee):
    from backend.hair.beard_figures import beard_figures, beard_surface

    ident, mesh = long_goatee
    assert mesh is not None and set(mesh.parts) == {"beard"}  # before: None (a goatee stayed painted)
    head = blend(face_model, ident[None], None)[0]
    lm = np.asarray(face_model.landmarks)
    lo, hi = mesh.parts["beard"]
    ids = np.unique(mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]])
    p = mesh.posed(face_model, ident)[ids]
    chin = head[lm[8]]
    assert p[:, 1].min() < chin[1] - 4.0  # it hangs
    hanging = p[p[:, 1] < chin[1] - 3.0]
    assert np.abs(hanging[:, 0]).max() < np.abs(head[lm[[48, 54]], 0]).mean()  # a tuft narrower than the mouth
    # none on the cheeks: nothing further out than just past the mouth's corners, nothing above the nose's base
    corner = np.abs(head[lm[[48, 54]], 0]).mean()
    assert np.abs(p[:, 0]).max() < corner + 1.8
    assert p[:, 1].max() < head[lm[33], 1] + 0.5
    f = {**beard_figures(face_model, mesh, ident), **beard_surface(face_model, mesh, ident)}
    assert f["over_mouth"] == 0 and f["before_chin"] > 0.8, f  # the open mouth clear; volume on the chin
    assert f["open_off_skin"] == 0 and f["non_manifold"] == 0, f


def test_jaw_open_carries_the_goatee(face_model, long_goatee):
    ident, mesh = long_goatee
    lm = np.asarray(face_model.landmarks)
    heads = [blend(face_model, ident[None], e)[0] for e in (None, _jaw_open(face_model)[None])]
    chin_move = np.linalg.norm(heads[1][lm[8]] - heads[0][lm[8]])
    rest, opened = mesh.posed(face_model, ident), mesh.posed(face_model, ident, _jaw_open(face_model))
    lo, hi = mesh.parts["beard"]
    ids = np.unique(mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]])
    hanging = ids[rest[ids, 1] < heads[0][lm[8], 1] - 2.0]
    move = np.linalg.norm(opened[hanging] - rest[hanging], axis=1)
    assert len(hanging) and np.median(move) > 0.85 * chin_move


@pytest.mark.parametrize("prompt", ["a man with a goatee", "a man with a short goatee", "a man with a neat goatee"])
def test_short_and_unstated_goatees_stay_painted(face_model, prompt):
    params = _params(prompt)
    assert params["goatee"] > 0.5
    ident = np.zeros(100, np.float32)
    assert build_hair(face_model, ident, params, BALD, seed=2) is None
    assert "beard" not in build_hair(face_model, ident, params, HairStyle("short"), seed=2).parts
