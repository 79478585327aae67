"""The refinement loop on a small differentiable toy scene and the tiny CLIP model.

The toy scene stands in for the face model + rasterizer (tested with the real ones in
test_refine_head.py): renders depend smoothly on the 100 coefficients, the texture parameters and the
view, which is all the loop relies on.
"""
from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.test_refine_clip import TINY_NAME, register_tiny_configs, save_random_weights


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    from backend.refine import load_clip

    directory = tmp_path_factory.mktemp("clip")
    register_tiny_configs(directory)
    save_random_weights(directory / "tiny.safetensors")
    return load_clip(TINY_NAME, weights=directory / "tiny.safetensors")


class ToyScene:
    """image = sigmoid(colour + sum_k a_k pattern_k shifted by the view's yaw), over the background."""

    def __init__(self, size: int = 32, seed: int = 0):
        import torch

        g = torch.Generator().manual_seed(seed)
        coarse = torch.randn(100, 1, 4, 4, generator=g)
        self.patterns = torch.nn.functional.interpolate(coarse, size=(size, size), mode="bilinear")[:, 0]
        self.mask = torch.zeros(size, size)
        self.mask[size // 8: -size // 8, size // 4: -size // 4] = 1.0
        self.renders = 0

    def geometry(self, identity):
        return identity

    def albedo(self, texture):
        return texture["colour"]

    def render(self, vertices, albedo, views, size):
        import torch

        self.renders += len(views)
        out = []
        for v in views:
            shift = int(round(v.yaw / 20.0))
            field = torch.einsum("k,khw->hw", vertices, self.patterns).roll(shift, dims=1)
            face = torch.sigmoid(albedo.view(3, 1, 1) + field) * (0.5 + 0.5 * v.light_intensity)
            bg = face.new_tensor(v.background).view(3, 1, 1)
            out.append(self.mask * face + (1 - self.mask) * bg)
        images = torch.stack(out)
        if images.shape[-1] != size:
            images = torch.nn.functional.interpolate(images, size=(size, size), mode="bilinear")
        return images


def _start():
    import torch

    return torch.zeros(100), {"colour": torch.tensor([0.4, 0.0, -0.3])}


def test_loss_falls_over_steps(clip):
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    settings = RefineSettings(steps=40, views_per_step=3, render_size=32, lr_identity=0.05, lr_texture=0.05,
                              augment=False)  # fixed views: the loss curve is not masked by view noise
    out = refine(clip, ["kind", "a movie star"], ToyScene(), identity, texture, settings)
    st = out.status
    assert st.status == "done" and st.steps == 40 and len(out.history) == 40
    clip_losses = [h["clip"] for h in out.history]
    assert st.loss_last < st.loss_first - 0.01
    assert np.mean(clip_losses[-10:]) < np.mean(clip_losses[:10])
    assert out.identity.shape == (100,) and out.identity.dtype == np.float32
    assert set(out.texture) == {"colour"}
    d = st.to_dict()
    assert d["status"] == "done" and set(d["timings"]) >= {"render_forward", "clip_forward", "clip_backward"}


def test_augmented_views_improve_every_side(clip):
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    settings = RefineSettings(steps=40, views_per_step=3, render_size=32, lr_identity=0.05, lr_texture=0.05)
    st = refine(clip, ["kind", "a movie star"], ToyScene(), identity, texture, settings).status
    assert set(st.similarity_after) == {"front", "three_quarter_left", "three_quarter_right",
                                        "profile_left", "profile_right"}
    for name, before in st.similarity_before.items():  # every fixed view improves, not only the front
        assert st.similarity_after[name] > before + 0.005, name


def test_regulariser_bound_holds_and_projection_matters(clip):
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    base = dict(steps=15, views_per_step=2, render_size=32, lr_identity=1.0, lr_texture=1.0,
                lambda_identity=300.0, lambda_texture=300.0, augment=False, preview_every=0)
    bound = np.sqrt(2.0 / 300.0)  # LOSS_SPAN / lambda; lr 1.0 makes Adam overshoot it
    kept = refine(clip, ["kind"], ToyScene(), identity, texture, RefineSettings(**base))
    rms = float(np.sqrt(np.mean(kept.identity ** 2)))
    assert kept.status.identity_bound == pytest.approx(bound)
    assert rms <= bound * (1 + 1e-5) and kept.status.identity_rms_change == pytest.approx(rms, rel=1e-5)
    assert kept.status.texture_rms_change <= bound * (1 + 1e-5)
    assert kept.status.projected_steps > 0
    # the same run without projection leaves the bound: the check above is not vacuous
    free = refine(clip, ["kind"], ToyScene(), identity, texture, RefineSettings(**base, project=False))
    assert float(np.sqrt(np.mean(free.identity ** 2))) > bound


def test_identity_stays_within_what_a_head_file_may_hold(clip):
    # the RMS bound lets a single coefficient move ~8 standard deviations; a head that starts near the
    # add-on's +-10 must not end past it (its head.json could not be written, or read back)
    import torch

    from backend.limits import IDENTITY_LIMIT
    from backend.refine import RefineSettings, refine

    _, texture = _start()
    identity = torch.full((100,), 9.9)
    identity[::2] = -9.9
    settings = RefineSettings(steps=3, views_per_step=1, render_size=32, lr_identity=2.0, augment=False,
                              preview_every=0)
    out = refine(clip, ["kind"], ToyScene(), identity, texture, settings)
    assert np.abs(out.identity).max() <= IDENTITY_LIMIT
    assert np.abs(out.identity).max() == pytest.approx(IDENTITY_LIMIT)  # it did press against the limit


def test_paper_settings_stay_near_start(clip):
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    out = refine(clip, ["kind"], ToyScene(), identity, texture, RefineSettings(steps=20, render_size=32))
    # Adam moves each coefficient by at most about lr per step
    assert np.abs(out.identity).max() <= 0.003 * 20 * 1.05
    assert out.status.identity_rms_change <= out.status.identity_bound


def test_cancel_between_steps(clip):
    from backend.errors import Cancelled
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    cancel = threading.Event()
    calls = []

    def progress(stage, step, total, message="", preview=None):
        calls.append((stage, step, total))
        if step == 3:
            cancel.set()

    scene = ToyScene()
    with pytest.raises(Cancelled, match="after 3 of 50 steps"):
        refine(clip, ["kind"], scene, identity, texture, RefineSettings(steps=50, render_size=32),
               progress=progress, cancel=cancel)
    assert calls == [("refine", s, 50) for s in (0, 1, 2, 3)]  # 0: scoring the starting head
    assert scene.renders == 5 + 3 * 3  # evaluation views before, then three steps of three views


def test_progress_previews_and_determinism(clip):
    from backend.refine import RefineSettings, refine

    identity, texture = _start()
    previews = []

    def progress(stage, step, total, message="", preview=None):
        assert "CLIP loss" in message or "fixed views" in message
        if preview is not None:
            previews.append((step, preview))

    settings = RefineSettings(steps=7, render_size=32, preview_every=3, seed=5)
    a = refine(clip, ["kind"], ToyScene(), identity, texture, settings, progress=progress)
    assert [s for s, _ in previews] == [3, 6, 7]
    assert all(p.dtype == np.uint8 and p.shape == (32, 32, 3) for _, p in previews)
    b = refine(clip, ["kind"], ToyScene(), identity, texture, settings)
    np.testing.assert_array_equal(a.identity, b.identity)


def test_progress_announces_the_evaluations_around_the_steps(clip):
    # the fixed-view scoring before and after the steps takes time too: it is announced, and the
    # per-step reports are the ones a console may thin out
    from backend.refine import RefineSettings, refine
    from backend.refine.status import is_step_report

    identity, texture = _start()
    calls = []

    def progress(stage, step, total, message="", preview=None):
        calls.append((stage, step, total, message))

    refine(clip, ["kind"], ToyScene(), identity, texture, RefineSettings(steps=3, render_size=32),
           progress=progress)
    assert [c[:3] for c in calls] == [("refine", s, 3) for s in (0, 1, 2, 3, 3)]
    assert calls[0][3] == "scoring the starting head in 5 fixed views"
    assert calls[-1][3] == "scoring the refined head in 5 fixed views"
    assert [is_step_report(*c) for c in calls] == [False, True, True, True, False]
    assert calls[1][3].startswith("step 1/3: CLIP loss ")


def test_bad_settings_raise():
    from backend.refine import RefineSettings

    with pytest.raises(ValueError, match="steps"):
        RefineSettings(steps=0).validated()
    with pytest.raises(ValueError, match="regulariser"):
        RefineSettings(lambda_identity=0).validated()
    # infinite rates or weights (NaN parameters from the first step on), counts that are not whole
    for bad in (dict(lr_identity=float("inf")), dict(lambda_texture=float("inf")), dict(lr_texture=float("nan"))):
        with pytest.raises(ValueError, match="finite"):
            RefineSettings(**bad).validated()
    for bad in (dict(steps=100.0), dict(views_per_step=True), dict(render_size="224")):
        with pytest.raises(ValueError, match="whole number"):
            RefineSettings(**bad).validated()
    RefineSettings(steps=np.int64(5), lr_identity=np.float32(0.01)).validated()  # numpy numbers are fine


def test_sample_views_cover_both_sides():
    from backend.refine import sample_views
    from backend.refine.views import YAW_LIMIT

    rng = np.random.default_rng(0)
    for _ in range(20):
        views = sample_views(rng, 3)
        yaws = [v.yaw for v in views]
        assert yaws[0] < -YAW_LIMIT / 3 and abs(yaws[1]) <= YAW_LIMIT / 3 and yaws[2] > YAW_LIMIT / 3
        assert all(np.linalg.norm(v.light_dir) == pytest.approx(1.0) for v in views)
        assert all(v.light_dir[2] > 0 for v in views)  # lit from the camera's hemisphere
