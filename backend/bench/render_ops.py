"""Diagnostic: how many tensor ops one renderer step dispatches, and from where.

At 256^2 on the CPU a good part of a step is per-op overhead (argument parsing, dispatch, output
allocation: a few microseconds each, whatever the tensor's size), so the count of dispatched ATen
ops is a figure of its own beside the time.  `python -m backend bench render_ops` runs the step of
`bench render` (ICT head, forward + backward w.r.t. vertices and a 1024^2 texture, antialias on)
once under a `TorchDispatchMode` that counts every op reaching the dispatcher (views included,
listed apart), attributed to the innermost `backend/render` function that called it.  Not a timing:
the mode's own overhead makes times inside it meaningless.
"""
from __future__ import annotations

HELP = "renderer: tensor ops dispatched per fwd+bwd step (per-call overhead), by function"

# ops that only make a new view of a tensor (cheap, but each is still a dispatched call)
_VIEWS = frozenset({"view", "select", "unbind", "expand", "slice", "squeeze", "unsqueeze", "t", "transpose",
                    "permute", "as_strided", "detach", "alias", "split", "_unsafe_view", "unfold",
                    "lift_fresh", "detach_"})


def add_arguments(p) -> None:
    p.add_argument("--resolutions", default="256", help="comma-separated square resolutions")
    p.add_argument("--view", default="three_quarter", help="standard view to time (camera.views names)")
    p.add_argument("--top", type=int, default=12, help="functions to list, most ops first")


def count_ops(step) -> tuple[dict, dict]:
    """Run `step()` once, counting the ops it dispatches -> ({"compute": n, "view": n},
    {"file.py:function": n}) (the innermost caller inside backend/render, else "other")."""
    import sys
    from collections import Counter
    from pathlib import Path

    from torch.utils._python_dispatch import TorchDispatchMode

    render_dir = str(Path(__file__).resolve().parents[1] / "render")
    kinds: Counter = Counter()
    where: Counter = Counter()

    class _Count(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            name = func.__name__.split(".")[0]
            kinds["view" if name in _VIEWS else "compute"] += 1
            f = sys._getframe(1)
            while f is not None and not f.f_code.co_filename.startswith(render_dir):
                f = f.f_back
            where[f"{Path(f.f_code.co_filename).name}:{f.f_code.co_name}" if f is not None else "other"] += 1
            return func(*args, **(kwargs or {}))

    with _Count():
        step()
    return dict(kinds), dict(where)


def run(args) -> int:
    import torch

    from ..render import views
    from .render import _mesh, _step_inputs

    dev = torch.device(args.device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        print("  CUDA requested but not available")
        return 1
    vertices, tris, uvs, uv_tris, name = _mesh()
    print(f"  mesh: {name}, {tris.shape[0]} triangles; view {args.view}; one fwd+bwd step after two warm-up steps")
    for res in [int(r) for r in args.resolutions.split(",")]:
        renderer, v, tex, uv, weights = _step_inputs(vertices, uvs, res, dev)
        cams = views((args.view,))

        def step():
            v.grad = tex.grad = None
            (renderer.render(v, tris, uv, uv_tris, tex, cams) * weights).sum().backward()

        for _ in range(2):  # (caches: topology, camera tables)
            step()
        kinds, where = count_ops(step)
        total = sum(kinds.values())
        print(f"  {res}^2: {total} ops dispatched per step ({kinds.get('compute', 0)} computing, "
              f"{kinds.get('view', 0)} views)")
        for loc, n in sorted(where.items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"    {n:5d}  {loc}")
    return 0
