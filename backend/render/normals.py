"""Vertex normals: normalised sum of the incident face normals (area-weighted), hand-differentiated.

Structure of arrays: positions as (3, B*V) rows; one gather reads the 3 coordinates of the 3
corners of every triangle (the topology's cached index), face normals are cross products written
out on (3, B*T) rows, and the sum over incident triangles is one scatter_add_ with the same index
(the transposed incidence product).  The backward pass is written out the same way: one gather of
the summed-normal gradient at the corners, the cross-product derivatives, one scatter into the
positions, with no autograd graph and no transposes of interleaved (., 3) arrays.
"""
from __future__ import annotations

import torch

from .topology import Topology


def _cross(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Cross product of (3, K) rows."""
    return torch.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


class _VertexNormals(torch.autograd.Function):
    """positions (3, B*V) rows, corner index (9*B*T,) -> unit normals (3, B*V)."""

    @staticmethod
    def forward(ctx, pos, idx, eps):
        p0, p1, p2 = pos.reshape(-1).index_select(0, idx).view(3, 3, -1).unbind(1)  # (coord, corner, tri)
        e1, e2 = p1 - p0, p2 - p0
        fn = _cross(e1, e2)  # (3, B*T), length = twice the area
        summed = pos.new_zeros(pos.numel()).scatter_add_(0, idx, fn[:, None, :].expand(3, 3, -1).reshape(-1))
        summed = summed.view(pos.shape)
        length = (summed * summed).sum(0).sqrt_().clamp_min_(eps)
        n = summed / length
        ctx.save_for_backward(idx, e1, e2, n, length)
        return n

    @staticmethod
    def backward(ctx, grad):
        idx, e1, e2, n, length = ctx.saved_tensors
        g_sum = (grad - n * (grad * n).sum(0)) / length
        g_fn = g_sum.reshape(-1).index_select(0, idx).view(3, 3, -1).sum(1)  # (3, B*T)
        g_e1 = _cross(e2, g_fn)  # d(e1 x e2) . g / d e1 = e2 x g
        g_e2 = _cross(g_fn, e1)
        vals = torch.stack([-(g_e1 + g_e2), g_e1, g_e2], 1)  # (coord, corner, tri)
        g_pos = grad.new_zeros(grad.numel()).scatter_add_(0, idx, vals.reshape(-1))
        return g_pos.view(grad.shape), None, None


def vertex_normals(vertices: torch.Tensor, topology: Topology, eps: float = 1e-12) -> torch.Tensor:
    """(B, V, 3) or (V, 3) positions -> unit vertex normals of the same shape (counter-clockwise
    triangles face outwards), as a view of (3, B, V) rows.  Vertices in no triangle get a zero
    normal."""
    squeeze = vertices.ndim == 2
    v = vertices[None] if squeeze else vertices
    B, V, _ = v.shape
    topology.check_vertices(V)
    dt = topology.on(v.device)
    pos = v.permute(2, 0, 1).reshape(3, B * V)  # (coordinate, b*V + vertex) rows
    n = _VertexNormals.apply(pos, dt.screen_gather(B, V), eps).view(3, B, V).permute(1, 2, 0)
    return n[0] if squeeze else n
