"""A thin torch module over the face model: differentiable batched blend on CPU or CUDA."""
from __future__ import annotations

import torch
from torch import nn

from .model import FaceModel


class FaceModelModule(nn.Module):
    """forward(identity (B,100), expression (B,53) | None) -> vertices (B, V, 3), cm.

    The bases are stored flattened ((K, V*3) buffers) so the blend is one matmul per basis.
    """

    def __init__(self, model: FaceModel, dtype: torch.dtype = torch.float32):
        super().__init__()
        v = model.n_vertices
        self.n_vertices = v
        self.register_buffer("neutral", torch.tensor(model.neutral, dtype=dtype).reshape(1, v * 3))
        self.register_buffer("identity_basis", torch.tensor(
            model.identity_basis.reshape(model.identity_basis.shape[0], v * 3), dtype=dtype))
        self.register_buffer("expression_basis", torch.tensor(
            model.expression_basis.reshape(model.expression_basis.shape[0], v * 3), dtype=dtype))

    def forward(self, identity: torch.Tensor, expression: torch.Tensor | None = None) -> torch.Tensor:
        if identity.ndim == 1:
            identity = identity[None]
        flat = self.neutral + identity.to(self.neutral.dtype) @ self.identity_basis
        if expression is not None:
            if expression.ndim == 1:
                expression = expression.expand(identity.shape[0], -1)
            flat = flat + expression.to(self.neutral.dtype) @ self.expression_basis
        return flat.reshape(identity.shape[0], self.n_vertices, 3)
