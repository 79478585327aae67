"""Training losses (torch): attribute hinge on measurements, region-weighted L1, region triplet.

Attribute hinge: every stated attribute's score (z-scored measurement, see backend.measure) must lie
inside its value's quantile band by a margin; face_shape must be nearer its prototype than any other;
a value with aims (backend/shape/aims.py: on single measures, or on its whole score as gender's) must
also reach them, by the same margin.
"""
from __future__ import annotations

import numpy as np
import torch

from .. import measure as M
from ..schema import BY_NAME
from .aims import aim_tables, score_aim_tables
from .code import CODE_OPTIONS, IDENTITY_ATTRIBUTES, N_ATTR
from .lid_gap import lid_gap

SHAPE_COL = IDENTITY_ATTRIBUTES.index("face_shape")
BIG = 1e6


def band_tables(pop: M.Population) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) (N_ATTR, CODE_OPTIONS) score bands of each value; gender's score is negated so that
    index 0 ("male", high masculinity) is the low band like every other attribute."""
    lo = np.full((N_ATTR, CODE_OPTIONS), -BIG)
    hi = np.full((N_ATTR, CODE_OPTIONS), BIG)
    for a, name in enumerate(IDENTITY_ATTRIBUTES):
        if name == "face_shape":
            continue
        cuts = [-c for c in pop.cuts[name]] if name == "gender" else list(pop.cuts[name])
        for j in range(len(BY_NAME[name].values)):
            if j > 0:
                lo[a, j] = cuts[j - 1]
            if j < len(cuts):
                hi[a, j] = cuts[j]
    return lo, hi


def attribute_scores(z: torch.Tensor) -> torch.Tensor:
    """z-scored measures (B, M) -> (B, N_ATTR) scores in band_tables' convention (face_shape: 0)."""
    sc = M.scores(z)
    cols = []
    for name in IDENTITY_ATTRIBUTES:
        if name == "face_shape":
            cols.append(torch.zeros_like(z[:, 0]))
        else:
            cols.append(-sc[name] if name == "gender" else sc[name])
    return torch.stack(cols, 1)


class AttributeHinge(torch.nn.Module):
    """forward(landmarks (B,68,3), idx (B,N_ATTR) long, -1 = unstated) -> (B, N_ATTR) hinge >= 0."""

    def __init__(self, pop: M.Population, margin: float = 0.15, shape_margin: float = 0.4):
        super().__init__()
        lo, hi = band_tables(pop)
        score_lo, score_hi = score_aim_tables(pop, IDENTITY_ATTRIBUTES, CODE_OPTIONS)
        lo, hi = np.maximum(lo, score_lo), np.minimum(hi, score_hi)  # a score aim narrows the band
        self.register_buffer("lo", torch.tensor(lo, dtype=torch.float32))
        self.register_buffer("hi", torch.tensor(hi, dtype=torch.float32))
        self.register_buffer("mean", torch.tensor(pop.mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(pop.std, dtype=torch.float32))
        aim_lo, aim_hi = aim_tables(IDENTITY_ATTRIBUTES, CODE_OPTIONS)
        self.register_buffer("aim_lo", torch.tensor(aim_lo, dtype=torch.float32))
        self.register_buffer("aim_hi", torch.tensor(aim_hi, dtype=torch.float32))
        self.margin, self.shape_margin = margin, shape_margin

    def forward(self, landmarks: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        z = (M.measure(landmarks) - self.mean) / self.std
        s = attribute_scores(z)
        j = idx.clamp(min=0)
        ar = torch.arange(N_ATTR, device=idx.device)
        lo, hi = self.lo[ar, j], self.hi[ar, j]
        loss = torch.relu(lo + self.margin - s) + torch.relu(s - hi + self.margin)
        alo, ahi, zm = self.aim_lo[ar, j], self.aim_hi[ar, j], z[:, None, :]  # (B, N_ATTR, M)
        loss = loss + (torch.relu(alo + self.margin - zm) + torch.relu(zm - ahi + self.margin)).sum(-1)
        d = M.shape_distances(z)  # (B, 6)
        t = j[:, SHAPE_COL]
        dt = d.gather(1, t[:, None])
        others = torch.relu(dt - d + self.shape_margin)
        others = others.scatter(1, t[:, None], 0.0)
        loss = loss.clone()
        loss[:, SHAPE_COL] = others.sum(1) / 5.0
        return loss * (idx >= 0).to(loss.dtype)


def region_triplet(region_points: dict[str, torch.Tensor], idx: torch.Tensor,
                   region_attributes: dict[str, tuple[int, ...]], margin: float = 0.05,
                   max_points: int = 100) -> torch.Tensor:
    """Heads that state the same value of a region's attribute are pulled together in that region,
    heads with a different value pushed apart (mean positive vs mean negative distance per anchor)."""
    total = region_points[next(iter(region_points))].new_zeros(())
    count = 0
    for region, cols in region_attributes.items():
        pts = region_points[region]
        pts = pts[:, :: max(1, pts.shape[1] // max_points)]  # regions are random subsets: thin them
        pts = pts - pts.mean(1, keepdim=True)  # compare shapes, not positions
        flat = pts.reshape(pts.shape[0], -1)
        dist = torch.cdist(flat, flat) / (pts.shape[1] ** 0.5)
        for c in cols:
            v = idx[:, c]
            stated = v >= 0
            same = (v[:, None] == v[None, :]) & stated[:, None] & stated[None, :]
            same.fill_diagonal_(False)
            diff = (v[:, None] != v[None, :]) & stated[:, None] & stated[None, :]
            ok = same.any(1) & diff.any(1)
            if not bool(ok.any()):
                continue
            pos = (dist * same).sum(1) / same.sum(1).clamp(min=1)
            neg = (dist * diff).sum(1) / diff.sum(1).clamp(min=1)
            total = total + torch.relu(pos - neg + margin)[ok].mean()
            count += 1
    return total / max(count, 1)


def usage_matrix() -> np.ndarray:
    """(N_ATTR, M) 1 where an identity attribute's label depends on a measure."""
    use = np.zeros((N_ATTR, len(M.MEASURES)), np.float32)
    for a, name in enumerate(IDENTITY_ATTRIBUTES):
        if name == "face_shape":
            names = M.SHAPE_FEATURES
        elif name == "gender":
            names = [m for m, _ in M.GENDER_TERMS]
        elif name == "age":
            names = [m for m, _ in M.AGE_TERMS]
        else:
            names = [m for m, _ in M.ORDINAL_TERMS[name]]
        use[a, [M.IDX[m] for m in names]] = 1.0
    return use


class KeepUnstated(torch.nn.Module):
    """Measures no stated attribute depends on should stay as in the target (which keeps them as in
    the noise head): mean |z-score difference| over those measures.  Without it the regressor learns
    to pull unstated proportions towards the population middle."""

    def __init__(self, pop: M.Population):
        super().__init__()
        self.register_buffer("use", torch.tensor(usage_matrix()))
        self.register_buffer("mean", torch.tensor(pop.mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(pop.std, dtype=torch.float32))

    def per_head(self, landmarks: torch.Tensor, target_landmarks: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """(B,) the term of each head."""
        zp = (M.measure(landmarks) - self.mean) / self.std
        zt = (M.measure(target_landmarks) - self.mean) / self.std
        free = 1.0 - ((idx >= 0).to(zp.dtype) @ self.use).clamp(max=1.0)
        return ((zp - zt).abs() * free).sum(1) / zp.shape[1]

    def forward(self, landmarks: torch.Tensor, target_landmarks: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        return self.per_head(landmarks, target_landmarks, idx).mean()


def lid_gap_direction(model) -> torch.Tensor:
    """(K,) change of the closed lids' gap in front of the corneas per identity coefficient, in population
    standard deviations (backend/shape/lid_gap.py): `relu((z - x) @ it)` is how far an edit z -> x lowers it."""
    g = lid_gap(model)[1]
    return torch.tensor(g / np.linalg.norm(g), dtype=torch.float32)
