"""Vertex normals: area-weighted sum of incident face normals, as a sparse matrix product.

The sum over incident triangles is `incidence (V, T) @ face_normals (T, 3)`; its backward is the
transposed product, written by hand (autograd through sparse CSR products is slow on CPU)."""
from __future__ import annotations

import torch

from .topology import Topology


class _Gather(torch.autograd.Function):
    """(T, K) -> (V, K) with a fixed sparse (V, T) matrix and its transpose."""

    @staticmethod
    def forward(ctx, face_values, incidence, incidence_t):
        ctx.incidence_t = incidence_t
        return _matmul(incidence, face_values)

    @staticmethod
    def backward(ctx, grad):
        return _matmul(ctx.incidence_t, grad), None, None


def _matmul(sparse: torch.Tensor, dense: torch.Tensor) -> torch.Tensor:
    if dense.dtype != sparse.dtype:  # the cached matrix is float32; other dtypes (float64 tests) convert
        sparse = sparse.to(dense.dtype)
    return sparse @ dense.contiguous()


def vertex_normals(vertices: torch.Tensor, topology: Topology, eps: float = 1e-12) -> torch.Tensor:
    """(B, V, 3) or (V, 3) positions -> unit vertex normals of the same shape (counter-clockwise
    triangles face outwards).  Vertices in no triangle get a zero normal."""
    squeeze = vertices.ndim == 2
    v = vertices[None] if squeeze else vertices
    B, V, _ = v.shape
    topology.check_vertices(V)
    dt = topology.on(v.device)
    i0, i1, i2 = dt.corners
    p0, p1, p2 = v[:, i0], v[:, i1], v[:, i2]
    fn = torch.linalg.cross(p1 - p0, p2 - p0)  # (B, T, 3), length = twice the area
    T = fn.shape[1]
    summed = _Gather.apply(fn.permute(1, 0, 2).reshape(T, B * 3), dt.incidence, dt.incidence_t)
    summed = summed.reshape(-1, B, 3).permute(1, 0, 2)
    if summed.shape[1] < V:  # trailing vertices used by no triangle
        summed = torch.cat([summed, summed.new_zeros(B, V - summed.shape[1], 3)], 1)
    n = summed / summed.norm(dim=-1, keepdim=True).clamp_min(eps)
    return n[0] if squeeze else n
