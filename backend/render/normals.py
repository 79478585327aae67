"""Vertex normals: normalised sum of the incident face normals (area-weighted), hand-differentiated.

The sum over incident triangles is a sparse matrix product `incidence (V, T) @ face_normals (T, 3)`;
the backward pass is written out (transposed product, cross-product and normalisation derivatives)
instead of recorded by autograd, which keeps it to a handful of large operations."""
from __future__ import annotations

import torch

from .topology import Topology


def _matmul(sparse: torch.Tensor, dense: torch.Tensor) -> torch.Tensor:
    if dense.dtype != sparse.dtype:  # the cached matrix is float32; other dtypes (float64 tests) convert
        sparse = sparse.to(dense.dtype)
    return sparse @ dense.contiguous()


class _VertexNormals(torch.autograd.Function):
    """positions (V, B, 3) vertex-major -> unit normals (V, B, 3)."""

    @staticmethod
    def forward(ctx, pos, corners, incidence, incidence_t, eps):
        V, B, _ = pos.shape
        flat = pos.reshape(V, B * 3)
        p0, p1, p2 = (flat.index_select(0, k).view(-1, B, 3) for k in corners)
        e1, e2 = p1 - p0, p2 - p0
        fn = torch.linalg.cross(e1, e2)  # (T, B, 3), length = twice the area
        summed = _matmul(incidence, fn.reshape(-1, B * 3)).view(V, B, 3)
        length = summed.norm(dim=2, keepdim=True).clamp_min(eps)
        n = summed / length
        ctx.save_for_backward(e1, e2, n, length, *corners)
        ctx.incidence_t = incidence_t
        return n

    @staticmethod
    def backward(ctx, grad):
        e1, e2, n, length, *corners = ctx.saved_tensors
        V, B, _ = n.shape
        g_sum = (grad - n * (grad * n).sum(2, keepdim=True)) / length
        g_fn = _matmul(ctx.incidence_t, g_sum.reshape(V, B * 3)).view(-1, B, 3)
        g_e1 = torch.linalg.cross(e2, g_fn)  # d(e1 x e2) . g / d e1 = e2 x g
        g_e2 = torch.linalg.cross(g_fn, e1)
        idx = torch.cat(corners)
        vals = torch.cat([-(g_e1 + g_e2), g_e1, g_e2]).reshape(-1, B * 3)
        g_pos = torch.zeros(V, B * 3, dtype=grad.dtype, device=grad.device).index_add_(0, idx, vals)
        return g_pos.view(V, B, 3), None, None, None, None


def vertex_normals(vertices: torch.Tensor, topology: Topology, eps: float = 1e-12) -> torch.Tensor:
    """(B, V, 3) or (V, 3) positions -> unit vertex normals of the same shape (counter-clockwise
    triangles face outwards).  Vertices in no triangle get a zero normal."""
    squeeze = vertices.ndim == 2
    v = vertices[None] if squeeze else vertices
    B, V, _ = v.shape
    topology.check_vertices(V)
    dt = topology.on(v.device)
    used = topology.n_vertices
    pos = v[:, :used].permute(1, 0, 2)  # (V, B, 3): one row per vertex for the gathers
    n = _VertexNormals.apply(pos, dt.corners, dt.incidence, dt.incidence_t, eps).permute(1, 0, 2)
    if used < V:  # trailing vertices used by no triangle
        n = torch.cat([n, n.new_zeros(B, V - used, 3)], 1)
    return n[0] if squeeze else n
