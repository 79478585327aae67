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
from .rasterize import Rasterization, check_clip_pos
from .soa import gather_rows
from .topology import as_topology

# edge k of a triangle joins these corners (the edge opposite corner k)
_EDGE_CORNERS = ((1, 2), (2, 0), (0, 1))


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
    # opposite signs (both non-zero), or an always-silhouette edge whose deciding triangle is usable
    return ((so * s) < 0) | (always & (so != 0))


class _Antialias(torch.autograd.Function):
    """flat image (P, C), clip rows (4, M), edge ends ia, ib (K,) (rows of the clip positions),
    inside / outside pixel centres cin, cout (2, K) (column, row), their flat pixels pin, pout (K,),
    (H, W), in_place -> (P, C).

    Per pair: the edge's screen ends a, b; the edge function relative to a at both centres, e_in and
    e_out (not with the product term xa yb - xb ya, which cancels in float32 far from the image
    origin); the crossing fraction t = clamp(e_in / (e_in - e_out), 0, 1) from the inside centre;
    then out[pout] += max(t - 1/2, 0) (c_in - c_out), out[pin] += max(1/2 - t, 0) (c_out - c_in).
    One node with its backward written out: as torch ops this was some 25 autograd nodes on short
    rows, and a gathered colour's own backward would zero a full image for each."""

    @staticmethod
    def forward(ctx, flat, rows, ia, ib, cin, cout, pin, pout, size, in_place):
        H, W = size
        n = ia.shape[0]
        ends = torch.cat([ia, ib])
        x, y, w = (rows[q].index_select(0, ends) for q in (0, 1, 3))
        sx = (x / w + 1.0) * (0.5 * W) - 0.5
        sy = (1.0 - y / w) * (0.5 * H) - 0.5
        xa, xb, ya, yb = sx[:n], sx[n:], sy[:n], sy[n:]
        ey, ex = ya - yb, xb - xa
        a = torch.stack([xa, ya])
        din, dout = cin - a, cout - a  # (2, K) the centres relative to a
        e_in = ey * din[0] + ex * din[1]
        e_out = ey * dout[0] + ex * dout[1]
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
            g_ey = g_ein * din[0] + g_eout * dout[0]
            g_ex = g_ein * din[1] + g_eout * dout[1]
            gs = g_ein + g_eout  # the centres are taken relative to a
            g_sx = torch.cat([-gs * ey - g_ex, g_ex])  # (a, b): ex = xb - xa, ey = ya - yb
            g_sy = torch.cat([g_ey - gs * ex, -g_ey])
            gx = g_sx * (0.5 * W) / w
            gy = g_sy * (-0.5 * H) / w
            gw = -(gx * x + gy * y) / w
            g_rows = grad.new_zeros(4, ctx.m, dtype=den.dtype)
            for q, v in ((0, gx), (1, gy), (3, gw)):
                g_rows[q].scatter_add_(0, ends, v)
        return g_flat, g_rows, None, None, None, None, None, None, None, None


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
        pin, pout, va, vb = _silhouette_pairs(sv, sign, rast, dt, B, V, H, W)
    if pin.numel() == 0:
        return flat
    pin, pout = pin.clone(), pout.clone()  # ordinary tensors: saved for backward below
    # (4, B*V) rows of the clip positions (free for the renderer's layout), read by 1-D gathers
    rows = clip_pos.permute(2, 0, 1).reshape(4, B * V)
    base = 0 if B == 1 else torch.div(pin, H * W, rounding_mode="floor") * V
    cin, cout = (_centres(p, H, W, rows.dtype) for p in (pin, pout))
    return _Antialias.apply(flat, rows, va + base, vb + base, cin, cout, pin, pout, (H, W), in_place)


def _centres(p: torch.Tensor, H: int, W: int, dtype) -> torch.Tensor:
    """Flat pixel indices (K,) -> (2, K) column, row of their centres."""
    rem = p % (H * W)
    r = torch.div(rem, W, rounding_mode="floor")
    return torch.stack([rem - r * W, r]).to(dtype)


def _silhouette_pairs(sv, sign, rast: Rasterization, dt, B: int, V: int, H: int, W: int):
    """Adjacent pixel pairs split by a silhouette edge: (inside pixel, outside pixel, edge vertex a,
    edge vertex b), all (M,) int64.

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
    tflat = rast.tri_id.reshape(-1)
    rel_img = torch.zeros(B * H * W + 1, dtype=torch.bool, device=device)  # (+1: "no neighbour")
    p = pix_all.index_select(0, rel_idx)
    rel_img.scatter_(0, p, True)
    tp = tri.index_select(0, rel_idx)
    col = p % W
    row = torch.div(p, W, rounding_mode="floor") % H
    firsts, seconds = [], []
    none = B * H * W
    for step, ok, later in ((1, col < W - 1, True), (-1, col > 0, False),
                            (W, row < H - 1, True), (-W, row > 0, False)):
        q = torch.where(ok, p + step, none)
        q_ok = q < none
        tq = tflat.index_select(0, q.clamp(max=none - 1))
        m = q_ok & (tq != tp)
        if not later:  # a pair with a relevant pixel before p is taken from that pixel
            m &= ~rel_img.index_select(0, q)
        sel = m.nonzero().squeeze(1)
        a, c = p.index_select(0, sel), q.index_select(0, sel)
        firsts.append(a if later else c)
        seconds.append(c if later else a)
    pp, qq = torch.cat(firsts), torch.cat(seconds)
    tp, tq = tflat.index_select(0, pp), tflat.index_select(0, qq)
    bb = torch.div(pp, H * W, rounding_mode="floor")
    sxf, syf = sv[0], sv[1]

    def pixel_xy(p):
        rem = p - bb * (H * W)
        r = torch.div(rem, W, rounding_mode="floor")
        return (rem - r * W).to(sv.dtype), r.to(sv.dtype)

    pxy, qxy = pixel_xy(pp), pixel_xy(qq)

    # both sides of every pair at once: rows [0, M) look from p's triangle, [M, 2M) from q's
    M = pp.shape[0]
    t2 = torch.cat([tp, tq])
    ok_t = t2 >= 0
    tc = t2.clamp(min=0)
    b2 = torch.cat([bb, bb])
    inside = torch.cat([pxy[0], qxy[0]]), torch.cat([pxy[1], qxy[1]])
    outside = torch.cat([qxy[0], pxy[0]]), torch.cat([qxy[1], pxy[1]])
    rows2 = tc if B == 1 else b2 * T + tc
    s = signf.index_select(0, rows2)
    sil = torch.stack([k.index_select(0, rows2) for k in sil_t.unbind(0)])  # (3, 2M)
    cv = gather_rows(dt.corner_rows, tc)  # (3, 2M) corner vertex ids
    vrow = cv + b2 * V
    X, Y = sxf.index_select(0, vrow.view(-1)).view(3, -1), syf.index_select(0, vrow.view(-1)).view(3, -1)
    j, m = [k for k, _ in _EDGE_CORNERS], [k for _, k in _EDGE_CORNERS]  # edge k from corner j to m
    xj, yj, xm, ym = X[j], Y[j], X[m], Y[m]
    ea, eb, ec = s * (yj - ym), s * (xm - xj), s * (xj * ym - xm * yj)
    e_in = ea * inside[0] + eb * inside[1] + ec
    e_out = ea * outside[0] + eb * outside[1] + ec
    hit = sil & ok_t & (e_in >= 0) & (e_out < 0)  # (3, 2M)
    found = hit[0] | hit[1] | hit[2]
    # the first edge that separates them (reductions over a leading dim of 3 are slow on CPU)
    va = torch.where(hit[0], cv[1], torch.where(hit[1], cv[2], cv[0]))
    vb = torch.where(hit[0], cv[2], torch.where(hit[1], cv[0], cv[1]))
    fa, fb = found[:M], found[M:]
    use_b = ~fa & fb
    keep = fa | fb
    pin = torch.where(use_b, qq, pp)[keep]
    pout = torch.where(use_b, pp, qq)[keep]
    va = torch.where(use_b, va[M:], va[:M])[keep]
    vb = torch.where(use_b, vb[M:], vb[:M])[keep]
    return pin, pout, va, vb
