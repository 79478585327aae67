"""The shape regressor (torch, for training): code + noise -> identity coefficients.

x = z + MLP([code, z]): a residual on the noise, so an empty code returns the noise head itself and
stated attributes become an edit of it.  `backend.shape.model` runs the same network in numpy.
"""
from __future__ import annotations

import torch
from torch import nn


class ShapeRegressor(nn.Module):
    def __init__(self, code_dim: int, noise_dim: int, hidden: tuple[int, ...], n_identity: int):
        super().__init__()
        dims = (code_dim + noise_dim, *hidden, n_identity)
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        with torch.no_grad():  # start at the identity map x = z
            self.layers[-1].weight.mul_(0.01)
            self.layers[-1].bias.zero_()

    def forward(self, code: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        h = torch.cat([code, z], 1)
        for layer in self.layers[:-1]:
            h = nn.functional.silu(layer(h))
        return z + self.layers[-1](h)
