"""The installed ICT Face Model (the real archive): counts, topology, regions, torch blend."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.face_model import FaceModelModule, blend


def test_counts_and_topology(face_model):
    m = face_model
    assert m.neutral.shape == (26719, 3)
    assert m.identity_basis.shape == (100, 26719, 3)
    assert m.expression_basis.shape == (53, 26719, 3)
    assert m.n_faces == 26384
    sizes = np.diff(m.face_offsets)
    assert (sizes == 4).sum() == 25836 and (sizes == 3).sum() == 548
    assert m.triangles.shape == (52220, 3) and m.triangle_uvs.shape == (52220, 3)
    assert m.uvs.shape == (28911, 2)
    assert m.landmarks.shape == (68,) and m.landmarks.max() < 26719
    assert "jawOpen" in m.expression_names and "eyeBlink_L" in m.expression_names
    assert len(m.material_names) == 12


def test_regions_cover_the_documented_ranges(face_model):
    m = face_model
    assert len(m.regions["face"]) == 9409 and len(m.regions["eyelashes"]) == 1368
    assert np.all(np.isin(m.landmarks, m.regions["face"]))
    eyes = m.region_mask("iris_left") | m.region_mask("iris_right")
    # irises sit in front (+Z) of the face's mean depth
    assert m.neutral[eyes, 2].mean() > m.neutral[m.regions["face"], 2].mean()
    with pytest.raises(KeyError, match="valid"):
        m.region_mask("ears")


def test_neutral_is_symmetric_and_in_cm(face_model):
    m = face_model
    face = m.neutral[m.regions["face"]]
    assert 10 < face[:, 0].max() - face[:, 0].min() < 30  # a face is 10-30 cm wide
    mirrored = face * np.array([-1, 1, 1])
    from scipy.spatial import cKDTree

    d, _ = cKDTree(face).query(mirrored)
    assert np.median(d) < 0.05


def test_identity_modes_are_orthogonal_and_ordered(face_model):
    b = face_model.identity_basis.reshape(100, -1).astype(np.float64)
    gram = b @ b.T
    off = gram - np.diag(np.diag(gram))
    assert np.abs(off).max() < 1e-3 * np.diag(gram).max()
    assert np.diag(gram)[0] > np.diag(gram)[50] > np.diag(gram)[99]


def test_torch_module_matches_numpy_and_is_differentiable(face_model):
    mod = FaceModelModule(face_model)
    rng = np.random.default_rng(0)
    ident = rng.normal(size=(3, 100)).astype(np.float32)
    expr = rng.uniform(0, 1, size=(3, 53)).astype(np.float32)
    ref = blend(face_model, ident, expr)
    x = torch.tensor(ident, requires_grad=True)
    out = mod(x, torch.tensor(expr))
    assert out.shape == (3, 26719, 3)
    np.testing.assert_allclose(out.detach().numpy(), ref, atol=1e-3)
    out[:, np.array(face_model.landmarks)].sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0
