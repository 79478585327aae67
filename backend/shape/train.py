"""`python -m backend train shape`: build the data set from the model, train the regressor, write
backend/shape/weights (or --out).  Deterministic for a seed and thread count on CPU."""
from __future__ import annotations

import argparse
import time

import numpy as np

HIDDEN = (384, 384)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m backend train shape", description=__doc__)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pairs", type=int, default=24000, help="(code, noise, target) training triples")
    p.add_argument("--pool", type=int, default=20000, help="labelled heads the codes are taken from")
    p.add_argument("--project-steps", type=int, default=60, help="Adam steps of the minimal-edit targets")
    p.add_argument("--steps", type=int, default=2000, help="optimizer steps of the regressor")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--hinge-weight", type=float, default=1.0)
    p.add_argument("--margin", type=float, default=0.15,
                   help="the hinge's margin inside a band (z-score units; 0.1 before aims: their larger edits "
                        "cost other stated attributes' bands more often)")
    p.add_argument("--triplet-weight", type=float, default=0.1)
    p.add_argument("--keep-weight", type=float, default=1.0, help="unstated measures stay as in the noise head")
    p.add_argument("--l1-weight", type=float, default=3.0)
    p.add_argument("--lid-weight", type=float, default=1.0,
                   help="edits must not push the eyeballs towards the closed lids (lid_gap.py): targets and regressor")
    p.add_argument("--project-keep", type=float, default=1.0,
                   help="targets of codes with aims (aims.py) keep the measures no stated attribute uses")
    p.add_argument("--threads", type=int, default=1,
                   help="torch threads (1 is fastest on a shared machine: no spinning on busy cores)")
    p.add_argument("--out", default=None, help="weights folder (default backend/shape/weights)")
    a = p.parse_args(argv)
    for name in ("pairs", "pool", "project_steps", "steps", "batch", "threads"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    return a


def main(argv=None) -> int:
    import torch

    from .. import measure as M
    from ..face_model import load_face_model
    from . import dataset as D
    from . import weights as W
    from .code import CODE_DIM, IDENTITY_ATTRIBUTES, encode_indices
    from .losses import AttributeHinge, KeepUnstated, lid_gap_direction, region_triplet
    from .model import ShapeModel
    from .regions import REGION_ATTRIBUTES, region_sets
    from .regressor import ShapeRegressor

    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    t0 = time.perf_counter()
    model = load_face_model()
    pop = M.population(model)
    data = D.build(model, pop, args.pairs, args.seed, pool=args.pool, steps=args.project_steps,
                   keep=args.project_keep, lid=args.lid_weight)
    t_data = time.perf_counter() - t0
    print(f"data: {args.pairs} targets in {t_data:.1f} s; stated per code {np.mean(data.idx >= 0) * 14:.2f}, "
          f"targets missing a stated attribute: {np.mean(data.unmet > 0):.2%}")

    regions = region_sets(model)
    ids = regions.all_ids()
    base = torch.tensor(model.neutral[ids].reshape(-1), dtype=torch.float32)
    basis = torch.tensor(model.identity_basis[:, ids].reshape(model.identity_basis.shape[0], -1))
    spans, s = {}, 0
    for name, v in regions.ids.items():
        spans[name] = slice(s, s + len(v))
        s += len(v)
    wsum = sum(regions.weights.values())
    cols = {r: tuple(IDENTITY_ATTRIBUTES.index(a) for a in attrs) for r, attrs in REGION_ATTRIBUTES.items()}

    code = torch.tensor(encode_indices(data.idx))
    idx = torch.tensor(data.idx)
    z = torch.tensor(data.z)
    target = torch.tensor(data.target)
    net = ShapeRegressor(CODE_DIM, z.shape[1], HIDDEN, model.identity_basis.shape[0])
    hinge = AttributeHinge(pop, margin=args.margin, shape_margin=2 * args.margin)
    keep = KeepUnstated(pop)
    gap = lid_gap_direction(model)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.05)
    gen = torch.Generator().manual_seed(args.seed)
    n = len(z)
    order, pos = torch.randperm(n, generator=gen), 0
    log = {}
    for step in range(args.steps):
        if pos + args.batch > n:
            order, pos = torch.randperm(n, generator=gen), 0
        b = order[pos:pos + args.batch]
        pos += args.batch
        pred = net(code[b], z[b])
        verts = (base + pred @ basis).reshape(len(b), -1, 3)
        with torch.no_grad():
            tverts = (base + target[b] @ basis).reshape(len(b), -1, 3)
        l1 = sum(w * (verts[:, spans[r]] - tverts[:, spans[r]]).abs().mean()
                 for r, w in regions.weights.items()) / wsum
        h = hinge(verts[:, spans["landmarks"]], idx[b]).sum(1).mean()
        tri = region_triplet({r: verts[:, spans[r]] for r in REGION_ATTRIBUTES}, idx[b], cols)
        kp = keep(verts[:, spans["landmarks"]], tverts[:, spans["landmarks"]], idx[b])
        lid = torch.relu((z[b] - pred) @ gap).mean()
        loss = (args.l1_weight * l1 + args.hinge_weight * h + args.triplet_weight * tri + args.keep_weight * kp
                + args.lid_weight * lid)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 200 == 0 or step == args.steps - 1:
            log = {"step": step, **{k: float(v.detach()) for k, v in
                                    (("loss", loss), ("l1_cm", l1), ("hinge", h), ("triplet", tri),
                                     ("keep", kp), ("lid", lid))}}
            print(" ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in log.items()),
                  flush=True)

    tensors = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    config = {"noise_dim": int(z.shape[1]), "hidden": list(HIDDEN), "n_identity": int(basis.shape[0]),
              "measures": list(M.MEASURES), "population": {"size": M.POPULATION_SIZE, "seed": M.POPULATION_SEED},
              "train": {k: v for k, v in vars(args).items() if k != "out"}, "final": log,
              "seconds": round(time.perf_counter() - t0, 1)}
    # Held-out check with the numpy inference path (fresh seed, same code distribution).
    rng = np.random.default_rng(args.seed + 7919)
    _, labels = D.label_pool(model, pop, 5000, rng)
    hidx = D.random_codes(labels, 2000, rng)
    hz = rng.standard_normal((2000, z.shape[1])).astype(np.float32)
    check = ShapeModel(tensors, config)
    miss = D.unmet_count(model, pop, check.predict(hidx, hz), hidx)
    stated = int((hidx >= 0).sum())
    config["heldout_satisfaction"] = round(1.0 - float(miss.sum()) / max(stated, 1), 4)
    cfg_path, st_path = W.save(args.out if args.out is not None else W.DEFAULT_DIR, tensors, config)
    print(f"held-out attribute satisfaction {config['heldout_satisfaction']:.2%} over {stated} stated attributes")
    print(f"wrote {cfg_path} and {st_path} ({st_path.stat().st_size / 1e6:.2f} MB) in {config['seconds']:.0f} s")
    return 0
