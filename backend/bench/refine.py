"""Benchmark: CLIP refinement, 100 steps x 3 views of 224 px, ViT-B-32-sized CLIP with random weights.

Target: <= 75 s on 2 CPU cores, <= 10 s on a GPU.  Prints the per-step breakdown: render (forward and
the backward below the renders, which includes blend and albedo backward), CLIP (forward and backward
to the pixels), and the rest (blend/albedo forward, regulariser, Adam); once per run: the text
embeddings and the before/after evaluation.
Random weights cost exactly what trained ones do; the figures say nothing about quality.
Shorter runs: `python -m backend.bench.refine --steps 20` (per-step costs are scaled to 100 steps).
"""
from __future__ import annotations

HELP = "CLIP refinement speed: 100 steps x 3 views at 224 px, ViT-B-32 (random weights)"
TARGET_S = {"cpu": 75.0, "cuda": 10.0}


def add_arguments(p) -> None:
    p.add_argument("--steps", type=int, default=100, help="refinement steps (shorten for a quick look)")
    p.add_argument("--views", type=int, default=3, help="views per step")
    p.add_argument("--size", type=int, default=224, help="render size in pixels")
    p.add_argument("--clip-model", default="ViT-B-32", help="open_clip config (random weights)")


def run(args) -> int:
    import os
    import time

    import numpy as np
    import torch

    from ..face_model import FaceModelModule, load_face_model
    from ..refine.head import resolve_device
    from ..refine.loop import RefineSettings, refine
    from ..refine.registry import build_clip
    from ..refine.scene import FaceScene
    from ..refine.texture import bench_texture_problem
    from ._report import Report

    # the options of add_arguments, with their defaults where the dispatcher did not parse them
    for name, default in (("steps", 100), ("views", 3), ("size", 224), ("clip_model", "ViT-B-32")):
        if not hasattr(args, name):
            setattr(args, name, default)
    device = resolve_device(args.device)
    rep = Report("refine", args)
    model = load_face_model()
    clip = build_clip(args.clip_model, device)
    problem = bench_texture_problem(model, device)
    scene = FaceScene(FaceModelModule(model), model, None, problem.uvs, problem.face_uv_indices,
                      problem.albedo_fn, device)
    identity = torch.as_tensor(np.random.default_rng(0).normal(0, 0.5, 100).astype(np.float32))
    settings = RefineSettings(steps=args.steps, views_per_step=args.views, render_size=args.size)
    # warm-up: topology caches, first-call allocations (not counted, as in a long-running service)
    refine(clip, ["kind"], scene, identity, problem.params, RefineSettings(
        steps=1, views_per_step=args.views, render_size=args.size, preview_every=0))
    if device == "cuda":
        torch.cuda.synchronize()
    t, cpu = time.perf_counter(), time.process_time()
    out = refine(clip, ["looks kind and wise", "a movie star"], scene, identity, problem.params, settings)
    if device == "cuda":
        torch.cuda.synchronize()
    total = time.perf_counter() - t
    cpu = time.process_time() - cpu
    tm = out.status.timings
    n = args.steps
    render = tm["render_forward"] + tm["render_backward"]
    clip_s = tm["clip_forward"] + tm["clip_backward"]
    once = tm["setup"] + tm["evaluate"]  # not per step: kept out of the per-step rest
    rest = total - once - render - clip_s
    print(f"  {n} steps x {args.views} views at {args.size} px, {args.clip_model} (random weights), "
          f"{device}, {torch.get_num_threads()} threads, load average {os.getloadavg()[0]:.2f}")
    print(f"  texture: {problem.note}")
    print(f"  process CPU time {cpu:.1f} s for {total:.1f} s wall ({cpu / total:.2f} cores busy on average; "
          f"well below {torch.get_num_threads()} means the machine was shared)")
    rep.add("total refinement", total, steps=n)
    rep.add("per step: render fwd+bwd", render / n)
    rep.add("per step:   render forward", tm["render_forward"] / n)
    rep.add("per step:   render backward (incl. blend/albedo)", tm["render_backward"] / n)
    rep.add("per step: CLIP fwd+bwd", clip_s / n)
    rep.add("per step:   CLIP forward", tm["clip_forward"] / n)
    rep.add("per step:   CLIP backward", tm["clip_backward"] / n)
    rep.add("per step: rest", rest / n)
    rep.add("per step:   blend + albedo forward", tm["model"] / n)
    rep.add("per step:   Adam + projection", tm["optimiser"] / n)
    rep.add("once: text embeddings + optimiser set-up", tm["setup"])
    rep.add("once: before/after evaluation (2 x 5 fixed views)", tm["evaluate"])
    target = TARGET_S.get(device.split(":")[0])
    if target is not None:
        scaled = once + (total - once) * 100 / n  # per-step costs scaled to 100 steps
        verdict = "meets" if scaled <= target else "MISSES"
        print(f"  {verdict} the target: {scaled:.1f} s for 100 steps (target <= {target:.0f} s on {device})")
    rep.finish()
    return 0


def main(argv=None) -> int:
    """`python -m backend.bench.refine [--steps N] ...`: this target with its own options (the shared
    `python -m backend bench` dispatcher passes only --device/--repeat/--json)."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m backend.bench.refine", description=HELP)
    p.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    p.add_argument("--repeat", type=int, default=1, help="unused (one timed run of all steps)")
    p.add_argument("--json", dest="json_out", default=None, help="also append results to this JSON file")
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
