"""Bilinear texture lookup with a hand-written backward w.r.t. the texture and the UVs.

UV convention: u in [0, 1] left to right, v in [0, 1] bottom to top, and row 0 of the image is the
top (v = 1).  Texel centres sit at ((i + 0.5) / W, 1 - (j + 0.5) / H); lookups outside clamp to the
border texels.
"""
from __future__ import annotations

import torch

from .errors import RenderError


def _corners(shape, uv: torch.Tensor, batch: torch.Tensor | None):
    B, H, W = shape
    x = uv[:, 0] * W - 0.5
    y = (1.0 - uv[:, 1]) * H - 0.5
    xf, yf = torch.floor(x), torch.floor(y)
    fx, fy = x - xf, y - yf
    xi, yi = xf.to(torch.int64), yf.to(torch.int64)
    x0, x1 = xi.clamp(0, W - 1), (xi + 1).clamp(0, W - 1)
    y0, y1 = yi.clamp(0, H - 1), (yi + 1).clamp(0, H - 1)
    base = 0 if batch is None else batch * (H * W)
    idx = torch.stack([base + y0 * W + x0, base + y0 * W + x1, base + y1 * W + x0, base + y1 * W + x1], 0)
    return idx, fx, fy


class _Bilinear(torch.autograd.Function):
    """tex (B, H, W, C), uv (N, 2), batch (N,) int64 or None -> (N, C)."""

    @staticmethod
    def forward(ctx, tex, uv, batch):
        B, H, W, C = tex.shape
        flat = tex.reshape(-1, C)
        idx, fx, fy = _corners((B, H, W), uv, batch)
        t = [flat.index_select(0, idx[k]) for k in range(4)]
        fx1, fy1 = fx[:, None], fy[:, None]
        top = t[0] + fx1 * (t[1] - t[0])
        bottom = t[2] + fx1 * (t[3] - t[2])
        out = top + fy1 * (bottom - top)
        # the four texels are kept for the backward pass (small: N x 4 x C) rather than gathered again
        ctx.save_for_backward(idx, fx, fy, *t)
        ctx.shape = (B, H, W, C)
        ctx.dtype, ctx.device = tex.dtype, tex.device
        return out

    @staticmethod
    def backward(ctx, grad):
        idx, fx, fy, *t = ctx.saved_tensors
        B, H, W, C = ctx.shape
        fx1, fy1 = fx[:, None], fy[:, None]
        g_tex = g_uv = None
        if ctx.needs_input_grad[0]:
            w = torch.stack([(1 - fx1) * (1 - fy1), fx1 * (1 - fy1), (1 - fx1) * fy1, fx1 * fy1], 0)  # (4, N, 1)
            vals = (w * grad[None]).reshape(-1, C)
            g_tex = torch.zeros(B * H * W, C, dtype=ctx.dtype, device=ctx.device).index_add_(
                0, idx.reshape(-1), vals).view(B, H, W, C)
        if ctx.needs_input_grad[1]:
            dx = (1 - fy1) * (t[1] - t[0]) + fy1 * (t[3] - t[2])
            dy = (1 - fx1) * (t[2] - t[0]) + fx1 * (t[3] - t[1])
            g_uv = torch.stack([(grad * dx).sum(1) * W, -(grad * dy).sum(1) * H], 1)
        return g_tex, g_uv, None


def sample(tex: torch.Tensor, uv: torch.Tensor, batch: torch.Tensor | None = None) -> torch.Tensor:
    """Bilinear lookup of (N, 2) UVs: tex (H, W, C) or (B, H, W, C) with `batch` (N,) naming the
    image of each row.  -> (N, C)."""
    if not torch.is_tensor(tex) or not tex.dtype.is_floating_point or tex.ndim not in (3, 4):
        raise RenderError(f"texture must be a float tensor (H, W, C) or (B, H, W, C), got "
                          f"{getattr(tex, 'shape', type(tex))}")
    if uv.ndim != 2 or uv.shape[1] != 2:
        raise RenderError(f"uv must be (N, 2), got {tuple(uv.shape)}")
    if tex.ndim == 3:
        tex = tex[None]
    if tex.shape[0] == 1:
        batch = None
    elif batch is None:
        raise RenderError("a batched texture needs the image index of every lookup")
    return _Bilinear.apply(tex, uv.to(tex.dtype), batch)


def texture(tex: torch.Tensor, uv: torch.Tensor) -> torch.Tensor:
    """Bilinear lookup of a UV image: tex (H, W, C) or (B, H, W, C), uv (B, H, W, 2) -> (B, H, W, C).
    Differentiable w.r.t. tex and uv."""
    if uv.ndim != 4 or uv.shape[-1] != 2:
        raise RenderError(f"uv must be (B, H, W, 2), got {tuple(uv.shape)}")
    B, H, W, _ = uv.shape
    batch = None
    if tex.ndim == 4 and tex.shape[0] > 1:
        if tex.shape[0] != B:
            raise RenderError(f"texture batch {tex.shape[0]} does not match uv batch {B}")
        batch = torch.arange(B, device=uv.device).repeat_interleave(H * W)
    return sample(tex, uv.reshape(-1, 2), batch).view(B, H, W, -1)
