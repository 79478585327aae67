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


def silhouette_edges(sign: torch.Tensor, dt) -> torch.Tensor:
    """(B, E) bool: boundary / non-manifold edges, and edges whose two triangles face opposite ways
    on screen; never edges of triangles crossing the near plane (sign 0)."""
    s0 = sign.index_select(1, dt.edge_tris[:, 0])
    s1 = sign.index_select(1, dt.edge_tris[:, 1].clamp(min=0))
    always = dt.edge_always_silhouette
    return (always | (s0 != s1)) & (s0 != 0) & ((s1 != 0) | always)


def antialias(color: torch.Tensor, rast: Rasterization, clip_pos: torch.Tensor, tris) -> torch.Tensor:
    """color (B, H, W, C), the `rasterize` result it was shaded from, the same clip_pos (B, V, 4) and
    tris (T, 3) or `Topology` -> (B, H, W, C).  Differentiable w.r.t. color and clip_pos."""
    clip_pos = check_clip_pos(clip_pos)
    B, V = clip_pos.shape[:2]
    H, W = rast.height, rast.width
    if color.ndim != 4 or color.shape[:3] != (rast.batch, H, W):
        raise RenderError(f"color must be (B, H, W, C) = ({rast.batch}, {H}, {W}, C), got {tuple(color.shape)}")
    if B != rast.batch:
        raise RenderError(f"clip_pos batch {B} does not match the rasterization's {rast.batch}")
    C = color.shape[3]
    topo = as_topology(tris, V)
    dt = topo.on(clip_pos.device)
    with torch.no_grad():
        screen = rast._cache.get("screen", {})
        if screen.get("clip") is clip_pos:  # the rasterizer's screen data of this very tensor
            sv, sign = screen["sv"], screen["sign"]
        else:
            sv, sign = _screen_data(clip_pos.detach(), dt, H, W)
        pin, pout, va, vb = _silhouette_pairs(sv, sign, rast, dt, B, V, H, W)
    flat = color.reshape(-1, C)
    if pin.numel() == 0:
        return color
    # differentiable crossing fraction t from the inside pixel centre towards the outside one
    cp = clip_pos.reshape(B * V, 4)
    b = torch.div(pin, H * W, rounding_mode="floor")
    ea, eb = cp.index_select(0, b * V + va), cp.index_select(0, b * V + vb)
    xa, ya = _screen(ea, H, W)
    xb, yb = _screen(eb, H, W)

    def centre(p):
        rem = p - b * (H * W)
        r = torch.div(rem, W, rounding_mode="floor")
        return (rem - r * W).to(cp.dtype), r.to(cp.dtype)

    (cx_in, cy_in), (cx_out, cy_out) = centre(pin), centre(pout)
    e_in = (ya - yb) * cx_in + (xb - xa) * cy_in + (xa * yb - xb * ya)
    e_out = (ya - yb) * cx_out + (xb - xa) * cy_out + (xa * yb - xb * ya)
    t = (e_in / (e_in - e_out)).clamp(0.0, 1.0)[:, None].to(color.dtype)
    c_in, c_out = flat.index_select(0, pin), flat.index_select(0, pout)
    delta_out = (t - 0.5).clamp(min=0.0) * (c_in - c_out)
    delta_in = (0.5 - t).clamp(min=0.0) * (c_out - c_in)
    out = flat.index_add(0, torch.cat([pout, pin]), torch.cat([delta_out, delta_in]))
    return out.view(color.shape)


def _screen(p: torch.Tensor, H: int, W: int):
    """(N, 4) clip coordinates -> screen x, y with pixel centres at integers, row 0 on top."""
    return (p[:, 0] / p[:, 3] + 1.0) * (0.5 * W) - 0.5, (1.0 - p[:, 1] / p[:, 3]) * (0.5 * H) - 0.5


def _silhouette_pairs(sv, sign, rast: Rasterization, dt, B: int, V: int, H: int, W: int):
    """Adjacent pixel pairs split by a silhouette edge: (inside pixel, outside pixel, edge vertex a,
    edge vertex b), all (M,) int64."""
    device = sv.device
    sil = silhouette_edges(sign, dt)
    T = dt.triangles.shape[0]
    has_sil = sil.index_select(1, dt.tri_edges.reshape(-1)).view(B, T, 3).any(2)  # (B, T)
    tid = rast.tri_id  # (B, H, W)
    flat_has = torch.cat([has_sil.reshape(-1), torch.zeros(1, dtype=torch.bool, device=device)])
    bidx = torch.arange(B, device=device)[:, None, None]
    key = torch.where(tid >= 0, bidx * T + tid, B * T)  # background -> the trailing False
    relevant = flat_has.index_select(0, key.reshape(-1)).view(B, H, W)
    pix = torch.arange(B * H * W, device=device).view(B, H, W)
    pairs_p, pairs_q = [], []
    for first, second in ((  # horizontal neighbours, then vertical ones
            (slice(None), slice(None), slice(None, -1)), (slice(None), slice(None), slice(1, None))),
            ((slice(None), slice(None, -1), slice(None)), (slice(None), slice(1, None), slice(None)))):
        m = (tid[first] != tid[second]) & (relevant[first] | relevant[second])
        pairs_p.append(pix[first][m])
        pairs_q.append(pix[second][m])
    pp, qq = torch.cat(pairs_p), torch.cat(pairs_q)
    tflat = tid.reshape(-1)
    tp, tq = tflat.index_select(0, pp), tflat.index_select(0, qq)
    bb = torch.div(pp, H * W, rounding_mode="floor")
    sxf, syf, silf, signf = sv[0], sv[1], sil.reshape(-1), sign.reshape(-1)
    E = sil.shape[1]

    def pixel_xy(p):
        rem = p - bb * (H * W)
        r = torch.div(rem, W, rounding_mode="floor")
        return (rem - r * W).to(sv.dtype), r.to(sv.dtype)

    pxy, qxy = pixel_xy(pp), pixel_xy(qq)

    def crossing(t, inside, outside):
        """First silhouette edge of triangle t (>= 0) separating inside from outside: (found, a, b)."""
        ok_t = t >= 0
        tc = t.clamp(min=0)
        s = signf.index_select(0, bb * T + tc)
        vid = dt.triangles.index_select(0, tc)  # (M, 3)
        found = torch.zeros_like(ok_t)
        va = torch.zeros_like(t)
        vb = torch.zeros_like(t)
        for k, (j, m) in enumerate(_EDGE_CORNERS):
            a_id, b_id = vid[:, j], vid[:, m]
            ia, ib = bb * V + a_id, bb * V + b_id
            xj, yj = sxf.index_select(0, ia), syf.index_select(0, ia)
            xm, ym = sxf.index_select(0, ib), syf.index_select(0, ib)
            ea, eb, ec = s * (yj - ym), s * (xm - xj), s * (xj * ym - xm * yj)
            e_in = ea * inside[0] + eb * inside[1] + ec
            e_out = ea * outside[0] + eb * outside[1] + ec
            edge_sil = silf.index_select(0, bb * E + dt.tri_edges[:, k].index_select(0, tc))
            hit = ok_t & ~found & edge_sil & (e_in >= 0) & (e_out < 0)
            va = torch.where(hit, a_id, va)
            vb = torch.where(hit, b_id, vb)
            found |= hit
        return found, va, vb

    fa, aa, ab = crossing(tp, pxy, qxy)
    fb, ba, bb_ = crossing(tq, qxy, pxy)
    use_b = ~fa & fb
    keep = fa | fb
    pin = torch.where(use_b, qq, pp)[keep]
    pout = torch.where(use_b, pp, qq)[keep]
    va = torch.where(use_b, ba, aa)[keep]
    vb = torch.where(use_b, bb_, ab)[keep]
    return pin, pout, va, vb
