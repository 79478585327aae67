"""The parametric albedo: TextureParams (+ seed) -> (3, H, W) sRGB albedo in the atlas layout.

Differentiable in every parameter.  Geometry (atlas_fields) is cached per size and the seed's noise
(seeded.py) per seed, so a call is a few dozen element-wise tensor operations; hair and make-up are
only evaluated inside the bounding boxes of their regions.
"""
from __future__ import annotations

from typing import Mapping

import torch

from .age_skin import EARLY_AGES, aged_pigments, creases, early_creases
from .atlas import SLOTS
from .flush import flush_haemoglobin
from .freckles import freckle_field
from .params import TextureParams, TextureParamsError
from .regions import BEARD_LONG_CM, BROW_HALF, BROW_SCALE
from .pigments import MELANIN_SCALE, SIGMA_MELANIN, hair_colour, iris_colour, skin_reflectance, to_srgb
from .scalp_hair import paint_scalp
from .scars import paint_scars, scar_layers
from .seeded import SCALP_SUN_BEFORE, seed_fields, torch_geometry

SIZES = (256, 512, 1024, 2048)
TextureError = TextureParamsError  # bad sizes/params: one user-facing error class for the texture stage

WHITE_HAIR = (0.52, 0.51, 0.49)  # unpigmented hair: translucent keratin, not paint white
# The scalp's white hairs at hair_silver 1 (params version 17): brighter and cool, L* 86 / b* -5 (set by hand; white
# hair's keratin is faintly yellow, b* > 0, where hair called silver is a blue-white)
SILVER_HAIR = (0.633, 0.687, 0.748)
# Stubble at beard_contrast 1: a white stub is a short, thin, translucent keratin tip over the skin, mostly seen
# end-on: its texel colour is the skin seen through it plus the keratin's own backscatter, WHITE_STUBBLE[1] * skin
# + WHITE_STUBBLE[0] (lighter than any skin, but on dark skin a mid grey, L* ~ +23, not paper white: before, 0.8
# flat, L* ~ +52 on dark skin, snow over the jaw); the white stubs cover WHITE_STUB_COVER of what a pigmented stub
# does (finer, and only the tip shows).  The shadow under the skin,
# 0.3 * (1 - grey * (1 - [1])) + [2] (the follicles shade a grey beard too); how far the short hairs' mid-cover fills in
WHITE_STUBBLE = (0.25, 1.0)
WHITE_STUB_COVER = 0.85
STUBBLE_SHADOW = (0.3, 0.5, 0.08)
STUBBLE_FILL = 0.8
STUBBLE_MASKED = 0.5  # share of the stubble's shadow that melanin hides at melanin 1 (hair_grain 1)
BEARD_STRAND_DEPTH = 0.5  # log-albedo per unit of the beard's grey selector field at beard_contrast 1
EYESHADOW = (0.20, 0.10, 0.12)
# Smoky eye shadow (shadow_spread 1): a charcoal brown over the lid's shadow, blended up and out over regions.py's
# soft "smoky" map; SMOKY_AMOUNT of its cover per unit of eyeshadow
SMOKY = (0.035, 0.028, 0.028)
SMOKY_AMOUNT = 1.2  # (0.8 hardly showed on medium-dark skin in the preview)
BROW_OPACITY = 0.92  # of one brow hair over the skin (brow_fill 1)
BROW_UNDERFILL = 0.35  # the soft fill under the brow strokes, per unit of brow_density (brow_strokes 1, version 12)
EYELINER = (0.012, 0.010, 0.010)
# eyeliner_shade (params version 18; 0 before: EYELINER): the stated liner's colour, the parser's eyeliner colours
# (backend/parser/eyeliner.py COLORS) in order at shade i / 8, linear RGB, set by hand
EYELINER_SHADES = (EYELINER, (0.045, 0.022, 0.012), (0.09, 0.09, 0.095), (0.015, 0.035, 0.20), (0.015, 0.09, 0.035),
                   (0.07, 0.015, 0.12), (0.78, 0.78, 0.76), (0.50, 0.34, 0.08), (0.48, 0.49, 0.52))
BLUSH = (0.62, 0.20, 0.22)
LIPSTICK = (0.42, 0.025, 0.045)  # a red lipstick: L* 39.7 / a* 52.6 / b* 22.5
# lipstick_shade (params version 17; 0.5 before: LIPSTICK) 0 -> 0.5 -> 1: nude, red, dark berry, linear RGB.  Targets,
# set by hand inside measured ranges: worn red lipstick L* ~36-46 / a* ~45-58; dark (berry, plum, wine) "deep", L* < 32
# (the depth bands of lipstick colorimetry: deep < 32, medium 32-55, light > 55; lipstickbycolor.github.io/color-guide,
# shades profiled in CIELAB) at L* 28 / a* 40 / b* 4; nude near the bare lip's own colour (Vergnaud et al. 2024, Skin
# Res Technol 30 e13583: the bare lower lip of 410 women spans roughly L* 45-65, a* 15-30) at L* 58 / a* 20 / b* 18.
LIPSTICK_NUDE = (0.471, 0.207, 0.153)
# A nude for deep skin (nude_depth 1, params version 19): a deeper brown-rose, L* 26 / a* 20 / b* 12, about the bare lips
# of dark skin (L* ~24 / a* ~15 at 256 px, seeds 1-2) a touch rosier.  Before, every skin's nude was LIPSTICK_NUDE: on
# brown and dark skin lips L* +15 and +26 over bare (`python -m backend.texture.look_measures lipstick`).
LIPSTICK_NUDE_DEEP = (0.1123, 0.0304, 0.0255)
LIPSTICK_DARK = (0.193, 0.015, 0.043)
SCLERA = (0.78, 0.74, 0.70)
VEIN = (0.55, 0.12, 0.10)
PUPIL = (0.008, 0.008, 0.008)
TEETH = (0.80, 0.74, 0.62)
GUMS = (0.55, 0.16, 0.17)
MOUTH_SOCKET = (0.16, 0.035, 0.035)
EYE_SOCKET = (0.45, 0.24, 0.22)  # seen between lid and eyeball: wet conjunctiva
PUPIL_RADIUS = 0.4  # of the iris radius
LIMBUS = 0.55  # darkening of the limbal ring
LENTIGO_MELANIN = 0.09  # melanin added at a sun spot's centre: L* -8..-12 on fair skin
LENTIGO_SHARE = 0.35  # share of the candidate discs shown at lentigines = 1 (~1.5 % of the face covered)
# Dark circles at under_eye = 1: extra pigment under the lower lids, melanin (brown, absorbs blue most: a
# base amount plus a share of the skin's own, as periorbital hyperpigmentation is stronger in darker skin)
# and deoxygenated blood of the thin lid skin's veins (optical depth (R, G, B): absorbs red and green more
# than blue, so it reads violet).  Beer-Lambert: a darkening factor, visible from very fair to dark skin.
UNDER_EYE_MELANIN = (0.08, 0.3)  # melanin added: base + share of the skin's melanin
VENOUS = (0.22, 0.3, 0.08)


def soft_cheeks(p: dict, g: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """The skin's own cheek and nose-tip blood maps.  cheek_soft (params version 18; 0 before) spreads the cheek's
    narrow round spot (regions.py cheek, ~1.3 x 1.0 cm) ~1.6 times wider at half its peak and halves the nose tip's:
    at 0, an 80-year-old's cheeks read as round orange-red doll spots (a* +5.5 over the cheek around them) and her
    nose tip reddish (`python -m backend.texture.cheek_measures`)."""
    cheek, nose = g["cheek"], g["nose"]
    soft = p["cheek_soft"]
    if float(soft) <= 0.0:
        return cheek, nose
    return cheek + soft * (0.5 * cheek.clamp(min=1e-6) ** 0.4 - cheek), nose * (1.0 - 0.5 * soft)


def _c(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32).view(3, 1, 1)


def _lerp(x: torch.Tensor, colour: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    return x + alpha * (colour - x)


def as_tensors(params: TextureParams | Mapping) -> dict:
    """TextureParams or a dict of numbers/tensors -> dict of 0-d tensors clamped to 0..1."""
    if isinstance(params, TextureParams):
        return {k: torch.tensor(v) for k, v in zip(params.names(), params.vector().tolist())}
    missing = [n for n in TextureParams.names() if n not in params]
    if missing:
        raise TextureError(f"texture params missing {missing}")
    return {n: torch.as_tensor(params[n], dtype=torch.float32).reshape(()).clamp(0.0, 1.0)
            for n in TextureParams.names()}


def _cosmetic(x: torch.Tensor, colour, alpha: torch.Tensor, cover: torch.Tensor) -> torch.Tensor:
    """A make-up layer over skin: a share `cover` of its effect scatters the product's own colour (the
    opaque lerp of params version <= 5), the rest filters the skin's light through a clear tinted film
    whose double pass (in and out) shows the product's colour over white: transmission sqrt(colour).
    A sheer film reddens or shades deep skin instead of laying a light chalky patch on it."""
    c = _c(colour)
    x = _lerp(x, c, alpha * cover)
    return x * (1.0 + alpha * (1.0 - cover) * (c.sqrt() - 1.0))


def _patch(x: torch.Tensor, box, fn) -> torch.Tensor:
    """Apply fn to a crop of x (3, h, w) and return a new tensor (autograd-safe)."""
    r0, r1, c0, c1 = box
    if r1 <= r0 or c1 <= c0:
        return x
    out = x.clone()
    out[:, r0:r1, c0:c1] = fn(x[:, r0:r1, c0:c1].clone(), (slice(r0, r1), slice(c0, c1)))
    return out


def _skin(p: dict, g: dict, n, hair: torch.Tensor, brow_hair: torch.Tensor, beard_hair: torch.Tensor,
          scars=None) -> torch.Tensor:
    """Linear albedo (3, h, w) of a skin slot (face or back of head); `scars`: scars.scar_layers of the face slot."""
    # Spots and freckles add melanin in absolute amounts: equally visible on every skin tone.
    mel = (p["melanin"] * (1.0 + 0.06 * n.tone[0] + 0.25 * g["under_eye"])
           + p["speckle"] * p["age"] ** 2 * 0.09 * n.spots + p["freckles"] * 0.35 * freckle_field(p, n)
           + LENTIGO_MELANIN * n.lentigo * (1.0 + (p["scalp_sun"] - SCALP_SUN_BEFORE) * g["scalp_sun_gain"])
           * ((LENTIGO_SHARE * p["lentigines"] - n.lentigo_rank) / 0.02).clamp(0.0, 1.0))
    # The vermilion's own optics (lip base, extra blood) apply in proportion to lip_contrast: natural
    # lips differ from the skin around them less than the fitted lips (lip_contrast 1, version <= 2).
    lips = g["lips"] * p["lip_contrast"]
    cheek, nose = soft_cheeks(p, g)
    hb = p["haemoglobin"] * (1.0 + 0.15 * n.tone[1] + 0.6 * cheek + 0.5 * nose + 0.8 * g["lid_margin"]
                             + lips * 3.0 * p["lip_tint"])
    if float(p["flush"]) > 0.0 or float(p["sunburn"]) > 0.0:  # params version 16 (0 before: not drawn)
        hb = hb + flush_haemoglobin(p, g)
    if float(p["age_skin"]) > 0.0:  # params version 12 (0 before: a young skin's colour at any age)
        mel, hb, car = aged_pigments(p, g, n, mel, hb, lips)
        x = skin_reflectance(mel, hb, car, lips=lips)
    else:
        x = skin_reflectance(mel, hb, p["carotene"] * (1.0 - lips), lips=lips)
    x = x * (n.detail - p["age"] * 0.35 * n.wrinkles)
    if float(p["wrinkle_depth"]) > 0.0:  # params version 12 (0 before, and on young faces: not drawn)
        x = creases(x, p, g, n)
    if float(p["age_cues"]) > 0.0 and float(p["age"]) > EARLY_AGES[0]:  # params version 15: the first lines
        x = early_creases(x, p, g, n)
    if scars is not None:  # params version 19 (none before): the scar tissue, and no hair grows in it (below)
        x = paint_scars(x, p, scars)
        bare = x
    x = _patch(x, g["crops"]["cheek"], lambda c, s: _cosmetic(c, BLUSH, p["blush"] * 0.35 * g["cheek"][s],
                                                                 p["makeup_cover"]))

    def eyes(c, s):
        c = _cosmetic(c, EYESHADOW, p["eyeshadow"] * 0.6 * g["eyeshadow"][s], p["makeup_cover"])
        liner = g["eyeliner"][s]
        if float(p["eyeliner_low"]) != 0.35:  # params version 18 (0.35 before: the lower line at a third)
            liner = torch.clamp(liner + (p["eyeliner_low"] - 0.35) * g["eyeliner_low"][s], 0.0, 1.0)
        shade = EYELINER_SHADES[int(round(float(p["eyeliner_shade"]) * (len(EYELINER_SHADES) - 1)))]
        return _lerp(c, _c(shade), p["eyeliner"] * 0.9 * liner)

    x = _patch(x, g["crops"]["eyes"], eyes)
    if float(p["shadow_spread"]) > 0.0:  # params version 11 (0 before: not drawn; its own crop, the one above as it was)
        x = _patch(x, g["crops"]["smoky"], lambda c, s: _cosmetic(
            c, SMOKY, (p["eyeshadow"] * p["shadow_spread"] * SMOKY_AMOUNT).clamp(max=1.0) * g["smoky"][s],
            p["makeup_cover"]))
    added = UNDER_EYE_MELANIN[0] + UNDER_EYE_MELANIN[1] * p["melanin"]
    depth = _c(VENOUS) + added * MELANIN_SCALE * _c(SIGMA_MELANIN)
    x = _patch(x, g["crops"]["under"], lambda c, s: c * torch.exp(-p["under_eye"] * g["dark_circle"][s] * depth))
    white = _c(WHITE_HAIR)
    pigmented = hair.view(3, 1, 1)
    # Grey hair is a mix of pigmented and white hairs: a hair is white where its selector (a unit
    # Gaussian per strand) lies above the quantile that makes the white share equal hair_grey.
    # Eyebrows and beard have their own grey fractions (brows grey later, beards earlier).
    cuts = {k: torch.special.ndtri(1.0 - p[k].clamp(0.005, 0.995)) for k in ("hair_grey", "brow_grey", "beard_grey")}

    def white_share(selector, cut=cuts["hair_grey"]):
        return torch.sigmoid(5.0 * (selector - cut))

    def strands(c, strands, grey, density, fraction, cut, pigmented, depth=None):
        w = white_share(grey, cut)
        colour = (pigmented + w * (white - pigmented)) * (0.85 + 0.12 * strands.clamp(-2.0, 2.0))  # sheen
        if depth is not None:  # each strand lit or in its neighbours' shadow, in proportion to its own colour (the
            # longer streaks of the grey selector: apart from where the skin shows between strands)
            colour = colour * torch.exp(depth * grey.clamp(-2.0, 2.0))
        # Density sets how many strands show and how opaque they are; white hairs are finer and
        # translucent, so skin shows through them more.  A faint root shadow of the pigmented hairs.
        alpha = (1.5 * density).clamp(max=0.95) * torch.sigmoid(3.0 * (strands + 4.0 * density - 2.2))
        alpha = alpha * (1.0 - 0.5 * w)
        c = _lerp(c, pigmented, 0.2 * density * (1.0 - fraction) * (1.0 - alpha))
        return _lerp(c, colour, alpha)

    if n.scalp:  # (before the beard: its sideburns lie over the scalp's); the boxes are disjoint: one copy
        x = x.clone()
        for (r0, r1, c0, c1), hairs in n.scalp:
            s = (slice(r0, r1), slice(c0, c1))
            x[:, s[0], s[1]] = paint_scalp(x[:, s[0], s[1]].clone(), s, p, g, hairs, pigmented,
                                           white + p["hair_silver"] * (_c(SILVER_HAIR) - white), white_share)

    def lower(c, s):
        # fine vertical lines of the lips (the vertical beard strand field, faintly)
        c = c * (1.0 + 0.06 * g["lips"][s] * n.beard_strands.clamp(-2.0, 2.0))
        c = _lerp(c, _lipstick(p["lipstick_shade"], p["nude_depth"]), p["lipstick"] * p["lipstick_cover"] * g["lips"][s])
        # The beard's own pigments and grey, turning into the scalp's up the sideburns (no colour step where
        # they meet the scalp hair; where both are the same, as in params version <= 8, nothing changes).
        mix = g["beard_to_scalp"][s]
        beard = beard_hair.view(3, 1, 1)
        beard = beard + mix * (pigmented - beard)
        cut = cuts["beard_grey"] + mix * (cuts["hair_grey"] - cuts["beard_grey"])
        grey = p["beard_grey"] + mix * (p["hair_grey"] - p["beard_grey"])
        # Stubble: the shadow of the pigmented hairs under the skin, then the short hairs themselves,
        # each pigmented or white (salt and pepper when grey).
        # beard_contrast 1 (params version 9; 0 before): the follicles and the remaining pigmented hairs still
        # shade the skin of a grey beard, and the short white stubs, as thick as the pigmented ones and catching the
        # light end-on, read lighter than the skin: salt and pepper, not pale dots lost in fair skin
        k = p["beard_contrast"]
        shadow = STUBBLE_SHADOW[0] * (1.0 - grey * (1.0 - STUBBLE_SHADOW[1] * k)) + STUBBLE_SHADOW[2] * k
        # hair_grain 1 (params version 10; 0 before): melanin hides the hairs under the skin, so on dark skin stubble
        # shows as its stubs, the finer ones too, more than as a shadow (black stubble on dark skin was a faint wash)
        dark = p["hair_grain"] * p["melanin"] * (1.0 - grey)  # (grey stubble: as drawn in version 9)
        shadow = shadow * (1.0 - STUBBLE_MASKED * dark)
        skin = c
        c = _lerp(c, 0.5 * beard, p["stubble"] * shadow * g["stubble_area"][s])
        w = white_share(n.stubble_grey, cut)
        stub_white = white + k * (WHITE_STUBBLE[0] + WHITE_STUBBLE[1] * skin - white)
        stubs = n.stubble + dark * (n.stubble_dense - n.stubble)
        cover = stubs * (1.0 + k * STUBBLE_FILL * (1.0 - stubs))
        c = _lerp(c, beard + w * (stub_white - beard),
                  p["stubble"] * 0.85 * cover * (1.0 - 0.45 * w * (1.0 - k) - (1.0 - WHITE_STUB_COVER) * w * k))
        # mustache_shape (params version 11; 0.5 before, where both shares are 0): from a pencil line to a walrus
        # (the share |2 shape - 1| written with a where: a gradient at 0.5 too, towards the thick one)
        t = 2.0 * p["mustache_shape"] - 1.0
        mustache = g["mustache"][s]
        target = g["mustache_thick"][s] if float(t) >= 0.0 else g["mustache_thin"][s]
        mustache = mustache + torch.where(t < 0.0, -t, t) * (target - mustache)
        full = g["beard"][s]
        if float(p["sideburn_taper"]) > 0.0:  # params version 17 (0 before): the sideburn narrows to the hairline
            full = full + p["sideburn_taper"] * (g["beard_taper"][s] - full)
        density = (p["mustache"] * mustache + p["goatee"] * g["goatee"][s] + p["beard"] * full)
        density = density.clamp(0.0, 1.0)
        # growth is uneven where the beard thins out: the border wanders, the full part stays full
        density = density + 0.7 * density * (1.0 - density) * n.beard_patch
        # beard_contrast 1 (params version 9; 0 before): the strands shade within the beard in proportion to their
        # own colour, so a red or blond beard shows its strands as a black one does against the skin between them
        hairs, selector = n.beard_strands, n.beard_grey
        if float(p["beard_strokes"]) > 0.0 and n.beard_fine.numel():  # params version 17 (0 before): irregular
            hairs = hairs + p["beard_strokes"] * (n.beard_fine - hairs)
            selector = selector + p["beard_strokes"] * (n.beard_fine_grey - selector)
        return strands(c, hairs, selector, density.clamp(0.0, 1.0), grey, cut, beard, BEARD_STRAND_DEPTH * k)

    x = _patch(x, g["crops"]["lower"], lower)

    def long_beard(c, s):
        """beard_length (params version 11; 0 before: not drawn): the full beard hanging on down the throat, narrowing
        to a rounded end, its strands in the beard's colour and grey."""
        reach = BEARD_LONG_CM * p["beard_length"]
        below, across = g["beard_below"][s], g["beard_side"][s]
        width = 1.0 - 0.5 * (below / reach.clamp(min=0.5)).clamp(0.0, 1.0) ** 2
        hang = (_smooth(-2.0, -1.5, below) * _smooth(reach + 1.0, reach - 1.0, below)
                * _smooth(width + 0.25, width - 0.25, across))
        cut = cuts["beard_grey"]
        return strands(c, n.neck_strands, n.neck_grey, (p["beard"] * hang).clamp(0.0, 1.0), p["beard_grey"], cut,
                       beard_hair.view(3, 1, 1), BEARD_STRAND_DEPTH * p["beard_contrast"])

    if float(p["beard_length"]) > 0.0 and float(p["beard"]) > 0.0 and n.neck_strands.numel():
        x = _patch(x, g["crops"]["neck"], long_beard)
    brow = brow_hair.view(3, 1, 1)
    fill = float(p["brow_fill"])
    if fill < 1.0:  # the narrow band of params versions <= 10
        before = _patch(x, g["crops"]["brow"], lambda c, s: strands(
            c, n.brow_strands, n.brow_grey, p["brow_density"] * g["brow"][s] * (0.75 + 0.25 * g["brow_along"][s]),
            p["brow_grey"], cuts["brow_grey"], brow))
        if fill <= 0.0:
            return before if scars is None else _lerp(before, bare, scars[2])

    def band(c, s):
        """brow_fill 1 (params version 11): the brows in a band of brow_height, its strands as dense as brow_density."""
        along = g["brow_wide_along"][s]
        scale = _brow_scale(p["brow_height"])
        half = (BROW_HALF[0] + BROW_HALF[1] * along) * scale
        where = _smooth(half + 0.24 * scale.clamp(max=1.0), half - 0.12, g["brow_dist"][s]) * _smooth(-0.08, 0.16, along)
        density = p["brow_density"] * (0.75 + 0.25 * along)
        # Each brow hair is opaque, the density sets how many there are: before (the scalp and beard strands' rule),
        # sparse brows were see-through, and a red or blond brow read as a tint of the skin (grey-brown).
        w = white_share(n.brow_wide_grey, cuts["brow_grey"])
        hairs = n.brow_wide_strands
        strokes = float(p["brow_strokes"]) > 0.0  # params version 12 (0 before: not drawn)
        if strokes:  # longer strokes along the brow's flow (the short strands read as scattered dots at 512 px)
            hairs = hairs + p["brow_strokes"] * (n.brow_strokes - hairs)
        colour = (brow + w * (white - brow)) * (0.9 + 0.1 * hairs.clamp(-2.0, 2.0))
        alpha = BROW_OPACITY * where * torch.sigmoid(3.5 * (hairs + 4.2 * density - 2.4)) * (1.0 - 0.4 * w)
        c = _lerp(c, brow, 0.25 * density * where * (1.0 - alpha))  # the roots' shadow between the hairs
        if strokes:  # a soft fill under the strokes: the fine short hairs and their shadow between the long ones
            c = _lerp(c, brow, p["brow_strokes"] * BROW_UNDERFILL * density * where * (1.0 - alpha))
        return _lerp(c, colour, alpha)

    after = _patch(x, g["crops"]["brow_wide"], band)
    out = after if fill >= 1.0 else before + p["brow_fill"] * (after - before)
    return out if scars is None else _lerp(out, bare, scars[2])  # the brow, beard and scalp hair broken by the scar


def _lipstick(shade: torch.Tensor, nude_depth: torch.Tensor | None = None) -> torch.Tensor:
    """The lipstick's colour (3, 1, 1) at lipstick_shade: the quadratic through nude (0), red (0.5) and dark (1), so
    LIPSTICK itself at 0.5 (versions <= 16), bit for bit, with a gradient there (refinement may move it).  The nude is
    LIPSTICK_NUDE toward LIPSTICK_NUDE_DEEP by nude_depth (params version 19; 0 before), mixed in optical density."""
    weights = (2.0 * (shade - 0.5) * (shade - 1.0), -4.0 * shade * (shade - 1.0), 2.0 * shade * (shade - 0.5))
    nude = _c(LIPSTICK_NUDE)
    if nude_depth is not None and float(nude_depth) > 0.0:
        nude = torch.exp(torch.log(nude) + nude_depth * (torch.log(_c(LIPSTICK_NUDE_DEEP)) - torch.log(nude)))
    colours = (nude, _c(LIPSTICK), _c(LIPSTICK_DARK))
    return sum(w * c for w, c in zip(weights, colours)).clamp_min(0.0)


def _smooth(e0, e1, x: torch.Tensor) -> torch.Tensor:
    t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _brow_scale(height: torch.Tensor) -> torch.Tensor:
    """brow_height -> the band's height relative to that of params versions <= 10 (1 at 0.5; regions.BROW_SCALE)."""
    lo, hi = BROW_SCALE
    return torch.where(height < 0.5, lo + (1.0 - lo) * 2.0 * height, 1.0 + (hi - 1.0) * (2.0 * height - 1.0))


def _refill(x: torch.Tensor, refill, k: torch.Tensor) -> torch.Tensor:
    """Uncovered texels beside a skin island that were filled from a socket island take the nearest skin texel's
    colour (seeded.island_refill), in proportion to k (seam_fix: 1 from params version 10, 0 before)."""
    texels, sources = refill
    if texels.numel() == 0:
        return x
    flat = x.reshape(3, -1)
    out = flat.clone()
    out[:, texels] = flat[:, texels] + k * (flat[:, sources] - flat[:, texels])
    return out.view_as(x)


def _eye(p: dict, g: dict, fibres: torch.Tensor, veins: torch.Tensor | None) -> torch.Tensor:
    """Linear albedo of an eye slot: iris with pupil and limbal ring inside, sclera outside."""
    t = g["rho_n"]
    ring = torch.exp(-((t - 0.5) / 0.15) ** 2)  # collarette: hazel eyes are brown near the pupil
    melanin = (p["iris_melanin"] + p["iris_ring"] * 0.5 * ring).clamp(0.0, 1.0)
    iris = iris_colour(melanin, p["iris_lipochrome"], p["iris_grey"])
    iris = iris * (1.0 + 0.22 * fibres) * (1.0 - LIMBUS * torch.clamp((t - 0.8) / 0.2, 0.0, 1.0) ** 2)
    iris = _lerp(iris, _c(PUPIL), torch.sigmoid((PUPIL_RADIUS - t) * 60.0))
    sclera = _c(SCLERA).expand(3, *t.shape)
    if veins is not None:
        sclera = _lerp(sclera, _c(VEIN), 0.15 * veins.clamp(0, 1) * torch.clamp(t - 1.3, 0.0, 1.0))
    inside = torch.sigmoid((1.02 - t) * 40.0) * g["front"]
    return _lerp(sclera, iris, inside)


def albedo(params: TextureParams | Mapping, size: int = 1024, seed: int = 0, model=None) -> torch.Tensor:
    """Albedo (3, size, size), sRGB-encoded in 0..1, row 0 = top (v = 1), in the atlas layout of
    atlas.py.  `params` may hold tensors that require grad (the CLIP stage)."""
    if size not in SIZES:
        raise TextureError(f"texture size must be one of {SIZES}, got {size!r}")
    if model is None:
        from ..face_model import load_face_model

        model = load_face_model()
    p = as_tensors(params)
    geo = torch_geometry(model, size)
    noise = seed_fields(model, size, int(seed))
    hair = hair_colour(p["hair_eumelanin"], p["hair_pheomelanin"])
    brow_hair = hair_colour(p["brow_eumelanin"], p["brow_pheomelanin"])  # brows and lashes (<= 10: the scalp's)
    beard_hair = hair_colour(p["beard_eumelanin"], p["beard_pheomelanin"])
    skin_tone = skin_reflectance(p["melanin"], p["haemoglobin"], p["carotene"]).view(3, 1, 1)
    out = skin_tone.expand(3, size, size).clone()  # unused cells: the plain skin tone

    def put(slot: str, value: torch.Tensor) -> None:
        rows, cols = SLOTS[slot].pixels(size)
        out[:, rows, cols] = value

    for slot in ("face", "back"):
        x = _skin(p, geo[slot], noise.skin[slot], hair, brow_hair, beard_hair,
                  scar_layers(p, model, size, seed) if slot == "face" else None)
        if slot == "back":
            x = _lerp(x, _c(MOUTH_SOCKET), geo[slot]["mouth_socket"])
            x = _lerp(x, _c(EYE_SOCKET), geo[slot]["eye_socket"])
        put(slot, _refill(x, geo[slot]["refill"], p["seam_fix"]))
    put("eyeball", _eye(p, geo["eyeball"], noise.fibres["eyeball"], noise.veins))
    put("iris", _eye(p, geo["iris"], noise.fibres["iris"], None))
    teeth = _c(TEETH) * (1.0 - p["teeth_yellow"] * _c((0.0, 0.12, 0.45)))
    put("teeth", teeth * (0.55 + 0.45 * geo["teeth"]["depth"]) * (1.0 + 0.04 * noise.mouth["teeth"]))
    put("gums", _c(GUMS) * (0.35 + 0.65 * geo["gums"]["depth"]) * (1.0 + 0.08 * noise.mouth["gums"]))
    # Lash cards are opaque in most engines: dark strands with skin-coloured gaps, and the lower
    # lashes (bottom half of the tile) sparser and lighter than the upper ones.
    lash = _lerp(0.45 * brow_hair.view(3, 1, 1), skin_tone, noise.lashes)
    put("lashes", lash)
    return to_srgb(out)


def to_uint8(image: torch.Tensor):
    """(3, H, W) 0..1 tensor -> (H, W, 3) uint8 numpy array (row 0 = top)."""
    return (image.detach().clamp(0, 1).permute(1, 2, 0) * 255.0 + 0.5).to(torch.uint8).cpu().numpy()
