"""Diagnostic: where a renderer step's CPU time goes, by stage, counted in thread CPU time.

`python -m backend bench render_stages` runs the step of `bench render` (ICT head, forward + backward
w.r.t. vertices and a 1024^2 texture, antialias on) at ONE torch thread and adds up, per stage, the
CPU time of the calling thread (`time.thread_time`) inside the render stage functions and the
backward passes of the hand-written autograd nodes.  Thread CPU time counts the work done, not the
waits: on a shared host wall time at two threads is dominated by parallel regions waiting for the
second thread (`bench render`'s thread pair), so this is the figure that stays comparable under
load (it still grows with cache and memory contention).  Nested stages are listed inside their
parent (`_draw` inside `visible` inside `rasterize`); FORWARD / BACKWARD are the whole step's halves.
"""
from __future__ import annotations

HELP = "renderer: CPU time per stage of a fwd+bwd step (1 thread, thread CPU time)"
IN_ALL = False  # a diagnostic, not a target

# (module under backend.render, function names looked up there at call time)
STAGES = (
    ("renderer", ("rasterize", "normal_rows", "interpolate_fragments", "sample", "shade", "antialias_flat")),
    ("rasterize", ("visible", "barycentrics")),
    ("visibility", ("_draw", "_unoccluded")),
    ("antialias", ("_silhouette_pairs",)),
)
NODES = (("rasterize", "_Barycentrics"), ("normals", "_VertexNormals"), ("interpolate", "_Interpolate"),
         ("texture", "_Bilinear"), ("shading", "_Lambert"), ("antialias", "_Antialias"))


def add_arguments(p) -> None:
    p.add_argument("--resolutions", default="256", help="comma-separated square resolutions")
    p.add_argument("--view", default="three_quarter", help="standard view to time (camera.views names)")


def stage_times(step, repeat: int, clock=None) -> dict:
    """Run `step()` `repeat` times with the render stages wrapped -> {stage: seconds per step}
    (the wrappers are removed afterwards, also on an error)."""
    import importlib
    import time
    from collections import defaultdict

    clock = clock or time.thread_time
    acc: dict = defaultdict(float)
    undo = []

    def timed(fn, label):
        def wrapper(*a, **k):
            c = clock()
            try:
                return fn(*a, **k)
            finally:
                acc[label] += clock() - c
        return wrapper

    try:
        for mod_name, names in STAGES:
            mod = importlib.import_module(f"backend.render.{mod_name}")
            for name in names:
                fn = getattr(mod, name)
                undo.append((mod, name, fn))
                setattr(mod, name, timed(fn, name))
        for mod_name, cls_name in NODES:
            cls = getattr(importlib.import_module(f"backend.render.{mod_name}"), cls_name)
            fn = cls.__dict__["backward"]
            undo.append((cls, "backward", fn))
            cls.backward = staticmethod(timed(fn.__func__, f"{cls_name} backward"))
        for _ in range(repeat):
            c = clock()
            loss = step()
            acc["FORWARD"] += clock() - c
            c = clock()
            loss.backward()
            acc["BACKWARD"] += clock() - c
    finally:
        for owner, name, fn in reversed(undo):
            setattr(owner, name, fn)
    return {k: v / max(repeat, 1) for k, v in acc.items()}


def run(args) -> int:
    import os

    import torch

    from ..render import views
    from .render import _mesh, _step_inputs

    dev = torch.device(args.device)
    if dev.type != "cpu":
        print("  render_stages counts CPU time: run it with --device cpu")
        return 1
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        vertices, tris, uvs, uv_tris, name = _mesh()
        load = os.getloadavg()[0]
        print(f"  mesh: {name}; view {args.view}; 1 torch thread; thread CPU ms per step, mean of {args.repeat} "
              f"steps after 3 warm-up steps; load average {load:.2f}")
        for res in [int(r) for r in args.resolutions.split(",")]:
            renderer, v, tex, uv, weights = _step_inputs(vertices, uvs, res, dev)
            cams = views((args.view,))

            def step():
                v.grad = tex.grad = None
                return (renderer.render(v, tris, uv, uv_tris, tex, cams) * weights).sum()

            for _ in range(3):
                step().backward()
            times = stage_times(step, args.repeat)
            print(f"  {res}^2: forward {1e3 * times['FORWARD']:.2f} ms, backward {1e3 * times['BACKWARD']:.2f} ms")
            for label, s in sorted(times.items(), key=lambda kv: -kv[1]):
                if label not in ("FORWARD", "BACKWARD"):
                    print(f"    {1e3 * s:7.2f}  {label}")
    finally:
        torch.set_num_threads(before)
    return 0
