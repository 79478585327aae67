"""Z-buffered triangle rasterization: which triangle covers each pixel, and where (barycentrics).

Pixel (row r, col c) samples its centre; row 0 is the top of the image (NDC y = +1).  A pixel centre
is covered when it lies inside the triangle, with the top-left rule on ties, so two triangles sharing
an edge never both cover, nor both miss, a centre on it (watertight).  Triangles crossing the near
plane (z_clip < -w_clip) are clipped; fragments beyond the far plane are dropped.

How it is fast in pure PyTorch: per triangle and covered row, the span of covered columns is
computed from the three edge equations (no bounding-box inside tests), so only covered pixels are ever
enumerated; the depth test packs (depth, triangle id) into one int64 and keeps the minimum per pixel
with `scatter_reduce(amin)`.  Memory grows with the number of covered fragments, never with
pixels x triangles.  The discrete part runs without autograd; barycentrics and depth of the winning
triangle are then recomputed differentiably from the clip positions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from .errors import RenderError
from .soa import dot_rows, gather_rows, scatter_rows_add
from .soa import rows as contiguous_rows
from .topology import Topology, as_topology
from .visibility import visible


def resolution_hw(resolution) -> tuple[int, int]:
    """(H, W) from an int or a pair; both in 1..8192."""
    if isinstance(resolution, int):
        h = w = resolution
    else:
        try:
            h, w = (int(x) for x in resolution)
        except (TypeError, ValueError):
            raise RenderError(f"resolution must be an int or (height, width), got {resolution!r}") from None
    if not (1 <= h <= 8192 and 1 <= w <= 8192):
        raise RenderError(f"resolution must be within 1..8192 pixels, got {h}x{w}")
    return h, w


@dataclass(eq=False)
class Rasterization:
    """Result of `rasterize`, sparse over the N covered pixels (sorted by flat pixel index).

    Iterating yields the dense triple `(tri_id, bary, depth)` (see the properties)."""

    batch: int
    height: int
    width: int
    pixels: torch.Tensor  # (N,) int64 flat index b*H*W + row*W + col
    triangles: torch.Tensor  # (N,) int64 id of the visible triangle
    bary: torch.Tensor  # (N, 3) perspective-correct barycentrics; differentiable w.r.t. clip_pos
    depth: torch.Tensor  # (N,) NDC depth z/w in [-1, 1]; differentiable w.r.t. clip_pos
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def batch_index(self) -> torch.Tensor:
        """(N,) int64 image of each covered pixel."""
        if "b" not in self._cache:
            with torch.inference_mode(False):  # cached: an ordinary tensor whatever the caller's mode
                self._cache["b"] = torch.div(self.pixels, self.height * self.width, rounding_mode="floor")
        return self._cache["b"]

    @property
    def tri_id(self) -> torch.Tensor:
        """(B, H, W) int64 visible triangle, -1 for background."""
        out = torch.full((self.batch * self.height * self.width,), -1, dtype=torch.int64, device=self.pixels.device)
        return out.index_copy_(0, self.pixels, self.triangles).view(self.batch, self.height, self.width)

    @property
    def mask(self) -> torch.Tensor:
        """(B, H, W) bool, True where a triangle is visible."""
        out = torch.zeros(self.batch * self.height * self.width, dtype=torch.bool, device=self.pixels.device)
        return out.scatter_(0, self.pixels, True).view(self.batch, self.height, self.width)

    @property
    def bary_image(self) -> torch.Tensor:
        """(B, H, W, 3) barycentrics (0 on background)."""
        return self.scatter(self.bary)

    @property
    def depth_image(self) -> torch.Tensor:
        """(B, H, W) NDC depth, +1 (far plane) on background."""
        return self.scatter(self.depth[:, None], 1.0)[..., 0]

    def scatter(self, values: torch.Tensor, background=0.0) -> torch.Tensor:
        """(N, C) values of the covered pixels -> (B, H, W, C) image; `background` is a number or a
        (C,) or (B, C) tensor.  Differentiable w.r.t. values and background."""
        return self.scatter_flat(values, background).view(self.batch, self.height, self.width, -1)

    def scatter_flat(self, values: torch.Tensor, background=0.0) -> torch.Tensor:
        """`scatter` as a fresh flat (B*H*W, C) image (not a view of anything)."""
        n, c = values.shape
        if n != self.pixels.shape[0]:
            raise RenderError(f"values hold {n} rows but {self.pixels.shape[0]} pixels are covered")
        bg = torch.as_tensor(background, dtype=values.dtype, device=values.device)
        if bg.ndim <= 1:
            bg = bg.reshape(1, 1, -1).expand(self.batch, 1, c) if bg.numel() > 1 else bg.reshape(1, 1, 1).expand(
                self.batch, 1, c)
        else:
            bg = bg.reshape(self.batch, 1, c)
        # a fresh image filled with the background, then written in place: one full-image pass, not
        # the two of an out-of-place index_put (index_copy_: faster, and its backward is a row gather).
        # The fill copies a block of k pixels broadcast along the image: a broadcast with a long
        # inner dimension is ~7x faster on CPU than one of the c-channel colour itself.
        hw = self.height * self.width
        k = math.gcd(hw, 256)
        block = bg.expand(self.batch, k, c).reshape(self.batch, 1, k * c)
        out = values.new_empty(self.batch * hw, c)
        out.view(self.batch, hw // k, k * c).copy_(block.expand(self.batch, hw // k, k * c))
        if c > 1 and values.stride(0) == 1:  # the (N, C) view of (C, N) rows (a shaded colour):
            values = contiguous_rows(values.T)  # rows of C first (index_copy_ reads strided rows 1.6x slower)
        return out.index_copy_(0, self.pixels, values)

    def __iter__(self):
        yield self.tri_id
        yield self.bary_image
        yield self.depth_image


def check_clip_pos(clip_pos: torch.Tensor) -> torch.Tensor:
    if not torch.is_tensor(clip_pos) or not clip_pos.dtype.is_floating_point:
        raise RenderError("clip_pos must be a floating-point tensor")
    if clip_pos.ndim == 2:
        clip_pos = clip_pos[None]
    if clip_pos.ndim != 3 or clip_pos.shape[-1] != 4:
        raise RenderError(f"clip_pos must have shape (B, V, 4), got {tuple(clip_pos.shape)}")
    return clip_pos


def rasterize(clip_pos: torch.Tensor, tris, resolution, *, cull_backfaces: bool = False) -> Rasterization:
    """Rasterize triangles given in clip space.

    clip_pos: (B, V, 4) (or (V, 4)) homogeneous clip coordinates, float32 or float64.
    tris: (T, 3) int vertex ids, or a `Topology`.
    resolution: int or (H, W).
    cull_backfaces: drop triangles that are clockwise in NDC (OpenGL's back faces).
    Returns a `Rasterization`; `tuple(result)` is (tri_id (B,H,W) int64 with -1 = background,
    bary (B,H,W,3), depth (B,H,W)).
    """
    clip_pos = check_clip_pos(clip_pos)
    H, W = resolution_hw(resolution)
    B, V = clip_pos.shape[:2]
    topo = as_topology(tris, V)
    screen: dict = {}
    with torch.inference_mode():  # (cheaper dispatch than no_grad for the many small ops)
        pixels, tri = visible(clip_pos.detach(), topo, H, W, cull_backfaces, screen)
    # ordinary tensors again: later differentiable ops save them for backward (the screen data
    # is only read, by antialias)
    pixels, tri = pixels.clone(), tri.clone()
    bary, depth, idx = barycentrics(clip_pos, topo, pixels, tri, H, W)
    # kept for antialias when it is given this very clip_pos tensor (saves recomputing them)
    screen["clip"] = clip_pos
    cache = {"screen": screen}
    if B == 1:  # the corner ids, for `interpolate` with the same topology
        cache[("corners", id(topo), str(idx.device))] = (topo, idx)
    return Rasterization(B, H, W, pixels, tri, bary, depth, _cache=cache)


class _Barycentrics(torch.autograd.Function):
    """clip rows (4, M) contiguous, corner rows idx (3, N), pixel NDC px, py (N,) -> bary (N, 3),
    depth (N,).

    With u_k = x_k - px w_k, t_k = y_k - py w_k: d_k = u_{k+1} t_{k+2} - u_{k+2} t_{k+1},
    b = d / sum(d), depth = sum(b z) / sum(b w).  Structure of arrays: (3, N) rows per quantity;
    bary is returned as the (N, 3) view of its (3, N) rows.  Backward written out (scatter_add_)."""

    @staticmethod
    def forward(ctx, clip, idx, px, py):
        n = px.shape[0]
        flat = idx.reshape(-1)
        # x, y and z, w in separate buffers: the backward keeps z, w only (not all four rows)
        xy, zw = gather_rows(clip[:2], flat), gather_rows(clip[2:], flat)
        (X, Y), (Z, Wc) = xy.view(2, 3, n), zw.view(2, 3, n)
        U, Tt = X - px * Wc, Y - py * Wc
        D = torch.empty_like(U)
        Ur, Tr, Dr = U.unbind(0), Tt.unbind(0), D.unbind(0)
        for k, (j, m) in enumerate(_NEXT):  # row by row: no fancy-index or cyclic copies of (3, N) arrays
            torch.mul(Ur[j], Tr[m], out=Dr[k]).sub_(Ur[m] * Tr[j])
        S = (Dr[0] + Dr[1]).add_(Dr[2])  # (a reduction over a leading dim of 3 is slow on CPU)
        b = D.div_(S)
        z, w = dot_rows(Dr, Z), dot_rows(Dr, Wc)  # (Dr: the rows of b, divided in place)
        depth = z / w
        ctx.save_for_backward(idx, px, py, U, Tt, Z, Wc, b, S, z, w)
        ctx.m = clip.shape[1]
        return b.T, depth

    @staticmethod
    def backward(ctx, g_bary, g_depth):
        idx, px, py, U, Tt, Z, Wc, b, S, z, w = ctx.saved_tensors
        gb = g_bary.T if g_bary is not None else torch.zeros_like(b)
        rows = torch.empty((4,) + b.shape, dtype=b.dtype, device=b.device)  # d/d (x, y, z, w) per corner
        rr = rows.unbind(0)
        if g_depth is not None:
            gz, gw = g_depth / w, -g_depth * z / (w * w)
            gb = gb + gz * Z + gw * Wc
            torch.mul(b, gz, out=rr[2])
            torch.mul(b, gw, out=rr[3])
        else:  # (z gets no gradient; its zero row keeps the scatter below to one call)
            rows[2:].zero_()
        dot = dot_rows(gb, b)
        gD = (gb - dot) / S
        Ur, Tr, gr = U.unbind(0), Tt.unbind(0), gD.unbind(0)
        du, dt, dw = rr[0].unbind(0), rr[1].unbind(0), rr[3].unbind(0)
        for k, (j, m) in enumerate(_NEXT):  # d_k = u_j t_m - u_m t_j with j = k + 1, m = k + 2
            torch.mul(gr[m], Tr[j], out=du[k]).sub_(gr[j] * Tr[m])  # dL/du_k
            torch.mul(gr[j], Ur[m], out=dt[k]).sub_(gr[m] * Ur[j])  # dL/dt_k
            dw[k].sub_(px * du[k]).sub_(py * dt[k])
        out = torch.zeros(4, ctx.m, dtype=b.dtype, device=b.device)
        # the three corners' rows of all four quantities in one scatter (same corner order)
        scatter_rows_add(out, idx.reshape(-1), rows.view(4, -1))
        return out, None, None, None



def corner_ids(rast: Rasterization, topo: Topology, device=None) -> torch.Tensor:
    """(3, N) ids of the corners of each covered pixel's triangle in `topo` (cached on `rast`; the
    cache holds `topo` itself, so its id cannot be reused while cached)."""
    device = rast.triangles.device if device is None else device
    key = ("corners", id(topo), str(device))
    if key not in rast._cache:
        tri = rast.triangles.to(device)
        with torch.inference_mode(False):  # cached: an ordinary tensor whatever the caller's mode
            rast._cache[key] = (topo, gather_rows(topo.on(device).corner_rows, tri))
    return rast._cache[key][1]


def pixel_coords(pixels: torch.Tensor, B: int, H: int, W: int, dtype) -> tuple:
    """Flat pixel indices b*H*W + row*W + col (N,) of B images -> (b (N,) int64, or None when B = 1;
    row, col (N,) in `dtype`).  In floating point when exact there (int64 divisions are several
    times slower on CPU): the quotient of p < 2^23 by an integer never rounds up to the next one."""
    hw = H * W
    limit = {torch.float32: 1 << 23, torch.float64: 1 << 50}.get(dtype, 0)
    b = None
    if B * hw < limit:
        rem = pixels.to(dtype)
        if B > 1:
            bf = torch.floor(rem / hw)
            rem = rem - bf * hw
            b = bf.to(torch.int64)
        row = torch.floor(rem / W)
        return b, row, rem - row * W
    rem = pixels
    if B > 1:
        b = torch.div(pixels, hw, rounding_mode="floor")
        rem = pixels - b * hw
    row = torch.div(rem, W, rounding_mode="floor")
    return b, row.to(dtype), (rem - row * W).to(dtype)


def barycentrics(clip_pos: torch.Tensor, topo: Topology, pixels: torch.Tensor, tri: torch.Tensor, H: int, W: int):
    """Perspective-correct barycentrics (N, 3), NDC depth (N,) of pixel centres w.r.t. triangles, and
    the (3, N) rows of the corners in the flattened clip positions.

    With vertex clip coordinates (x_i, y_i, w_i) and the pixel's NDC point (px, py), let
    u_i = x_i - px w_i and t_i = y_i - py w_i; then b_i is proportional to u_j t_k - u_k t_j (the 2D
    homogeneous edge functions), which is exact in 3D and needs no clipping."""
    B, V = clip_pos.shape[:2]
    dt = topo.on(clip_pos.device)
    b, row, col = pixel_coords(pixels, B, H, W, clip_pos.dtype)
    px = (2.0 * col + 1.0) / W - 1.0
    py = 1.0 - (2.0 * row + 1.0) / H
    idx = gather_rows(dt.corner_rows, tri)  # (3, N) vertex ids
    if B > 1:
        idx = idx + b * V  # rows of the flattened clip positions
    # (4, B*V) rows: free when clip_pos is the transposed view the renderer makes (B = 1)
    rows = clip_pos.permute(2, 0, 1).reshape(4, B * V).contiguous()
    bary, depth = _Barycentrics.apply(rows, idx, px, py)
    return bary, depth, idx


_NEXT = ((1, 2), (2, 0), (0, 1))  # (k + 1, k + 2) mod 3
