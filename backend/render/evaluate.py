"""`python -m backend eval render`: correctness of the rasterizer on the real ICT head.

The unit tests compare the fast ops with the slow reference on small meshes; this looks at the
full head (all regions, 52,220 triangles) in the standard views, where the reference is too slow,
with exact float64 tests from the same clip positions:
- every covered pixel's triangle contains the pixel centre (float64 barycentrics >= -1e-4);
- no hole: a background pixel whose four neighbours are covered is not inside any front-facing
  triangle among those neighbours' triangles and the triangles across their edges;
- gradients: the derivative of an image loss along random vertex displacements, from autograd,
  matches central finite differences.  The loss is piecewise smooth (which triangle a pixel shows,
  and which pixel pairs antialias blends, change in jumps), so the step is tiny (1e-6 cm over the
  whole mesh: at 1e-5 a depth tie between coincident layers of the neutral head already flips
  one pixel) and the median over the directions is judged: a jump caught by one step shows as a
  relative difference near 1 in that direction alone.
Exit status 1 when a check fails.
"""
from __future__ import annotations

import argparse

from .. import checks

INSIDE_TOL = 1e-4  # barycentric slack for "contains the centre" (float32 screen positions)


def build_parser() -> argparse.ArgumentParser:
    p = checks.OptionParser(prog="python -m backend eval render", description=__doc__.split("\n\n")[0])
    p.add_argument("--resolutions", type=checks.int_list_in(8, 4096), default=[256, 512, 1024],
                   help="comma-separated square resolutions, each in 8..4096 (default 256,512,1024)")
    p.add_argument("--grad-resolution", type=checks.int_in(8, 1024), default=128,
                   help="resolution of the gradient check, 8..1024 (default 128)")
    p.add_argument("--directions", type=checks.int_in(1, 1000), default=4,
                   help="random directions for the gradient check, 1..1000 (default 4)")
    p.add_argument("--json", dest="json_out", default=None, help="also write the figures to this JSON file")
    return p


def _homogeneous_bary(clip, tris, pixels, res: int):
    """float64 barycentrics (K, 3) of pixel centres w.r.t. triangles (K,) from clip positions (V, 4)."""
    import torch

    row, col = (pixels // res).double(), (pixels % res).double()
    px, py = (2 * col + 1) / res - 1, 1 - (2 * row + 1) / res
    P = clip[tris]  # (K, 3, 4)
    u, t = P[..., 0] - px[:, None] * P[..., 3], P[..., 1] - py[:, None] * P[..., 3]
    d = torch.stack([u[:, 1] * t[:, 2] - u[:, 2] * t[:, 1], u[:, 2] * t[:, 0] - u[:, 0] * t[:, 2],
                     u[:, 0] * t[:, 1] - u[:, 1] * t[:, 0]], 1)
    return d / d.sum(1, keepdim=True)


def coverage_errors(clip, topo, res: int) -> tuple[int, int, int]:
    """(covered pixels, winners not containing their centre, missed centres) for one view."""
    import torch

    from .rasterize import rasterize

    tris = topo.triangles
    r = rasterize(clip[None].float(), topo, res)
    outside = int((_homogeneous_bary(clip, tris[r.triangles], r.pixels, res).min(1).values < -INSIDE_TOL).sum())
    tid = r.tri_id[0]
    pad = torch.full((res + 2, res + 2), -1, dtype=torch.int64)
    pad[1:-1, 1:-1] = tid
    neigh = torch.stack([pad[:-2, 1:-1], pad[2:, 1:-1], pad[1:-1, :-2], pad[1:-1, 2:]])  # (4, H, W)
    holes = ((tid < 0) & (neigh >= 0).all(0)).nonzero()
    missed = 0
    if len(holes):
        dt = topo.on("cpu")
        cand = neigh[:, holes[:, 0], holes[:, 1]]  # (4, K)
        cand = torch.cat([cand] + [a.index_select(0, cand.reshape(-1)).view(4, -1) for a in dt.across_cols])  # (16, K)
        pix = (holes[:, 0] * res + holes[:, 1]).repeat(cand.shape[0])
        flat = cand.reshape(-1)
        b = _homogeneous_bary(clip, tris[flat], pix, res)
        X = clip[tris[flat]]
        sx, sy = X[..., 0] / X[..., 3], X[..., 1] / X[..., 3]
        area = (sx[:, 1] - sx[:, 0]) * (sy[:, 2] - sy[:, 0]) - (sx[:, 2] - sx[:, 0]) * (sy[:, 1] - sy[:, 0])
        front = (area > 0) & (X[..., 3] > 0).all(1)  # counter-clockwise in NDC (y up): facing the camera
        inside = (b.min(1).values > INSIDE_TOL) & front
        missed = int(inside.view(cand.shape[0], -1).any(0).sum())
    return int(r.pixels.numel()), outside, missed


def gradient_check(model, res: int, directions: int, seed: int = 0) -> list[float]:
    """Relative differences between autograd and central finite differences of an image loss along
    random vertex directions (float64 throughout)."""
    import torch

    from .camera import views
    from .preview import atlas_uvs
    from .renderer import Renderer, RenderSettings

    g = torch.Generator().manual_seed(seed)
    r = Renderer(RenderSettings(resolution=res, antialias=True))
    v0 = torch.tensor(model.neutral, dtype=torch.float64)
    uv = torch.tensor(atlas_uvs(model.uvs), dtype=torch.float64)
    tex = torch.rand(64, 64, 3, generator=g, dtype=torch.float64)
    cams = views(("three_quarter",))
    target = torch.rand(1, res, res, 3, generator=g, dtype=torch.float64)

    def loss(v):
        return ((r.render(v, model.triangles, uv, model.triangle_uvs, tex, cams) - target) ** 2).sum()

    v = v0.clone().requires_grad_(True)
    grad = torch.autograd.grad(loss(v), v)[0]
    out = []
    for _ in range(directions):
        d = torch.randn(v0.shape, generator=g, dtype=torch.float64)
        d = d / d.norm() * 1e-6  # cm, the whole mesh: inside one smooth piece, almost always
        with torch.no_grad():
            fd = (loss(v0 + d) - loss(v0 - d)) / 2
        ad = float((grad * d).sum())
        out.append(abs(ad - float(fd)) / max(abs(ad), abs(float(fd)), 1e-12))
    return out


def main(argv=None) -> int:
    import numpy as np
    import torch

    from ..face_model import load_face_model
    from .camera import views
    from .renderer import _to_clip
    from .topology import Topology

    args = build_parser().parse_args(argv)
    json_out = checks.json_out_path(args.json_out)  # before the run: its figures must not be lost at the end
    model = load_face_model()
    topo = Topology(model.triangles, model.neutral.shape[0])
    v = torch.tensor(model.neutral, dtype=torch.float64)
    report, ok = {"coverage": {}}, {}
    print(f"ICT head, {topo.n_triangles} triangles; views front, three_quarter, profile")
    bad = 0
    for res in args.resolutions:
        tot = [0, 0, 0]
        for cam in views(("front", "three_quarter", "profile")):
            clip = _to_clip(v[None], cam.matrix(1.0)[None].double())[0]
            for i, x in enumerate(coverage_errors(clip, topo, res)):
                tot[i] += x
        report["coverage"][res] = {"covered": tot[0], "winner_outside": tot[1], "missed_centres": tot[2]}
        print(f"  {res}^2: {tot[0]} covered pixels; winners not containing their centre: {tot[1]}; "
              f"missed centres (holes): {tot[2]}")
        bad += tot[1] + tot[2]
    ok["every covered centre inside its triangle, no holes"] = bad == 0
    rel = gradient_check(model, args.grad_resolution, args.directions)
    report["gradient_relative_difference"] = rel
    print(f"  gradients at {args.grad_resolution}^2 along {len(rel)} random directions: relative difference "
          f"autograd vs finite differences " + ", ".join(f"{x:.2e}" for x in rel))
    ok["gradients match finite differences (median < 1e-3)"] = float(np.median(rel)) < 1e-3
    return checks.finish(ok, report, json_out)
