"""Scalp hair painted into the albedo: a dense, close-cropped hair look where hair grows (scalp.py).

Per seed, `scalp_noise` draws the hairs of one person (fine strands along the growth direction, grey
selectors, the short hairs of a shaved head, an uneven hairline); `paint_scalp` lays them over the skin
with the TextureParams: scalp_hair (how densely hair grows), scalp_length (0: a shaved head's stubble,
1: cropped hair that covers), hairline_recession (0 full hairline, 0.5 receded M, 1 horseshoe),
crown_thinning (male pattern) and top_thinning (female pattern: diffuse over the top along a widening centre
part, the frontal hairline kept) and hair_grain (grey hairs in tufts, scalp_grain.py).  At scalp_hair 0 every texel
stays as it was (the bald heads of params version <= 7).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .noise import Noise3D, normalised
from .scalp_cuts import rows
from .scalp_cuts import scalp_length as cut_length
from .scalp import WHORL, growth
from .scalp_grain import grain_fade, raw_grain
from .scalp_grain import white_share as tuft_white_share

STRAND_CM = 0.05  # cm: texels this small show single strands at full contrast; larger ones average several
HAIRLINE_SOFT = 0.3  # cm: width of the density ramp at the hairline (the noise makes it uneven)
HAIRLINE_WANDER = 0.25  # cm: how far the hairline wanders (3D noise of ~1.5 and ~0.4 cm features)
DIRECTION_JITTER = 0.3  # of a unit direction: seamless 3D noise turning the hairs by up to ~20 degrees
SHEEN = 0.012  # linear albedo a bright strand adds (visible on dark hair, little on fair)
COVERED_OPACITY = 1.5  # of the even hair under a covering, per unit of density (the cropped hair's: 1.5 * rho)
SILVER_SHEEN = 0.06  # ... and per unit of hair_silver on its white strands (params version 17): silver's lustre
GRAIN_SHADE = 0.12  # shade per unit of the tuft field where strands do not resolve (hair_grain 1)
CROWN_RADIUS = (1.0, 4.5)  # cm: the thinning crown's radius at crown_thinning 0+ and 1
# cm of hairline softness per cm of texel footprint (scalp_filter 1): a texel averages the hair over its own
# size, and near the face/back seam over the coarser back tile's, so both tiles see the same soft hairline
FOOTPRINT_SOFT = 1.5
# Female-pattern thinning (top_thinning): the frontal band that keeps its density (cm inside the full hairline),
# the centre part's half-width (cm) at top_thinning 0+ and 1, and the share lost away from the part
LUDWIG_FRONT = 1.8
LUDWIG_PART = (0.3, 1.1)
LUDWIG_DIFFUSE = 0.5
# sparse_hair (params version 12): the opacity of one hair, how sharply the strand field is cut into hairs, how fast
# their count rises with the density, the white hairs' lift and the skin's shade between thin hairs
SPARSE_OPACITY = 0.95
SPARSE_SHARP = 4.0
SPARSE_COUNT = 7.0
SPARSE_CUT = 2.6  # (strands at 7 * 0.3 - 2.6: ~35 % of a texel's hairs show at density 0.3, all from ~0.6)
SPARSE_WHITE_LIFT = 0.3
SPARSE_SHADE = 0.3
# Grey at the temples (temple_grey, params version 19): where the temples' share of grey lies, head cm (x to the side,
# y up, z forward; scalp.py's HAIRLINE): the sides forward of the ears, from the sideburns up to the temple corners,
# each edge a logistic of the given scale, so the grey blends into the pigmented hair above and behind over ~2-3 cm.
# (|x| from, scale), (z from, scale), (y up to, scale); set by hand against HAIRLINE's temple and sideburn points.
TEMPLE_ZONE = ((4.5, 0.6), (1.0, 0.8), (8.5, 0.7))


@dataclass(frozen=True, eq=False)
class ScalpNoise:
    """Fields over one box of a skin slot's scalp, (h, w) each."""

    strands: torch.Tensor  # fine strands along the growth direction, ~unit variance where texels resolve them
    resolve: torch.Tensor  # 0..1: how far the texels resolve single strands (less on the coarse back tile)
    grey: torch.Tensor  # per-strand grey selector, unit variance (the strands: white hairs are the bright ones)
    stubble: torch.Tensor  # 0..1 cover of the short hairs of a shaved head
    wander: torch.Tensor  # cm added to the hairline's signed distance: an uneven, seamless border
    crown: torch.Tensor  # cm from the crown whorl, with its own wander
    lock_tint: torch.Tensor  # ~1: hair lying in slightly lighter and darker locks (seamless 3D noise)
    tint: torch.Tensor  # ~1: each strand's shade
    sheen: torch.Tensor  # >= 0: the cuticle's sheen on the brighter strands and locks
    footprint: torch.Tensor  # cm the texel averages over: its own size, near the seam the back tile's
    # the 3D fields again at the island borders' extended positions (fields.py), blended in with scalp_filter
    wander_border: torch.Tensor
    lock_tint_border: torch.Tensor
    # tufts of grey hair (scalp_grain.py, hair_grain): the tuft part of each hair's grey selector (~N(0, 1 - sd^2))
    # and the std of each hair's own part; (K, h, w) raw octaves and their fades until seeded.py normalises them
    grain: torch.Tensor | None = None
    grain_sd: torch.Tensor | None = None
    grain_fine: torch.Tensor | None = None  # the same with finer tufts (grey_strands, params version 15)
    grain_fine_sd: torch.Tensor | None = None
    grain_octaves: torch.Tensor | None = None
    grain_fade: torch.Tensor | None = None


def _texel_directions(pos: torch.Tensor, direction: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """3D directions (3, h, w) -> unit texel-space directions (2, h, w) (x right, y down) through the UV
    map's Jacobian, and each texel's size in cm."""
    dc = torch.gradient(pos, dim=2)[0]
    dr = torch.gradient(pos, dim=1)[0]
    t = torch.from_numpy(direction)
    a, b, c = (dc * dc).sum(0), (dc * dr).sum(0), (dr * dr).sum(0)
    e, f = (dc * t).sum(0), (dr * t).sum(0)
    det = a * c - b * b
    ok = det > 1e-12
    det = torch.where(ok, det, torch.ones_like(det))
    u = torch.where(ok, (c * e - b * f) / det, torch.zeros_like(det))
    v = torch.where(ok, (a * f - b * e) / det, torch.ones_like(det))
    d = torch.stack([u, v])
    size = 0.5 * (a.sqrt() + c.sqrt())
    return d / d.norm(dim=0, keepdim=True).clamp_min(1e-6), size


def scalp_boxes(mask: torch.Tensor, margin: int) -> list[tuple[int, int, int, int]]:
    """Disjoint boxes (r0, r1, c0, c1) covering `mask` (h, w): a band across the top of its extent and
    one box per run of columns below it, the split row chosen for the least area (on the face tile the
    scalp is a band over the forehead and two strips down the sides: half the area of one bounding box)."""
    m = mask.numpy() if isinstance(mask, torch.Tensor) else np.asarray(mask)
    rows = np.nonzero(m.any(1))[0]
    if len(rows) == 0:
        return []
    h, w = m.shape
    lo, hi = max(int(rows[0]) - margin, 0), min(int(rows[-1]) + margin + 1, h)

    def cols(part):  # column runs (with the margin) of the mask rows in `part`
        on = np.convolve(part.any(0), np.ones(2 * margin + 1), "same") > 0
        edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
        return list(zip(edges[::2].tolist(), edges[1::2].tolist()))

    best, best_area = [(lo, hi, c0, c1) for c0, c1 in cols(m[lo:hi])], None
    for split in range(lo, hi + 1, max((hi - lo) // 32, 1)):
        boxes = [(lo, split, c0, c1) for c0, c1 in cols(m[lo:split])] if split > lo else []
        for c0, c1 in cols(m[split:hi]) if split < hi else []:
            r = np.nonzero(m[split:hi, c0:c1].any(1))[0]
            if len(r):
                boxes.append((split, min(split + int(r[-1]) + margin + 1, hi), c0, c1))
        area = sum((r1 - r0) * (c1 - c0) for r0, r1, c0, c1 in boxes)
        if best_area is None or area < best_area:
            best, best_area = boxes, area
    return best


def _lic(noise: torch.Tensor, box, direction: torch.Tensor, length: float, taps: int) -> torch.Tensor:
    """Line integral of the slot's white noise (h, w) along `direction` (2, bh, bw) over `length` texels, at
    the texels of `box`: the same values whichever box a texel is computed in (unnormalised)."""
    r0, r1, c0, c1 = box
    h, w = noise.shape
    m = int(np.ceil(length / 2)) + 2
    R0, R1, C0, C1 = max(r0 - m, 0), min(r1 + m, h), max(c0 - m, 0), min(c1 + m, w)
    src = noise[R0:R1, C0:C1][None, None]
    hh, ww = R1 - R0, C1 - C0
    ys = (2.0 * (torch.arange(r0, r1) - R0) + 1.0) / hh - 1.0
    xs = (2.0 * (torch.arange(c0, c1) - C0) + 1.0) / ww - 1.0
    base = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1)  # (bh, bw, 2) as (x, y)
    step = torch.stack([direction[0] * 2.0 / ww, direction[1] * 2.0 / hh], -1)
    acc = torch.zeros(r1 - r0, c1 - c0)
    for k in range(taps):
        t = (k / (taps - 1) - 0.5) * length
        acc += F.grid_sample(src, (base + t * step)[None], mode="bilinear", padding_mode="reflection",
                             align_corners=False)[0, 0]
    return acc


def texel_cm(pos: torch.Tensor, mask: torch.Tensor) -> float:
    """Median texel size (cm) of a slot's positions (3, h, w) where `mask`."""
    size = _texel_directions(pos, np.zeros((3, 1, 1), np.float32))[1]
    return float(size[mask].median()) if bool(mask.any()) else 0.0


def _locks(locks3d: Noise3D, p: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Locks: 3D noise smeared along the hair (seamless, coarse enough for the back tile's texels)."""
    return sum(locks3d(normalised(p + s * t))[0] for s in (-0.5, 0.0, 0.5)) / 1.6


def scalp_noise(pos: torch.Tensor, seam: torch.Tensor, mask: torch.Tensor, gen: torch.Generator,
                field3d: Noise3D, locks3d: Noise3D, coarse: float = 0.0,
                border: torch.Tensor | None = None, grain3d: tuple = ()) -> tuple[tuple[tuple, ScalpNoise], ...]:
    """The scalp fields of one slot where `mask` says hair may grow, as (box, fields) pairs (none when the
    slot has no scalp).  `gen`, `field3d` and `locks3d` are the scalp's own (the 3D noise shared by the
    slots: seamless), so the skin's other draws stay as they were.  `coarse`: the texel size (cm) of the
    coarser tile across the face/back seam, the footprint both tiles filter to there; `border`: the slot's
    positions with the island borders extended (default `pos`); `grain3d`: the octaves of scalp_grain.py (their own
    generator's), none to leave the grain out."""
    border = pos if border is None else border
    h = pos.shape[1]
    boxes = scalp_boxes(mask, max(h // 128, 2))
    white = torch.randn(2, *pos.shape[1:], generator=gen)  # strands, short hairs: one draw for the slot
    parts = []
    for box in boxes:
        r0, r1, c0, c1 = box
        p = pos[:, r0:r1, c0:c1]
        base = field3d(normalised(p))  # (5, h, w): hairline wander, crown wander, direction jitter
        d3 = growth(p.numpy()) + DIRECTION_JITTER * base[2:].numpy()  # hairs do not all lie quite parallel
        d2, texel = _texel_directions(p, d3)
        t = torch.from_numpy(d3)
        locks = _locks(locks3d, p, t)
        # the same at the extended border texels (few: evaluated there only)
        b = border[:, r0:r1, c0:c1]
        moved = (b != p).any(0)
        wander_b, locks_b = base[0].clone(), locks.clone()
        if bool(moved.any()):
            q = b[:, moved].unsqueeze(-1)  # (3, n, 1)
            wander_b[moved] = field3d(normalised(q))[0, :, 0]
            locks_b[moved] = _locks(locks3d, q, torch.from_numpy(growth(q.numpy())))[:, 0]
        parts.append((box, p, d2, texel, base, locks, wander_b, locks_b, t))
    strands = [_lic(white[0], b, d2, h * 0.016, 9) for b, _, d2, *_ in parts]
    short = [_lic(white[1], b, d2, max(h * 0.004, 2.0), 4) for b, _, d2, *_ in parts]
    # one normalisation per slot (boxes meet without a step)
    norm = [torch.cat([x.flatten() for x in f]).std().clamp_min(1e-6) if f else 1.0 for f in (strands, short)]
    dots = [torch.sigmoid(5.0 * (x / norm[1] - 1.0)) for x in short]  # a shaved head's short hairs: cover 0..1
    mean = torch.cat([x.flatten() for x in dots]).mean() if dots else 0.0
    out = []
    for (box, p, d2, texel, base, locks, wander_b, locks_b, t), st, dot in zip(parts, strands, dots):
        r0, r1, c0, c1 = box
        keep = 1.0 - seam[r0:r1, c0:c1]
        # contrast of the strands a texel shows: one strand at full contrast, the mean of several less;
        # none near the face/back seam, where texel-space noise cannot match (the 3D fields carry on)
        show = (STRAND_CM / texel.clamp_min(1e-4)).clamp(max=1.0) * keep
        stubble = show * dot + (1.0 - show) * mean  # coarse texels and the seam: the hairs' mean cover
        crown = (p - torch.tensor(WHORL).view(3, 1, 1)).norm(dim=0) + 0.6 * base[1]
        strand = st / norm[0] * show
        # (texels across an island border jump in 3D: their size says nothing)
        footprint = torch.maximum(texel.clamp(max=2.0 * coarse), coarse * seam[r0:r1, c0:c1])
        fade = grain_fade(footprint, seam[r0:r1, c0:c1]) if grain3d else None
        octaves = raw_grain(grain3d, p, t, fade) if grain3d else None
        out.append((box, ScalpNoise(strands=strand, resolve=show, grey=st / norm[0], stubble=stubble,
                                    wander=HAIRLINE_WANDER * base[0], crown=crown,
                                    lock_tint=1.0 + 0.06 * locks.clamp(-2.5, 2.5),
                                    tint=0.88 + 0.14 * strand.clamp(-2.0, 2.0),
                                    sheen=strand.clamp(0.0, 2.5) * (1.0 + 0.3 * locks),
                                    footprint=footprint, wander_border=HAIRLINE_WANDER * wander_b,
                                    lock_tint_border=1.0 + 0.06 * locks_b.clamp(-2.5, 2.5), grain_octaves=octaves,
                                    grain_fade=fade)))
    return tuple(out)


def hair_density(p: dict, g: dict, n: ScalpNoise, s) -> torch.Tensor:
    """0..1 density of scalp hair per texel of the crop: the hairline for the recession, the thinning crown
    and, as balding goes on towards the horseshoe, a thinner top."""
    r = p["hairline_recession"]
    early, late = (2.0 * r).clamp(0.0, 1.0), (2.0 * r - 1.0).clamp(0.0, 1.0)
    # (scalp_filter 1: at the island borders, the hairlines where the texels lie, not copied from a texel inside)
    full, receded, top = (g[k][s] + p["scalp_filter"] * (g[f"{k}_border"][s] - g[k][s])
                          for k in ("hairline", "receded", "bald_top"))
    horseshoe = torch.minimum(receded, -top)
    d = full + early * (receded - full) + late * (horseshoe - receded) + n.wander + p["scalp_filter"] * (
        n.wander_border - n.wander)
    # filtered to the texel's footprint (scalp_filter 1): no hairline sharper than the texels can carry, the
    # same on both sides of the seam (params version <= 8, scalp_filter 0: a fixed softness)
    cover = torch.sigmoid((d - 0.2) / (HAIRLINE_SOFT + p["scalp_filter"] * FOOTPRINT_SOFT * n.footprint))
    c = p["crown_thinning"]
    radius = CROWN_RADIUS[0] + (CROWN_RADIUS[1] - CROWN_RADIUS[0]) * c
    crown = c * torch.sigmoid((radius - n.crown) / 0.7)
    thin_top = 0.5 * late * torch.sigmoid(top / 1.0)
    return p["scalp_hair"] * cover * (1.0 - crown) * (1.0 - thin_top) * (1.0 - ludwig(p, g, full, top, s))


def ludwig(p: dict, g: dict, full: torch.Tensor, top: torch.Tensor, s) -> torch.Tensor:
    """Share of the hair lost to female-pattern thinning (top_thinning, params version 9; 0 before): diffuse over
    the top and crown behind a frontal band that keeps its hairline (LUDWIG_FRONT cm), most along a centre part
    that widens with the thinning (Ludwig grades I-III); no recession, no horseshoe."""
    t = p["top_thinning"]
    pos = g["pos"][:, s[0], s[1]]
    zone = torch.sigmoid(top / 1.0) * torch.sigmoid((full - LUDWIG_FRONT) / 0.5)
    # widest at the front, narrowing towards the crown (the "Christmas tree" of Olsen's grading)
    width = (LUDWIG_PART[0] + (LUDWIG_PART[1] - LUDWIG_PART[0]) * t) * (0.5 + 0.5 * ((pos[2] - WHORL[2]) / 10.0).clamp(0.0, 1.0))
    part = torch.exp(-((pos[0] / width) ** 2)) * torch.sigmoid((pos[2] - WHORL[2]) / 1.0)  # front to the crown
    return t * zone * (LUDWIG_DIFFUSE + (1.0 - LUDWIG_DIFFUSE) * part)


def temple_zone(pos: torch.Tensor) -> torch.Tensor:
    """0..1 per position (3, ...): how far it lies in the temples and sideburns (TEMPLE_ZONE)."""
    (x0, xs), (z0, zs), (y0, ys) = TEMPLE_ZONE
    return (torch.sigmoid((pos[0].abs() - x0) / xs) * torch.sigmoid((pos[2] - z0) / zs)
            * torch.sigmoid((y0 - pos[1]) / ys))


def _temple_grey(p: dict, pos: torch.Tensor, white_share):
    """temple_grey (params version 19): the share of grey hairs per texel, temple_grey at the temples and sideburns
    (where above hair_grey) and hair_grey elsewhere -> (p with that hair_grey, white_share with its cut)."""
    grey = p["hair_grey"] + temple_zone(pos) * (p["temple_grey"] - p["hair_grey"]).clamp(min=0.0)
    cut = torch.special.ndtri(1.0 - grey.clamp(0.005, 0.995))
    return {**p, "hair_grey": grey}, (lambda selector: white_share(selector, cut))


def paint_scalp(c: torch.Tensor, s, p: dict, g: dict, n: ScalpNoise, pigmented: torch.Tensor,
                white: torch.Tensor, white_share) -> torch.Tensor:
    """Scalp hair over the linear skin colour `c` (3, h, w) of the crop (slices `s` of the slot)."""
    skin = c
    if float(p["temple_grey"]) > 0.0:  # grey at the temples (version 19; 0 before: one share everywhere)
        p, white_share = _temple_grey(p, g["pos"][:, s[0], s[1]], white_share)
    rho = hair_density(p, g, n, s)
    # a named cut (params version 14; none before): cornrows' rows, shaved sides (scalp_cuts.py)
    pos = g["pos"][:, s[0], s[1]]
    if float(p["cornrows"]) > 0.0:
        rho = rho * rows(p, pos)
    length = cut_length(p, pos)
    # each strand pigmented or white; where texels are coarser than a strand, the mix of the two.  The strand
    # field is texel-wide, so on the coarse back tile (0.16-0.33 cm texels) its dashes read as thick dark hairs
    # through grey hair: scalp_filter 1 shows it at resolve squared (texels that nearly resolve strands keep
    # their salt and pepper, the back tile keeps little); params version <= 8 (scalp_filter 0) at resolve
    r = n.resolve * (1.0 - p["scalp_filter"] * (1.0 - n.resolve))
    few = (20.0 * p["hair_grey"]).clamp(max=1.0)
    w = r * white_share(n.grey) * few + (1.0 - r) * p["hair_grey"]
    # hair_grain 1 (params version 10; 0 before): white hairs come in tufts (scalp_grain.py): a coarse texel shows
    # its tuft's share of white, not the head's mean, so salt and pepper reads as a mix where strands do not resolve
    k = p["hair_grain"]
    cut = torch.special.ndtri(1.0 - p["hair_grey"].clamp(0.005, 0.995))
    grain, grain_sd = n.grain, n.grain_sd
    if float(p["grey_strands"]) > 0.0:  # params version 15 (0 before): fine mixed strands, not white and dark patches
        grain = grain + p["grey_strands"] * (n.grain_fine - grain)
        grain_sd = grain_sd + p["grey_strands"] * (n.grain_fine_sd - grain_sd)
    tufts = (r * white_share(grain + grain_sd * n.grey) * few
             + (1.0 - r) * tuft_white_share(grain, grain_sd, cut))
    w = w + k * (tufts - w)
    colour = (pigmented + w * (white - pigmented)) * (n.lock_tint + p["scalp_filter"] * (n.lock_tint_border - n.lock_tint))
    # the hairs under the skin: a shadow of the pigmented ones (the blue-grey of a freshly shaved head)
    c = c + (0.3 * (1.0 - p["hair_grey"]) * rho) * (0.5 * pigmented - c)
    # short hairs (scalp_length 0) or cropped hair (1): strands show where they are dense enough; white hairs
    # are finer and let more skin show
    short = (1.0 - length) * 0.85 * rho * n.stubble * (1.0 - 0.45 * w)
    cropped = length * ((1.5 * rho).clamp(max=0.98) * torch.sigmoid(3.0 * (n.strands + 6.0 * rho - 2.8))
                                   * (1.0 - 0.3 * w))
    # each cropped strand's shade, and the sheen of its cuticle, which is what shows on dark hair (a diffuse
    # albedo has no highlight of its own; without it black hair reads as a painted cap)
    # (hair_grain 1: where strands do not resolve, the tufts shade the hair as the strands do where they do: the
    # hair keeps its streaky character across the face / back-of-head seam)
    unresolved = k * (1.0 - n.resolve) * grain
    shade = colour * (n.tint + GRAIN_SHADE * unresolved) + SHEEN * (n.sheen + unresolved.clamp(0.0, 2.5))
    if float(p["hair_silver"]) > 0.0:  # params version 17 (0 before): silver strands catch more light
        shade = shade + SILVER_SHEEN * p["hair_silver"] * w * n.sheen
    if float(p["sparse_hair"]) > 0.0:  # params version 12 (0 before)
        c, cropped, shade = _sparse(c, p, n, rho, w, cropped, shade, length)
    out = c + short * (colour - c) + cropped * (shade - c)
    if float(p["scalp_covered"]) > 0.0:  # params version 17 (0 before): hair under a turban, hijab or hat
        out = out + p["scalp_covered"] * (_covered(skin, p, rho, pigmented, white) - out)
    return out


def _covered(skin, p, rho, pigmented, white):
    """scalp_covered 1: what shows of the hair at a covering's edge, an even tone (the hair's mean colour at its
    density, the hairline kept): strands, tufts and locks drawn under a cloth read as blotches at its edges."""
    mean = pigmented + p["hair_grey"] * (white - pigmented)
    return skin + (COVERED_OPACITY * rho).clamp(max=1.0) * (mean - skin)


def _sparse(c, p, n: ScalpNoise, rho, w, cropped, shade, length):
    """sparse_hair 1 (params version 12): thinned hair as fewer hairs, each one opaque (before, every hair turned
    see-through as the density fell: thin white hair on fair skin was a faint tint of the skin, read bald), white
    hairs lighter than any skin under them (SPARSE_WHITE_LIFT: keratin's own scatter), and the skin between the hairs
    in their shadow (SPARSE_SHADE).  Full hair draws nearly as before."""
    k = p["sparse_hair"]
    few = (1.0 - rho).clamp(0.0, 1.0)  # how thin the hair is here
    cut = SPARSE_COUNT * rho - SPARSE_CUT
    # texels that resolve strands show single hairs; coarser ones the share of hair the strands would give there
    share = n.resolve * torch.sigmoid(SPARSE_SHARP * (n.strands + cut)) + (1.0 - n.resolve) * torch.special.ndtr(
        cut / (1.0 + (1.6 / SPARSE_SHARP) ** 2) ** 0.5)
    hairs = length * SPARSE_OPACITY * share * (4.0 * rho).clamp(max=1.0)  # (none where none grow)
    cropped = cropped + k * few * (hairs - cropped)
    shade = shade * (1.0 + k * SPARSE_WHITE_LIFT * w)
    c = c * (1.0 - k * SPARSE_SHADE * rho * few)
    return c, cropped, shade
