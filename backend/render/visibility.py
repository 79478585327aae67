"""The discrete half of `rasterize`: which triangle is visible at each covered pixel centre.

Per triangle and covered row, the span of covered columns comes from the edge equations (no
bounding-box inside tests), so only covered pixels are ever enumerated; the depth test packs
(depth, triangle id) into one int64 and keeps the minimum per pixel with `scatter_reduce(amin)`.
Memory grows with the number of covered fragments, never with pixels x triangles.

Written for the CPU's cost model as much as the GPU's: contiguous (k, R) structure-of-arrays rows,
no `where` / `repeat_interleave` / transposes in the hot path (each costs several times an
arithmetic op there), one gather per expansion step (triangles -> rows -> fragments).
"""
from __future__ import annotations

import sys

import torch

from .soa import gather_rows
from .topology import Topology

EMPTY = torch.iinfo(torch.int64).max
# the smallest key of a depth beyond the far plane (the depth word of the float after 1.0, id 0):
# positive depths order by their bits, and every depth <= 1 keys below this
_BEYOND_FAR = (0x3F800000 + 1) << 32
LOW32 = 0xFFFFFFFF
_HIGH_WORD = 1 if sys.byteorder == "little" else 0  # of an int64 seen as two int32
_BIG = 1e30  # bias of an edge's span end on the side it does not bound (finite in float32)


def screen_vertices(c: torch.Tensor, H: int, W: int) -> torch.Tensor:
    """(B, V, 4) clip positions -> (4, B*V) float32 rows: screen x, y (pixel centres at integers,
    row 0 on top), NDC depth z/w, and the near-plane distance z + w (> 0 in front)."""
    x, y, z, w = c.reshape(-1, 4).float().T.unbind(0)
    sv = x.new_empty(4, x.shape[0])  # written row by row in place (no temporaries, no stacking copy)
    sx, sy, sz, sd = sv.unbind(0)
    torch.div(x, w, out=sx).add_(1.0).mul_(0.5 * W).sub_(0.5)
    torch.div(y, w, out=sy).neg_().add_(1.0).mul_(0.5 * H).sub_(0.5)  # (-a + 1 rounds as 1 - a)
    torch.div(z, w, out=sz)
    torch.add(z, w, out=sd)
    return sv


def _expand(counts: torch.Tensor, total: int) -> tuple[torch.Tensor, torch.Tensor]:
    """repeat_interleave(arange(len(counts)), counts) (int64), and the start of each count's run
    (int32 when the total fits: int64 arithmetic costs 2-4x as much on CPU).  The runs' starts
    are counted per position (`bincount`) and summed up: several times faster on CPU than
    repeat_interleave, and 20-30% faster than marking them with an int32 index_add_ of ones, an
    int32 scan and a conversion to int64 (see the render README)."""
    dt = torch.int32 if total < 2 ** 31 - 1 else torch.int64
    c = counts.to(dt)
    start = torch.cumsum(c, 0, dtype=dt) - c
    marks = torch.bincount(start, minlength=total + 1)[:total]  # int64
    return torch.cumsum(marks, 0).sub_(1), start


def ordered_key(depth: torch.Tensor, tid: torch.Tensor) -> torch.Tensor:
    """(depth float32, id < 2^32) -> int64 whose order is depth's, then id's."""
    i = depth.to(torch.float32).view(torch.int32)
    i = i ^ ((i >> 31) & 0x7FFFFFFF)  # negative floats: flip the magnitude bits
    return (i.to(torch.int64) << 32) | tid


def visible(c: torch.Tensor, topo: Topology, H: int, W: int, cull: bool,
            screen: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """(flat pixel index b*H*W + row*W + col, triangle id) of every covered pixel, sorted by pixel.
    Fills `screen` with the per-vertex screen rows `sv` (4, B*V) and the per-triangle orientation
    `sign` (B, T) (0 for triangles crossing the near plane), which `antialias` reuses."""
    B, V = c.shape[:2]
    dt = topo.on(c.device)
    T = dt.triangles.shape[0]
    sv = screen_vertices(c, H, W)
    screen["sv"] = sv
    # the per-triangle table of `_spans`, rows 0..9 filled here: one gather of (3 quantities x, y,
    # z) x (3 corners) x (B*T triangles), the columns of the x, y, z rows at the corners' vertices
    # (int32 index; the largest gather of the pass), then twice the signed area
    table = sv.new_empty(_TRI_ROWS, B * T)
    torch.index_select(sv[:3], 1, dt.screen_columns32(B, V), out=table[:9].view(3, -1))
    tr = table.unbind(0)
    X, Y = tr[0:3], tr[3:6]
    area = torch.mul(X[1] - X[0], Y[2] - Y[0], out=tr[9]).sub_((X[2] - X[0]) * (Y[1] - Y[0]))
    sign = torch.sign(area)
    flat_id = None
    whole = None
    if bool((sv[3] <= 0).any()):  # some vertex behind the near plane: clip the triangles crossing it
        D = sv[3].index_select(0, dt.screen_columns32(B, V)).view(3, B * T)
        n_front = (D > 0).sum(0)
        whole = n_front == 3
        sign = sign * whole
        partial = ((n_front > 0) & ~whole).nonzero().squeeze(1)
        if partial.numel():
            pb = torch.div(partial, T, rounding_mode="floor")
            cx, cy, cz, k = _clip_near(c.float(), dt.triangles, pb, partial - pb * T, H, W)
            table = torch.cat([table, table.new_empty(_TRI_ROWS, k.shape[0])], 1)
            for rows, new in zip(table[:9].view(3, 3, -1), (cx, cy, cz)):
                rows[:, B * T:] = new
            X, Y, Z = table[:9].view(3, 3, -1)
            flat_id = torch.cat([torch.arange(B * T, device=c.device), partial.index_select(0, k)])
            whole = torch.cat([whole, torch.ones(k.shape[0], dtype=torch.bool, device=c.device)])
            torch.mul(X[1] - X[0], Y[2] - Y[0], out=table[9]).sub_((X[2] - X[0]) * (Y[1] - Y[0]))
    screen["sign"] = sign[:B * T].view(B, T)
    return _spans(table, whole, flat_id, dt.occluder_rows(B), T, H, W, B, cull)


def _clip_near(c: torch.Tensor, tris: torch.Tensor, cb: torch.Tensor, ct: torch.Tensor, H: int, W: int):
    """Clip triangles that cross the near plane into 1 or 2 sub-triangles -> screen x, y, z (3, K)
    and, per sub-triangle, the position of its source in (cb, ct).

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
    src = torch.cat([torch.arange(cb.shape[0], device=c.device), two.nonzero().squeeze(1)])
    w = sub[..., 3]
    ok = (w > 0).all(1)
    sub, src, w = sub[ok], src[ok], w[ok]
    sx = (sub[..., 0] / w + 1.0) * (0.5 * W) - 0.5
    sy = (1.0 - sub[..., 1] / w) * (0.5 * H) - 0.5
    sz = sub[..., 2] / w
    return sx.T, sy.T, sz.T, src


_TRI_ROWS = 15  # the per-triangle table: X, Y, Z (3 rows each), area, row0, row1, col0, col1, zmin


def _spans(table, whole, flat_id, occluder, T: int, H: int, W: int, B: int, cull: bool):
    """Scanline spans of screen-space triangles (table (15, R): rows 0..9 filled with the corners' X,
    Y, Z (3 rows each) and twice the signed area, the rest filled here; whole: (R,) usable or None
    for all; flat_id: (R,) b*T + t of each, None for arange; occluder: (B*T,) bool or None, see
    below) -> z-buffered (flat pixel, triangle id) of the covered pixels.

    Two passes, same result as drawing everything at once (the z-test keeps the minimum key whatever
    the order, and every fragment's depth is floored at its triangle's nearest vertex in both).
    First the front faces of the occluder (the topology's largest connected part: a head's skin);
    then every other triangle, back faces included, only where it is not provably hidden behind
    those (`_unoccluded`).  On a head most back faces and the inner parts (teeth, tongue, eyeballs
    behind the lids) are skipped before any per-triangle set-up."""
    tr = table.unbind(0)  # (every row from this one unbind: each select would be an op call)
    X, Y, Z, area = tr[0:3], tr[3:6], tr[6:9], tr[9]
    row0, fl, col0, col1, zmin = tr[10:]
    # (min / max of 3 rows as two elementwise ops: torch's reductions over a leading dim of 3 are slow)
    lo01, hi01 = torch.minimum(Y[0], Y[1]), torch.maximum(Y[0], Y[1])
    ymin, ymax = torch.minimum(lo01, Y[2]), torch.maximum(hi01, Y[2])
    # rows: pixel centres with ymin <= y <= ymax, except the row of a horizontal bottom edge (two
    # corners at ymax, inside above it), which belongs to the triangle below (top-left rule).  Two
    # corners are at ymax iff the middle y is; ymax on a row iff floor(ymax) = ymax: both iff
    # (ymax - floor) + (ymax - middle) = 0 (both terms >= 0), one less row then: 1 - sign(sum)
    torch.ceil(ymin, out=row0).clamp_(0, H)
    torch.floor(ymax, out=fl)
    ymid = torch.maximum(lo01, torch.minimum(hi01, Y[2]))
    fl.add_((ymax - fl).add_(ymax - ymid).sign_()).sub_(1.0)
    row1 = fl.clamp_(-1, H - 1)
    torch.ceil(torch.minimum(torch.minimum(X[0], X[1]), X[2]), out=col0).clamp_(min=0.0)
    torch.floor(torch.maximum(torch.maximum(X[0], X[1]), X[2]), out=col1).clamp_(max=W - 1.0)
    torch.minimum(torch.minimum(Z[0], Z[1]), Z[2], out=zmin)
    # usable (finite, not degenerate: area 0 covers no pixel centre, and `_draw` needs a side for
    # each edge), on screen, in front of the far plane, a pixel centre in its box: only these get
    # any per-triangle set-up.  The conditions are folded into one float per triangle, >= 0 iff
    # all hold (NaN never does; minimum propagates it), and compared once: comparisons cost 3-5x
    # an arithmetic op here on CPU
    sgn = torch.sign(area)
    u = torch.minimum(torch.minimum(row1 - row0, col1 - col0), 1.0 - zmin).add_(area - area)
    u = torch.minimum(u, sgn.abs().sub_(0.5))
    if whole is not None:
        u = torch.minimum(u, whole.to(u.dtype).sub_(0.5))
    front = torch.minimum(u, sgn.neg_().sub_(0.5)) >= 0  # and facing the camera (area < 0)
    zbuf = torch.full((B * H * W,), EMPTY, dtype=torch.int64, device=table.device)
    first = front
    if occluder is not None:
        first = front & (occluder if flat_id is None else occluder.index_select(0, flat_id))
    _draw(zbuf, first.nonzero().squeeze(1), table, flat_id, T, H, W, B)
    rest = (front if cull else u >= 0) ^ first  # (first is a subset of both)
    rest = rest.nonzero().squeeze(1)
    if rest.numel():
        rest = _unoccluded(zbuf, rest, table, flat_id, T, H, W, B)
        _draw(zbuf, rest, table, flat_id, T, H, W, B)
    # fragments beyond the far plane (depth > 1) were kept in the z-buffer: they lose to every
    # fragment in front of it, and a pixel holding one only counts as empty here
    pixels = (zbuf < _BEYOND_FAR).nonzero().squeeze(1)
    return pixels, zbuf.index_select(0, pixels) & LOW32


TILE_SHIFT = 2  # the finest occlusion tiles are 4 x 4 pixels
_PYRAMIDS: dict = {}  # (B, H, W, device) -> per-level (height, width, offset) tables


def _unoccluded(zbuf, sel, table, flat_id, T: int, H: int, W: int, B: int):
    """The triangles of `sel` (of `_spans`'s table) that may still win a depth test against the
    z-buffer `zbuf` so far.

    A triangle is provably hidden when the key of its nearest vertex (depth zmin, id 0) exceeds the
    largest key (farthest depth; empty pixels count as farthest) over every pixel of its box of
    pixel centres (`_draw` keeps its spans inside that box).  The box maximum comes from a max
    pyramid of 4 x 4-pixel tiles: at the level where the box spans at most 2 x 2 tiles, 4 lookups.
    `_draw` floors fragment depths at zmin, so a hidden triangle loses every test."""
    tile = 1 << TILE_SHIFT
    # the depth half of the keys (their high int32 word): a key (zmin, id 0) loses to
    # every key iff its depth word is larger than theirs, so the pyramid needs no more
    top = torch.iinfo(torch.int32).max  # the depth word of EMPTY
    hp, wp = -(-H // tile), -(-W // tile)
    key = (B, H, W, str(zbuf.device))
    if key not in _PYRAMIDS:  # per level: height, width, offset in `flat` (float: exact, cheap arithmetic)
        shapes = [(hp, wp)]
        while shapes[-1] != (1, 1):  # (odd sizes are padded to even, then halved)
            shapes.append((-(-shapes[-1][0] // 2), -(-shapes[-1][1] // 2)))
        sizes = [B * h * w for h, w in shapes]
        _PYRAMIDS[key] = torch.tensor([[h for h, _ in shapes], [w for _, w in shapes],
                                       [sum(sizes[:i]) for i in range(len(sizes))]],
                                      dtype=torch.float32, device=zbuf.device)
    dims = _PYRAMIDS[key]
    n = sel.shape[0]
    # tile coordinates of the box (y0, y1, x0, x1), all in float32 (exact for these integers; int64
    # shifts and divisions are several times slower on CPU)
    g = gather_rows(table[10:15], sel)  # row0, row1, col0, col1, zmin
    box = g[:4].mul_(1.0 / tile).floor_()  # tile rows y0, y1 and columns x0, x1
    br = box.unbind(0)
    # level = ceil(log2(span)), span = max(tile rows, tile columns) >= 1 (an integer), from the
    # float bits: the exponent of span - 1, plus one (span 1: the bits of 0.0 give -126, clamped to 0);
    # then the scale 2^-level built as float bits.  (torch's CPU log2 + ceil cost ~4x these int32 ops)
    span1 = torch.maximum(br[3] - br[2], br[1] - br[0]).sub_(1.0).clamp_(min=0.0)
    level = (span1.view(torch.int32) >> 23).sub_(126).clamp_(0, dims.shape[1] - 1)
    box.mul_(torch.sub(127, level).bitwise_left_shift_(23).view(torch.float32)).floor_()
    # the pyramid only up to the coarsest level a box needs (a head at 256^2: 3 of its 7 levels)
    img = zbuf.view(torch.int32).view(-1, 2)[:, _HIGH_WORD].view(B, H, W)
    if hp * tile != H or wp * tile != W:  # pad with "empty" (never lets anything be culled)
        pad = img.new_full((B, hp * tile, wp * tile), top)
        pad[:, :H, :W] = img
        img = pad
    lvl = img.reshape(B * hp * tile, wp, tile).amax(2).view(B * hp, tile, wp).amax(1).view(B, hp, wp)
    levels = [lvl.view(-1)]
    for _ in range(int(level.max())):
        h, w = lvl.shape[1], lvl.shape[2]
        if h % 2 or w % 2:
            pad = lvl.new_full((B, h + h % 2, w + w % 2), top)
            pad[:, :h, :w] = lvl
            lvl = pad
        lvl = lvl.view(B, lvl.shape[1] // 2, 2, lvl.shape[2] // 2, 2).amax((2, 4))
        levels.append(lvl.view(-1))
    flat = torch.cat(levels) if len(levels) > 1 else levels[0]
    wl, base = dims[1].index_select(0, level), dims[2].index_select(0, level)  # (an int32 index)
    if B > 1:
        ft = sel if flat_id is None else flat_id.index_select(0, sel)
        base = base + torch.div(ft, T, rounding_mode="floor").to(base.dtype) * (dims[0].index_select(0, level) * wl)
    box[:2].mul_(wl).add_(base)
    # the 4 corner tiles (y0 x0, y0 x1, y1 x0, y1 x1) in one lookup, and their largest key
    # (an int32 index: a float -> int64 conversion costs several times a float -> int32 one on CPU)
    k = flat.index_select(0, (box[:2, None] + box[None, 2:4]).view(-1).to(torch.int32)).view(4, n)
    far = torch.maximum(torch.maximum(k[0], k[1]), torch.maximum(k[2], k[3]))
    near = g[4].view(torch.int32)
    near = near ^ ((near >> 31) & 0x7FFFFFFF)  # the depth word of `ordered_key`
    return sel[near <= far]


def _draw(zbuf, sel, tri, flat_id, T: int, H: int, W: int, B: int):
    """Rasterize the triangles `sel` of the table `tri` (15, R) (X, Y, Z (3 rows each), area, row0,
    row1, col0, col1, zmin) into `zbuf` (keys of depth and id, kept by minimum).  Fragment depths
    are floored at zmin (rounding never takes one below its triangle's nearest vertex:
    `_unoccluded` relies on it)."""
    if sel.numel() == 0:
        return
    device = zbuf.device
    g = gather_rows(tri, sel)
    gr_sel = g.unbind(0)  # (rows picked from this one unbind: every slice or select is an op call)
    Xr, Yr, Z0, Z1, Z2 = gr_sel[0:3], gr_sel[3:6], gr_sel[6], gr_sel[7], gr_sel[8]
    area, row0, row1 = gr_sel[9], gr_sel[10], gr_sel[11]
    R = sel.shape[0]
    s = torch.sign(area)
    # edge k (opposite corner k) from corner j = k+1 to m = k+2: E = a x + b y + c, positive inside,
    # with a = s (yj - ym), b = s (xm - xj), c = s (xj ym - xm yj).  On row y a left edge (a > 0)
    # covers x >= xs, a right edge (a < 0) x <= xs, with xs on the line through the two corners:
    # xs = xa + (y - ya) slope, slope = (xj - xm) / (yj - ym), (xa, ya) = (xj + xm, yj + ym) / 2.
    # Both the slope and that mid-point are the same bit for bit in the two triangles of a shared
    # edge (its ends swapped), so their span ends agree and the tie rule below decides.  (Not
    # slope y + intercept: the intercept's products cancel, and on a short edge its rounding moved
    # span ends by a few hundredths of a pixel, dropping or adding covered pixel centres.)
    # Every edge gives both a left and a right end per row, biased by -/+ BIG when it is not on that
    # side (or horizontal), so that the span is max(left ends) .. min(right ends) with no per-
    # triangle choice of edges.  Row by row: one op on a (3, R) block (or a cyclic copy of the rows)
    # costs more than three on cache-sized rows, and above torch's grain it pays a parallel region.
    dydx = g.new_empty(6, R)
    dy, dx = dydx[:3], dydx[3:]
    dd = dydx.unbind(0)
    dyr, dxr = dd[:3], dd[3:]
    table = g.new_empty(19, R)  # structure of arrays, one row per quantity (written in place):
    # slope x 3, ya x 3, left end x 3, right end x 3, row offset, col1 + 1, col0, zy, zc, zx, zmin
    # (zc, zx, zmin last: zc becomes the row's first depth, and the three are the fragments' depth
    # table as they are, followed in the row table by its integer rows)
    t_rows = table.unbind(0)
    xa = table[6:9]
    for k, (j, m) in enumerate(((1, 2), (2, 0), (0, 1))):
        torch.sub(Yr[j], Yr[m], out=dyr[k])
        torch.sub(Xr[j], Xr[m], out=dxr[k])
        torch.add(Xr[j], Xr[m], out=t_rows[6 + k])
        torch.add(Yr[j], Yr[m], out=t_rows[3 + k])
    table[3:9].mul_(0.5)
    # (a horizontal edge, 0 / 0 or x / 0, gets slope 0: it is biased away on both sides)
    torch.div(dx, dy, out=table[0:3]).nan_to_num_(0.0, 0.0, 0.0)
    # the biases from the edge's side in arithmetic on its sign (-1, 0, 1): (sa >= 0) is
    # min(sign + 1, 1) and (sa <= 0) min(1 - sign, 1) (comparisons and bool -> float conversions
    # cost 3-5x an arithmetic op here on CPU)
    side = torch.sign(s * dy)
    torch.add(xa, (side + 1.0).clamp_(max=1.0), alpha=_BIG, out=table[9:12])
    xa.sub_(side.neg_().add_(1.0).clamp_(max=1.0), alpha=_BIG)
    nrows = (row1 - row0 + 1.0).to(torch.int32)  # (int32: conversions and sums cheaper than int64's)
    P = int(nrows.sum())
    rep, start = _expand(nrows, P)
    # depth plane z = zc + zx x + zy y
    # (from the edge rows: x2 - x0 = dx[1], x0 - x1 = dx[2]; exact negations, so bit for bit the
    # same as the corner differences)
    z10, z20 = Z1 - Z0, Z2 - Z0
    zx = torch.div((z10 * dyr[1]).add_(z20 * dyr[2]), area, out=t_rows[17])
    zy = torch.div((z20 * dxr[2]).add_(z10 * dxr[1]).neg_(), area, out=t_rows[15])
    torch.sub(Z0 - zx * Xr[0], zy * Yr[0], out=t_rows[16])  # zc
    t_rows[18].copy_(gr_sel[14])  # zmin
    exact = P < (1 << 24)  # row numbers carried as float32 offsets stay exact
    if exact:
        torch.sub(row0, start.to(row0.dtype), out=t_rows[12])
    else:
        t_rows[12].zero_()
    torch.add(gr_sel[13], 1.0, out=t_rows[13])  # col1 + 1
    t_rows[14].copy_(gr_sel[12])
    # the row table: the 19 rows gathered, then 3 rows for the integer table below (seen as int32)
    g = table.new_empty(22, P)
    torch.gather(table, 1, rep.expand(19, P), out=g[:19])
    gr = g.unbind(0)
    ar = torch.arange(P, device=device)
    if exact:
        yr = ar.to(g.dtype) + gr[12]
    else:
        yr = (row0.to(torch.int64).index_select(0, rep) + ar - start.index_select(0, rep)).to(g.dtype)
    d = [(yr - gr[3 + k]).mul_(gr[k]) for k in range(3)]
    # spans kept inside the box of pixel centres (rounding in the edge lines can reach one column
    # past it; that centre is outside the triangle), which `_unoccluded` relies on
    lo = torch.maximum(torch.maximum(d[0] + gr[6], d[1] + gr[7]), d[2] + gr[8])
    lo = torch.maximum(lo.ceil_(), gr[14])
    hi = torch.minimum(torch.minimum(d[0].add_(gr[9]), d[1].add_(gr[10])), d[2].add_(gr[11]))
    hi = torch.minimum(hi.ceil_(), gr[13])
    count = (hi - lo).clamp_(min=0.0).to(torch.int32)
    F = int(count.sum())
    if F == 0:
        return
    # per row: depth at the first covered column, its slope, the triangle's nearest depth (rows
    # 16..18 of the row table, zc turned into that first depth), and flat pixel of that column,
    # triangle id, first fragment (an integer table); the integers in int32 where they fit (int64
    # arithmetic costs 2-5x as much on CPU), then as the row table's last 3 rows (int32 seen as
    # float32 bits, which a gather copies unchanged): one 6-row gather to the fragments instead of
    # two of 3 rows (one call, and 3 rows split 2:1 over two threads)
    small = exact and H * W < (1 << 24) and B * max(H * W, T) + F < 2 ** 31
    idt = torch.int32 if small else torch.int64
    it = g[19:].view(torch.int32) if small else rep.new_empty(3, P, dtype=idt)
    p0, tid, fs = it.unbind(0)
    ids = sel if flat_id is None else flat_id.index_select(0, sel)  # b*T + t
    if B > 1:
        ft = ids.index_select(0, rep)
        b = torch.div(ft, T, rounding_mode="floor")
        tid.copy_(ft - b * T)
        base = (b * (H * W)).to(idt)
    else:
        torch.index_select(ids.to(idt), 0, rep, out=tid)
    frep, fstart = _expand(count, F)
    fs.copy_(fstart)
    gr[16].add_(gr[15] * yr).add_(gr[17] * lo)  # z0 = zc + zy y + zx lo
    if small:  # the pixel index of the first column is exact in float32
        torch.sub((yr * W + lo).to(idt), fstart, out=p0)
    else:
        torch.sub(yr.to(torch.int64) * W + lo.to(torch.int64), fstart, out=p0)
    if B > 1:
        p0 += base
    if small:
        frag = gather_rows(g[16:], frep)
        fz, fi = frag[:3], frag[3:].view(torch.int32)
    else:
        fz, fi = gather_rows(g[16:19], frep), gather_rows(it, frep)
    far = torch.arange(F, dtype=idt, device=device)
    pix = (fi[0] + far).to(torch.int64)
    depth = fz[0] + fz[1] * (far - fi[2]).to(fz.dtype)
    depth = torch.maximum(depth, fz[2])  # (beyond the far plane: dropped when the pixels are read)
    zbuf.scatter_reduce_(0, pix, ordered_key(depth, fi[1]), "amin")
