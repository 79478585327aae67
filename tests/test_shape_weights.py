"""Shape checkpoint: round trip through safetensors + JSON, and clear errors for bad files."""
from __future__ import annotations

import json

import numpy as np
import pytest

from backend.errors import CheckpointError
from backend.shape import ShapeModel
from backend.shape import weights as W
from backend.shape.code import N_ATTR


def _tiny(tmp_path):
    cfg = {"noise_dim": 100, "hidden": [8], "n_identity": 100}
    rng = np.random.default_rng(0)
    tensors = {k: rng.normal(size=s).astype(np.float32) for k, s in W.expected_shapes(cfg).items()}
    W.save(tmp_path, tensors, cfg)
    return tensors, cfg


def test_round_trip_gives_the_same_predictions(tmp_path):
    tensors, cfg = _tiny(tmp_path)
    loaded = ShapeModel.load(tmp_path)
    direct = ShapeModel(tensors, cfg)
    idx = np.full((3, N_ATTR), -1)
    idx[0, 3] = 2
    z = direct.noise(4, 3)
    np.testing.assert_array_equal(loaded.predict(idx, z), direct.predict(idx, z))
    assert ShapeModel.load(tmp_path / "shape_regressor.json").config["hidden"] == [8]


def test_missing_files(tmp_path):
    with pytest.raises(CheckpointError, match="not found"):
        ShapeModel.load(tmp_path)
    _tiny(tmp_path)
    (tmp_path / "shape_regressor.safetensors").unlink()
    with pytest.raises(CheckpointError, match="not found"):
        ShapeModel.load(tmp_path)


def test_truncated_tensors(tmp_path):
    _tiny(tmp_path)
    st = tmp_path / "shape_regressor.safetensors"
    st.write_bytes(st.read_bytes()[:-100])
    with pytest.raises(CheckpointError, match="truncated or replaced"):
        ShapeModel.load(tmp_path)


@pytest.mark.parametrize("edit, message", [
    (lambda c: {**c, "format": "something-else"}, "not a shape regressor"),
    (lambda c: {**c, "version": 99}, "version"),
    (lambda c: {**c, "code_layout": c["code_layout"][:-1]}, "another attribute schema"),
    (lambda c: {**c, "hidden": [16]}, "expected"),
])
def test_foreign_or_inconsistent_config(tmp_path, edit, message):
    _tiny(tmp_path)
    p = tmp_path / "shape_regressor.json"
    p.write_text(json.dumps(edit(json.loads(p.read_text()))))
    with pytest.raises(CheckpointError, match=message):
        ShapeModel.load(tmp_path)


def test_config_that_is_not_json(tmp_path):
    _tiny(tmp_path)
    (tmp_path / "shape_regressor.json").write_bytes(b"\x00\xff not json")
    with pytest.raises(CheckpointError):
        ShapeModel.load(tmp_path)


def test_committed_weights_were_trained_on_the_current_measures():
    """Weights trained before a measure was added (face_size, which gender reads) learnt another meaning of
    the labels: retrain with `python -m backend train shape`."""
    from backend import measure as M

    _, cfg = W.load()
    assert cfg["measures"] == list(M.MEASURES)
