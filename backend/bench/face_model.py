"""Benchmark: cached model load, batched blend of 64 heads (numpy and torch), OBJ write."""
from __future__ import annotations

HELP = "ICT model load, batch-64 evaluation, OBJ write"


def add_arguments(p) -> None:
    return None


def run(args) -> int:
    import tempfile
    import time
    from pathlib import Path

    import numpy as np
    import torch

    from ..face_model import FaceModelModule, blend, load_face_model, model_path
    from ..face_model.model import _load_cached
    from ..io.obj import write_obj
    from ._report import Report

    rep = Report("face_model", args)
    loads = []
    for _ in range(3):
        _load_cached.cache_clear()  # measure the file load, not the in-process cache
        t = time.perf_counter()
        model = load_face_model()
        loads.append(time.perf_counter() - t)
    rep.add("model load from the npz cache", loads)
    print(f"  model file: {model_path()} ({model_path().stat().st_size / 1e6:.0f} MB)")
    ident = np.random.default_rng(0).normal(size=(64, 100)).astype(np.float32)
    rep.time("blend 64 heads, numpy einsum", lambda: blend(model, ident))
    dev = torch.device(args.device)
    mod = FaceModelModule(model).to(dev)
    x = torch.tensor(ident, device=dev)

    def torch_blend():
        with torch.no_grad():
            mod(x)
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)

    rep.time(f"blend 64 heads, torch {dev.type}", torch_blend)
    v = blend(model, ident[:1])[0]
    with tempfile.TemporaryDirectory() as tmp:
        rep.time("OBJ write (26,719 v, UVs, quads)", lambda: write_obj(
            Path(tmp) / "h.obj", v, model.face_vertices, model.face_offsets, model.uvs, model.face_uv_indices,
            "head.mtl"), repeat=min(args.repeat, 5))
    rep.finish()
    return 0
