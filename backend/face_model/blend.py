"""Pure blend functions (numpy): vertices = neutral + identity . B_id + expression . B_expr."""
from __future__ import annotations

import numpy as np

from .model import FaceModel


def _batch(x: np.ndarray | None, k: int, name: str) -> np.ndarray | None:
    if x is None:
        return None
    x = np.asarray(x, np.float32)
    if x.ndim == 1:
        x = x[None]
    if x.ndim != 2 or x.shape[1] != k:
        raise ValueError(f"{name} must have shape (B, {k}) or ({k},), got {x.shape}")
    return x


def blend(model: FaceModel, identity: np.ndarray | None, expression: np.ndarray | None = None) -> np.ndarray:
    """(B,100) identity and optional (B,53) expression coefficients -> (B, V, 3) vertices, cm.

    Batch size comes from the inputs; a 1-D input counts as a batch of one.
    """
    ident = _batch(identity, model.identity_basis.shape[0], "identity")
    expr = _batch(expression, model.expression_basis.shape[0], "expression")
    batch = (ident if ident is not None else expr)
    b = 1 if batch is None else batch.shape[0]
    out = np.broadcast_to(model.neutral, (b, *model.neutral.shape)).copy()
    if ident is not None:
        out += np.einsum("bk,kvc->bvc", ident, model.identity_basis, optimize=True)
    if expr is not None:
        if expr.shape[0] != b:
            raise ValueError(f"identity batch {b} and expression batch {expr.shape[0]} differ")
        out += np.einsum("bk,kvc->bvc", expr, model.expression_basis, optimize=True)
    return out


def region_basis(model: FaceModel, region: str) -> tuple[np.ndarray, np.ndarray]:
    """Identity basis restricted to a region: (vertex ids (R,), basis (100, R, 3)).

    Used for region-weighted losses and region-specific triplet losses.
    """
    ids = model.regions[region] if region in model.regions else None
    if ids is None:
        raise KeyError(f"unknown region {region!r}; valid: {', '.join(model.regions)}")
    return ids, model.identity_basis[:, ids]
