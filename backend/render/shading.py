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
        d = torch.tensor(self.direction, dtype=torch.float64)
        if d.shape != (3,) or not torch.isfinite(d).all() or d.norm() == 0:
            raise RenderError(f"light direction must be 3 finite numbers, not all zero, got {self.direction!r}")
        if not (math.isfinite(self.intensity) and math.isfinite(self.ambient)):
            raise RenderError("light intensity and ambient must be finite")
        if self.sh is not None and sh_coefficients(self.sh).shape != (9, 3):
            raise RenderError("sh must hold 9 coefficients or 9 RGB triples")
        return self


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
          sh: torch.Tensor | None = None, batch: torch.Tensor | None = None) -> torch.Tensor:
    """Per-pixel Lambert shading of N fragments seen in B views.

    albedo (N, 3), normals (N, 3) (need not be unit), per view: light_dir (B, 3) unit, light (B, 5)
    rows of (intensity, ambient, r, g, b), sh (B, 9, 3) or None, all in one frame; batch (N,) the
    view of each fragment (None when B = 1) -> (N, 3) colour.  Computed on (3, N) rows (normals from
    `interpolate` are views of such rows)."""
    n = normals.T
    n = n / (n * n).sum(0).sqrt().clamp_min(1e-12)  # (torch's norm over a leading dim is slow on CPU)
    if batch is None:
        ld, lt = light_dir[0][:, None], light[0][:, None]  # broadcast over the fragments
    else:
        ld, lt = light_dir.T.index_select(1, batch), light.T.index_select(1, batch)
    lambert = (n * ld).sum(0).clamp(min=0.0)
    factor = (lt[1] + lt[0] * lambert) * lt[2:5]  # (3, N)
    if sh is not None:
        basis = sh_basis(n.T) * torch.tensor(_A, dtype=n.dtype, device=n.device)
        shv = sh[0].expand(n.shape[1], 9, 3) if batch is None else sh.index_select(0, batch)
        factor = factor + torch.einsum("nk,nkc->cn", basis, shv)
    return (albedo.T * factor).T
