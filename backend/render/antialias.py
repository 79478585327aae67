"""Edge-aware antialiasing: blends colours across silhouette edges, with gradients to edge vertices.

Rasterized coverage is piecewise constant, so a plain render passes no gradient to where a
silhouette lies.  This pass (in the spirit of nvdiffrast's antialias) looks at every pair of
horizontally or vertically adjacent pixels showing different triangles.  When a silhouette edge of one
of the two triangles (a boundary edge, or an edge whose two triangles face opposite ways on screen)
crosses the segment between the pixel centres at a fraction t from the inside pixel, the pixel on the
far side of the mid-point takes a share |t - 1/2| of the other pixel's colour (a 1-pixel box
coverage estimate along that axis).  The share depends on t, and t on the edge's screen-space
end points, so gradients reach vertex positions.
"""
from __future__ import annotations

import torch

from .errors import RenderError
from .rasterize import Rasterization, check_clip_pos, pixel_coords
from .soa import gather_rows, scatter_rows_add
from .topology import as_topology


def _screen_data(c: torch.Tensor, dt, H: int, W: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-vertex (4, B*V) screen x, y, z/w, z+w and per-triangle (B, T) orientation sign (0 for
    triangles crossing the near plane), as `rasterize` computes them."""
    B, V = c.shape[:2]
    x, y, z, w = c.permute(2, 0, 1).float().reshape(4, B * V).unbind(0)
    sv = torch.stack([(x / w + 1.0) * (0.5 * W) - 0.5, (1.0 - y / w) * (0.5 * H) - 0.5, z / w, z + w])
    off = (torch.arange(B, device=c.device) * V)[:, None]
    X, Y, D = ([sv[r].index_select(0, (off + k).reshape(-1)).view(B, -1) for k in dt.corners] for r in (0, 1, 3))
    area = (X[1] - X[0]) * (Y[2] - Y[0]) - (X[2] - X[0]) * (Y[1] - Y[0])
    valid = (D[0] > 0) & (D[1] > 0) & (D[2] > 0)
    return sv, torch.where(valid, torch.sign(area), torch.zeros_like(area))


def triangle_silhouettes(signf: torch.Tensor, dt, B: int) -> torch.Tensor:
    """(3, B*T) bool: which edges of every triangle are silhouettes: boundary / non-manifold edges,
    and edges whose two triangles face opposite ways on screen; never edges of triangles crossing
    the near plane (sign 0).  From the orientations `signf` (B*T,) (-1, 0, +1) of the triangles;
    a boundary / non-manifold edge follows its first triangle (the topology's `across_cols`)."""
    across, always = dt.across_rows(B)
    s = signf.to(torch.int8)  # (exact: the signs are -1, 0, 1; a quarter of the bytes to gather)
    so = s.index_select(0, across).view(3, -1)
    # opposite signs (both non-zero), or an always-silhouette edge whose deciding triangle is usable,
    # in int8 arithmetic on -1 / 0 / 1 (a product is negative iff its sign bit is set; a sign is
    # non-zero iff its low bit is): comparisons producing bools cost 3x as much here on CPU
    neg = ((so * s) >> 7) & 1
    return neg.bitwise_or_(always.view(torch.int8) & so & 1).view(torch.bool)


class _Antialias(torch.autograd.Function):
    """flat image (P, C), clip rows (4, M), edge ends ia, ib (K,) (rows of the clip positions),
    inside / outside pixel centres cc (2, 2, K) (inside / outside, column / row), their flat pixels
    pin, pout (K,), (H, W), in_place -> (P, C).

    Per pair: the edge's screen ends a, b; the edge function relative to a at both centres, e_in and
    e_out (not with the product term xa yb - xb ya, which cancels in float32 far from the image
    origin); the crossing fraction t = clamp(e_in / (e_in - e_out), 0, 1) from the inside centre;
    then out[pout] += max(t - 1/2, 0) (c_in - c_out), out[pin] += max(1/2 - t, 0) (c_out - c_in).
    One node with its backward written out: as torch ops this was some 25 autograd nodes on short
    rows, and a gathered colour's own backward would zero a full image for each."""

    @staticmethod
    def forward(ctx, flat, rows, ia, ib, cc, pin, pout, size, in_place):
        H, W = size
        n = ia.shape[0]
        ends = torch.cat([ia, ib])
        x, y, _, w = gather_rows(rows, ends).unbind(0)  # (one gather of all four rows: fewer calls)
        sx = (x / w + 1.0) * (0.5 * W) - 0.5
        sy = (1.0 - y / w) * (0.5 * H) - 0.5
        xa, xb, ya, yb = sx[:n], sx[n:], sy[:n], sy[n:]
        ey, ex = ya - yb, xb - xa
        dc = cc - torch.stack([xa, ya])  # (2, 2, K) the inside and outside centres relative to a
        din, dout = dc.unbind(0)
        e_in, e_out = (ey * dc[:, 0] + ex * dc[:, 1]).unbind(0)
        den = e_in - e_out  # > 0: the edge separates the two centres
        t_raw = e_in / den
        t = t_raw.clamp(0.0, 1.0).to(flat.dtype)
        c_in, c_out = flat.index_select(0, pin), flat.index_select(0, pout)
        d = c_in - c_out
        a_out, a_in = (t - 0.5).clamp(min=0.0)[:, None], (0.5 - t).clamp(min=0.0)[:, None]
        out = flat if in_place else flat.clone()
        out.index_add_(0, pout, a_out * d)
        out.index_add_(0, pin, -a_in * d)
        if in_place:
            ctx.mark_dirty(out)
        ctx.save_for_backward(pin, pout, d, a_out, a_in, t, ends, x, y, w, ey, ex, din, dout, e_in, e_out, den,
                              t_raw)
        ctx.size, ctx.m = size, rows.shape[1]
        return out

    @staticmethod
    def backward(ctx, grad):
        pin, pout, d, a_out, a_in, t, ends, x, y, w, ey, ex, din, dout, e_in, e_out, den, t_raw = ctx.saved_tensors
        H, W = ctx.size
        g_out, g_in = grad.index_select(0, pout), grad.index_select(0, pin)
        g_flat = g_rows = None
        if ctx.needs_input_grad[0]:
            h = a_out * g_out - a_in * g_in
            g_flat = grad.clone()
            g_flat.index_add_(0, pin, h)
            g_flat.index_add_(0, pout, -h)
        if ctx.needs_input_grad[1]:
            # clamp's convention: the gradient passes at t = 1/2 to both sides, and for 0 <= t <= 1
            g_t = (d * (g_out * (t >= 0.5)[:, None] + g_in * (t <= 0.5)[:, None])).sum(1).to(den.dtype)
            r = g_t * ((t_raw >= 0.0) & (t_raw <= 1.0)) / (den * den)
            g_ein, g_eout = -r * e_out, r * e_in  # t = e_in / (e_in - e_out)
            g_ey, g_ex = (g_ein * din + g_eout * dout).unbind(0)  # (both rows of the centres at once)
            gs = g_ein + g_eout  # the centres are taken relative to a
            g_sx = torch.cat([-gs * ey - g_ex, g_ex])  # (a, b): ex = xb - xa, ey = ya - yb
            g_sy = torch.cat([g_ey - gs * ex, -g_ey])
            # d / d (x, y, z, w) at the edge ends as one table (z: zeros) and one scatter
            vals = g_sx.new_empty(4, g_sx.shape[0])
            gx, gy, gz, gw = vals.unbind(0)
            torch.mul(g_sx, 0.5 * W, out=gx).div_(w)
            torch.mul(g_sy, -0.5 * H, out=gy).div_(w)
            gz.zero_()
            torch.mul(gx, x, out=gw).add_(gy * y).neg_().div_(w)  # -(gx x + gy y) / w
            g_rows = grad.new_zeros(4, ctx.m, dtype=den.dtype)
            scatter_rows_add(g_rows, ends, vals)
        return g_flat, g_rows, None, None, None, None, None, None, None


def antialias(color: torch.Tensor, rast: Rasterization, clip_pos: torch.Tensor, tris) -> torch.Tensor:
    """color (B, H, W, C), the `rasterize` result it was shaded from, the same clip_pos (B, V, 4) and
    tris (T, 3) or `Topology` -> (B, H, W, C).  Differentiable w.r.t. color and clip_pos."""
    clip_pos = check_clip_pos(clip_pos)
    if color.ndim != 4 or color.shape[:3] != (rast.batch, rast.height, rast.width):
        raise RenderError(f"color must be (B, H, W, C) = ({rast.batch}, {rast.height}, {rast.width}, C), "
                          f"got {tuple(color.shape)}")
    if clip_pos.shape[0] != rast.batch:
        raise RenderError(f"clip_pos batch {clip_pos.shape[0]} does not match the rasterization's {rast.batch}")
    topo = as_topology(tris, clip_pos.shape[1])
    return antialias_flat(color.reshape(-1, color.shape[3]), rast, clip_pos, topo).view(color.shape)


def antialias_flat(flat: torch.Tensor, rast: Rasterization, clip_pos: torch.Tensor, topo, *,
                   in_place: bool = False) -> torch.Tensor:
    """`antialias` on a flat (B*H*W, C) image (checked inputs, a `Topology`).  in_place: blend into
    `flat` itself (a fresh image nothing else reads, and not a view: saves a full-image copy)."""
    B, V = clip_pos.shape[:2]
    H, W = rast.height, rast.width
    dt = topo.on(clip_pos.device)
    with torch.inference_mode():  # (cheaper dispatch than no_grad for the many small ops)
        screen = rast._cache.get("screen", {})
        if screen.get("clip") is clip_pos:  # the rasterizer's screen data of this very tensor
            sv, sign = screen["sv"], screen["sign"]
        else:
            sv, sign = _screen_data(clip_pos.detach(), dt, H, W)
        ids, centres = _silhouette_pairs(sv, sign, rast, dt, B, V, H, W)
    if ids.shape[1] == 0:
        return flat
    # ordinary tensors again (saved for backward below)
    pin, pout, va, vb = ids.clone().unbind(0)
    cc = centres.to(clip_pos.dtype).view(2, 2, -1)
    # (4, B*V) rows of the clip positions (free for the renderer's layout), read by 1-D gathers
    rows = clip_pos.permute(2, 0, 1).reshape(4, B * V)
    if B > 1:
        base = torch.div(pin, H * W, rounding_mode="floor") * V
        va, vb = va + base, vb + base
    return _Antialias.apply(flat, rows, va, vb, cc, pin, pout, (H, W), in_place)


_STEPS: dict = {}  # (W, device) -> (4, 1) flat steps to the right, left, lower and upper neighbour


def _neighbour_steps(W: int, device) -> torch.Tensor:
    key = (W, str(device))
    if key not in _STEPS:
        with torch.inference_mode(False):
            _STEPS[key] = torch.tensor([[1], [-1], [W], [-W]], device=device)
    return _STEPS[key]


def _silhouette_pairs(sv, sign, rast: Rasterization, dt, B: int, V: int, H: int, W: int):
    """Adjacent pixel pairs split by a silhouette edge -> (4, M) int64 rows (inside pixel, outside
    pixel, edge vertex a, edge vertex b) and (4, M) float32 rows (inside column, row, outside
    column, row).

    Only covered pixels whose triangle has a silhouette edge can start a pair: their four neighbours
    are looked up in the dense triangle-id image (a pair of two such pixels is taken once, from
    its first pixel).  Pairs are (first, second) in image order, as the reference scans them."""
    device = sv.device
    T = dt.triangles.shape[0]
    signf = sign.reshape(-1)
    tri = rast.triangles
    pix_all = rast.pixels
    base = rast.batch_index * T if B > 1 else 0
    # covered pixels whose triangle has a silhouette edge (a table over all triangles: a few ops on
    # (3, B*T) cost less than many on the covered pixels, and it is reused for the pairs below)
    sil_t = triangle_silhouettes(signf, dt, B)
    rel = (sil_t[0] | sil_t[1] | sil_t[2]).index_select(0, tri if B == 1 else tri + base)
    rel_idx = rel.nonzero().squeeze(1)
    none = B * H * W  # one more entry in both images: the "neighbour" past an image border
    tflat = torch.full((none + 1,), -1, dtype=torch.int64, device=device).index_copy_(0, pix_all, tri)
    rel_img = torch.zeros(none + 1, dtype=torch.bool, device=device)
    p = pix_all.index_select(0, rel_idx)
    rel_img.scatter_(0, p, True)
    tp = tri.index_select(0, rel_idx)
    n = p.shape[0]
    _, row, col = pixel_coords(p, B, H, W, torch.float32)
    # the four neighbours at once, (4, n): right, left, below, above; a pair with a relevant pixel
    # before p (left, above) is taken from that pixel
    ok = torch.stack([col < W - 1, col > 0, row < H - 1, row > 0])
    q = torch.where(ok, p + _neighbour_steps(W, device), none)
    m = (tflat.index_select(0, q.view(-1)).view(4, n) != tp).logical_and_(ok)
    m[1::2] &= ~rel_img.index_select(0, q[1::2].reshape(-1)).view(2, n)
    f = m.view(-1).nonzero().squeeze(1)  # direction-major: the pairs of each direction in turn
    d = torch.div(f, max(n, 1), rounding_mode="floor")
    a, c = p.index_select(0, f - d * n), q.view(-1).index_select(0, f)
    later = (d & 1) == 0  # right / below: p comes first
    pp, qq = torch.where(later, a, c), torch.where(later, c, a)
    # both sides of every pair at once: rows [0, M) look from p's triangle, [M, 2M) from q's
    M = pp.shape[0]
    ins = torch.cat([pp, qq])  # the inside pixel of each row (the outside one: the other pixel)
    t2 = tflat.index_select(0, ins)
    ok_t = t2 >= 0
    tc = t2.clamp(min=0)
    _, r3, c3 = pixel_coords(torch.cat([ins, pp]), B, H, W, torch.float32)
    xy = torch.stack([c3, r3])  # (2, 3M) centres of pp, qq, pp
    inside, outside = xy[:, :2 * M], xy[:, M:]
    rows2 = tc
    if B > 1:
        b2 = torch.div(ins, H * W, rounding_mode="floor")
        rows2 = b2 * T + tc
    s = signf.index_select(0, rows2)
    sil = gather_rows(sil_t, rows2)  # (3, 2M)
    # edge k from corner j = k + 1 to m = k + 2: the vertex ids of both ends, (6, 2M) (j rows, then m rows)
    ends = gather_rows(dt.edge_end_rows(), tc)
    vrow = ends + b2 * V if B > 1 else ends
    (xj, xm), (yj, ym) = gather_rows(sv[:2], vrow.view(-1)).view(2, 2, 3, -1).unbind(0)
    ea, eb, ec = s * (yj - ym), s * (xm - xj), s * (xj * ym - xm * yj)
    # the edge functions at the inside and the outside centre at once, (2, 3, 2M): the centres'
    # columns and rows (pp, qq, pp) read as two overlapping windows, [0, 2M) inside and [M, 3M) outside
    cx, cy = xy.as_strided((2, 2, 1, 2 * M), (3 * M, M, 0, 1)).unbind(0)
    e_in, e_out = (ea * cx + eb * cy + ec).unbind(0)
    hit = sil & ok_t & (e_in >= 0) & (e_out < 0)  # (3, 2M)
    found = hit[0] | hit[1] | hit[2]
    # the first edge that separates them (reductions over a leading dim of 3 are slow on CPU)
    er = ends.unbind(0)
    j, m = er[:3], er[3:]
    va = torch.where(hit[0], j[0], torch.where(hit[1], j[1], j[2]))
    vb = torch.where(hit[0], m[0], torch.where(hit[1], m[1], m[2]))
    fa, fb = found[:M], found[M:]
    use_b = ~fa & fb  # the edge is one of q's triangle: q is the inside pixel
    keep = (fa | fb).nonzero().squeeze(1)
    ids = torch.where(use_b, torch.stack([qq, pp, va[M:], vb[M:]]), torch.stack([pp, qq, va[:M], vb[:M]]))
    centres = torch.where(use_b, torch.cat([inside[:, M:], outside[:, M:]]),
                          torch.cat([inside[:, :M], outside[:, :M]]))
    return gather_rows(ids, keep), gather_rows(centres, keep)
