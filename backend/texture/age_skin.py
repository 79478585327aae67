"""Age in the skin's colour and lines (params version 12): age_skin and wrinkle_depth (backend/texture/parametric.py).

Before, skin kept a young person's colour at any age, so a very old fair face was a smooth pale pink (the lines were a
faint noise of a few L*).  With age, real skin (photo- and chrono-ageing) turns a little sallower (yellower: glycation
and elastosis; AGE_YELLOW as carotene's optical depth), its pigment uneven (mottled hyperpigmentation beside the
lentigines: AGE_MELANIN, modulated by the seed's low-frequency tone field), mildly red on the cheeks and nose
(telangiectasia: AGE_REDNESS) while the diffuse blood flow falls a little (AGE_PALLOR), and the lips lose redness
(AGE_LIP_FADE).  Nothing makes it paler overall: the added melanin and carotene outweigh the diffuse pallor.
The changes grow from AGE_START (age ~ years / 100) to full at AGE_FULL.

Creases (age_lines.py's maps): the valley darkened by CREASE_DARK and the rims lightened by CREASE_LIGHT, both times
wrinkle_depth, the lines' strength wandering along them with the seed's tone field (so they break up and differ
between people).

age_cues (params version 15): before, nothing of age showed below ~40 (the lines from 35, at a depth of 0 there; the
colour from 40): a woman of 35 had the skin of one of 20, one of 45 barely a line.  The lines that come first
(age_lines' "crease_early": crow's feet, nasolabial shading, a faint line under each eye) now deepen from EARLY_AGES[0]
to EARLY_DEPTH at EARLY_AGES[1] where wrinkle_depth is shallower, and the pigment's mottle starts at EARLY_AGES[0]
(EARLY_MOTTLE of the full age's at EARLY_AGES[1]).  None at 30.
"""
from __future__ import annotations

import torch

AGE_START, AGE_FULL = 0.4, 0.85
AGE_YELLOW = 0.12  # carotene-like optical depth added at full age (b* ~ +4 on fair skin)
AGE_MELANIN = (0.012, 0.03)  # melanin added at full age: base + share of the skin's own, times the mottle
AGE_MOTTLE = 1.2  # the mottle's contrast (of the unit tone field)
AGE_REDNESS = 0.3  # haemoglobin added on the cheeks and nose at full age (share of the skin's own per unit mask)
AGE_PALLOR = 0.1  # share of the diffuse haemoglobin lost at full age
AGE_LIP_FADE = 0.4  # share of the lips' extra blood lost at full age
CREASE_DARK = 0.42  # linear albedo lost at a crease's valley at wrinkle_depth 1
CREASE_LIGHT = 0.1  # gained on its rims
EARLY_AGES = (0.3, 0.45)  # age_cues: from none at 30 to full at 45
EARLY_DEPTH = 0.55  # the first lines' depth at EARLY_AGES[1] (wrinkle_depth there: ~0.15)
EARLY_MOTTLE = 0.35  # the mottle's share of the full age's at EARLY_AGES[1]


def ageing(p: dict) -> torch.Tensor:
    """0..1: how far the skin's colour has aged (0 up to AGE_START, 1 from AGE_FULL), times age_skin."""
    return ((p["age"] - AGE_START) / (AGE_FULL - AGE_START)).clamp(0.0, 1.0) * p["age_skin"]


def aged_pigments(p: dict, g: dict, n, mel: torch.Tensor, hb: torch.Tensor, lips: torch.Tensor):
    """(melanin, haemoglobin, carotene) maps of aged skin from the young ones (`hb` includes the lips' extra blood,
    `lips` the lips' mask times lip_contrast)."""
    a = ageing(p)
    mottle = (1.0 + AGE_MOTTLE * n.tone[0]).clamp(min=0.0)
    uneven = a if float(p["age_cues"]) <= 0.0 else torch.maximum(a, EARLY_MOTTLE * early(p))  # (version 15)
    mel = mel + uneven * (AGE_MELANIN[0] + AGE_MELANIN[1] * p["melanin"]) * mottle * (1.0 - lips)
    lip_blood = p["haemoglobin"] * lips * 3.0 * p["lip_tint"]
    # version 18 (cheek_soft): the redness of age spread over the cheek (~1.6 times wider), not a round spot
    cheek, nose = g["cheek"], g["nose"]
    if float(p["cheek_soft"]) > 0.0:
        cheek = cheek + p["cheek_soft"] * (cheek.clamp(min=1e-6) ** 0.4 - cheek)
    red = (cheek + 0.8 * nose).clamp(max=1.0) * (1.0 + 0.25 * n.tone[1]).clamp(min=0.0)
    hb = (hb - lip_blood) * (1.0 - AGE_PALLOR * a + AGE_REDNESS * a * red) + lip_blood * (1.0 - AGE_LIP_FADE * a)
    car = (p["carotene"] + AGE_YELLOW * a) * (1.0 - lips)
    return mel, hb, car


def creases(x: torch.Tensor, p: dict, g: dict, n) -> torch.Tensor:
    """Age lines over the linear albedo x (3, h, w) of a skin slot, as deep as wrinkle_depth."""
    vary = 0.55 + 0.45 * torch.sigmoid(2.5 * n.tone[1] + 1.0)  # deeper and fainter stretches
    k = p["wrinkle_depth"] * vary * (1.0 - g["lips"])
    return x * (1.0 - CREASE_DARK * k * g["crease"]) * (1.0 + CREASE_LIGHT * k * g["crease_rim"])


def early(p: dict) -> torch.Tensor:
    """0..1: how far the first signs of age have come (age_cues, params version 15): 0 up to EARLY_AGES[0]."""
    return ((p["age"] - EARLY_AGES[0]) / (EARLY_AGES[1] - EARLY_AGES[0])).clamp(0.0, 1.0) * p["age_cues"]


def early_creases(x: torch.Tensor, p: dict, g: dict, n) -> torch.Tensor:
    """The first age lines over x (after `creases`): as deep as EARLY_DEPTH * early(p) where wrinkle_depth is less."""
    vary = 0.55 + 0.45 * torch.sigmoid(2.5 * n.tone[1] + 1.0)  # (as creases': the same stretches)
    k = (EARLY_DEPTH * early(p) - p["wrinkle_depth"]).clamp(min=0.0) * vary * (1.0 - g["lips"])
    return x * (1.0 - CREASE_DARK * k * g["crease_early"])
