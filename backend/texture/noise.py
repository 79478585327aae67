"""Seeded noise fields for the albedo: 3D value noise (seamless: evaluated at baked 3D positions),
2D detail noise in texel space (pores, freckles, stubble) and hair strands (directional streaks).

All functions take a `torch.Generator`, so one seed gives one reproducible person.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

HEAD_CENTRE = (0.0, -2.4, 2.0)  # cm, middle of the ICT head's bounding box
HEAD_HALF = 17.0  # cm, half the largest extent
TRILINEAR_STD = (2.0 / 3.0) ** 1.5  # std of trilinearly interpolated unit Gaussian lattice values


def normalised(pos: torch.Tensor) -> torch.Tensor:
    """(3, h, w) positions in cm -> (h, w, 3) in [-1, 1] for grid_sample."""
    c = torch.tensor(HEAD_CENTRE, dtype=pos.dtype).view(3, 1, 1)
    return ((pos - c) / HEAD_HALF).permute(1, 2, 0)


class Noise3D:
    """Trilinear value noise on random lattices (one per octave, coarse -> fine, amplitude * gain
    per octave), unit variance.  The lattices are drawn once, so every slot sampled from the same
    Noise3D sees the same field: seamless across UV seams."""

    def __init__(self, gen: torch.Generator, channels: int, cells: tuple[int, ...], gain: float = 0.6):
        self.octaves = []
        amp, var = 1.0, 0.0
        for c in cells:
            lattice = torch.randn(1, channels, c + 1, c + 1, c + 1, generator=gen)
            shift = (torch.rand(3, generator=gen) - 0.5) * (2.0 / c)  # break lattice alignment
            self.octaves.append((amp, lattice, shift))
            var += amp * amp
            amp *= gain
        self.norm = var ** 0.5

    def __call__(self, grid: torch.Tensor) -> torch.Tensor:
        """grid (h, w, 3) in [-1, 1] -> (channels, h, w)."""
        total = 0.0
        for amp, lattice, shift in self.octaves:
            g = (grid + shift).view(1, 1, *grid.shape[:2], 3)
            out = F.grid_sample(lattice, g, mode="bilinear", padding_mode="border", align_corners=True)[0, :, 0]
            total = total + amp * out
        # A fixed normalisation (not the sample's std): slots sampled separately must agree at seams.
        return total / (self.norm * TRILINEAR_STD)


def noise_2d(h: int, w: int, gen: torch.Generator, cell: float, channels: int = 1) -> torch.Tensor:
    """Bilinear value noise in texel space with features about `cell` texels wide: (channels, h, w)."""
    gh, gw = max(int(h / cell), 2), max(int(w / cell), 2)
    lattice = torch.randn(1, channels, gh, gw, generator=gen)
    if (gh, gw) == (h, w):
        return lattice[0]
    return F.interpolate(lattice, size=(h, w), mode="bilinear", align_corners=False)[0]


def streaks(h: int, w: int, gen: torch.Generator, direction: torch.Tensor, length: float,
            taps: int = 9) -> torch.Tensor:
    """Hair-like strands: white noise smeared along `direction` ((2, h, w) unit vectors in texel
    units, x right, y down) over `length` texels.  Returns (h, w), zero mean, unit variance."""
    noise = torch.randn(1, 1, h, w, generator=gen)
    ys = torch.linspace(-1 + 1 / h, 1 - 1 / h, h)
    xs = torch.linspace(-1 + 1 / w, 1 - 1 / w, w)
    base = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1)  # (h, w, 2) as (x, y)
    step = torch.stack([direction[0] * 2 / w, direction[1] * 2 / h], -1)  # texel -> normalised
    acc = torch.zeros(h, w)
    for k in range(taps):
        t = (k / (taps - 1) - 0.5) * length
        g = (base + t * step).unsqueeze(0)
        acc += F.grid_sample(noise, g, mode="bilinear", padding_mode="reflection", align_corners=False)[0, 0]
    return acc / acc.std().clamp_min(1e-6)
