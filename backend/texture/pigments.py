"""Colour from pigments, in linear RGB reflectance (torch, differentiable).

Skin: Beer-Lambert absorption of melanin (epidermis), haemoglobin and carotene (dermis) over a
scattering base, R = base * exp(-(s_mel*melanin + s_hb*haemoglobin + s_car*carotene)).  The
coefficients are effective values for (R, G, B) ~ (610, 550, 465) nm: haemoglobin absorbs green and
blue, barely red; melanin absorbs more at short wavelengths; carotene absorbs blue.  Base and
coefficients were fitted once by least squares to six reference tones (very fair ... dark,
sRGB 244/220/205 ... 85/58/42); each tone then needs only a melanin level (and small
haemoglobin/carotene changes), see SKIN_TONES in params.py.

Hair: eumelanin (brown-black) and pheomelanin (red-yellow) absorbing over keratin; grey hair is a mix
of unpigmented strands (done per strand in the albedo).

Iris: a stroma that scatters blue (Tyndall) or grey (denser collagen), covered by melanin (brown) in
proportion to the melanin level, seen through lipochrome (yellow, absorbs blue): blue = little
melanin, green = little melanin + lipochrome, hazel = some melanin + lipochrome, brown = much melanin.
"""
from __future__ import annotations

import torch

SKIN_BASE = (0.965, 0.899, 0.821)
LIP_BASE = (0.74, 0.44, 0.60)  # fitted to natural / pale / red lips on fair skin
MELANIN_SCALE = 1.25  # parameter 0..1 -> concentration 0..1.25
SIGMA_MELANIN = (2.0, 2.42, 2.85)
SIGMA_HAEMOGLOBIN = (0.02, 1.0, 1.5)
SIGMA_CAROTENE = (0.0, 0.05, 1.0)

KERATIN = (0.85, 0.78, 0.65)
SIGMA_EUMELANIN = (2.0, 2.3, 2.6)
EUMELANIN_SCALE = 2.5
PHEOMELANIN_SCALE = 2.0
SIGMA_PHEOMELANIN = (0.4, 1.3, 2.5)

IRIS_BLUE_STROMA = (0.11, 0.23, 0.45)
IRIS_GREY_STROMA = (0.23, 0.27, 0.31)
IRIS_MELANIN = (0.09, 0.035, 0.012)
SIGMA_LIPOCHROME = (0.0, 0.03, 1.75)


def _vec(values, like: torch.Tensor) -> torch.Tensor:
    return torch.tensor(values, dtype=like.dtype, device=like.device)


def skin_optical_depth(melanin: torch.Tensor, haemoglobin: torch.Tensor, carotene: torch.Tensor) -> torch.Tensor:
    """Per-texel pigment maps (h, w) (or scalars) -> optical depth (3, h, w)."""
    m = melanin if melanin.dim() else melanin.view(1)
    sm = _vec(SIGMA_MELANIN, m).view(3, *([1] * m.dim()))
    sh = _vec(SIGMA_HAEMOGLOBIN, m).view_as(sm)
    sc = _vec(SIGMA_CAROTENE, m).view_as(sm)
    h = haemoglobin if haemoglobin.dim() else haemoglobin.view(1)
    c = carotene if carotene.dim() else carotene.view(1)
    od = sm * (MELANIN_SCALE * m) + sh * h + sc * c
    return od[:, 0] if melanin.dim() == 0 else od


def skin_reflectance(melanin, haemoglobin, carotene, lips=None) -> torch.Tensor:
    """Linear RGB reflectance (3, ...) of skin with the given pigment amounts.  `lips` (a 0..1 map)
    blends in the lip base: the vermilion's thin epidermis scatters less, so blood shows through."""
    od = skin_optical_depth(melanin, haemoglobin, carotene)
    base = _vec(SKIN_BASE, od).view(3, *([1] * (od.dim() - 1)))
    if lips is not None:
        base = base + lips * (_vec(LIP_BASE, od).view_as(base) - base)
    return base * torch.exp(-od)


def hair_colour(eumelanin: torch.Tensor, pheomelanin: torch.Tensor) -> torch.Tensor:
    """Linear RGB (3,) of pigmented hair (parameters 0..1, scaled to concentrations)."""
    return _vec(KERATIN, eumelanin) * torch.exp(-(_vec(SIGMA_EUMELANIN, eumelanin) * (EUMELANIN_SCALE * eumelanin)
                                                   + _vec(SIGMA_PHEOMELANIN, eumelanin) * (PHEOMELANIN_SCALE * pheomelanin)))


def iris_colour(melanin: torch.Tensor, lipochrome: torch.Tensor, grey: torch.Tensor) -> torch.Tensor:
    """Linear RGB of the iris stroma; arguments broadcast (scalars or maps with a leading 1 dim)."""
    blue, greys, mel = (_vec(v, melanin).view(3, *([1] * melanin.dim())) for v in
                        (IRIS_BLUE_STROMA, IRIS_GREY_STROMA, IRIS_MELANIN))
    stroma = blue + grey * (greys - blue)
    covered = stroma + melanin.clamp(0, 1) * (mel - stroma)
    return covered * torch.exp(-_vec(SIGMA_LIPOCHROME, melanin).view_as(blue) * lipochrome)


def to_srgb(linear: torch.Tensor) -> torch.Tensor:
    """Linear -> sRGB-encoded 0..1 (the gamma-2.2 approximation: one pow, smooth gradient)."""
    return linear.clamp(1e-4, 1.0).pow(1 / 2.2)


def from_srgb(encoded: torch.Tensor) -> torch.Tensor:
    return encoded.clamp(0.0, 1.0).pow(2.2)
