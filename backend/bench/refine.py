"""Benchmark: CLIP refinement, 100 steps x 3 views of 224 px, ViT-B-32-sized CLIP with random weights.

Target: <= 75 s on 2 CPU cores, <= 10 s on a GPU.  Prints the per-step breakdown: render (forward and
the backward below the renders, which includes blend and albedo backward), CLIP (forward and backward
to the pixels), and the rest (blend/albedo forward, regulariser, Adam); once per run: the text
embeddings and the before/after evaluation.
The head has a hair mesh (shoulder-length loose hair, ~15k triangles; `--hair none` for a bald head), and the
hair's share of the per-step render is measured after the run: render forward + backward with and without the hair
on the same views, alternating, so a load change hits both alike.
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
    p.add_argument("--hair", default="shoulder", help="the head's hair length (backend/hair), or none")
    p.add_argument("--hair-pairs", type=int, default=10, help="alternating with/without-hair renders for its share")


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
    for name, default in (("steps", 100), ("views", 3), ("size", 224), ("clip_model", "ViT-B-32"), ("hair", "shoulder"),
                          ("hair_pairs", 10)):
        if not hasattr(args, name):
            setattr(args, name, default)
    device = resolve_device(args.device)
    rep = Report("refine", args)
    model = load_face_model()
    clip = build_clip(args.clip_model, device)
    identity = torch.as_tensor(np.random.default_rng(0).normal(0, 0.5, 100).astype(np.float32))
    hair = _hair(model, identity.numpy(), args.hair)
    problem = bench_texture_problem(model, device, hair_mesh=hair)
    t = time.perf_counter()
    scene = FaceScene(FaceModelModule(model), model, None, problem.uvs, problem.face_uv_indices,
                      problem.albedo_fn, device, hair=hair, hair_colour=problem.hair_colour,
                      hair_colour_note=problem.hair_colour_note)
    scene_s = time.perf_counter() - t
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
    if scene.hair is None:
        print("  hair: none (bald head)")
    else:
        h = scene.hair
        print(f"  hair: {args.hair} loose, {h.n_drawn} of {h.n_triangles} triangles drawn (alpha test), "
              f"{h.n_vertices} vertices; scene set-up {scene_s * 1000:.0f} ms")
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
    if scene.hair is not None and args.hair_pairs > 0:
        bald = FaceScene(FaceModelModule(model), model, None, problem.uvs, problem.face_uv_indices,
                         problem.albedo_fn, device)
        with_hair, without, cpu_with, cpu_without = _render_pairs(scene, bald, identity, problem.params, args)
        share = with_hair - without
        rep.add("hair: per step render fwd+bwd with hair (paired)", with_hair)
        rep.add("hair: per step render fwd+bwd without hair (paired)", without)
        rep.add("hair: its share of the per-step time", share)
        print(f"  hair's share: +{share * 1000:.1f} ms per step wall ({100 * share / (total / n):.1f}% of the "
              f"{total / n * 1000:.0f} ms step; render {without * 1000:.0f} -> {with_hair * 1000:.0f} ms), process CPU "
              f"{cpu_without * 1000:.0f} -> {cpu_with * 1000:.0f} ms (+{100 * (cpu_with / cpu_without - 1):.0f}%); "
              f"medians of {args.hair_pairs} alternating pairs, load average {os.getloadavg()[0]:.2f}")
    target = TARGET_S.get(device.split(":")[0])
    if target is not None:
        scaled = once + (total - once) * 100 / n  # per-step costs scaled to 100 steps
        verdict = "meets" if scaled <= target else "MISSES"
        print(f"  {verdict} the target: {scaled:.1f} s for 100 steps (target <= {target:.0f} s on {device})")
    rep.finish()
    return 0


def _hair(model, identity, length: str):
    """The bench head's hair mesh (loose, straight, seed 0) or None for "none"."""
    if length == "none":
        return None
    from ..hair.mesh import build_hair
    from ..hair.style import HairStyle, HairStyleError
    from ..texture.params import TextureParams

    try:
        style = HairStyle.from_dict({"length": length})
    except HairStyleError as e:
        raise SystemExit(f"bench refine: --hair: {e}") from None
    return build_hair(model, identity, TextureParams().to_dict(), style, 0)


def _render_pairs(hairy, bald, identity, texture, args) -> tuple[float, float, float, float]:
    """Median seconds of one step's render forward + backward (to identity and texture, as in the loop) with and
    without the hair, on the same random views, alternating: wall with, wall without, process CPU with, without
    (CPU time is less inflated than wall time when other jobs share the cores)."""
    import statistics
    import time

    import numpy as np

    from ..refine.views import sample_views

    rng = np.random.default_rng(1)
    times: dict[int, list[float]] = {0: [], 1: []}
    cpu: dict[int, list[float]] = {0: [], 1: []}
    for i in range(args.hair_pairs + 1):  # the first pair warms the bald scene's caches
        views = sample_views(rng, args.views)
        for k, scene in enumerate((hairy, bald)):
            a = identity.clone().requires_grad_(True)
            t = {name: v.detach().clone().requires_grad_(True) for name, v in texture.items()}
            vertices, albedo = scene.geometry(a), scene.albedo(t)
            start, cpu_start = time.perf_counter(), time.process_time()
            scene.render(vertices, albedo, views, args.size).mean().backward()
            if i:
                times[k].append(time.perf_counter() - start)
                cpu[k].append(time.process_time() - cpu_start)
    return tuple(statistics.median(x[k]) for x in (times, cpu) for k in (0, 1))


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
