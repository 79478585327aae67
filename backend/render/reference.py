"""Slow, obvious reference implementations of the render ops, for tests (tiny meshes and images only).

Loops over pixels and triangles in Python, float64.  Deliberately computed another way than the fast
ops where there is one: coverage by per-pixel edge functions with the top-left rule (no spans, no
packed z-buffer); barycentrics as screen-space barycentrics divided by w (not 2D homogeneous
determinants); near-plane handling by homogeneous inside tests (no clipping); silhouette edges by
searching all triangles for the neighbours of an edge.  Same conventions as the fast ops.
"""
from __future__ import annotations

import math

import torch


def _screen(v, H, W):
    x, y, z, w = v
    return (x / w + 1.0) * 0.5 * W - 0.5, (1.0 - y / w) * 0.5 * H - 0.5, z / w


def _covers(tri_clip, px, py, H, W):
    """(inside, depth) of the pixel centre (px, py) (screen coordinates) for one triangle in clip space."""
    d = [v[2] + v[3] for v in tri_clip]
    if all(di > 0 for di in d):
        s = [_screen(v, H, W) for v in tri_clip]
        (x0, y0, _), (x1, y1, _), (x2, y2, _) = s
        area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
        if area == 0:
            return False, 0.0
        sign = 1.0 if area > 0 else -1.0
        lam = []
        for j, m in ((1, 2), (2, 0), (0, 1)):
            a = sign * (s[j][1] - s[m][1])
            b = sign * (s[m][0] - s[j][0])
            # relative to corner m (equal to a px + b py + c with c = sign (xj ym - xm yj)): exactly
            # 0 for a centre on the edge's line where the product form rounds to either side
            e = a * (px - s[m][0]) + b * (py - s[m][1])
            if e < 0 or (e == 0 and not (a > 0 or (a == 0 and b > 0))):
                return False, 0.0
            lam.append(e / (sign * area))
        depth = sum(lk * sk[2] for lk, sk in zip(lam, s))
        return depth <= 1.0, depth
    if not any(di > 0 for di in d):
        return False, 0.0
    # crosses the near plane: does the pixel's ray meet the part of the triangle in front of it?
    ndx, ndy = 2.0 * (px + 0.5) / W - 1.0, 1.0 - 2.0 * (py + 0.5) / H
    b = _homogeneous_bary(tri_clip, ndx, ndy)
    if b is None or min(b) < 0:
        return False, 0.0
    z = sum(bk * v[2] for bk, v in zip(b, tri_clip))
    w = sum(bk * v[3] for bk, v in zip(b, tri_clip))
    if w <= 0 or z + w < 0 or z / w > 1.0:
        return False, 0.0
    return True, z / w


def _homogeneous_bary(tri_clip, ndx, ndy):
    u = [v[0] - ndx * v[3] for v in tri_clip]
    t = [v[1] - ndy * v[3] for v in tri_clip]
    dd = [u[j] * t[m] - u[m] * t[j] for j, m in ((1, 2), (2, 0), (0, 1))]
    total = sum(dd)
    return None if total == 0 else [x / total for x in dd]


def rasterize_reference(clip_pos: torch.Tensor, tris, resolution):
    """-> tri_id (B, H, W) int64 (-1 background), bary (B, H, W, 3), depth (B, H, W) (1 on background);
    bary and depth differentiable w.r.t. clip_pos."""
    H, W = (resolution, resolution) if isinstance(resolution, int) else resolution
    cp = clip_pos if clip_pos.ndim == 3 else clip_pos[None]
    B = cp.shape[0]
    tl = [list(map(int, t)) for t in torch.as_tensor(tris).tolist()]
    vals = cp.detach().to(torch.float64).tolist()
    tri_id = torch.full((B, H, W), -1, dtype=torch.int64)
    bary = [[[None] * W for _ in range(H)] for _ in range(B)]
    depth = [[[None] * W for _ in range(H)] for _ in range(B)]
    for b in range(B):
        for r in range(H):
            for c in range(W):
                best = None
                for ti, t in enumerate(tl):
                    inside, dep = _covers([vals[b][k] for k in t], float(c), float(r), H, W)
                    if inside and (best is None or dep < best[0]):  # ties: lower id wins (strict <)
                        best = (dep, ti)
                if best is None:
                    continue
                ti = best[1]
                tri_id[b, r, c] = ti
                bary[b][r][c], depth[b][r][c] = _diff_bary(cp[b], tl[ti], c, r, H, W)
    zero3 = torch.zeros(3, dtype=cp.dtype)
    one = torch.ones((), dtype=cp.dtype)
    bary_t = torch.stack([torch.stack([torch.stack([x if x is not None else zero3 for x in row]) for row in img])
                          for img in bary])
    depth_t = torch.stack([torch.stack([torch.stack([x if x is not None else one for x in row]) for row in img])
                           for img in depth])
    return tri_id, bary_t, depth_t


def _diff_bary(cp, t, c, r, H, W):
    v = [cp[k] for k in t]
    if all(float(vk[2].detach() + vk[3].detach()) > 0 for vk in v):
        sx = [(vk[0] / vk[3] + 1.0) * 0.5 * W - 0.5 for vk in v]
        sy = [(1.0 - vk[1] / vk[3]) * 0.5 * H - 0.5 for vk in v]
        area = (sx[1] - sx[0]) * (sy[2] - sy[0]) - (sx[2] - sx[0]) * (sy[1] - sy[0])
        lam = [((sx[j] - c) * (sy[m] - r) - (sx[m] - c) * (sy[j] - r)) / area for j, m in ((1, 2), (2, 0), (0, 1))]
        pw = [lk / vk[3] for lk, vk in zip(lam, v)]  # perspective correction
        s = pw[0] + pw[1] + pw[2]
        b = torch.stack([p / s for p in pw])
        depth = lam[0] * v[0][2] / v[0][3] + lam[1] * v[1][2] / v[1][3] + lam[2] * v[2][2] / v[2][3]
        return b, depth
    ndx, ndy = 2.0 * (c + 0.5) / W - 1.0, 1.0 - 2.0 * (r + 0.5) / H
    b = torch.stack(_homogeneous_bary(v, ndx, ndy))
    z = sum(bk * vk[2] for bk, vk in zip(b, v))
    w = sum(bk * vk[3] for bk, vk in zip(b, v))
    return b, z / w


def interpolate_reference(attr: torch.Tensor, tri_id: torch.Tensor, bary: torch.Tensor, tris) -> torch.Tensor:
    """attr (V, C) or (B, V, C) -> (B, H, W, C), 0 on background."""
    B, H, W = tri_id.shape
    tl = torch.as_tensor(tris).tolist()
    out = []
    for b in range(B):
        a = attr if attr.ndim == 2 else attr[b]
        rows = []
        for r in range(H):
            px = []
            for c in range(W):
                t = int(tri_id[b, r, c])
                if t < 0:
                    px.append(torch.zeros(a.shape[1], dtype=a.dtype))
                else:
                    px.append(sum(bary[b, r, c, k] * a[tl[t][k]] for k in range(3)))
            rows.append(torch.stack(px))
        out.append(torch.stack(rows))
    return torch.stack(out)


def texture_reference(tex: torch.Tensor, uv: torch.Tensor) -> torch.Tensor:
    """Bilinear lookup, tex (Ht, Wt, C) or (B, Ht, Wt, C), uv (B, H, W, 2) -> (B, H, W, C); clamp at borders."""
    B, H, W, _ = uv.shape
    out = []
    for b in range(B):
        t = tex if tex.ndim == 3 else tex[b]
        th, tw = t.shape[:2]
        rows = []
        for r in range(H):
            px = []
            for c in range(W):
                x = uv[b, r, c, 0] * tw - 0.5  # texel centres at (i + 0.5) / tw
                y = (1.0 - uv[b, r, c, 1]) * th - 0.5  # v = 1 is row 0
                i, j = math.floor(float(x.detach())), math.floor(float(y.detach()))
                fx, fy = x - i, y - j

                def at(jj, ii):
                    return t[min(max(jj, 0), th - 1), min(max(ii, 0), tw - 1)]

                px.append((1 - fy) * ((1 - fx) * at(j, i) + fx * at(j, i + 1))
                          + fy * ((1 - fx) * at(j + 1, i) + fx * at(j + 1, i + 1)))
            rows.append(torch.stack(px))
        out.append(torch.stack(rows))
    return torch.stack(out)


def _orientation(cp_b, t, H, W):
    d = [float(cp_b[k][2].detach() + cp_b[k][3].detach()) for k in t]
    if min(d) <= 0:
        return 0.0
    s = [_screen([float(x) for x in cp_b[k].detach()], H, W) for k in t]
    area = (s[1][0] - s[0][0]) * (s[2][1] - s[0][1]) - (s[2][0] - s[0][0]) * (s[1][1] - s[0][1])
    return float(math.copysign(1.0, area)) if area != 0 else 0.0


def _is_silhouette(cp_b, tl, ti, a, b, H, W):
    """Edge (a, b) of triangle ti: a boundary or non-manifold edge, or one whose two triangles face
    opposite ways on screen.  Edges of triangles crossing the near plane are never silhouettes."""
    owners = [k for k, t in enumerate(tl) if a in t and b in t]
    own = _orientation(cp_b, tl[ti], H, W)
    if own == 0:
        return False
    if len(owners) != 2:
        return True
    other = owners[0] if owners[1] == ti else owners[1]
    o = _orientation(cp_b, tl[other], H, W)
    return o != 0 and o != own


def antialias_reference(color: torch.Tensor, tri_id: torch.Tensor, clip_pos: torch.Tensor, tris) -> torch.Tensor:
    """Same blending rule as `antialias`, pair by pair."""
    B, H, W, C = color.shape
    tl = [list(map(int, t)) for t in torch.as_tensor(tris).tolist()]
    out = color.clone()
    deltas = []
    for b in range(B):
        cp_b = clip_pos[b]
        for r in range(H):
            for c in range(W):
                for r2, c2 in ((r, c + 1), (r + 1, c)):
                    if r2 >= H or c2 >= W or tri_id[b, r, c] == tri_id[b, r2, c2]:
                        continue
                    hit = None
                    for (pi, pj), (qi, qj) in (((r, c), (r2, c2)), ((r2, c2), (r, c))):
                        t = int(tri_id[b, pi, pj])
                        if t < 0 or hit is not None:
                            continue
                        for j, m in ((1, 2), (2, 0), (0, 1)):
                            va, vb = tl[t][j], tl[t][m]
                            if not _is_silhouette(cp_b, tl, t, va, vb, H, W):
                                continue
                            sign = _orientation(cp_b, tl[t], H, W)
                            xa, ya, _ = _screen([float(x) for x in cp_b[va].detach()], H, W)
                            xb, yb, _ = _screen([float(x) for x in cp_b[vb].detach()], H, W)

                            def e(x, y):
                                return sign * ((ya - yb) * x + (xb - xa) * y + (xa * yb - xb * ya))

                            if e(pj, pi) >= 0 and e(qj, qi) < 0:
                                hit = ((pi, pj), (qi, qj), va, vb)
                                break
                    if hit is None:
                        continue
                    (pi, pj), (qi, qj), va, vb = hit
                    A = (cp_b[va][0] / cp_b[va][3] + 1.0) * 0.5 * W - 0.5, (1.0 - cp_b[va][1] / cp_b[va][3]) * 0.5 * H - 0.5
                    Bv = (cp_b[vb][0] / cp_b[vb][3] + 1.0) * 0.5 * W - 0.5, (1.0 - cp_b[vb][1] / cp_b[vb][3]) * 0.5 * H - 0.5

                    def e_diff(x, y):
                        return (A[1] - Bv[1]) * x + (Bv[0] - A[0]) * y + (A[0] * Bv[1] - Bv[0] * A[1])

                    ein, eout = e_diff(pj, pi), e_diff(qj, qi)
                    frac = torch.clamp(ein / (ein - eout), 0.0, 1.0)
                    cin, cout = color[b, pi, pj], color[b, qi, qj]
                    if float(frac.detach()) > 0.5:
                        deltas.append(((b, qi, qj), (frac - 0.5) * (cin - cout)))
                    else:
                        deltas.append(((b, pi, pj), (0.5 - frac) * (cout - cin)))
    for (b, i, j), d in deltas:
        out[b, i, j] = out[b, i, j] + d
    return out
