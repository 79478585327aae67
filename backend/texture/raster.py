"""Rasterise per-vertex attributes of a UV mesh into an image (numpy, run once per atlas size).

Used to bake geometry (3D position, region weights) into texture space, so that the albedo can be
written as per-texel functions of the head's surface: 3D-position noise is seamless across UV seams.
"""
from __future__ import annotations

import numpy as np

CHUNK = 8192  # triangles per vectorised batch (bounds memory)


def rasterize(tri_xy: np.ndarray, attrs: np.ndarray, h: int, w: int, with_ids: bool = False):
    """Triangles in pixel coordinates (T, 3, 2) (x right, y down; texel centres at i + 0.5) with
    per-corner attributes (T, 3, K) -> (h, w, K) float32 values, (h, w) bool coverage (and with_ids: the
    (h, w) int64 triangle of each covered texel, -1 elsewhere).
    Barycentric interpolation; where triangles overlap, the later one wins."""
    tri_xy = np.asarray(tri_xy, np.float64)
    attrs = np.asarray(attrs, np.float32)
    if tri_xy.ndim != 3 or tri_xy.shape[1:] != (3, 2) or attrs.shape[:2] != tri_xy.shape[:2]:
        raise ValueError(f"expected (T,3,2) triangles and (T,3,K) attributes, got {tri_xy.shape}, {attrs.shape}")
    K = attrs.shape[2]
    out = np.zeros((h * w, K), np.float32)
    covered = np.zeros(h * w, bool)
    ids = np.full(h * w, -1, np.int64)
    for start in range(0, len(tri_xy), CHUNK):
        _raster_chunk(tri_xy[start:start + CHUNK], attrs[start:start + CHUNK], h, w, out, covered, ids, start)
    if with_ids:
        return out.reshape(h, w, K), covered.reshape(h, w), ids.reshape(h, w)
    return out.reshape(h, w, K), covered.reshape(h, w)


def _barycentric(t: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Barycentric coordinates (b0, b1, b2) of points (x, y) in triangles t (N, 3, 2), and which are not
    degenerate."""
    p0, p1, p2 = t[:, 0], t[:, 1], t[:, 2]
    area = (p1[:, 0] - p0[:, 0]) * (p2[:, 1] - p0[:, 1]) - (p1[:, 1] - p0[:, 1]) * (p2[:, 0] - p0[:, 0])
    ok = np.abs(area) > 1e-12
    safe = np.where(ok, area, 1.0)
    b1 = ((x - p0[:, 0]) * (p2[:, 1] - p0[:, 1]) - (y - p0[:, 1]) * (p2[:, 0] - p0[:, 0])) / safe
    b2 = ((p1[:, 0] - p0[:, 0]) * (y - p0[:, 1]) - (p1[:, 1] - p0[:, 1]) * (x - p0[:, 0])) / safe
    return 1.0 - b1 - b2, b1, b2, ok


def _raster_chunk(t: np.ndarray, a: np.ndarray, h: int, w: int, out: np.ndarray, covered: np.ndarray,
                  ids: np.ndarray, first: int) -> None:
    lo = np.ceil(t.min(1) - 0.5).astype(np.int64)
    hi = np.floor(t.max(1) - 0.5).astype(np.int64)
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, [w - 1, h - 1])
    nx = np.maximum(hi[:, 0] - lo[:, 0] + 1, 0)
    ny = np.maximum(hi[:, 1] - lo[:, 1] + 1, 0)
    n = nx * ny
    if n.sum() == 0:
        return
    tri = np.repeat(np.arange(len(t)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    px = lo[tri, 0] + offs % nx[tri]
    py = lo[tri, 1] + offs // nx[tri]
    x, y = px + 0.5, py + 0.5
    b0, b1, b2, ok = _barycentric(t[tri], x, y)
    eps = -1e-6
    inside = ok & (b0 >= eps) & (b1 >= eps) & (b2 >= eps)
    tri, b0, b1, b2 = tri[inside], b0[inside], b1[inside], b2[inside]
    idx = py[inside] * w + px[inside]
    val = (b0[:, None] * a[tri, 0] + b1[:, None] * a[tri, 1] + b2[:, None] * a[tri, 2]).astype(np.float32)
    out[idx] = val
    covered[idx] = True
    ids[idx] = tri + first


def fill_uncovered(values: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Give uncovered texels the value of the nearest covered texel (so mipmaps and bilinear lookups
    near island borders see plausible colours, not black)."""
    from scipy.ndimage import distance_transform_edt

    if covered.all():
        return values
    if not covered.any():
        raise ValueError("nothing was rasterised")
    _, (iy, ix) = distance_transform_edt(~covered, return_indices=True)
    return values[iy, ix]


BORDER_RING = 2.0  # texels: uncovered texels this close to an island extend its triangles (bilinear reach)
BORDER_REACH = 1.0  # extend a triangle at most this many of its own sizes past its edge (slivers: copy instead)


def extend_borders(filled: np.ndarray, covered: np.ndarray, ids: np.ndarray, tri_xy: np.ndarray,
                   attrs: np.ndarray) -> np.ndarray:
    """Uncovered texels within BORDER_RING of an island take the values its nearest texel's triangle would
    have there (its barycentric interpolation, extended past the edge) instead of that texel's own copy
    (`fill_uncovered`).  A bilinear lookup at a point on an island's border reads these texels: with copies
    it reads the surface up to a texel away from the point (on a coarse tile 0.3 cm: a hairline's whole
    width), with the extension the surface at the point itself, as the tile across the seam does."""
    from scipy.ndimage import distance_transform_edt

    if covered.all() or not covered.any():
        return filled
    dist, (iy, ix) = distance_transform_edt(~covered, return_indices=True)
    ys, xs = np.nonzero(~covered & (dist <= BORDER_RING))
    t = ids[iy[ys, xs], ix[ys, xs]]
    tri = np.asarray(tri_xy, np.float64)[t]
    b0, b1, b2, ok = _barycentric(tri, xs + 0.5, ys + 0.5)
    ok &= np.minimum(np.minimum(b0, b1), b2) >= -BORDER_REACH
    a = np.asarray(attrs, np.float32)[t[ok]]
    out = filled.copy()
    out[ys[ok], xs[ok]] = (b0[ok, None] * a[:, 0] + b1[ok, None] * a[:, 1] + b2[ok, None] * a[:, 2]).astype(np.float32)
    return out
