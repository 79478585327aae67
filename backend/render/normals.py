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

from .soa import dot_rows, gather_rows, rows, scatter_rows_add
from .topology import Topology


def _cross(a: torch.Tensor, b: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
    """Cross product of (3, K) rows (into `out`, (3, K), when given)."""
    (a0, a1, a2), (b0, b1, b2) = a.unbind(0), b.unbind(0)
    if out is None:
        out = a.new_empty(3, a.shape[1])  # written row by row in place: no stacking copy
    o0, o1, o2 = out.unbind(0)
    torch.mul(a1, b2, out=o0).sub_(a2 * b1)
    torch.mul(a2, b0, out=o1).sub_(a0 * b2)
    torch.mul(a0, b1, out=o2).sub_(a1 * b0)
    return out


class _VertexNormals(torch.autograd.Function):
    """positions (3, B*V) rows, corner index (9*B*T,) laid out (coordinate, corner, b*T + t), and
    its x rows (3, B*T) (corner, b*T + t) -> b*V + vertex -> unit normals (3, B*V)."""

    @staticmethod
    def forward(ctx, pos, idx, corners, eps):
        p0, p1, p2 = pos.reshape(-1).index_select(0, idx).view(3, 3, -1).unbind(1)  # (coord, corner, tri)
        e1, e2 = p1 - p0, p2 - p0
        fn = _cross(e1, e2)  # (3, B*T), length = twice the area
        summed = torch.zeros_like(pos)
        for c in corners.unbind(0):  # (3 coordinate rows per call: split over torch's threads)
            scatter_rows_add(summed, c, fn)
        length = dot_rows(summed, summed).sqrt_().clamp_min_(eps)
        n = summed / length
        ctx.save_for_backward(corners, e1, e2, n, length)
        return n

    @staticmethod
    def backward(ctx, grad):
        corners, e1, e2, n, length = ctx.saved_tensors
        dot = dot_rows(grad, n)
        g_sum = (grad - n * dot) / length
        c0, c1, c2 = corners.unbind(0)
        k = c0.shape[0]
        # the three corners' gradients in one gather (coordinate, corner, triangle), summed in order
        g3 = gather_rows(g_sum, corners.reshape(-1)).view(3, 3, k)
        g_fn = (g3[:, 0] + g3[:, 1]).add_(g3[:, 2])
        # and scattered back in one call, in the order of three: corner 1, corner 2, corner 0
        vals = g_fn.new_empty(3, 3, k)
        g_e1 = _cross(e2, g_fn, vals[:, 0])  # d(e1 x e2) . g / d e1 = e2 x g
        g_e2 = _cross(g_fn, e1, vals[:, 1])
        torch.add(g_e1, g_e2, out=vals[:, 2]).neg_()
        g_pos = torch.zeros_like(grad)
        scatter_rows_add(g_pos, torch.cat([c1, c2, c0]), vals.view(3, -1))
        return g_pos, None, None, None


def vertex_normals(vertices: torch.Tensor, topology: Topology, eps: float = 1e-12, *, rast=None) -> torch.Tensor:
    """(B, V, 3) or (V, 3) positions -> unit vertex normals of the same shape (counter-clockwise
    triangles face outwards), as a view of (3, B, V) rows.  Vertices in no triangle get a zero
    normal.  rast: a `Rasterization` of these vertices with this topology: then only the normals at
    the corners of the triangles it shows are computed (the others are not valid)."""
    squeeze = vertices.ndim == 2
    v = vertices[None] if squeeze else vertices
    B, V, _ = v.shape
    n = normal_rows(rows(v.reshape(B * V, 3)), B, V, topology, eps, rast=rast).view(3, B, V).permute(1, 2, 0)
    return n[0] if squeeze else n


def normal_rows(pos: torch.Tensor, B: int, V: int, topology: Topology, eps: float = 1e-12, *,
                rast=None) -> torch.Tensor:
    """`vertex_normals` on (3, B*V) position rows (coordinate, b*V + vertex) -> (3, B*V) rows."""
    topology.check_vertices(V)
    dt = topology.on(pos.device)
    idx = dt.screen_gather(B, V)
    if rast is None:
        corners = idx.view(3, 3, -1)[0]
    else:
        idx, corners = _needed(idx, rast, topology, dt, B, V)
    return _VertexNormals.apply(pos, idx, corners, eps)


def _needed(idx: torch.Tensor, rast, topology: Topology, dt, B: int, V: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The columns of the corner index `idx` (9, B*T) for the triangles around the vertices that
    `rast` shows: every triangle incident to such a vertex, in the original order, so the sums there
    (and all gradients) are bit for bit those of the full computation; other vertices are left
    partial.  Typically well under half of a head's triangles.  -> (that index flat (9*S,), its x
    rows (3, S): what the backward pass keeps)."""
    from .rasterize import corner_ids

    corners = corner_ids(rast, topology, idx.device)  # (3, N) vertex ids
    if B > 1:
        corners = corners + rast.batch_index * V
    with torch.inference_mode():  # (cheaper dispatch; the result below is an ordinary tensor)
        # the vertices shown, flagged by one index_fill_ at all corners (55 / 100 us at 256^2 with 2 / 1
        # threads, against 130 / 175 us for a 3-row scatter_ of the value and merging the rows)
        shown = torch.zeros(B * V, dtype=torch.bool, device=idx.device).index_fill_(0, corners.reshape(-1), True)
        cols = idx.view(9, -1)[:3]  # x of corners 0..2, i.e. b*V + vertex
        near = torch.gather(shown.expand(3, B * V), 1, cols)
        sel = (near[0] | near[1]).logical_or_(near[2]).nonzero().squeeze(1)
        ids = gather_rows(cols, sel)
    ids = ids.clone()  # an ordinary tensor (made in inference mode): the backward pass keeps it
    # the y and z rows are the x rows shifted by B*V (one broadcast add, not six more gathers)
    return (ids[None] + torch.arange(0, 3 * B * V, B * V, device=idx.device)[:, None, None]).view(-1), ids
