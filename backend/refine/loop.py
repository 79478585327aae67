"""The refinement loop (Describe3D's abstract synthesis, extended to several augmented views per step).

Optimises identity coefficients and texture parameters with Adam so that renders match the abstract
phrases under CLIP, with quadratic regularisers towards the concrete head:

    L = CLIP(render) + lambda_id * mean((a - a0)^2) + lambda_tex * mean((t - t0)^2)

The CLIP term lies in [0, LOSS_SPAN], so every state no worse than the start has
mean((a - a0)^2) <= LOSS_SPAN / lambda_id: that RMS bound is what keeps the head near the concrete one.
Adam steps can overshoot it, so each step is projected back onto it (counted in the status).
"""
from __future__ import annotations

import math
import numbers
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol

import numpy as np
import torch

from ..errors import Cancelled
from ..limits import IDENTITY_LIMIT
from .objective import LOSS_SPAN, ClipObjective
from .registry import ClipModel
from .status import RefineStatus, step_report
from .views import EVALUATION_VIEWS, View, sample_views

Progress = Callable[..., None]
PREVIEW_VIEW = EVALUATION_VIEWS["front"]


class Scene(Protocol):
    """What the loop renders: differentiable geometry, albedo and a batched renderer."""

    def geometry(self, identity: torch.Tensor) -> torch.Tensor:
        """(100,) coefficients -> vertices (V, 3)."""

    def albedo(self, texture: dict[str, torch.Tensor]) -> torch.Tensor:
        """texture parameters -> albedo image the renderer samples."""

    def render(self, vertices: torch.Tensor, albedo: torch.Tensor, views: list[View], size: int) -> torch.Tensor:
        """-> (len(views), 3, size, size) in [0, 1]."""


@dataclass(frozen=True)
class RefineSettings:
    steps: int = 100
    views_per_step: int = 3
    lr_identity: float = 0.003  # paper
    lr_texture: float = 0.008  # paper
    lambda_identity: float = 3.0  # paper
    lambda_texture: float = 3.0
    render_size: int = 224
    augment: bool = True  # random camera/light/background per view; False: fixed stratified views
    project: bool = True  # pull overshooting Adam steps back onto the regulariser's bound
    preview_every: int = 10  # send a preview image with every k-th progress call (0: never)
    seed: int = 0

    def validated(self) -> "RefineSettings":
        whole = {k: getattr(self, k) for k in ("steps", "views_per_step", "render_size", "preview_every", "seed")}
        for name, v in whole.items():  # (a float count passes the range checks, then fails in range())
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise ValueError(f"{name} must be a whole number, got {v!r}")
        rates = (self.lr_identity, self.lr_texture, self.lambda_identity, self.lambda_texture)
        checks = [
            (1 <= self.steps <= 10000, f"steps must be in 1..10000, got {self.steps}"),
            (1 <= self.views_per_step <= 32, f"views per step must be in 1..32, got {self.views_per_step}"),
            # (an infinite rate or weight turns the first step's parameters into NaN)
            (all(isinstance(x, numbers.Real) and math.isfinite(x) for x in rates),
             f"learning rates and regulariser weights must be finite numbers, got {rates}"),
            (self.lr_identity >= 0 and self.lr_texture >= 0, "learning rates must be >= 0"),
            (self.lambda_identity > 0 and self.lambda_texture > 0, "regulariser weights must be > 0"),
            (16 <= self.render_size <= 1024, f"render size must be in 16..1024, got {self.render_size}"),
            (self.preview_every >= 0, "preview_every must be >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)
        return self


@dataclass
class RefineOutcome:
    identity: np.ndarray  # (100,) float32
    texture: dict[str, np.ndarray]
    status: RefineStatus
    history: list[dict[str, float]] = field(default_factory=list)  # per step: clip, reg, total
    # the phrases' text embeddings the loop scored with: re-scoring a changed head needs no second
    # text encoding
    objective: ClipObjective | None = field(default=None, repr=False)


def _no_progress(stage, step, total, message="", preview=None):
    return None


def _check_cancel(cancel: threading.Event | None, step: int, total: int) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(f"refinement cancelled after {step} of {total} steps")


def _to_uint8(image: torch.Tensor) -> np.ndarray:
    return (image.detach().clamp(0, 1).permute(1, 2, 0).cpu().numpy() * 255 + 0.5).astype(np.uint8)


def _project_group(x: dict[str, torch.Tensor], x0: dict[str, torch.Tensor], bound: float) -> bool:
    """Scale the change x - x0 of a parameter group so that its RMS over all entries is at most
    `bound` (in place); True when it had to."""
    if not x:
        return False
    rms = _rms(_flat(x), _flat(x0))
    if rms <= bound:
        return False
    for k in x:
        x[k].copy_(x0[k] + (x[k] - x0[k]) * (bound / rms))
    return True


def _sync(x: torch.Tensor) -> None:
    """Wait for queued GPU work, so that the per-stage timings are the stages' own."""
    if x.is_cuda:
        torch.cuda.synchronize(x.device)


def _rms(x: torch.Tensor, x0: torch.Tensor) -> float:
    return float((x - x0).pow(2).mean().sqrt()) if x.numel() else 0.0


def _flat(texture: dict[str, torch.Tensor]) -> torch.Tensor:
    return torch.cat([v.reshape(-1) for v in texture.values()]) if texture else torch.zeros(0)


@torch.no_grad()
def evaluate_views(objective: ClipObjective, scene: Scene, identity: torch.Tensor,
                   texture: dict[str, torch.Tensor], size: int,
                   views: dict[str, View] = EVALUATION_VIEWS) -> dict[str, float]:
    """Similarity (mean over phrases) in fixed, unaugmented views, for before/after comparison."""
    images = scene.render(scene.geometry(identity), scene.albedo(texture), list(views.values()), size)
    sims = objective.similarity(images).mean(1)
    return {name: float(s) for name, s in zip(views, sims)}


def refine(clip: ClipModel, phrases: list[str], scene: Scene, identity: torch.Tensor,
           texture: dict[str, torch.Tensor], settings: RefineSettings = RefineSettings(),
           progress: Progress = _no_progress, cancel: threading.Event | None = None) -> RefineOutcome:
    """Run the loop; raises Cancelled between steps when `cancel` is set."""
    s = settings.validated()
    _check_cancel(cancel, 0, s.steps)
    started = time.perf_counter()
    objective = ClipObjective(clip, phrases)
    a0 = identity.detach().clone()
    t0 = {k: v.detach().clone() for k, v in texture.items()}
    a = a0.clone().requires_grad_(True)
    t = {k: v.clone().requires_grad_(True) for k, v in t0.items()}
    groups = [{"params": [a], "lr": s.lr_identity}]
    if t:
        groups.append({"params": list(t.values()), "lr": s.lr_texture})
    optimiser = torch.optim.Adam(groups)
    bound_a = math.sqrt(LOSS_SPAN / s.lambda_identity)
    bound_t = math.sqrt(LOSS_SPAN / s.lambda_texture)
    rng = np.random.default_rng(s.seed)

    timings = dict.fromkeys(("setup", "model", "render_forward", "clip_forward", "clip_backward",
                             "render_backward", "optimiser", "evaluate"), 0.0)
    clock = time.perf_counter()
    timings["setup"] = clock - started  # text embeddings, optimiser
    progress("refine", 0, s.steps, f"scoring the starting head in {len(EVALUATION_VIEWS)} fixed views")
    before = evaluate_views(objective, scene, a0, t0, s.render_size)
    timings["evaluate"] += time.perf_counter() - clock

    history: list[dict[str, float]] = []
    projected = 0
    for step in range(s.steps):
        _check_cancel(cancel, step, s.steps)
        views = sample_views(rng, s.views_per_step, jitter=s.augment)
        c0 = time.perf_counter()
        vertices = scene.geometry(a)
        albedo = scene.albedo(t)
        c1 = time.perf_counter()
        images = scene.render(vertices, albedo, views, s.render_size)
        _sync(images)
        c2 = time.perf_counter()
        marks: list[float] = []
        # the gradient reaches the renders when CLIP's backward is done: splits the backward pass
        images.register_hook(lambda g: marks.append(_sync(g) or time.perf_counter()))
        clip_loss = objective.loss(images)
        reg = s.lambda_identity * (a - a0).pow(2).mean()
        if t:
            reg = reg + s.lambda_texture * (_flat(t) - _flat(t0)).pow(2).mean()
        loss = clip_loss + reg
        _sync(loss)
        c3 = time.perf_counter()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        _sync(loss)
        c4 = time.perf_counter()
        optimiser.step()
        if s.project:
            with torch.no_grad():
                hit_a = _project_group({"identity": a}, {"identity": a0}, bound_a)
                hit_t = _project_group(t, t0, bound_t)
            projected += int(hit_a or hit_t)
        with torch.no_grad():  # the RMS bound still lets one coefficient move ~8: stay a storable head
            a.clamp_(-IDENTITY_LIMIT, IDENTITY_LIMIT)
        c5 = time.perf_counter()
        mid = marks[0] if marks else c4
        timings["model"] += c1 - c0
        timings["render_forward"] += c2 - c1
        timings["clip_forward"] += c3 - c2
        timings["clip_backward"] += mid - c3
        timings["render_backward"] += c4 - mid
        timings["optimiser"] += c5 - c4
        row = {"clip": float(clip_loss.detach()), "reg": float(reg.detach()), "total": float(loss.detach())}
        history.append(row)
        preview = None
        if s.preview_every and ((step + 1) % s.preview_every == 0 or step + 1 == s.steps):
            # a steady front view on white for the user, not the step's random training views
            with torch.no_grad():
                shot = scene.render(scene.geometry(a), scene.albedo(t), [PREVIEW_VIEW], s.render_size)
            preview = _to_uint8(shot[0])
        progress("refine", step + 1, s.steps,
                 step_report(step + 1, s.steps, f"CLIP loss {row['clip']:.4f}, regulariser {row['reg']:.4f}"),
                 preview)

    progress("refine", s.steps, s.steps, f"scoring the refined head in {len(EVALUATION_VIEWS)} fixed views")
    clock = time.perf_counter()
    a_final = a.detach()
    t_final = {k: v.detach() for k, v in t.items()}
    after = evaluate_views(objective, scene, a_final, t_final, s.render_size)
    timings["evaluate"] += time.perf_counter() - clock

    tenth = max(1, s.steps // 10)
    status = RefineStatus(
        status="done", phrases=objective.phrases, clip_model=clip.name, clip_weights=clip.source,
        steps=s.steps, views_per_step=s.views_per_step,
        loss_first=float(np.mean([h["clip"] for h in history[:tenth]])),
        loss_last=float(np.mean([h["clip"] for h in history[-tenth:]])),
        similarity_before=before, similarity_after=after,
        identity_rms_change=_rms(a_final, a0), identity_bound=bound_a,
        texture_rms_change=_rms(_flat(t_final), _flat(t0)) if t else None,
        texture_bound=bound_t if t else None, projected_steps=projected,
        timings={k: round(v, 4) for k, v in timings.items()},
    )
    return RefineOutcome(
        identity=a_final.cpu().numpy().astype(np.float32),
        texture={k: v.cpu().numpy() for k, v in t_final.items()},
        status=status, history=history, objective=objective)
