"""The hair mesh's colour as a differentiable function of the head's hair texture parameters (torch).

`backend/hair/texture.py`'s `hair_albedo` is numpy: per texel, the colour is
    srgb = clip(base * shade + sheen, 1e-4, 1) ** (1 / 2.2),  base = pig + white_share * (WHITE_HAIR - pig)
where `pig` is the pigmented colour of hair_eumelanin and hair_pheomelanin (pigments.hair_colour, the function the
painted scalp uses), `white_share` the share of white strands that hair_grey makes, and `shade`, `sheen` and the
strand selector are noise fixed by the seed.  Here the noise maps are made once, the same way and in the same order
as `hair_albedo` draws them (hair/texture.py's public `strand_maps` and `strand_shade`), and the colour is evaluated in torch from the parameter tensors, so refinement moves the
hair mesh's colour with the painted scalp's (the same parameters: one colour).  `tests/test_refine_hair_colour.py`
checks it against `hair_albedo` (within one uint8 level) and its gradient against finite differences; refinement
checks it once per head (`levels_off`) and keeps the colour fixed, saying so, if the two ever part.
Coverage (alpha) does not depend on the parameters and stays the mesh's own.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

# the texture parameters `hair_albedo` reads, in the order `HairColour.__call__` takes them
COLOUR_PARAMS: tuple[str, ...] = ("hair_eumelanin", "hair_pheomelanin", "hair_grey")
# The mesh's albedo is square tiles side by side, each a hair_albedo: the scalp hair's, and a beard mesh's
# (hair/beard.py's beard_albedo: the beard's pigments and grey, another seed).  Per tile: (the texture parameters in
# COLOUR_PARAMS' order, seed offset).  Which layout a mesh has is found by matching its albedo (`match`).
TILES: dict[str, tuple[tuple[str, ...], int]] = {
    "hair": (COLOUR_PARAMS, 0), "beard": (("beard_eumelanin", "beard_pheomelanin", "beard_grey"), 7919)}
LAYOUTS: tuple[tuple[str, ...], ...] = (("hair",), ("hair", "beard"), ("beard",))
# at most this many uint8 levels between hair_albedo and this copy (float32 rounding at a level's edge)
MAX_LEVELS_OFF = 1
_LOW = 1e-4  # hair_albedo's floor of the linear colour


class _Srgb(torch.autograd.Function):
    """clip(x, 1e-4, 1) ** (1 / 2.2), its backward from the output (one multiply, not a second pow: the colour is
    evaluated on every texel of the hair's tile each step)."""

    @staticmethod
    def forward(ctx, linear):
        out = linear.clamp(_LOW, 1.0).pow(1 / 2.2)
        ctx.save_for_backward(linear, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        linear, out = ctx.saved_tensors
        inside = (linear > _LOW) & (linear < 1.0)
        return torch.where(inside, grad * out / (2.2 * linear), torch.zeros((), dtype=grad.dtype))


class HairColour:
    """seed, size -> callable (eumelanin, pheomelanin, grey) 0-d tensors -> (rows, size, 3) sRGB in 0..1, row 0 =
    top (v = 1), as hair_albedo's RGB (rows = size, or fewer for `resized(rows)`)."""

    def __init__(self, seed: int, size: int, curly: bool = False):
        from ..hair.texture import strand_maps, strand_shade  # the hair package's own noise: the same maps

        maps = strand_maps(seed, size, curly)
        shade, sheen = strand_shade(maps)
        select = maps["select"]
        self.curly = curly
        self.size = size
        self.shade = torch.as_tensor(shade.astype(np.float32))
        self.sheen = torch.as_tensor(sheen.astype(np.float32))
        self.select = torch.as_tensor(select.astype(np.float32))

    def resized(self, rows: int) -> "HairColour":
        """The same colour with its maps area-resized to `rows` rows (the tile the renders sample: the strands run
        along v, so neighbouring rows hold nearly the same values and the colour of the mean is the mean colour to
        within a level; the written hair is drawn at full size by hair_albedo)."""
        out = object.__new__(HairColour)
        out.size, out.curly = self.size, self.curly
        for name in ("shade", "sheen", "select"):
            m = getattr(self, name)[None, None]
            mode = "area" if rows <= m.shape[2] else "bilinear"
            setattr(out, name, F.interpolate(m, size=(rows, self.size), mode=mode)[0, 0].contiguous())
        return out

    def white_share(self, grey: torch.Tensor) -> torch.Tensor | None:
        """(rows, size) share of white strands per texel, or None at grey 0: hair_albedo draws none there (its value
        jumps at 0), so the gradient there is 0 and a head without grey keeps none, as the painted scalp does (its
        white share is flat below 0.005)."""
        if float(grey.detach()) <= 0.0:
            return None
        cut = torch.special.ndtri(1.0 - grey.clamp(0.005, 0.995))
        share = torch.sigmoid((self.select.to(grey.dtype) - cut) * 4.0)
        return grey + 0.6 * (share - grey)  # a texel holds several strands: part of it is the mean mix

    def __call__(self, eumelanin: torch.Tensor, pheomelanin: torch.Tensor, grey: torch.Tensor) -> torch.Tensor:
        from ..texture.parametric import WHITE_HAIR
        from ..texture.pigments import hair_colour

        dtype = eumelanin.dtype
        pig = hair_colour(eumelanin, pheomelanin.to(dtype))
        shade = self.shade.to(dtype)[..., None]
        share = self.white_share(grey.to(dtype))
        if share is None:
            linear = torch.addcmul(self.sheen.to(dtype)[..., None], shade, pig)
        else:
            base = pig + share[..., None] * (torch.tensor(WHITE_HAIR, dtype=dtype) - pig)
            linear = torch.addcmul(self.sheen.to(dtype)[..., None], shade, base)
        return _Srgb.apply(linear)

    def levels_off(self, params, rgba: np.ndarray) -> int:
        """Largest difference in uint8 levels between this colour at `params` (texture params mapping) and a hair
        albedo's RGB (h, w, 3|4) drawn from them."""
        with torch.no_grad():
            rgb = self(*(torch.tensor(float(params[k]), dtype=torch.float32) for k in COLOUR_PARAMS))
        mine = (rgb * 255 + 0.5).to(torch.uint8).numpy().astype(np.int16)
        return int(np.abs(mine - np.asarray(rgba)[..., :3].astype(np.int16)).max())


def match(params, seed: int, albedo: np.ndarray) -> tuple[tuple[str, ...] | None, list[HairColour], int | None]:
    """The layout (LAYOUTS) whose colour at `params` is the mesh's `albedo` (h, n * h, 3|4) to within MAX_LEVELS_OFF:
    -> (layout, its tiles' HairColour, levels off), or (None, [], the fewest levels off of the right width; None
    when no layout has its width).  The scalp hair's tile may be straight or curly (hair/texture.py's strand_maps:
    an afro's or curly hair's coils): both are tried; a beard's is straight."""
    h, w = np.asarray(albedo).shape[:2]
    best = None
    for layout in LAYOUTS:
        if len(layout) * h != w:
            continue
        for curly in ((False, True) if "hair" in layout else (False,)):
            ports = [HairColour(seed + TILES[t][1], h, curly=curly and t == "hair") for t in layout]
            off = max(port.levels_off(dict(zip(COLOUR_PARAMS, (params[k] for k in TILES[t][0]))),
                                      albedo[:, i * h:(i + 1) * h]) for i, (t, port) in enumerate(zip(layout, ports)))
            if off <= MAX_LEVELS_OFF:
                return layout, ports, off
            best = off if best is None else min(best, off)
    return None, [], best


class LiveHairColour:
    """The hair mesh's colour during refinement: `image(texture, rows)` -> (rows, n * size, 3), its tiles side by
    side, from the loop's free texture parameters (and the fixed ones), through `params` (texture -> {name: 0-d
    tensor}, clamped to 0..1 as the albedo clamps them).  `free`: the colour parameters the loop may move."""

    def __init__(self, layout: tuple[str, ...], ports: list[HairColour], params: Callable[[dict], dict],
                 free: tuple[str, ...]):
        self.layout, self.ports, self.params, self.free = layout, ports, params, free
        self._tiles: dict[int, list[HairColour]] = {}

    @property
    def names(self) -> tuple[str, ...]:
        """The texture parameters the colour reads."""
        return tuple(k for t in self.layout for k in TILES[t][0])

    def image(self, texture: dict[str, torch.Tensor], rows: int) -> torch.Tensor:
        if rows not in self._tiles:
            self._tiles[rows] = [p if rows == p.size else p.resized(rows) for p in self.ports]
        p = self.params(texture)
        return torch.cat([port(*(p[k] for k in TILES[t][0])) for t, port in zip(self.layout, self._tiles[rows])], 1)
