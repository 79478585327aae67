"""Lambert shading: the one-node op (`_Lambert`, what the renderer uses) against its torch-ops
reference (`shade_ops`), forward and gradients, including clamped colours, back-lit fragments and
the transposed incoming gradients the renderer hands it."""
from __future__ import annotations

import pytest
import torch

from backend.render.shading import shade, shade_ops


def _inputs(n: int, views: int, dtype=torch.float64, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    # albedo in -0.2..1.6: some colours clamp at 0 and at 1; random normals: some face away
    albedo = (torch.rand(3, n, generator=g, dtype=dtype) * 1.8 - 0.2).T.requires_grad_()
    normals = (torch.randn(3, n, generator=g, dtype=dtype) * 2.0).T.requires_grad_()
    light_dir = torch.nn.functional.normalize(torch.randn(views, 3, generator=g, dtype=dtype), dim=1)
    light = torch.rand(views, 5, generator=g, dtype=dtype) + 0.2
    batch = None if views == 1 else torch.randint(0, views, (n,), generator=g)
    return albedo, normals, light_dir, light, batch


def _reference(albedo, normals, light_dir, light, batch, clamp):
    if batch is None:
        ld, lt = light_dir[0][:, None], light[0][:, None]
    else:
        ld, lt = light_dir.T.index_select(1, batch), light.T.index_select(1, batch)
    return shade_ops(albedo, normals, ld, lt, None, batch, clamp)


@pytest.mark.parametrize("views, clamp", [(1, True), (1, False), (3, True), (3, False)])
def test_lambert_node_matches_torch_ops(views, clamp):
    albedo, normals, light_dir, light, batch = _inputs(400, views)
    ours = shade(albedo, normals, light_dir, light, None, batch, clamp=clamp)
    ref = _reference(albedo, normals, light_dir, light, batch, clamp)
    if clamp:
        assert (ref == 1.0).any() and (ref == 0.0).any()  # both clamps occur
    assert ((normals @ light_dir.T) < 0).any()  # and back-lit fragments
    torch.testing.assert_close(ours, ref, rtol=1e-12, atol=1e-12)
    # an (N, 3) incoming gradient, as an image's rows hand it back (its transposed view reaches the node)
    w = torch.rand(400, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    g_ours = torch.autograd.grad((ours * w).sum(), (albedo, normals))
    g_ref = torch.autograd.grad((ref * w).sum(), (albedo, normals))
    for a, b in zip(g_ours, g_ref):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("views", [1, 3])
def test_lambert_node_gradcheck(views):
    albedo, normals, light_dir, light, batch = _inputs(40, views, seed=2)
    assert torch.autograd.gradcheck(lambda a, n: shade(a, n, light_dir, light, None, batch, clamp=True),
                                    (albedo, normals))


def test_light_gradients_and_sh_take_the_torch_ops():
    albedo, normals, light_dir, light, batch = _inputs(50, 1, seed=3)
    light = light.clone().requires_grad_()
    out = shade(albedo, normals, light_dir, light, None, batch, clamp=False)
    assert out.grad_fn is not None and "Lambert" not in type(out.grad_fn).__name__
    (g,) = torch.autograd.grad(out.sum(), light)
    assert g.abs().sum() > 0
    sh = torch.zeros(1, 9, 3, dtype=torch.float64)
    sh[0, 0] = 1.0
    plain = shade(albedo, normals, light_dir, light.detach(), None, batch)
    lit = shade(albedo, normals, light_dir, light.detach(), sh, batch)
    # a constant environment L00 adds L00 Y00 (= L00 / sqrt(4 pi)) times the albedo
    torch.testing.assert_close(lit - plain, albedo.detach() * 0.282095)


def test_the_callers_gradient_is_left_as_it_was():
    # a contiguous (3, N) gradient reaches the node as it is (no copy): the clamp mask must not be
    # applied to it in place
    albedo, normals, light_dir, light, batch = _inputs(300, 1, seed=4)
    rows = shade(albedo, normals, light_dir, light, None, batch, clamp=True).T  # the node's own rows
    g = torch.rand(3, 300, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    kept = g.clone()
    grads = torch.autograd.grad(rows, (albedo, normals), grad_outputs=g)
    assert torch.equal(g, kept)
    ref = _reference(albedo, normals, light_dir, light, batch, True).T
    for a, b in zip(grads, torch.autograd.grad(ref, (albedo, normals), grad_outputs=kept)):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("field, value", [("color", (1.0, 1.0)), ("color", (1.0, 1.0, 1.0, 0.5)),
                                          ("color", (float("nan"), 1.0, 1.0)), ("color", "red"),
                                          ("direction", "up"), ("direction", (0.0, 0.0, 0.0))])
def test_bad_light_values_are_refused_by_name(field, value):
    from backend.render import Light, RenderError

    with pytest.raises(RenderError, match=f"light {field}"):
        Light(**{field: value}).validated()
