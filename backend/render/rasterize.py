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

from dataclasses import dataclass, field

import torch

from .errors import RenderError
from .topology import Topology, as_topology

_EMPTY = torch.iinfo(torch.int64).max
_LOW32 = 0xFFFFFFFF


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
            self._cache["b"] = torch.div(self.pixels, self.height * self.width, rounding_mode="floor")
        return self._cache["b"]

    @property
    def tri_id(self) -> torch.Tensor:
        """(B, H, W) int64 visible triangle, -1 for background."""
        out = torch.full((self.batch * self.height * self.width,), -1, dtype=torch.int64, device=self.pixels.device)
        out[self.pixels] = self.triangles
        return out.view(self.batch, self.height, self.width)

    @property
    def mask(self) -> torch.Tensor:
        """(B, H, W) bool, True where a triangle is visible."""
        out = torch.zeros(self.batch * self.height * self.width, dtype=torch.bool, device=self.pixels.device)
        out[self.pixels] = True
        return out.view(self.batch, self.height, self.width)

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
        n, c = values.shape
        if n != self.pixels.shape[0]:
            raise RenderError(f"values hold {n} rows but {self.pixels.shape[0]} pixels are covered")
        bg = torch.as_tensor(background, dtype=values.dtype, device=values.device)
        if bg.ndim <= 1:
            bg = bg.reshape(1, 1, -1).expand(self.batch, 1, c) if bg.numel() > 1 else bg.reshape(1, 1, 1).expand(
                self.batch, 1, c)
        else:
            bg = bg.reshape(self.batch, 1, c)
        out = bg.expand(self.batch, self.height * self.width, c).reshape(-1, c)
        return out.index_put((self.pixels,), values).view(self.batch, self.height, self.width, c)

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
    with torch.no_grad():
        pixels, tri = _visible(clip_pos.detach(), topo, H, W, cull_backfaces, screen)
    bary, depth = barycentrics(clip_pos, topo, pixels, tri, H, W)
    # kept for antialias when it is given this very clip_pos tensor (saves recomputing them)
    screen["clip"] = clip_pos
    return Rasterization(B, H, W, pixels, tri, bary, depth, _cache={"screen": screen})


class _Barycentrics(torch.autograd.Function):
    """clip (M, 4), corner rows idx (3, N), pixel NDC px, py (N,) -> bary (N, 3), depth (N,).

    With u_k = x_k - px w_k, t_k = y_k - py w_k: d_k = u_{k+1} t_{k+2} - u_{k+2} t_{k+1},
    b = d / sum(d), depth = sum(b z) / sum(b w).  Backward written out (index_add_ into clip)."""

    @staticmethod
    def forward(ctx, clip, idx, px, py):
        v = clip.index_select(0, idx.reshape(-1)).view(3, -1, 4)  # corner-major (3, N, 4)
        X, Y, Z, Wc = v.unbind(2)
        U, Tt = X - px * Wc, Y - py * Wc
        U1, U2, T1, T2 = U[[1, 2, 0]], U[[2, 0, 1]], Tt[[1, 2, 0]], Tt[[2, 0, 1]]
        D = U1 * T2 - U2 * T1
        S = D.sum(0)
        b = D / S
        z, w = (b * Z).sum(0), (b * Wc).sum(0)
        depth = z / w
        ctx.save_for_backward(idx, px, py, U, Tt, Z, Wc, b, S, z, w)
        ctx.m = clip.shape[0]
        return b.T.contiguous(), depth

    @staticmethod
    def backward(ctx, g_bary, g_depth):
        idx, px, py, U, Tt, Z, Wc, b, S, z, w = ctx.saved_tensors
        gb = g_bary.T if g_bary is not None else torch.zeros_like(b)
        if g_depth is not None:
            gz, gw = g_depth / w, -g_depth * z / (w * w)
            gb = gb + gz * Z + gw * Wc
            g_Z, g_W = gz * b, gw * b
        else:
            g_Z, g_W = torch.zeros_like(b), torch.zeros_like(b)
        gD = (gb - (gb * b).sum(0)) / S
        r1, r2 = [1, 2, 0], [2, 0, 1]  # k + 1, k + 2 (mod 3)
        gU = gD[r2] * Tt[r1] - gD[r1] * Tt[r2]
        gT = gD[r1] * U[r2] - gD[r2] * U[r1]
        g_W = g_W - px * gU - py * gT
        rows = torch.stack([gU, gT, g_Z, g_W], 2).reshape(-1, 4)
        g_clip = torch.zeros(ctx.m, 4, dtype=rows.dtype, device=rows.device).index_add_(0, idx.reshape(-1), rows)
        return g_clip, None, None, None


def barycentrics(clip_pos: torch.Tensor, topo: Topology, pixels: torch.Tensor, tri: torch.Tensor, H: int, W: int):
    """Perspective-correct barycentrics (N, 3) and NDC depth (N,) of pixel centres w.r.t. triangles.

    With vertex clip coordinates (x_i, y_i, w_i) and the pixel's NDC point (px, py), let
    u_i = x_i - px w_i and t_i = y_i - py w_i; then b_i is proportional to u_j t_k - u_k t_j (the 2D
    homogeneous edge functions), which is exact in 3D and needs no clipping."""
    B, V = clip_pos.shape[:2]
    dt = topo.on(clip_pos.device)
    hw = H * W
    b = torch.div(pixels, hw, rounding_mode="floor")
    rem = pixels - b * hw
    row = torch.div(rem, W, rounding_mode="floor")
    col = rem - row * W
    dtype = clip_pos.dtype
    px = (2.0 * col.to(dtype) + 1.0) / W - 1.0
    py = 1.0 - (2.0 * row.to(dtype) + 1.0) / H
    idx = dt.triangles.index_select(0, tri).T + b * V  # (3, N) rows of the flattened clip positions
    return _Barycentrics.apply(clip_pos.reshape(B * V, 4), idx, px, py)


def _ordered_int(depth: torch.Tensor) -> torch.Tensor:
    """float32 -> int64 with the same order (flip the magnitude bits of negative floats)."""
    i = depth.to(torch.float32).view(torch.int32)
    return torch.where(i < 0, i ^ 0x7FFFFFFF, i).to(torch.int64)


def _visible(c: torch.Tensor, topo: Topology, H: int, W: int, cull: bool,
             screen: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Discrete pass: (flat pixel index, triangle id) of every covered pixel, sorted by pixel.
    Fills `screen` with per-vertex screen data `sv` (4, B*V) and per-triangle orientation `sign`
    (B, T) (0 for triangles crossing the near plane)."""
    device = c.device
    B, V = c.shape[:2]
    dt = topo.on(device)
    T = dt.triangles.shape[0]
    x, y, z, w = c.permute(2, 0, 1).float().reshape(4, B * V).unbind(0)
    # per vertex, structure of arrays: screen x, y (pixel centres at integers, row 0 on top), z/w, and
    # the near-plane distance z + w (> 0 in front)
    sv = torch.stack([(x / w + 1.0) * (0.5 * W) - 0.5, (1.0 - y / w) * (0.5 * H) - 0.5, z / w, z + w])
    if B == 1:
        corners = dt.corners
        tri_b = torch.zeros(T, dtype=torch.int64, device=device)
        tri_t = torch.arange(T, device=device)
    else:
        off = (torch.arange(B, device=device) * V).repeat_interleave(T)
        corners = tuple(k.repeat(B) + off for k in dt.corners)
        tri_b = torch.arange(B, device=device).repeat_interleave(T)
        tri_t = torch.arange(T, device=device).repeat(B)
    X, Y, Z, D = torch.stack([sv.index_select(1, k) for k in corners], 1)  # each (3, B*T)
    n_front = (D > 0).sum(0)
    whole = n_front == 3
    screen["sv"] = sv
    partial = ((n_front > 0) & ~whole).nonzero().squeeze(1)
    if partial.numel():
        cx, cy, cz, cb, ct = _clip_near(c.float(), dt.triangles, tri_b[partial], tri_t[partial], H, W)
        X, Y, Z = torch.cat([X, cx], 1), torch.cat([Y, cy], 1), torch.cat([Z, cz], 1)
        tri_b, tri_t = torch.cat([tri_b, cb]), torch.cat([tri_t, ct])
        whole = torch.cat([whole, torch.ones(cb.shape[0], dtype=torch.bool, device=device)])
    # twice the signed screen area; < 0: counter-clockwise in NDC (y up)
    area = (X[1] - X[0]) * (Y[2] - Y[0]) - (X[2] - X[0]) * (Y[1] - Y[0])
    n = B * T
    screen["sign"] = torch.where(whole[:n], torch.sign(area[:n]), torch.zeros_like(area[:n])).view(B, T)
    return _raster_spans(X, Y, Z, area, whole, tri_b, tri_t, B, H, W, cull)


def _clip_near(c: torch.Tensor, tris: torch.Tensor, cb: torch.Tensor, ct: torch.Tensor, H: int, W: int):
    """Clip triangles that cross the near plane into 1 or 2 sub-triangles (screen coordinates).

    Points on a crossing edge are computed from the endpoints ordered by vertex id, so two triangles
    sharing that edge get bit-identical points (keeps the result watertight)."""
    B, V = c.shape[:2]
    vid = tris[ct]  # (K, 3)
    P = c.reshape(B * V, 4)[cb[:, None] * V + vid]  # (K, 3, 4)
    d = P[..., 2] + P[..., 3]
    inside = d > 0
    n_in = inside.sum(1)
    # rotate so that corner 0 is the odd one out: the only inside corner (n_in == 1) or the only outside one
    odd = torch.where(n_in == 1, inside.to(torch.int8).argmax(1), (~inside).to(torch.int8).argmax(1))
    rot = (odd[:, None] + torch.arange(3, device=c.device)) % 3
    P = torch.gather(P, 1, rot[..., None].expand(-1, -1, 4))
    vid = torch.gather(vid, 1, rot)
    d = torch.gather(d, 1, rot)

    def cut(i: int, j: int) -> torch.Tensor:
        swap = (vid[:, i] > vid[:, j])[:, None]
        pa, pb = torch.where(swap, P[:, j], P[:, i]), torch.where(swap, P[:, i], P[:, j])
        da, db = torch.where(swap[:, 0], d[:, j], d[:, i]), torch.where(swap[:, 0], d[:, i], d[:, j])
        s = (da / (da - db))[:, None]
        return pa + s * (pb - pa)

    p01, p02 = cut(0, 1), cut(0, 2)
    one = n_in == 1
    two = ~one
    # one inside: (v0, p01, p02); two inside (v0 outside): (p01, v1, v2) and (p01, v2, p02); order kept
    tri_a = torch.stack([torch.where(one[:, None], P[:, 0], p01), torch.where(one[:, None], p01, P[:, 1]),
                         torch.where(one[:, None], p02, P[:, 2])], 1)
    tri_b = torch.stack([p01[two], P[two, 2], p02[two]], 1)
    sub = torch.cat([tri_a, tri_b], 0)  # (K + K2, 3, 4)
    sb = torch.cat([cb, cb[two]])
    st = torch.cat([ct, ct[two]])
    w = sub[..., 3]
    ok = (w > 0).all(1)
    sub, sb, st, w = sub[ok], sb[ok], st[ok], w[ok]
    sx = (sub[..., 0] / w + 1.0) * (0.5 * W) - 0.5
    sy = (1.0 - sub[..., 1] / w) * (0.5 * H) - 0.5
    sz = sub[..., 2] / w
    return sx.T, sy.T, sz.T, sb, st


def _raster_spans(X, Y, Z, area, ok, tb, tt, B: int, H: int, W: int, cull: bool):
    """Scanline spans of screen-space triangles (X, Y, Z: (3, R); area (R,) twice the signed area;
    ok: (R,) usable; tb, tt: (R,) image and triangle id) -> z-buffered (flat pixel, triangle id) of
    the covered pixels."""
    device = X.device
    x0, x1, x2 = X
    y0, y1, y2 = Y
    z0, z1, z2 = Z
    ok = ok & torch.isfinite(area) & (area != 0)
    if cull:
        ok &= area < 0
    s = torch.sign(area)
    # edge k (opposite corner k), from corner j to corner m: E = a x + b y + c, positive inside.
    # On row y a left edge (a > 0) covers x >= xs, a right edge (a < 0) x <= xs, with
    # xs = y * (-b / a) + (-c / a).  A shared edge gets exactly negated (a, b, c) in its two triangles,
    # hence the same xs bit for bit: the span ends agree and the tie rule below decides (watertight).
    ea, slope, icpt, horiz_bottom = [], [], [], []
    for (xj, yj), (xm, ym) in (((x1, y1), (x2, y2)), ((x2, y2), (x0, y0)), ((x0, y0), (x1, y1))):
        a, b, cc = s * (yj - ym), s * (xm - xj), s * (xj * ym - xm * yj)
        ea.append(a)
        slope.append(-b / a)
        icpt.append(-cc / a)
        horiz_bottom.append((a == 0) & (b < 0))  # inside above a horizontal edge: exclude its row
    ea, slope, icpt = torch.stack(ea), torch.stack(slope), torch.stack(icpt)
    left = ea > 0
    # two "left" and two "right" slots per triangle (an edge may fill both slots of its side)
    l1 = torch.where(left[0], 0, torch.where(left[1], 1, 2))
    l2 = torch.where(left[2], 2, torch.where(left[1], 1, 0))
    right = ea < 0
    r1_ = torch.where(right[0], 0, torch.where(right[1], 1, 2))
    r2_ = torch.where(right[2], 2, torch.where(right[1], 1, 0))
    ymin = torch.minimum(torch.minimum(y0, y1), y2)
    ymax = torch.maximum(torch.maximum(y0, y1), y2)
    xmin = torch.minimum(torch.minimum(x0, x1), x2)
    xmax = torch.maximum(torch.maximum(x0, x1), x2)
    bottom = horiz_bottom[0] | horiz_bottom[1] | horiz_bottom[2]
    r0 = torch.ceil(ymin).clamp(0, H)
    r1 = torch.where(bottom, torch.ceil(ymax) - 1, torch.floor(ymax)).clamp(-1, H - 1)
    zmin = torch.minimum(torch.minimum(z0, z1), z2)
    ok &= (xmax >= 0) & (xmin <= W - 1) & (r1 >= r0) & (zmin <= 1.0)
    keep = ok.nonzero().squeeze(1)
    zx = ((z1 - z0) * (y2 - y0) - (z2 - z0) * (y1 - y0)) / area
    zy = ((x1 - x0) * (z2 - z0) - (x2 - x0) * (z1 - z0)) / area
    # per kept triangle: (slope, intercept) of the 4 slots, then the depth plane z = c + zx x + zy y.
    # One flat 1-D gather picks the slots (gathers along a short leading dim are slow on CPU).
    R0 = X.shape[1]
    ar = torch.arange(R0, device=device)
    pick = torch.stack([l1, l2, r1_, r2_]) * R0 + ar  # (4, R0) into a flattened (3, R0)
    edges = torch.cat([slope.reshape(-1), icpt.reshape(-1)])
    picked = edges.index_select(0, torch.stack([pick, pick + 3 * R0], 1).reshape(-1)).view(8, R0)
    table = torch.cat([picked, torch.stack([z0 - zx * x0 - zy * y0, zx, zy])]).index_select(1, keep).T.contiguous()
    rows0 = r0.index_select(0, keep).to(torch.int64)
    nrows = r1.index_select(0, keep).to(torch.int64) - rows0 + 1
    itable = torch.stack([tb * (H * W), tt], 1).index_select(0, keep)  # (R', 2): pixel offset of image, id
    P = int(nrows.sum()) if keep.numel() else 0
    empty = torch.zeros(0, dtype=torch.int64, device=device)
    if P == 0:
        return empty, empty
    R = keep.shape[0]
    rep = torch.repeat_interleave(torch.arange(R, device=device), nrows, output_size=P)
    start = torch.cumsum(nrows, 0) - nrows
    row = rows0.index_select(0, rep) + (torch.arange(P, device=device) - start.index_select(0, rep))
    cf = table.index_select(0, rep)
    yr = row.to(cf.dtype)
    lo = torch.ceil(torch.maximum(cf[:, 0] * yr + cf[:, 1], cf[:, 2] * yr + cf[:, 3])).clamp_(min=0.0)
    hi = (torch.ceil(torch.minimum(cf[:, 4] * yr + cf[:, 5], cf[:, 6] * yr + cf[:, 7])) - 1.0).clamp_(max=W - 1.0)
    count = (hi - lo + 1.0).clamp_(min=0.0).to(torch.int64)
    F = int(count.sum())
    if F == 0:
        return empty, empty
    frep = torch.repeat_interleave(torch.arange(P, device=device), count, output_size=F)
    cstart = torch.cumsum(count, 0) - count
    col_off = torch.arange(F, device=device) - cstart.index_select(0, frep)
    # per row: depth at the first covered column and its slope; flat pixel index of that column; id
    zrow = cf[:, 8] + cf[:, 10] * yr + cf[:, 9] * lo
    pf = torch.stack([zrow, cf[:, 9]], 1).index_select(0, frep)
    depth = pf[:, 0] + pf[:, 1] * col_off.to(pf.dtype)
    it = itable.index_select(0, rep)
    pi = torch.stack([it[:, 0] + row * W + lo.to(torch.int64), it[:, 1]], 1).index_select(0, frep)
    pix = pi[:, 0] + col_off
    tid = pi[:, 1]
    front = depth <= 1.0  # far plane
    if not bool(front.all()):
        pix, depth, tid = pix[front], depth[front], tid[front]
    key = (_ordered_int(depth) << 32) | tid
    zbuf = torch.full((B * H * W,), _EMPTY, dtype=torch.int64, device=device)
    zbuf.scatter_reduce_(0, pix, key, "amin")
    pixels = (zbuf != _EMPTY).nonzero().squeeze(1)
    return pixels, zbuf.index_select(0, pixels) & _LOW32
