"""Attribute interpolation over rasterized pixels, with a hand-written backward (index_add_)."""
from __future__ import annotations

import torch

from .errors import RenderError
from .rasterize import Rasterization
from .topology import as_topology


class _Interpolate(torch.autograd.Function):
    """out[n] = sum_k bary[n, k] * attr[idx[n, k]]; attr (M, C), bary (N, 3), idx (N, 3) int64."""

    @staticmethod
    def forward(ctx, attr, bary, idx):
        a = [attr.index_select(0, idx[:, k]) for k in range(3)]
        out = a[0] * bary[:, 0:1] + a[1] * bary[:, 1:2] + a[2] * bary[:, 2:3]
        # the gathered corner values are kept for the backward pass (N x 3 x C) instead of gathered again
        ctx.save_for_backward(bary, idx, *a)
        ctx.attr_shape = attr.shape
        return out

    @staticmethod
    def backward(ctx, grad):
        bary, idx, *a = ctx.saved_tensors
        g_attr = g_bary = None
        if ctx.needs_input_grad[0]:
            vals = (grad[None] * bary.T[..., None]).reshape(-1, grad.shape[1])  # (3N, C), corner-major
            g_attr = grad.new_zeros(ctx.attr_shape).index_add_(0, idx.T.reshape(-1), vals)
        if ctx.needs_input_grad[1]:
            g_bary = torch.stack([(grad * a[k]).sum(1) for k in range(3)], 1)
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
    t = topo.on(attr.device).triangles
    idx = t.index_select(0, rast.triangles)  # (N, 3)
    if batched:
        idx = idx + (rast.batch_index * n_attr)[:, None]
    return _Interpolate.apply(flat, rast.bary.to(flat.dtype), idx)


def interpolate(attr: torch.Tensor, rast: Rasterization, tris) -> torch.Tensor:
    """(B, H, W, C) interpolated attributes, 0 on background.  See `interpolate_fragments`."""
    return rast.scatter(interpolate_fragments(attr, rast, tris))
