"""Training data built from the model itself, reproducible from a seed.

1. A pool of heads with identity ~ N(0, 1), measured and labelled (backend.measure).
2. Codes: a pool head's labels with a random subset stated (so codes are combinations real heads have).
3. Noise z ~ N(0, 1) (100-d, identity space) paired with each code; the target is the minimal edit
   of z that holds every stated attribute: argmin ||x - z||^2 + hinge(x, code), solved by Adam on
   the landmarks (cheap).  With nothing stated the target is z itself, so unstated attributes vary
   as in the population, and different noise gives different heads.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .. import measure as M
from .aims import aimed
from .code import IDENTITY_ATTRIBUTES, N_ATTR
from .losses import AttributeHinge, KeepUnstated, lid_gap_direction


@dataclass
class ShapeData:
    z: np.ndarray  # (N, K) float32 noise
    idx: np.ndarray  # (N, N_ATTR) int64 stated value indices, -1 = unstated
    target: np.ndarray  # (N, K) float32 identity coefficients
    unmet: np.ndarray  # (N,) int: stated attributes the target still misses


def label_pool(model, pop: M.Population, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    coeffs = rng.standard_normal((n, model.identity_basis.shape[0]))
    lab = M.label_indices(M.measure(M.landmarks_for(model, coeffs)), pop)
    return coeffs.astype(np.float32), np.stack([lab[a] for a in IDENTITY_ATTRIBUTES], 1).astype(np.int64)


def random_codes(labels: np.ndarray, n: int, rng: np.random.Generator, p_max: float = 0.6) -> np.ndarray:
    """Codes from random pool heads: each attribute stated with a per-code probability in [0, p_max]."""
    rows = labels[rng.integers(0, len(labels), n)]
    p = rng.uniform(0.0, p_max, (n, 1))
    stated = rng.random((n, N_ATTR)) < p
    return np.where(stated, rows, -1)


def project(model, pop: M.Population, z: np.ndarray, idx: np.ndarray, steps: int = 150, lr: float = 0.05,
            closeness: float = 0.02, margin: float = 0.25, chunk: int = 8192, keep: float = 0.0,
            lid: float = 0.0) -> np.ndarray:
    """Minimal edit of z holding the stated attributes (see module doc).  Deterministic on CPU.

    keep: weight of keeping the measures no stated attribute uses as in the noise head (losses.KeepUnstated),
    for codes stating a value with aims (aims.py): their edits are several standard deviations and take
    correlated features along ("hooked" thinned the lips and narrowed the eyes); band-edge edits are left
    as they were (keeping everywhere cost other attributes' degree words);
    lid: weight of not lowering the closed lids' gap in front of the corneas (lid_gap.py)."""
    base, basis = (torch.tensor(a, dtype=torch.float32) for a in M.landmark_basis(model))
    basis = basis.reshape(basis.shape[0], -1)
    hinge = AttributeHinge(pop, margin=margin, shape_margin=2 * margin)
    keeper, gap = KeepUnstated(pop), lid_gap_direction(model)
    out = []
    for s in range(0, len(z), chunk):
        z0 = torch.tensor(z[s:s + chunk])
        ix = torch.tensor(idx[s:s + chunk])
        keep_w = keep * torch.tensor(aimed(idx[s:s + chunk], IDENTITY_ATTRIBUTES), dtype=torch.float32)
        lm0 = base + (z0 @ basis).reshape(len(z0), -1, 3)
        x = z0.clone().requires_grad_(True)
        opt = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            lm = base + (x @ basis).reshape(len(x), -1, 3)
            loss = hinge(lm, ix).sum(1) + closeness * ((x - z0) ** 2).sum(1)
            if keep:
                loss = loss + keep_w * keeper.per_head(lm, lm0, ix)
            if lid:
                loss = loss + lid * torch.relu((z0 - x) @ gap)
            loss.sum().backward()
            opt.step()
        out.append(x.detach().numpy())
    return np.concatenate(out).astype(np.float32)


def unmet_count(model, pop: M.Population, coeffs: np.ndarray, idx: np.ndarray) -> np.ndarray:
    lab = M.label_indices(M.measure(M.landmarks_for(model, coeffs)), pop)
    got = np.stack([lab[a] for a in IDENTITY_ATTRIBUTES], 1)
    return ((got != idx) & (idx >= 0)).sum(1)


def build(model, pop: M.Population, n: int, seed: int, pool: int = 20000, steps: int = 150, keep: float = 0.0,
          lid: float = 0.0) -> ShapeData:
    rng = np.random.default_rng(seed)
    _, labels = label_pool(model, pop, pool, rng)
    idx = random_codes(labels, n, rng)
    z = rng.standard_normal((n, model.identity_basis.shape[0])).astype(np.float32)
    target = project(model, pop, z, idx, steps=steps, keep=keep, lid=lid)
    return ShapeData(z=z, idx=idx, target=target, unmet=unmet_count(model, pop, target, idx))
