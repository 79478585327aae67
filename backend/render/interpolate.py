"""Attribute interpolation over rasterized pixels, with a hand-written backward (index_add_)."""
from __future__ import annotations

import torch

from .errors import RenderError
from .rasterize import Rasterization, corner_ids
from .soa import dot_rows, gather_columns, scatter_columns
from .topology import as_topology


class _Interpolate(torch.autograd.Function):
    """out[n] = sum_k bary[n, k] * attr[idx[k, n]]; attr (M, C), bary (N, 3), idx (3, N) int64 -> (N, C)
    (the view of (C, N) rows: structure of arrays, see `soa`)."""

    @staticmethod
    def forward(ctx, attr, bary, idx):
        n = idx.shape[1]
        a = gather_columns(attr, idx.reshape(-1)).view(-1, 3, n)  # (C, 3, N)
        b = bary.T
        out = dot_rows(a.transpose(0, 1), b[:, None])  # sum over the corners
        # the gathered corner values are kept for the backward pass instead of gathered again
        ctx.save_for_backward(b, idx, a)
        ctx.m = attr.shape[0]
        return out.T

    @staticmethod
    def backward(ctx, grad):
        b, idx, a = ctx.saved_tensors
        g = grad.T  # (C, N)
        g_attr = g_bary = None
        if ctx.needs_input_grad[0]:
            vals = (g[:, None, :] * b[None]).reshape(g.shape[0], -1)  # (C, 3N), corner-major
            g_attr = scatter_columns(vals, idx.reshape(-1), ctx.m)
        if ctx.needs_input_grad[1]:
            g_bary = dot_rows(a, g[:, None]).T  # sum over the channels
        return g_attr, g_bary, None


def _flat_attr(attr: torch.Tensor, rast: Rasterization, n_vertices: int | None) -> tuple[torch.Tensor, bool]:
    if not torch.is_tensor(attr) or not attr.dtype.is_floating_point:
        raise RenderError("attr must be a floating-point tensor")
    if attr.ndim == 2:
        return attr, False
    if attr.ndim == 3 and attr.shape[0] in (1, rast.batch):
        if attr.shape[0] == 1:
            return attr[0], False
        return attr.reshape(-1, attr.shape[2]), True
    raise RenderError(f"attr must be (V, C) or (B, V, C) with B = 1 or {rast.batch}, got {tuple(attr.shape)}")


def interpolate_fragments(attr: torch.Tensor, rast: Rasterization, tris) -> torch.Tensor:
    """Attributes at the covered pixels: (N, C), rows in the order of `rast.pixels`.

    attr: (V, C) shared by all images or (B, V, C) per image.  tris: (T, 3) ids into attr (need
    not be the rasterized vertex triangles: pass the UV triangles to interpolate per-corner UVs),
    or a `Topology`.  Differentiable w.r.t. attr and rast.bary (hence clip positions)."""
    flat, batched = _flat_attr(attr, rast, None)
    n_attr = attr.shape[-2]
    topo = as_topology(tris, n_attr)
    idx = corner_ids(rast, topo, attr.device)  # (3, N)
    if batched:
        idx = idx + rast.batch_index * n_attr
    return _Interpolate.apply(flat, rast.bary.to(flat.dtype), idx)


def interpolate(attr: torch.Tensor, rast: Rasterization, tris) -> torch.Tensor:
    """(B, H, W, C) interpolated attributes, 0 on background.  See `interpolate_fragments`."""
    return rast.scatter(interpolate_fragments(attr, rast, tris))
