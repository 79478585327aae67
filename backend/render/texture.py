"""Bilinear texture lookup with a hand-written backward w.r.t. the texture and the UVs.

UV convention: u in [0, 1] left to right, v in [0, 1] bottom to top, and row 0 of the image is the
top (v = 1).  Texel centres sit at ((i + 0.5) / W, 1 - (j + 0.5) / H); lookups outside clamp to the
border texels.
"""
from __future__ import annotations

import threading

import torch

from .errors import RenderError
from .soa import dot_rows


_SPARE: dict = {}  # (shape, dtype, device) -> storage of the last texture gradient handed out
_SPARE_LOCK = threading.Lock()  # two rendering threads must never both take the same free storage


def _zeroed_gradient(shape, like: torch.Tensor) -> torch.Tensor:
    """A zeroed tensor of `shape` for the texture gradient, in the memory of the previous one once
    nothing else holds that (the caller set `.grad = None`).  On CPU a fresh multi-megabyte buffer
    costs its page faults on every step (several times the zeroing itself); only its storage is
    kept here, so autograd still takes the returned tensor as `.grad` without a copy."""
    if like.device.type != "cpu" or not hasattr(torch._C, "_storage_Use_Count"):
        return like.new_zeros(shape)
    key = (tuple(shape), like.dtype)
    with _SPARE_LOCK:
        store = _SPARE.get(key)
        if store is not None and torch._C._storage_Use_Count(store._cdata) == 1:  # only this dict holds it
            stride = torch.empty(shape, device="meta").stride()
            return like.new_empty(0).set_(store, 0, shape, stride).zero_()
        out = like.new_zeros(shape)
        if len(_SPARE) >= 4:
            _SPARE.clear()
        _SPARE[key] = out.untyped_storage()
    return out


class _Bilinear(torch.autograd.Function):
    """tex (H, W, C) or (B, H, W, C) contiguous with H, W >= 2, uv (N, 2), batch (N,) int64 or None,
    lookup size (h, w) (the texture's, before any border padding) -> (N, C) (view of (C, N) rows).

    The 2x2 texels of a lookup start at its clamped top-left corner; the weights inside are clamped
    to [0, 1], which reproduces clamp-to-border.  Structure of arrays: the 4 x C texel values are
    one gather at the lookup's top-left texel index from strided views of the flat texture (one
    per tap and channel), so there is no index arithmetic per channel and all the blending runs on
    contiguous (C, N) rows (torch's broadcasts over a short inner dimension are slow on CPU); the
    backward scatters per tap into the C channels of such a view (one call each: the channels run
    on torch's threads in parallel)."""

    @staticmethod
    def forward(ctx, tex, uv, batch, size):
        Hm, Wm, C = tex.shape[-3:]
        h, w = size
        x = uv[:, 0] * w - 0.5
        y = (1.0 - uv[:, 1]) * h - 0.5
        xf, yf = torch.floor(x), torch.floor(y)
        px, py = xf.clamp(0, Wm - 2), yf.clamp(0, Hm - 2)
        wx, wy = (x - px).clamp_(0.0, 1.0), (y - py).clamp_(0.0, 1.0)
        if Hm * Wm < (1 << 24):  # an image's flat texel index is exact in float32 (cheaper than int64)
            # (via int32: a float -> int64 conversion costs several times float -> int32 -> int64 on CPU)
            texel = ((py * Wm).add_(px)).to(torch.int32).to(torch.int64)
            if batch is not None:
                texel += batch * (Hm * Wm)
        else:
            texel = py.to(torch.int64) * Wm + px.to(torch.int64)
            if batch is not None:
                texel = texel + batch * (Hm * Wm)
        n = texel.shape[0]
        # all 4 x C texel rows in one gather (split over torch's threads): the flat texture seen as
        # (row step, column step, channel, top-left texel), overlapping views of one buffer (read
        # only), at the texel index broadcast
        corners = tex.numel() // C - Wm - 1  # the last top-left texel a lookup can have, + 1
        src = tex.reshape(-1).as_strided((2, 2, C, corners), (Wm * C, C, 1, C))
        t = torch.gather(src, 3, texel.expand(2, 2, C, n))
        t00, t01, t10, t11 = t.view(4, C, -1)
        d_top, d_bot = t01 - t00, t11 - t10
        t_top = t00 + wx * d_top
        d_y = (t10 + wx * d_bot).sub_(t_top)  # bottom minus top: d out / d wy
        out = t_top + wy * d_y
        # d out / d wx, for the uv gradient (kept instead of the four texel rows)
        d_x = (d_top + wy * (d_bot - d_top)) if ctx.needs_input_grad[1] else None
        # inside the texture (not clamped) along x / y: where the lookup moves with the uv (the
        # clamped corner equals the floor exactly there; w = Wm unless the border was repeated)
        # (as 1.0 / 0.0 from float arithmetic there: comparisons producing bools cost 5-15x an
        # arithmetic op on CPU, and the backward multiplies by them)
        inx = (xf - px).abs_().sign_().neg_().add_(1.0) if w == Wm else ((xf >= 0) & (xf <= w - 2))
        iny = (yf - py).abs_().sign_().neg_().add_(1.0) if h == Hm else ((yf >= 0) & (yf <= h - 2))
        ctx.save_for_backward(texel, wx, wy, inx, iny, d_x, d_y)
        ctx.shape, ctx.size = tex.shape, size
        return out.T

    @staticmethod
    def backward(ctx, grad):
        texel, wx, wy, inx, iny, d_x, d_y = ctx.saved_tensors
        C, Wm = ctx.shape[-1], ctx.shape[-2]
        h, w = ctx.size
        g = grad.T  # (C, N)
        g_tex = g_uv = None
        if ctx.needs_input_grad[0]:
            vx, vy = 1.0 - wx, 1.0 - wy
            g_tex = _zeroed_gradient(ctx.shape, g)  # the texture's own shape: autograd keeps it as the .grad
            flat = g_tex.view(-1)
            corners = flat.numel() // C - Wm - 1
            idx = texel.expand(C, texel.shape[0])  # (the channels of one tap never overlap)
            for base, wk in zip((0, C, Wm * C, Wm * C + C), (vx * vy, wx * vy, vx * wy, wx * wy)):
                flat[base:].as_strided((C, corners), (1, C)).scatter_add_(1, idx, g * wk)
        if ctx.needs_input_grad[1]:
            gx, gy = (dot_rows(g, d).mul_(s).mul_(inside) for d, s, inside in ((d_x, w, inx), (d_y, -h, iny)))
            g_uv = torch.stack([gx, gy]).T
        return g_tex, g_uv, None, None


def sample(tex: torch.Tensor, uv: torch.Tensor, batch: torch.Tensor | None = None) -> torch.Tensor:
    """Bilinear lookup of (N, 2) UVs: tex (H, W, C) or (B, H, W, C) with `batch` (N,) naming the
    image of each row.  -> (N, C)."""
    if not torch.is_tensor(tex) or not tex.dtype.is_floating_point or tex.ndim not in (3, 4):
        raise RenderError(f"texture must be a float tensor (H, W, C) or (B, H, W, C), got "
                          f"{getattr(tex, 'shape', type(tex))}")
    if uv.ndim != 2 or uv.shape[1] != 2:
        raise RenderError(f"uv must be (N, 2), got {tuple(uv.shape)}")
    if tex.ndim == 3 or tex.shape[0] == 1:
        batch = None
    elif batch is None:
        raise RenderError("a batched texture needs the image index of every lookup")
    size = tex.shape[-3:-1]
    if size[0] < 2:  # the 2-texel pairs need two rows and columns: repeat the border (same lookups)
        tex = torch.cat([tex, tex[..., -1:, :, :]], -3)
    if size[1] < 2:
        tex = torch.cat([tex, tex[..., -1:, :]], -2)
    return _Bilinear.apply(tex.contiguous(), uv.to(tex.dtype), batch, tuple(size))


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
