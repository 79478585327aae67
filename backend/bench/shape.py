"""Benchmark: code -> identity coefficients -> vertices, one head warm and a batch of 64 (CPU goals:
<= 20 ms per head, <= 200 ms per batch of 64)."""
from __future__ import annotations

HELP = "shape synthesis: code -> coefficients -> vertices (1 head, batch of 64)"


def add_arguments(p) -> None:
    p.add_argument("--weights", default=None, help="shape weights (default backend/shape/weights)")


def run(args) -> int:
    import numpy as np
    import torch

    from ..face_model import FaceModelModule, blend, load_face_model
    from ..shape import ShapeModel
    from ..shape.code import values_to_indices
    from ._report import Report

    rep = Report("shape", args)
    model = load_face_model()
    shape = ShapeModel.load(getattr(args, "weights", None))
    concrete = {"gender": "female", "face_shape": "heart", "nose_width": "narrow", "eye_size": "big",
                "lip_thickness": "full"}
    rep.time("sample_identity, 1 head", lambda: shape.sample_identity(concrete, seed=1))
    rep.time("code -> coefficients -> vertices (numpy), 1 head",
             lambda: blend(model, shape.sample_identity(concrete, seed=1)))
    from ..shape.lids import lid_check

    lids = lid_check(model)
    lids.shown(np.zeros((1, 100), np.float32))  # (its first call builds the renderer's tables)
    one = shape.sample_identity(concrete, seed=1)
    rep.time("closed-lid check (backend/shape/lids.py), 1 head", lambda: lids.shown(one))
    rep.time("the pipeline's draw: sample_identity with every check (measures + closed lids), 1 head",
             lambda: shape.sample_identity(concrete, seed=1, verify=model, accept=lambda x: lids.shown(x) == 0))
    idx = np.repeat(values_to_indices(concrete)[None], 64, 0)
    z = shape.noise(3, 64)
    rep.time("regressor, batch of 64", lambda: shape.predict(idx, z))
    rep.time("code -> coefficients -> vertices (numpy einsum), batch of 64",
             lambda: blend(model, shape.predict(idx, z)))
    dev = torch.device(args.device)
    mod = FaceModelModule(model).to(dev)

    def torch_batch():
        with torch.no_grad():
            mod(torch.from_numpy(shape.predict(idx, z)).to(dev))
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)

    rep.time(f"code -> coefficients -> vertices (torch {dev.type}), batch of 64", torch_batch)
    print(f"  torch threads: {torch.get_num_threads()}")
    rep.finish()
    return 0
