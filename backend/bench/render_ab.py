"""Benchmark: this tree's renderer against another revision's, side by side in one process.

`python -m backend bench render_ab --against REV` exports `backend/` of git revision REV (or takes
the `backend/` package of a folder), imports it as a package of its own beside this tree's, and
times the same step as `bench render` (ICT head, three-quarter view, forward + backward w.r.t.
vertices and a 1024^2 texture, antialias on) alternating the two step by step, in alternating
order.  The machine's speed drifts by several percent with other processes' load within minutes;
alternating steps in one process cancels most of that, so two rounds of the renderer are compared
by the paired median difference (new - old) rather than by two separate `bench render` runs.
`--against HEAD` on a clean checkout (two copies of one renderer) shows the harness's own spread:
differences within about 0.3 ms at 256^2 are noise.  After the timing, one step of each says whether
the two give bit-identical images and vertex and texture gradients (or how far apart they are).
"""
from __future__ import annotations

HELP = "renderer of this tree vs a git revision's (or a folder's), alternating steps in one process"
IN_ALL = False  # needs --against: `bench all` leaves it out


def add_arguments(p) -> None:
    p.add_argument("--against", required=True,
                   help="git revision of this checkout (e.g. HEAD~3, a tag) or a folder holding a backend/ package")
    p.add_argument("--resolutions", default="256,512", help="comma-separated square resolutions")
    p.add_argument("--view", default="three_quarter", help="standard view to time (camera.views names)")
    p.add_argument("--parts", action="store_true",
                   help="also time two parts of both trees alone, on inputs captured from this tree's step: the "
                        "occlusion test (visibility._unoccluded) and the texture lookup fwd+bwd (texture._Bilinear)")


def capture_parts(pkg, step) -> dict:
    """Runs `step()` with `pkg`'s (a `backend.render` package) `visibility._unoccluded` and
    `texture._Bilinear.apply` wrapped -> {"unoccluded": args, "bilinear": args} of their last calls
    (the z-buffer cloned: the second draw writes into it afterwards).  The wrappers are removed after."""
    import importlib

    vis = importlib.import_module(pkg.__name__ + ".visibility")
    tex = importlib.import_module(pkg.__name__ + ".texture")
    got = {}
    un, apply = vis._unoccluded, tex._Bilinear.apply

    def rec_un(zbuf, *rest):
        got["unoccluded"] = (zbuf.clone(), *rest)
        return un(zbuf, *rest)

    def rec_apply(*a):
        got["bilinear"] = a
        return apply(*a)

    own = "apply" in vars(tex._Bilinear)  # (else it is inherited from autograd.Function)
    vis._unoccluded, tex._Bilinear.apply = rec_un, rec_apply
    try:
        step()
    finally:
        vis._unoccluded = un
        if own:
            tex._Bilinear.apply = apply
        else:
            del tex._Bilinear.apply
    return got


def part_steps(pkg, got: dict) -> dict:
    """{name: step} of `pkg`'s parts on the captured inputs `got` (see `capture_parts`)."""
    import importlib

    import torch

    vis = importlib.import_module(pkg.__name__ + ".visibility")
    tex = importlib.import_module(pkg.__name__ + ".texture")
    t, uv, batch, size = got["bilinear"]
    t, uv = t.detach().requires_grad_(), uv.detach().requires_grad_()
    weights = torch.rand(uv.shape[0], t.shape[-1], generator=torch.Generator().manual_seed(0)).to(t)

    def bilinear():
        t.grad = uv.grad = None
        (tex._Bilinear.apply(t, uv, batch, size) * weights).sum().backward()
        return t.grad, uv.grad

    return {"occlusion test": lambda: (vis._unoccluded(*got["unoccluded"]),), "texture fwd+bwd": bilinear}


def _export(against: str, dest):
    """The other tree's `backend/` folder, copied into `dest` (a temporary folder)."""
    import shutil
    import subprocess
    from pathlib import Path

    from ..cli import UserError

    here = Path(__file__).resolve().parents[2]
    folder = Path(against).expanduser()
    if folder.is_dir():
        src = folder / "backend"
        if not (src / "render" / "__init__.py").is_file():
            raise UserError(f"{folder} holds no backend/render package to compare against")
        shutil.copytree(src, dest / "backend", ignore=shutil.ignore_patterns("__pycache__"))
        return dest / "backend"
    if against.startswith("-") or not against.strip():
        raise UserError(f"--against must be a git revision or a folder, got {against!r}")
    if not (here / ".git").exists():
        raise UserError(f"{against!r} is not a folder, and {here} is not a git checkout to take a revision from")
    archive = subprocess.run(["git", "archive", "--format=tar", against, "backend"], cwd=here, capture_output=True)
    if archive.returncode != 0:
        msg = archive.stderr.decode(errors="replace").strip().splitlines()
        raise UserError(f"git could not export backend/ at {against!r}: {msg[-1] if msg else 'unknown error'}")
    untar = subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, capture_output=True)
    if untar.returncode != 0:
        raise UserError(f"could not unpack the export of {against!r}: {untar.stderr.decode(errors='replace').strip()}")
    return dest / "backend"


def _import_copy(backend_dir, name: str):
    """`backend_dir` imported as the package `name` (its modules import each other relatively)."""
    import importlib
    import shutil
    import sys

    root = backend_dir.parent / "pkgs"
    shutil.copytree(backend_dir, root / name)
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"{name}.render")
    finally:
        sys.path.remove(str(root))


def run(args) -> int:
    import tempfile
    import time
    import uuid
    from pathlib import Path

    import numpy as np
    import torch

    from .. import render as new
    from .render import _mesh

    against = args.against
    dev = torch.device(args.device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        print("  CUDA requested but not available")
        return 1
    sync = (lambda: torch.cuda.synchronize(dev)) if dev.type == "cuda" else (lambda: None)
    # CPU time beside wall time: at one torch thread the calling thread's CPU time counts the work
    # and not the waits, so it stays comparable on a loaded host (with more threads, the process's)
    one = torch.get_num_threads() == 1
    clock = time.thread_time if one else time.process_time
    clock_name = "thread CPU time" if one else "process CPU time (all threads, spinning included)"
    with tempfile.TemporaryDirectory(prefix="textface-ab-") as tmp:
        old = _import_copy(_export(against, Path(tmp)), f"textface_ab_{uuid.uuid4().hex[:8]}")
        vertices, tris, uvs, uv_tris, name = _mesh()
        print(f"  mesh: {name}; this tree against {against!r}; steps alternate, order swapped every step")
        for res in [int(r) for r in args.resolutions.split(",")]:
            v = torch.tensor(vertices, device=dev, requires_grad=True)
            tex = torch.full((1024, 1024, 3), 0.6, device=dev, requires_grad=True)
            uv = torch.tensor(uvs, device=dev)
            weights = torch.rand(1, res, res, 3, device=dev)
            steps = []
            for mod in (old, new):
                renderer = mod.Renderer(mod.RenderSettings(resolution=res, antialias=True))
                cams = mod.views((args.view,))

                def step(renderer=renderer, cams=cams):
                    v.grad = tex.grad = None
                    image = renderer.render(v, tris, uv, uv_tris, tex, cams)
                    (image * weights).sum().backward()
                    sync()
                    return image.detach()

                steps.append(step)
            for step in steps:
                for _ in range(3):
                    step()
            times, cpu = ([], []), ([], [])
            for i in range(args.repeat):
                for k in ((0, 1) if i % 2 == 0 else (1, 0)):
                    c, t = clock(), time.perf_counter()
                    steps[k]()
                    times[k].append(time.perf_counter() - t)
                    cpu[k].append(clock() - c)
            a, b = (1e3 * np.asarray(t) for t in times)
            print(f"  {res}^2 fwd+bwd, 1 view: {against} median {np.median(a):.2f} ms "
                  f"(p25 {np.percentile(a, 25):.2f}), this tree median {np.median(b):.2f} ms "
                  f"(p25 {np.percentile(b, 25):.2f}); "
                  f"paired median difference {np.median(b - a):+.2f} ms (n={args.repeat})")
            a, b = (1e3 * np.asarray(t) for t in cpu)
            print(f"  {res}^2 the same steps' {clock_name}: {against} median {np.median(a):.2f} ms, this tree "
                  f"{np.median(b):.2f} ms; paired median difference {np.median(b - a):+.2f} ms")
            # the same results?  (an optimisation that should change nothing is checked bit for bit)
            results = [(step(), v.grad.clone(), tex.grad.clone()) for step in steps]
            same = [torch.equal(x, y) for x, y in zip(*results)]
            if all(same):
                print(f"  {res}^2 image, vertex and texture gradients: bit-identical")
            else:
                worst = [float((x.double() - y.double()).abs().max()) for x, y in zip(*results)]
                print(f"  {res}^2 image, vertex and texture gradients differ: largest |difference| "
                      + ", ".join(f"{w:.3g}" for w in worst))
            if getattr(args, "parts", False):
                got = capture_parts(new, steps[1])
                parts = [part_steps(mod, got) for mod in (old, new)]
                for label in parts[0]:
                    pa, pb = parts[0][label], parts[1][label]
                    same = all(torch.equal(x, y) for x, y in zip(pa(), pb()))
                    cpu = ([], [])
                    for i in range(4 * args.repeat):
                        for k in ((0, 1) if i % 2 == 0 else (1, 0)):
                            c = clock()
                            (pa, pb)[k]()
                            cpu[k].append(clock() - c)
                    a, b = (1e3 * np.asarray(t) for t in cpu)
                    print(f"  {res}^2 part {label}, {clock_name}: {against} median {np.median(a):.3f} ms, this tree "
                          f"{np.median(b):.3f} ms; paired median difference {np.median(b - a):+.3f} ms "
                          f"(n={4 * args.repeat}; {'bit-identical' if same else 'RESULTS DIFFER'})")
    return 0
