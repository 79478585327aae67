"""Rasterizer ops: agreement with the slow reference, finite-difference gradients, z-buffer,
watertight fill rule, near-plane clipping, silhouette gradients from antialias."""
from __future__ import annotations

import math

import pytest
import torch

from backend.render import RenderError, Topology, antialias, interpolate, rasterize, texture
from backend.render.reference import (antialias_reference, interpolate_reference, rasterize_reference,
                                      texture_reference)

torch.set_default_dtype(torch.float32)


def random_scene(seed: int, n_tris: int = 8, batch: int = 2, dtype=torch.float64):
    """Random triangles in front of the camera (w in 1..3), overlapping each other."""
    g = torch.Generator().manual_seed(seed)
    V = 3 * n_tris
    xy = (torch.rand(batch, V, 2, generator=g, dtype=dtype) * 2.4 - 1.2)
    w = 1.0 + 2.0 * torch.rand(batch, V, 1, generator=g, dtype=dtype)
    z = (torch.rand(batch, V, 1, generator=g, dtype=dtype) * 1.6 - 0.8)
    clip = torch.cat([xy * w, z * w, w], -1)
    tris = torch.arange(V).view(n_tris, 3)
    return clip, tris


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rasterize_matches_reference(seed):
    clip, tris = random_scene(seed)
    res = (13, 17)
    tri_id, bary, depth = rasterize(clip, tris, res)
    ref_id, ref_bary, ref_depth = rasterize_reference(clip, tris, res)
    assert (tri_id >= 0).sum() > 20  # the scene is not empty
    assert torch.equal(tri_id, ref_id)
    torch.testing.assert_close(bary, ref_bary, atol=1e-9, rtol=1e-7)
    torch.testing.assert_close(depth, ref_depth, atol=1e-9, rtol=1e-7)


def test_float32_matches_reference():
    clip, tris = random_scene(3)
    tri_id, bary, _ = rasterize(clip.float(), tris, 16)
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, 16)
    assert torch.equal(tri_id, ref_id)
    torch.testing.assert_close(bary, ref_bary.float(), atol=2e-5, rtol=1e-4)


def test_interpolate_values_and_gradients_match_reference():
    clip, tris = random_scene(4)
    clip = clip.clone().requires_grad_(True)
    attr = torch.randn(clip.shape[1], 3, dtype=torch.float64, requires_grad=True)
    weights = torch.randn(2, 12, 12, 3, dtype=torch.float64)
    out = interpolate(attr, rasterize(clip, tris, 12), tris)
    g_clip, g_attr = torch.autograd.grad((out * weights).sum(), (clip, attr))
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, 12)
    ref = interpolate_reference(attr, ref_id, ref_bary, tris)
    r_clip, r_attr = torch.autograd.grad((ref * weights).sum(), (clip, attr))
    torch.testing.assert_close(out, ref)
    torch.testing.assert_close(g_clip, r_clip)
    torch.testing.assert_close(g_attr, r_attr)
    assert g_clip.abs().sum() > 0


def test_interpolate_gradcheck():
    clip, tris = random_scene(5, n_tris=4, batch=1)
    attr = torch.randn(1, clip.shape[1], 2, dtype=torch.float64)

    def f(c, a):
        return interpolate(a, rasterize(c, tris, 8), tris)

    assert torch.autograd.gradcheck(f, (clip.requires_grad_(True), attr.requires_grad_(True)))


def test_depth_output_is_differentiable():
    clip, tris = random_scene(6, n_tris=4, batch=1)
    clip.requires_grad_(True)
    rast = rasterize(clip, tris, 8)
    assert torch.autograd.gradcheck(lambda c: rasterize(c, tris, 8).depth, (clip,))
    assert rast.depth.requires_grad


@pytest.mark.parametrize("h,w,c", [(5, 7, 3), (4, 3, 1), (6, 2, 4), (1, 5, 2), (3, 1, 3)])
def test_texture_matches_reference_and_gradcheck(h, w, c):
    # any channel count, and textures one texel high or wide (their border is repeated)
    g = torch.Generator().manual_seed(0)
    tex = torch.rand(2, h, w, c, generator=g, dtype=torch.float64, requires_grad=True)
    uv = (torch.rand(2, 4, 6, 2, generator=g, dtype=torch.float64) * 1.3 - 0.15).requires_grad_(True)
    out = texture(tex, uv)
    ref = texture_reference(tex, uv)
    torch.testing.assert_close(out, ref)
    w = torch.randn_like(out)
    torch.testing.assert_close(torch.autograd.grad((out * w).sum(), (tex, uv)),
                               torch.autograd.grad((ref * w).sum(), (tex, uv)))
    assert torch.autograd.gradcheck(texture, (tex, uv))
    shared = tex[0].detach().clone().requires_grad_(True)  # one texture for the whole batch
    assert torch.autograd.gradcheck(texture, (shared, uv))


def test_texture_gradient_memory_is_reused_only_when_released():
    # the backward pass hands out the previous gradient's memory again once nothing holds it
    g = torch.Generator().manual_seed(0)
    tex = torch.rand(16, 16, 3, generator=g, requires_grad=True)
    uv = torch.rand(1, 5, 7, 2, generator=g)
    w = torch.rand(1, 5, 7, 3, generator=g)

    def grad():
        tex.grad = None
        (texture(tex, uv) * w).sum().backward()
        return tex.grad

    first = grad().clone()
    held = grad()
    again = grad()
    assert again.data_ptr() != held.data_ptr()  # `held` is still referenced: not overwritten
    torch.testing.assert_close(held, first, rtol=0, atol=0)
    del held
    tex.grad = None
    ptr = again.data_ptr()
    del again
    reused = grad()
    assert reused.data_ptr() == ptr
    torch.testing.assert_close(reused, first, rtol=0, atol=0)  # zeroed before the new sums
    (texture(tex, uv) * w).sum().backward()  # accumulation into an existing .grad still adds
    torch.testing.assert_close(tex.grad, 2 * first)


def test_texture_row0_is_top():
    tex = torch.zeros(2, 1, 1)
    tex[0, 0, 0] = 1.0  # top row
    uv = torch.tensor([[[[0.5, 0.75], [0.5, 0.25]]]])
    out = texture(tex, uv)
    assert out[0, 0, 0, 0] == 1.0 and out[0, 0, 1, 0] == 0.0


def test_zbuffer_keeps_nearest_whatever_the_order():
    # two full-screen quads (w = 1): the one with smaller z wins in both orders
    quad = torch.tensor([[-2, -2], [2, -2], [2, 2], [-2, 2]], dtype=torch.float64)

    def mesh(z_first, z_second):
        v = torch.cat([torch.cat([quad, torch.full((4, 1), z), torch.ones(4, 1)], 1) for z in (z_first, z_second)])
        return v[None], torch.tensor([[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7]])

    for near_first in (True, False):
        clip, tris = mesh(-0.5, 0.5) if near_first else mesh(0.5, -0.5)
        tri_id, _, depth = rasterize(clip, tris, 8)
        expected_quad = 0 if near_first else 1
        assert ((tri_id // 2) == expected_quad).all()
        torch.testing.assert_close(depth, torch.full_like(depth, -0.5))


def test_zbuffer_interpenetrating_matches_reference():
    # two triangles crossing each other in depth: the visible one changes along the image
    clip = torch.tensor([[[-1, -1, -0.9, 1], [1, -1, 0.9, 1], [0, 1, 0.0, 1],
                          [-1, 1, 0.9, 1], [1, 1, -0.9, 1], [0, -1, 0.0, 1]]], dtype=torch.float64)
    tris = torch.tensor([[0, 1, 2], [3, 4, 5]])
    tri_id, _, _ = rasterize(clip, tris, 16)
    ref_id, _, _ = rasterize_reference(clip, tris, 16)
    assert torch.equal(tri_id, ref_id)
    assert set(tri_id.unique().tolist()) == {-1, 0, 1}


def coverage_counts(clip, tris, res):
    """How many triangles cover each pixel centre, each rasterized alone."""
    counts = 0
    for t in range(tris.shape[0]):
        counts = counts + (rasterize(clip, tris[t:t + 1], res).tri_id >= 0).to(torch.int64)
    return counts


def grid_mesh(n: int, jitter: float, seed: int, perspective: bool):
    """An n x n grid of quads over NDC [-0.75, 0.75]^2, each split in two; optionally jittered
    vertices and a varying w (perspective)."""
    g = torch.Generator().manual_seed(seed)
    lin = torch.linspace(-0.75, 0.75, n + 1, dtype=torch.float64)
    yy, xx = torch.meshgrid(lin, lin, indexing="ij")
    xy = torch.stack([xx, yy], -1).reshape(-1, 2)
    inner = ((xy.abs() < 0.74).all(1))[:, None]
    xy = xy + inner * jitter * (torch.rand(xy.shape, generator=g, dtype=torch.float64) - 0.5)
    w = 1.0 + torch.rand(xy.shape[0], 1, generator=g, dtype=torch.float64) * (1.0 if perspective else 0.0)
    clip = torch.cat([xy * w, torch.zeros_like(w), w], 1)[None]
    idx = torch.arange((n + 1) ** 2).view(n + 1, n + 1)
    a, b, c, d = idx[:-1, :-1].reshape(-1), idx[:-1, 1:].reshape(-1), idx[1:, 1:].reshape(-1), idx[1:, :-1].reshape(-1)
    tris = torch.cat([torch.stack([a, b, c], 1), torch.stack([a, c, d], 1)])
    return clip, tris


@pytest.mark.parametrize("jitter,perspective", [(0.0, False), (0.11, False), (0.11, True)])
def test_shared_edges_are_watertight(jitter, perspective):
    # 16 px over [-1, 1]: grid lines at multiples of 0.1875 NDC fall on pixel centres and pixel borders
    clip, tris = grid_mesh(8, jitter, seed=1, perspective=perspective)
    res = 16
    counts = coverage_counts(clip, tris, res)
    assert counts.max() == 1  # no double coverage
    # every pixel centre strictly inside the grid's outline is covered exactly once (no gaps)
    r = torch.arange(res, dtype=torch.float64)
    centres = (2 * (r + 0.5) / res - 1)
    inside = (centres.abs() < 0.75)
    assert (counts[0][inside[:, None] & inside[None, :]] == 1).all()


def test_small_triangles_far_from_the_origin_cover_exactly_their_pixel_centres():
    # pixel-sized triangles with short edges at 1024^2, where screen x * y products reach 10^6:
    # span ends computed as slope * y + intercept lost a few hundredths of a pixel there, dropping
    # centres inside the triangle (holes) or covering ones outside it
    from backend.render.visibility import screen_vertices

    g = torch.Generator().manual_seed(3)
    res, n = 1024, 600
    centre = 1 + (res - 3) * torch.rand(n, 1, 2, generator=g, dtype=torch.float64)  # screen pixels
    corners = centre + (torch.rand(n, 3, 2, generator=g, dtype=torch.float64) - 0.5) * 3.0
    corners[::3, 1] = corners[::3, 0] + torch.tensor([1.8, 0.12], dtype=torch.float64)  # short-dy edges
    xy = corners.reshape(-1, 2)
    ndc = torch.stack([(xy[:, 0] + 0.5) / (res / 2) - 1, 1 - (xy[:, 1] + 0.5) / (res / 2)], 1)
    z = torch.linspace(-0.5, 0.5, 3 * n, dtype=torch.float64)[:, None]  # all at different depths
    clip = torch.cat([ndc, z, torch.ones(3 * n, 1, dtype=torch.float64)], 1)[None].float()
    tris = torch.arange(3 * n).view(n, 3)
    tri_id = rasterize(clip, tris, res).tri_id[0]
    # oracle in float64 from the same float32 screen positions: per triangle, the pixel centres of
    # its box strictly inside (must be covered by it or a nearer one) or strictly outside
    sx, sy = (r.double() for r in screen_vertices(clip, res, res)[:2])
    checked = 0
    for t in range(n):
        X, Y = sx[3 * t:3 * t + 3], sy[3 * t:3 * t + 3]
        area = (X[1] - X[0]) * (Y[2] - Y[0]) - (X[2] - X[0]) * (Y[1] - Y[0])
        if area.abs() < 1e-3:
            continue
        cols = torch.arange(max(0, int(X.min().ceil())), min(res - 1, int(X.max().floor())) + 1, dtype=torch.float64)
        rows = torch.arange(max(0, int(Y.min().ceil())), min(res - 1, int(Y.max().floor())) + 1, dtype=torch.float64)
        if not len(cols) or not len(rows):
            continue
        py, px = torch.meshgrid(rows, cols, indexing="ij")
        e = torch.stack([(px - X[m]) * (Y[j] - Y[m]) - (py - Y[m]) * (X[j] - X[m])
                         for j, m in ((1, 2), (2, 0), (0, 1))]) * area.sign()
        got = tri_id[py.long(), px.long()]
        inside, outside = (e > 1e-4).all(0), (e < -1e-4).any(0)
        assert (got[inside] >= 0).all(), f"triangle {t}: a centre inside it is not covered"
        assert not (got[outside] == t).any(), f"triangle {t} covers a centre outside it"
        checked += int(inside.sum())
    assert checked > 300


def test_largest_part_is_the_occluder():
    from backend.render.topology import largest_part

    one = torch.tensor([[0, 1, 2], [2, 1, 3]])
    assert largest_part(one, 4) is None  # one part: nothing to order
    parts = torch.tensor([[0, 1, 2], [2, 1, 3], [3, 4, 2], [5, 6, 7], [8, 9, 10], [9, 11, 10]])
    assert largest_part(parts, 12).tolist() == [True, True, True, False, False, False]
    assert Topology(parts, 12).on("cpu").occluder_rows(2).tolist() == [True] * 3 + [False] * 3 + [True] * 3 + [False] * 3


def test_parts_hidden_behind_the_occluder_are_skipped_with_the_same_image(monkeypatch):
    # an open sphere (the largest part) around a small inner sphere, plus a small sphere outside in
    # front of it: drawn occluder first, the inner one is culled before set-up, the outer one drawn;
    # the image matches the reference exactly
    from backend.render import visibility

    shell, shell_t = open_sphere()
    inner, inner_t = open_sphere(5, 6)
    front, front_t = open_sphere(5, 6)
    v = torch.cat([shell, inner * 0.4, front * 0.25 + torch.tensor([0.3, -0.2, 1.4], dtype=torch.float64)])
    tris = torch.cat([shell_t, inner_t + len(shell), front_t + len(shell) + len(inner)])
    eye = torch.tensor([0.013, 0.3, 3.0], dtype=torch.float64)  # from the side: the opening does not show
    clip = look_at_clip(v, eye)[None]
    drawn = []
    draw = visibility._draw
    monkeypatch.setattr(visibility, "_draw", lambda zbuf, sel, *a: drawn.append(sel.clone()) or draw(zbuf, sel, *a))
    res = (41, 39)
    fast = rasterize(clip, tris, res)
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, res)
    assert torch.equal(fast.tri_id, ref_id)
    torch.testing.assert_close(fast.bary_image, ref_bary, atol=1e-9, rtol=1e-7)
    n_shell, n_inner = len(shell_t), len(inner_t)
    first, rest = drawn
    assert (first < n_shell).all()  # the occluder's front faces first
    assert not ((rest >= n_shell) & (rest < n_shell + n_inner)).any()  # the inner part never set up
    assert (rest >= n_shell + n_inner).any()  # the part in front is drawn
    shown = fast.triangles
    assert (shown >= n_shell + n_inner).any() and not ((shown >= n_shell) & (shown < n_shell + n_inner)).any()


def test_fan_around_a_pixel_centre_covers_it_once():
    # 8 triangles meeting exactly at the centre of pixel (row 4, col 4) of an 8x8 image (w = 1)
    centre = torch.tensor([(2 * 4.5 / 8) - 1, 1 - (2 * 4.5 / 8)], dtype=torch.float64)
    ring = [centre + 0.6 * torch.tensor([math.cos(a), math.sin(a)], dtype=torch.float64)
            for a in (k * math.pi / 4 for k in range(8))]
    xy = torch.stack([centre] + ring)
    clip = torch.cat([xy, torch.zeros(9, 1, dtype=torch.float64), torch.ones(9, 1, dtype=torch.float64)], 1)[None]
    tris = torch.tensor([[0, 1 + i, 1 + (i + 1) % 8] for i in range(8)])
    counts = coverage_counts(clip, tris, 8)
    assert counts[0, 4, 4] == 1
    assert counts.max() == 1


def near_plane_scene():
    """A large quad receding from the camera: its near end lies behind the near plane (z < -w)."""
    # camera-space points -> OpenGL projection (fov 90, near 1, far 10)
    n, f = 1.0, 10.0
    proj = torch.tensor([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, (f + n) / (n - f), 2 * f * n / (n - f)], [0, 0, -1, 0]],
                        dtype=torch.float64)
    cam = torch.tensor([[-1.0, -0.8, -0.2], [1.0, -0.8, -0.3], [1.0, -0.8, -6.0], [-1.0, -0.8, -6.0]],
                       dtype=torch.float64)
    clip = torch.cat([cam, torch.ones(4, 1, dtype=torch.float64)], 1) @ proj.T
    return clip[None], torch.tensor([[0, 1, 2], [0, 2, 3]])


def test_near_plane_clipping_matches_reference():
    clip, tris = near_plane_scene()
    assert ((clip[0, :, 2] + clip[0, :, 3]) < 0).sum() == 2  # two corners behind the near plane
    tri_id, bary, depth = rasterize(clip, tris, 16)
    ref_id, ref_bary, ref_depth = rasterize_reference(clip, tris, 16)
    assert (tri_id >= 0).sum() > 30
    assert torch.equal(tri_id, ref_id)
    torch.testing.assert_close(bary, ref_bary)
    assert (depth[tri_id >= 0] >= -1 - 1e-9).all()
    counts = coverage_counts(clip, tris, 16)
    assert counts.max() == 1  # the clipped shared edge stays watertight


def test_triangle_behind_the_camera_is_not_drawn():
    clip, tris = near_plane_scene()
    behind = clip.clone()
    behind[..., 3] = -behind[..., 3].abs() - 1  # every corner behind: z + w < 0 ... and w < 0
    behind[..., 2] = 0.0
    assert (rasterize(behind, tris, 16).tri_id == -1).all()


def test_far_plane_drops_fragments():
    clip = torch.tensor([[[-1, -1, 2.0, 1], [3, -1, 2.0, 1], [-1, 3, 2.0, 1]]], dtype=torch.float64)
    assert (rasterize(clip, torch.tensor([[0, 1, 2]]), 8).tri_id == -1).all()


def test_triangle_crossing_the_far_plane_keeps_only_its_near_part():
    # a triangle reaching beyond the far plane (depth > 1 at two corners) over a farther but valid
    # one: where the first is beyond the far plane the second shows, as in the reference
    clip = torch.tensor([[[-0.9, -0.9, 0.2, 1], [0.9, -0.9, 3.0, 1], [-0.9, 0.9, 3.0, 1],
                          [-1, -1, 0.95, 1], [3, -1, 0.95, 1], [-1, 3, 0.95, 1]]], dtype=torch.float64)
    tris = torch.tensor([[0, 1, 2], [3, 4, 5]])
    rast = rasterize(clip, tris, 16)
    ref_id, _, _ = rasterize_reference(clip, tris, 16)
    assert torch.equal(rast.tri_id, ref_id)
    assert (rast.tri_id == 0).any() and (rast.tri_id == 1).any() and (rast.tri_id == -1).sum() == 0
    alone = rasterize(clip, tris[:1], 16)  # without the one behind: beyond the far plane is empty
    assert torch.equal(alone.tri_id, rasterize_reference(clip, tris[:1], 16)[0])
    assert (alone.tri_id == -1).any() and (alone.tri_id == 0).sum() < (rast.tri_id >= 0).sum()


def test_backface_culling():
    clip = torch.tensor([[[-1, -1, 0, 1], [1, -1, 0, 1], [0, 1, 0, 1]]], dtype=torch.float64)  # CCW in NDC
    ccw, cw = torch.tensor([[0, 1, 2]]), torch.tensor([[0, 2, 1]])
    assert (rasterize(clip, ccw, 8, cull_backfaces=True).tri_id >= 0).any()
    assert (rasterize(clip, cw, 8, cull_backfaces=True).tri_id == -1).all()
    assert torch.equal(rasterize(clip, cw, 8).mask, rasterize(clip, ccw, 8).mask)


def open_sphere(n_lat: int = 10, n_lon: int = 14):
    """A sphere of counter-clockwise (outward) triangles with its top cap left open."""
    th = torch.linspace(0.45, math.pi - 0.1, n_lat, dtype=torch.float64)
    ph = torch.linspace(0, 2 * math.pi, n_lon + 1, dtype=torch.float64)[:-1]
    t, p = torch.meshgrid(th, ph, indexing="ij")
    v = torch.stack([torch.sin(t) * torch.sin(p), torch.cos(t), torch.sin(t) * torch.cos(p)], -1).reshape(-1, 3)
    idx = torch.arange(n_lat * n_lon).view(n_lat, n_lon)
    a, b = idx[:-1], idx[:-1].roll(-1, 1)
    c, d = idx[1:].roll(-1, 1), idx[1:]
    tris = torch.cat([torch.stack([a, d, c], -1).reshape(-1, 3), torch.stack([a, c, b], -1).reshape(-1, 3)])
    return v, tris


def look_at_clip(v: torch.Tensor, eye: torch.Tensor) -> torch.Tensor:
    """Clip positions (V, 4) of points v seen from `eye` towards the origin (y up), a simple
    perspective: x, y scaled by 2, depth mapped so that 1 <= w <= 5 stays inside."""
    f = -eye / eye.norm()
    r = torch.linalg.cross(f, torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64))
    r = r / r.norm()
    u = torch.linalg.cross(r, f)
    cam = torch.stack([(v - eye) @ r, (v - eye) @ u, (v - eye) @ f], 1)  # x right, y up, depth
    return torch.stack([cam[:, 0] * 2.0, cam[:, 1] * 2.0, (cam[:, 2] - 3.0) / 2.0, cam[:, 2]], 1)


def test_occlusion_culled_back_faces_give_the_same_image(monkeypatch):
    # an open sphere seen from above the opening and from the side: inner (back) faces show through
    # the hole, the others are hidden and skipped; the result must match the reference exactly
    from backend.render import visibility

    v, tris = open_sphere()
    # (eye slightly off x = 0: no edge exactly on pixel centres)
    clip = torch.stack([look_at_clip(v, torch.tensor([0.013, eye_y, eye_z], dtype=torch.float64))
                        for eye_y, eye_z in ((2.2, 1.2), (0.3, 3.0))])
    kept = []
    unoccluded = visibility._unoccluded
    monkeypatch.setattr(visibility, "_unoccluded",
                        lambda zbuf, sel, *a: kept.append((sel.numel(), (out := unoccluded(zbuf, sel, *a)).numel())) or out)
    res = (45, 37)  # not multiples of the tile size
    fast = rasterize(clip, tris, res)
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, res)
    assert torch.equal(fast.tri_id, ref_id)
    torch.testing.assert_close(fast.bary_image, ref_bary, atol=1e-9, rtol=1e-7)
    n_back, n_kept = kept[0]
    assert 0 < n_kept < n_back  # some back faces were skipped, some drawn
    # back faces (clockwise on screen) are visible through the opening in the first view
    x, y = visibility.screen_vertices(clip[:1], *res)[:2]
    t = fast.triangles[fast.batch_index == 0]
    X, Y = x[tris[t]], y[tris[t]]
    area = (X[:, 1] - X[:, 0]) * (Y[:, 2] - Y[:, 0]) - (X[:, 2] - X[:, 0]) * (Y[:, 1] - Y[:, 0])
    assert (area > 0).sum() > 20 and (area < 0).sum() > 20


def test_edges_exactly_on_pixel_centres_follow_the_top_left_rule():
    # the open sphere seen from x = 0: its meridian at x = 0 falls exactly on the middle column of
    # pixel centres (37 px wide), so ownership there is decided by the tie rule alone (the left edge
    # owns the centre); the reference computes its edge functions relative to an edge end, which is
    # exactly 0 on the line (its product form rounded to either side and disagreed)
    v, tris = open_sphere()
    eye = torch.tensor([0.0, 0.3, 3.0], dtype=torch.float64)
    clip = look_at_clip(v, eye)[None]
    res = (45, 37)
    fast = rasterize(clip, tris, res)
    ref_id, _, _ = rasterize_reference(clip, tris, res)
    assert torch.equal(fast.tri_id, ref_id)
    # the centres on that column are covered, each by the triangle right of the meridian
    from backend.render.visibility import screen_vertices

    x = screen_vertices(clip, *res)[0]
    col = fast.tri_id[0, :, 18]
    shown = col[col >= 0]
    assert len(shown) > 10
    assert (x[tris[shown]].mean(1) > 18.0).all()


def test_horizontal_edges_on_pixel_rows_belong_to_the_triangle_below():
    # a grid of quads whose horizontal edges lie exactly on rows of pixel centres (rows 3, 7, 11 of
    # 16), split both ways (so bottom edges are shared by one or two corners at the lowest y): each
    # centre on such a row is covered once, by the triangle whose top edge it is (top-left rule)
    H = W = 16
    rows_px, cols_px = torch.tensor([-0.5, 3.0, 7.0, 11.0, 15.5]), torch.tensor([-0.5, 5.25, 9.5, 15.5])
    ys = 1.0 - (rows_px + 0.5) * 2.0 / H  # NDC y of those pixel-centre rows
    xs = (cols_px + 0.5) * 2.0 / W - 1.0
    verts = [(float(x), float(y), 0.0, 1.0) for y in ys for x in xs]
    n = len(xs)
    tris = []
    for i in range(len(ys) - 1):
        for j in range(n - 1):
            a, b, c, d = i * n + j, i * n + j + 1, (i + 1) * n + j + 1, (i + 1) * n + j
            tris += [(a, d, c), (a, c, b)] if (i + j) % 2 else [(a, d, b), (b, d, c)]
    clip = torch.tensor(verts, dtype=torch.float64)[None]
    tris = torch.tensor(tris)
    fast = rasterize(clip, tris, (H, W))
    ref_id, _, _ = rasterize_reference(clip, tris, (H, W))
    assert torch.equal(fast.tri_id, ref_id)
    assert (fast.tri_id >= 0).all()  # no holes
    for r in (3, 7, 11):  # the centres on an edge row belong to the quad row below it
        quad_row = torch.div(fast.tri_id[0, r], 2 * (n - 1), rounding_mode="floor")
        assert (quad_row == (1, 2, 3)[(3, 7, 11).index(r)]).all()


def silhouette_scene(dtype=torch.float64):
    """A small closed-ish fan (two triangles sharing an edge) over a background, plus a far triangle."""
    clip = torch.tensor([[[-0.55, -0.5, 0.0, 1.0], [0.6, -0.45, 0.1, 1.0], [0.05, 0.62, 0.0, 1.0],
                          [0.7, 0.5, 0.2, 1.0],
                          [-0.9, -0.9, 0.5, 1.0], [0.95, -0.85, 0.5, 1.0], [-0.8, 0.9, 0.5, 1.0]]], dtype=dtype)
    tris = torch.tensor([[0, 1, 2], [1, 3, 2], [4, 5, 6]])
    return clip, tris


def test_antialias_matches_reference_with_gradients():
    clip, tris = silhouette_scene()
    clip.requires_grad_(True)
    g = torch.Generator().manual_seed(0)
    vcol = torch.rand(7, 3, generator=g, dtype=torch.float64, requires_grad=True)
    rast = rasterize(clip, tris, 14)
    color = interpolate(vcol, rast, tris) + 0.3 * (rast.tri_id < 0)[..., None]
    out = antialias(color, rast, clip, tris)
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, 14)
    ref_color = interpolate_reference(vcol, ref_id, ref_bary, tris) + 0.3 * (ref_id < 0)[..., None]
    ref = antialias_reference(ref_color, ref_id, clip, tris)
    assert not torch.allclose(out, color)  # some pixels were blended
    torch.testing.assert_close(out, ref)
    w = torch.randn_like(out)
    got = torch.autograd.grad((out * w).sum(), (clip, vcol))
    exp = torch.autograd.grad((ref * w).sum(), (clip, vcol))
    torch.testing.assert_close(got, exp)


@pytest.mark.parametrize("res", [10, 40])
def test_antialias_on_a_fine_open_mesh_matches_reference(res):
    # more triangles than covered pixels (10 px: silhouettes looked up per pixel) and fewer
    # (40 px: per triangle); boundary edges at the opening, inner faces seen through it
    v, tris = open_sphere()
    eye = torch.tensor([0.013, 2.2, 1.2], dtype=torch.float64)
    clip = look_at_clip(v, eye)[None]
    clip.requires_grad_(True)
    vcol = torch.rand(v.shape[0], 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    rast = rasterize(clip, tris, res)
    assert (rast.pixels.numel() < tris.shape[0]) == (res == 10)
    color = interpolate(vcol, rast, tris) + 0.3 * (rast.tri_id < 0)[..., None]
    out = antialias(color, rast, clip, tris)
    ref_id, ref_bary, _ = rasterize_reference(clip, tris, res)
    ref = antialias_reference(interpolate_reference(vcol, ref_id, ref_bary, tris) + 0.3 * (ref_id < 0)[..., None],
                              ref_id, clip, tris)
    assert not torch.allclose(out, color)
    torch.testing.assert_close(out, ref)
    w = torch.randn_like(out)
    torch.testing.assert_close(torch.autograd.grad((out * w).sum(), clip)[0],
                               torch.autograd.grad((ref * w).sum(), clip)[0])


def test_antialias_gives_position_gradients_at_silhouettes():
    clip, tris = silhouette_scene()
    clip = clip[:, :4].clone().requires_grad_(True)  # the two front triangles alone over a background
    tris = tris[:2]
    rast = rasterize(clip, tris, 16)
    flat = interpolate(torch.ones(4, 3, dtype=torch.float64), rast, tris)  # constant colour, 0 outside
    (g_plain,) = torch.autograd.grad(flat.sum(), clip, retain_graph=True)
    assert g_plain.abs().max() < 1e-12  # hard coverage: no gradient reaches the positions
    out = antialias(flat, rast, clip, tris)
    (g,) = torch.autograd.grad(out.sum(), clip)
    moved = g[0, :, :2].abs().sum(1)
    assert (moved[[0, 1, 2, 3]] > 0).all()  # every outline vertex gets a gradient
    # the coverage grows when the shape grows: moving vertex 3 (right corner) outwards adds colour
    assert g[0, 3, 0] > 0


def test_antialias_gradcheck():
    clip, tris = silhouette_scene()
    rast = rasterize(clip, tris, 11)  # (at 10 px a corner sits exactly on a pixel centre: not differentiable)
    color = torch.rand(1, 11, 11, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))

    def f(c, col):
        return antialias(col, rast, c, tris)

    assert torch.autograd.gradcheck(f, (clip.clone().requires_grad_(True), color.requires_grad_(True)))


def test_interior_edges_are_not_blended():
    # one quad split in two, facing the camera, constant colour: only the outline blends
    clip = torch.tensor([[[-0.5, -0.5, 0, 1], [0.5, -0.5, 0, 1], [0.5, 0.5, 0, 1], [-0.5, 0.5, 0, 1]]],
                        dtype=torch.float64)
    tris = torch.tensor([[0, 1, 2], [0, 2, 3]])
    rast = rasterize(clip, tris, 16)
    col = torch.rand(1, 16, 16, 3, dtype=torch.float64)
    col = torch.where(rast.mask[..., None], torch.full_like(col, 0.7), col)
    out = antialias(col, rast, clip, tris)
    interior = rast.mask.clone()
    interior[0, [4, 11], :] = False  # outline rows/cols of the quad at 16 px: 4..11
    interior[0, :, [4, 11]] = False
    torch.testing.assert_close(out[interior], col[interior])


@pytest.mark.parametrize("h,w", [(2, 2), (3, 6), (16, 32)])
def test_scatter_is_differentiable_in_values_and_background(h, w):
    # the image is filled with the background (a block of pixels broadcast along the image) and
    # written in place: gradients reach both; the sizes cover blocks of 4, 2 and 256 pixels
    from backend.render import Rasterization

    hw = h * w
    pixels = torch.tensor([0, 3, hw + 1])
    r = Rasterization(2, h, w, pixels, torch.tensor([0, 1, 2]), torch.zeros(3, 3), torch.zeros(3))
    vals = torch.rand(3, 2, dtype=torch.float64, requires_grad=True)
    for bg in (torch.rand(2, 2, dtype=torch.float64), torch.rand(2, dtype=torch.float64)):
        bg.requires_grad_(True)
        assert torch.autograd.gradcheck(lambda v, b: r.scatter(v, b), (vals, bg))
        image = r.scatter(vals, bg).view(2, hw, 2)
        expect = bg.detach().expand(2, 2).clone()[:, None].repeat(1, hw, 1).view(-1, 2)
        expect[pixels] = vals.detach()
        assert torch.equal(image.detach().view(-1, 2), expect)
    image = r.scatter(vals.detach(), 0.5)
    assert image.shape == (2, h, w, 2) and image.view(-1, 2)[1].tolist() == [0.5, 0.5]
    assert torch.equal(image.view(-1, 2)[pixels], vals.detach())


def test_memory_is_sparse_in_pixels():
    # 20,000 triangles covering a few pixels of a 2048^2 image: sparse output, no pixels x triangles
    g = torch.Generator().manual_seed(0)
    n = 20000
    centre = torch.rand(n, 1, 2, generator=g) * 0.01
    xy = centre + 0.002 * torch.rand(n, 3, 2, generator=g)
    clip = torch.cat([xy, torch.zeros(n, 3, 1), torch.ones(n, 3, 1)], 2).reshape(1, -1, 4)
    rast = rasterize(clip, torch.arange(3 * n).view(n, 3), 2048)
    assert 0 < rast.pixels.numel() < 200


def test_bad_inputs_raise_render_error():
    clip, tris = random_scene(0, batch=1)
    with pytest.raises(RenderError, match="clip_pos"):
        rasterize(clip[..., :3], tris, 8)
    with pytest.raises(RenderError, match="vertex"):
        rasterize(clip, tris + 100, 8)
    with pytest.raises(RenderError, match="negative"):
        rasterize(clip, tris - 1, 8)
    with pytest.raises(RenderError, match="integer"):
        rasterize(clip, tris.double(), 8)
    with pytest.raises(RenderError, match="resolution"):
        rasterize(clip, tris, 0)
    with pytest.raises(RenderError, match="resolution"):
        rasterize(clip, tris, "big")
    rast = rasterize(clip, tris, 8)
    with pytest.raises(RenderError, match="attr"):
        interpolate(torch.zeros(3, clip.shape[1], 2), rast, tris)
    with pytest.raises(RenderError, match="color"):
        antialias(torch.zeros(1, 4, 4, 3), rast, clip, tris)
    with pytest.raises(RenderError, match="uv"):
        texture(torch.zeros(4, 4, 3), torch.zeros(1, 2, 2, 3))


def test_topology_is_reused_and_checked():
    clip, tris = random_scene(1, batch=1)
    topo = Topology(tris)
    a = rasterize(clip, topo, 12)
    b = rasterize(clip, tris, 12)
    assert torch.equal(a.tri_id, b.tri_id)
    with pytest.raises(RenderError, match="vertices"):
        rasterize(clip[:, :5], topo, 12)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_matches_cpu():
    clip, tris = random_scene(2)
    cpu = rasterize(clip.float(), tris, 32)
    gpu = rasterize(clip.float().cuda(), tris, 32)
    assert torch.equal(cpu.tri_id, gpu.tri_id.cpu())
    torch.testing.assert_close(cpu.bary_image, gpu.bary_image.cpu())


@pytest.mark.slow
def test_ict_patch_matches_reference(face_model):
    # 200 real triangles around the nose tip, seen from the standard three-quarter camera (tiny image)
    from backend.render import views
    from backend.render.renderer import _to_clip

    v = torch.tensor(face_model.neutral, dtype=torch.float64)
    tris = torch.tensor(face_model.triangles).long()
    tip = v[:, 2].argmax()
    near = (v[tris].mean(1) - v[tip]).norm(dim=1).argsort()[:200]
    sub = tris[near]
    used, local = torch.unique(sub, return_inverse=True)
    cam = views(("three_quarter",), target=tuple(v[tip].tolist()), radius=1.0)
    clip = _to_clip(v[used][None], cam[0].matrix()[None])
    tri_id, bary, _ = rasterize(clip, local, 20)
    ref_id, ref_bary, _ = rasterize_reference(clip, local, 20)
    assert (tri_id >= 0).sum() > 100
    assert torch.equal(tri_id, ref_id)
    torch.testing.assert_close(bary, ref_bary, atol=1e-9, rtol=1e-6)


@pytest.mark.parametrize("B,H,W", [(1, 7, 13), (3, 256, 200), (1, 4096, 4096), (2, 8192, 8192)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_pixel_coords_float_and_integer_paths_agree_with_integer_division(B, H, W, dtype):
    # float arithmetic where exact (below 2^23 pixels in float32), int64 divisions beyond
    from backend.render.rasterize import pixel_coords

    g = torch.Generator().manual_seed(0)
    p = torch.cat([torch.randint(0, B * H * W, (5000,), generator=g),
                   torch.tensor([0, W - 1, W, H * W - 1, B * H * W - 1])])
    b, row, col = pixel_coords(p, B, H, W, dtype)
    assert row.dtype == col.dtype == dtype
    assert torch.equal(row.to(torch.int64), (p % (H * W)) // W) and torch.equal(col.to(torch.int64), p % W)
    assert (b is None) == (B == 1) and (b is None or torch.equal(b, p // (H * W)))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_triangles_cover_nothing_and_leave_the_others_alone(bad):
    # a triangle with a NaN / infinite corner is dropped before any set-up (its box or area is not
    # finite); the other triangles rasterize as they do without it
    clip, tris = random_scene(3)
    clip = clip.float()
    extra = clip[:, :3].clone()
    extra[:, 1, 0] = bad
    bad_clip = torch.cat([clip, extra], 1)
    bad_tris = torch.cat([tris, torch.arange(3).view(1, 3) + clip.shape[1]])
    a = rasterize(clip, tris, (24, 20))
    b = rasterize(bad_clip, bad_tris, (24, 20))
    assert torch.equal(a.tri_id, b.tri_id)
    torch.testing.assert_close(a.bary_image, b.bary_image)
