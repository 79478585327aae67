"""Lighting: Lambert + ambient, plus an optional spherical-harmonic (order 2) environment.

`Light.direction` is the direction the light comes from (towards the light).  In "camera" space x is
right, y up and z towards the camera, so (0, 0, 1) is a head-on light for every view; in "world"
space it uses the model's axes.  SH coefficients are the 9 radiance coefficients L_lm per RGB channel
(order: L00, L1-1, L10, L11, L2-2, L2-1, L20, L21, L22), in the same space as the direction, turned
into irradiance with Ramamoorthi & Hanrahan's convolution constants and divided by pi (so a constant
L00 = sqrt(4 pi) * c adds c to the shading factor).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .errors import RenderError
from .soa import dot_rows, transposed

Vec3 = tuple[float, float, float]

# Real SH basis constants for l <= 2 and the cosine-lobe convolution A_l / pi (1, 2/3, 1/4).
_Y = (0.282095, 0.488603, 0.488603, 0.488603, 1.092548, 1.092548, 0.315392, 1.092548, 0.546274)
_A = (1.0, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 0.25, 0.25, 0.25, 0.25, 0.25)


@dataclass(frozen=True)
class Light:
    direction: Vec3 = (0.3, 0.4, 1.0)
    space: str = "camera"
    intensity: float = 0.7
    ambient: float = 0.3
    color: Vec3 = (1.0, 1.0, 1.0)
    sh: tuple | None = None  # 9 numbers (grey) or 9 RGB triples

    def validated(self) -> "Light":
        if self.space not in ("camera", "world"):
            raise RenderError(f"light space must be 'camera' or 'world', got {self.space!r}")
        if triple(self.direction, "light direction").norm() == 0:
            raise RenderError(f"light direction must not be all zero, got {self.direction!r}")
        if not (math.isfinite(self.intensity) and math.isfinite(self.ambient)):
            raise RenderError("light intensity and ambient must be finite")
        triple(self.color, "light color")
        if self.sh is not None and sh_coefficients(self.sh).shape != (9, 3):
            raise RenderError("sh must hold 9 coefficients or 9 RGB triples")
        return self


def triple(value, name: str) -> torch.Tensor:
    """3 finite numbers (a direction or an RGB colour) -> float64 (3,), or a RenderError naming them."""
    try:
        t = torch.as_tensor(value, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        t = None
    if t is None or t.shape != (3,) or not torch.isfinite(t).all():
        raise RenderError(f"{name} must be 3 finite numbers, got {value!r}")
    return t


def sh_coefficients(sh) -> torch.Tensor:
    c = torch.as_tensor(sh, dtype=torch.float64)
    if c.shape == (9,):
        c = c[:, None].expand(9, 3)
    if c.shape != (9, 3) or not torch.isfinite(c).all():
        raise RenderError(f"sh must be 9 numbers or 9 RGB triples, got shape {tuple(c.shape)}")
    return c


def sh_basis(n: torch.Tensor) -> torch.Tensor:
    """(N, 3) unit normals -> (N, 9) real SH basis values."""
    x, y, z = n.unbind(1)
    return torch.stack([
        torch.full_like(x, _Y[0]), _Y[1] * y, _Y[2] * z, _Y[3] * x,
        _Y[4] * x * y, _Y[5] * y * z, _Y[6] * (3 * z * z - 1), _Y[7] * x * z, _Y[8] * (x * x - y * y)], 1)


def shade(albedo: torch.Tensor, normals: torch.Tensor, light_dir: torch.Tensor, light: torch.Tensor,
          sh: torch.Tensor | None = None, batch: torch.Tensor | None = None, *, clamp: bool = False) -> torch.Tensor:
    """Per-pixel Lambert shading of N fragments seen in B views.

    albedo (N, 3), normals (N, 3) (need not be unit), per view: light_dir (B, 3) unit, light (B, 5)
    rows of (intensity, ambient, r, g, b), sh (B, 9, 3) or None, all in one frame; batch (N,) the
    view of each fragment (None when B = 1); clamp: clamp the colour to [0, 1] -> (N, 3) colour.
    Computed on (3, N) rows (normals from `interpolate` are views of such rows).  Without an SH
    environment or gradients to the lights, one autograd node (`_Lambert`); otherwise torch ops."""
    if batch is None:
        ld, lt = light_dir[0][:, None], light[0][:, None]  # broadcast over the fragments
    else:
        ld, lt = light_dir.T.index_select(1, batch), light.T.index_select(1, batch)
    if sh is None and not (ld.requires_grad or lt.requires_grad):
        return _Lambert.apply(albedo.T, normals.T, ld, lt, clamp).T
    return shade_ops(albedo, normals, ld, lt, sh, batch, clamp)


def shade_ops(albedo, normals, ld, lt, sh, batch, clamp: bool) -> torch.Tensor:
    """`shade` as torch ops (any light gradients, SH environments; the reference of `_Lambert`):
    ld (3, 1) or (3, N) light direction rows, lt (5, 1) or (5, N) light rows."""
    n = normals.T
    n = n / (n * n).sum(0).sqrt().clamp_min(_MIN_LENGTH)  # (torch's norm over a leading dim is slow on CPU)
    lambert = (n * ld).sum(0).clamp(min=0.0)
    factor = (lt[1] + lt[0] * lambert) * lt[2:5]  # (3, N)
    if sh is not None:
        basis = sh_basis(n.T) * torch.tensor(_A, dtype=n.dtype, device=n.device)
        shv = sh[0].expand(n.shape[1], 9, 3) if batch is None else sh.index_select(0, batch)
        factor = factor + torch.einsum("nk,nkc->cn", basis, shv)
    colour = (albedo.T * factor).T
    return colour.clamp(0.0, 1.0) if clamp else colour


_MIN_LENGTH = 1e-12  # shorter interpolated normals count as this long


class _Lambert(torch.autograd.Function):
    """albedo rows (3, N), normal rows (3, N), light direction rows (3, 1) or (3, N), light rows
    (5, 1) or (5, N) (intensity, ambient, r, g, b), clamp -> colour rows (3, N):
    albedo * (ambient + intensity * max(cos, 0)) * rgb, cos between the normal and the light,
    clamped to [0, 1] when asked.  One node with its backward written out (torch ops made some
    15 nodes); the masks of the two clamps come from arithmetic on signs, not comparisons (several
    times the cost of an arithmetic op on CPU).  Gradients to the albedo and the normals only."""

    @staticmethod
    def forward(ctx, alb, n, ld, lt, clamp):
        nn = dot_rows(n, n)
        inv = nn.clamp_min(_MIN_LENGTH * _MIN_LENGTH).rsqrt_()
        cos = dot_rows(n, ld).mul_(inv)
        lam = cos.clamp_min(0.0)
        factor = (lam * lt[0]).add_(lt[1])  # ambient + intensity * lam
        fr = factor * lt[2:5]  # (3, N): the colour per unit albedo
        colour = alb * fr
        keep = None
        if clamp:
            out = colour.clamp(0.0, 1.0)
            # 1 where the colour was inside [0, 1] (clamp's gradient passes), 0 where clamped
            keep = torch.sub(colour, out, out=colour).abs_().sign_().neg_().add_(1.0)
        else:
            out = colour
        # d lam / d cos: 1 where cos > 0; and d |n| / d n only where the length was not clamped
        ctx.save_for_backward(alb, n, ld, lt, inv, cos, lam.sign_(), fr, keep,
                              nn.sub_(_MIN_LENGTH * _MIN_LENGTH).clamp_min_(0.0).sign_())
        return out

    @staticmethod
    def backward(ctx, grad):
        alb, n, ld, lt, inv, cos, dlam, fr, keep, dlen = ctx.saved_tensors
        # the incoming gradient is usually the transposed view of an image's (N, 3) rows: one
        # transposing copy into contiguous rows first (8x faster than letting each op read it strided)
        g = transposed(grad.T)
        if keep is not None:  # (in place only on a copy of ours, never on the caller's gradient)
            g = g * keep if g.data_ptr() == grad.data_ptr() else g.mul_(keep)
        g_alb = g * fr if ctx.needs_input_grad[0] else None
        g_n = None
        if ctx.needs_input_grad[1]:
            g_factor = dot_rows(g * alb, lt[2:5])
            a = g_factor.mul_(lt[0]).mul_(dlam).mul_(inv)  # d out / d cos, over |n|
            # d cos / d n = (l - cos n / |n|) / |n|
            g_n = torch.addcmul(ld, n * inv, (cos * dlen)[None], value=-1.0).mul_(a)
        return g_alb, g_n, None, None, None
