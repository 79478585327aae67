"""Vertex normals: normalised sum of the incident face normals (area-weighted), hand-differentiated.

Structure of arrays: positions as (3, B*V) rows; one gather reads the 3 coordinates of the 3
corners of every triangle (the topology's cached index), face normals are cross products written
out on (3, B*T) rows, and the sum over incident triangles (the incidence product) is a 1-D
scatter_add_ per coordinate and corner.  The backward pass is written out the same way (gathers at
the corners, the cross-product derivatives, scatters into the positions), with no autograd graph
and no transposes of interleaved (., 3) arrays.
"""
from __future__ import annotations

import torch

from .topology import Topology


def _cross(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Cross product of (3, K) rows."""
    return torch.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


class _VertexNormals(torch.autograd.Function):
    """positions (3, B*V) rows, corner index (9*B*T,) laid out (coordinate, corner, b*T + t) ->
    unit normals (3, B*V)."""

    @staticmethod
    def forward(ctx, pos, idx, eps):
        p0, p1, p2 = pos.reshape(-1).index_select(0, idx).view(3, 3, -1).unbind(1)  # (coord, corner, tri)
        e1, e2 = p1 - p0, p2 - p0
        fn = _cross(e1, e2)  # (3, B*T), length = twice the area
        corners = idx.view(3, 3, -1)[0]  # (corner, b*T + t) -> b*V + vertex
        summed = torch.zeros_like(pos)
        for q in range(3):
            for k in range(3):
                summed[q].scatter_add_(0, corners[k], fn[q])
        length = (summed[0] * summed[0]).addcmul_(summed[1], summed[1]).addcmul_(summed[2], summed[2])
        length = length.sqrt_().clamp_min_(eps)
        n = summed / length
        ctx.save_for_backward(corners, e1, e2, n, length)
        return n

    @staticmethod
    def backward(ctx, grad):
        corners, e1, e2, n, length = ctx.saved_tensors
        dot = (grad[0] * n[0]).addcmul_(grad[1], n[1]).addcmul_(grad[2], n[2])
        g_sum = (grad - n * dot) / length
        g_fn = torch.empty_like(e1)
        for q in range(3):
            g = g_sum[q]
            torch.index_select(g, 0, corners[0], out=g_fn[q])
            g_fn[q].add_(g.index_select(0, corners[1])).add_(g.index_select(0, corners[2]))
        g_e1 = _cross(e2, g_fn)  # d(e1 x e2) . g / d e1 = e2 x g
        g_e2 = _cross(g_fn, e1)
        g_pos = torch.zeros_like(grad)
        for q in range(3):
            g_pos[q].scatter_add_(0, corners[1], g_e1[q])
            g_pos[q].scatter_add_(0, corners[2], g_e2[q])
            g_pos[q].scatter_add_(0, corners[0], -(g_e1[q] + g_e2[q]))
        return g_pos, None, None


def vertex_normals(vertices: torch.Tensor, topology: Topology, eps: float = 1e-12, *, rast=None) -> torch.Tensor:
    """(B, V, 3) or (V, 3) positions -> unit vertex normals of the same shape (counter-clockwise
    triangles face outwards), as a view of (3, B, V) rows.  Vertices in no triangle get a zero
    normal.  rast: a `Rasterization` of these vertices with this topology: then only the normals at
    the corners of the triangles it shows are computed (the others are not valid)."""
    squeeze = vertices.ndim == 2
    v = vertices[None] if squeeze else vertices
    B, V, _ = v.shape
    topology.check_vertices(V)
    dt = topology.on(v.device)
    pos = v.permute(2, 0, 1).reshape(3, B * V)  # (coordinate, b*V + vertex) rows
    idx = dt.screen_gather(B, V)
    if rast is not None:
        idx = _needed(idx, rast, topology, dt, B, V)
    n = _VertexNormals.apply(pos, idx, eps).view(3, B, V).permute(1, 2, 0)
    return n[0] if squeeze else n


def _needed(idx: torch.Tensor, rast, topology: Topology, dt, B: int, V: int) -> torch.Tensor:
    """The columns of the corner index `idx` (9, B*T) for the triangles around the vertices that
    `rast` shows: every triangle incident to such a vertex, in the original order, so the sums there
    (and all gradients) are bit for bit those of the full computation; other vertices are left
    partial.  Typically well under half of a head's triangles."""
    from .rasterize import corner_ids

    corners = corner_ids(rast, topology, idx.device)  # (3, N) vertex ids
    if B > 1:
        corners = corners + rast.batch_index * V
    shown = torch.zeros(B * V, dtype=torch.bool, device=idx.device)
    shown[corners.reshape(-1)] = True
    cols = idx.view(9, -1)  # rows 0..2: x of corners 0..2, i.e. b*V + vertex
    near = shown.index_select(0, cols[0]) | shown.index_select(0, cols[1]) | shown.index_select(0, cols[2])
    sel = near.nonzero().squeeze(1)
    out = idx.new_empty(9, sel.shape[0])
    for r in range(9):
        torch.index_select(cols[r], 0, sel, out=out[r])
    return out.view(-1)
