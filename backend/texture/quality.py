"""Quality measurements of an albedo in the atlas layout (shared by the tests and `eval texture`).

All colours are the albedo's sRGB values in 0..1; luminance is Rec. 709 luma of sRGB values;
colour differences are CIE76 Delta E in CIELAB (D65), where ~2.3 is a just-noticeable difference.
"""
from __future__ import annotations

import colorsys

import numpy as np

from .atlas import SLOTS, atlas_uvs, corner_materials, seam_vertices
from .fields import atlas_fields

SEAM_MEAN_DE = 1.0  # mean Delta E across the face / back-of-head seam must stay below this
SEAM_P95_DE = 2.3  # and 95 % of seam vertices below a just-noticeable difference
SEAM_MAX_DE = 6.0  # and none far above it (512^2; a hairline crossing the seam above the ear reached 17.9)
SCALP_MARGIN_CM = 1.5  # skin this far outside the full hairline (scalp.py) never carries scalp hair


def _image(albedo) -> np.ndarray:
    """(3, H, W) tensor/array or (H, W, 3) uint8 -> (H, W, 3) float64 in 0..1."""
    a = albedo.detach().cpu().numpy() if hasattr(albedo, "detach") else np.asarray(albedo)
    if a.dtype == np.uint8:
        return a.astype(np.float64) / 255.0
    return np.moveaxis(a, 0, -1).astype(np.float64) if a.shape[0] == 3 else a.astype(np.float64)


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    c = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = c @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def luminance(rgb: np.ndarray) -> np.ndarray:
    return rgb @ np.array([0.2126, 0.7152, 0.0722])


def _slot(img: np.ndarray, name: str) -> np.ndarray:
    rows, cols = SLOTS[name].pixels(img.shape[0])
    return img[rows, cols]


def region_colour(albedo, model, mask_fn) -> np.ndarray:
    """Mean sRGB colour of covered face-slot texels where mask_fn(region maps) is True."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    sel = mask_fn(f.extra) & f.covered
    if not sel.any():
        raise ValueError("empty region")
    return _slot(img, "face")[sel].mean(0)


def plain_skin(ex) -> np.ndarray:
    """Texels away from every painted region: the bare skin tone (and where no scalp hair can grow)."""
    keys = ("brow", "lips", "lid_margin", "mustache", "goatee", "beard", "eyeshadow", "eyeliner", "under_eye",
            "dark_circle", "wrinkles", "cheek", "nose", "crease", "crease_rim")
    return np.all([ex[k] < 0.05 for k in keys] + [ex["hairline"] < -SCALP_MARGIN_CM], axis=0)


def skin_luminance(albedo, model) -> float:
    return float(luminance(region_colour(albedo, model, plain_skin)))


def brow_contrast(albedo, model) -> float:
    """Luminance of the eyebrows (brow mask > 0.8) minus that of the bare skin (< 0: darker)."""
    return float(luminance(region_colour(albedo, model, lambda e: e["brow"] > 0.8))
                 - luminance(region_colour(albedo, model, plain_skin)))


def beard_contrast(albedo, model) -> float:
    """Luminance of the cheek/jaw beard area minus that of the bare cheek above it (< 0: darker)."""
    beard = luminance(region_colour(albedo, model, lambda e: (e["beard"] > 0.8) & (e["lips"] < 0.05)))
    cheek = luminance(region_colour(albedo, model, lambda e: (e["cheek"] > 0.5) & (e["beard"] < 0.05)))
    return float(beard - cheek)


def freckle_contrast(albedo, model) -> float:
    """Standard deviation of luminance over the freckle zone (nose bridge and cheeks)."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    sel = (f.extra["freckle_zone"] > 0.6) & (f.extra["cheek"] < 0.3) & f.covered
    return float(luminance(_slot(img, "face")[sel]).std())


def lip_redness(albedo, model) -> float:
    """CIELAB a* (green -> red) of the lips."""
    return float(srgb_to_lab(region_colour(albedo, model, lambda e: e["lips"] > 0.8))[1])


def lip_skin_contrast(albedo, model) -> tuple[float, float]:
    """(L*, a*) of the lips minus those of the bare skin: natural lips are a little darker and redder."""
    lab = srgb_to_lab(np.stack([region_colour(albedo, model, lambda e: e["lips"] > 0.8),
                                region_colour(albedo, model, plain_skin)]))
    return float(lab[0, 0] - lab[1, 0]), float(lab[0, 1] - lab[1, 1])


def under_eye_contrast(albedo, model) -> np.ndarray:
    """CIELAB (L*, a*, b*) of the skin under the lower lids (dark_circle mask > 0.6) minus that of the cheek
    below it (cheek mask > 0.5, away from the under-eye crescent): < 0 in L* where dark circles show."""
    under = region_colour(albedo, model, lambda e: e["dark_circle"] > 0.6)
    cheek = region_colour(albedo, model, lambda e: (e["cheek"] > 0.5) & (e["dark_circle"] < 0.05))
    return srgb_to_lab(under) - srgb_to_lab(cheek)


# Scalp regions (both skin slots), from the hairlines of scalp.py (signed distances, cm, > 0 where hair grows)
SCALP_REGIONS = {
    "top": lambda e, pos: (e["hairline"] > 2.0) & (e["bald_top"] > 1.5),  # top and crown: bare in a horseshoe
    "fringe": lambda e, pos: (e["hairline"] > 1.5) & (e["bald_top"] < -1.5) & (e["receded"] > 1.5),  # it keeps
    "temples": lambda e, pos: (e["hairline"] > 1.0) & (e["receded"] < -1.0),  # the first to recede
    "forehead": lambda e, pos: (np.abs(pos[0]) < 2.5) & (pos[1] > 7.5) & (e["hairline"] < -1.0),  # its centre
    # the hair above the forehead that a front view shows (the front of the top, forward of the ears)
    "front": lambda e, pos: (e["hairline"] > 1.0) & (pos[2] > 4.0) & (pos[1] > 9.5),
}
HAIR_DE = 8.0  # CIELAB Delta E from the bare skin's colour past which a texel reads as hair


def scalp_hair_cover(albedo, model, where: str) -> float:
    """Share of the texels of a scalp region (SCALP_REGIONS) whose colour lies more than HAIR_DE from the
    bare skin's (the mean of the face's plain skin): ~1 under a full head of hair, ~0 on a bald scalp."""
    img = _image(albedo)
    af = atlas_fields(model, img.shape[0])
    skin = srgb_to_lab(region_colour(img, model, plain_skin))
    hit = total = 0
    for slot in ("face", "back"):
        f = af.slots[slot]
        sel = SCALP_REGIONS[where](f.extra, f.pos) & f.covered
        de = np.linalg.norm(srgb_to_lab(_slot(img, slot)[sel]) - skin, axis=-1)
        hit, total = hit + int((de > HAIR_DE).sum()), total + int(sel.sum())
    if total == 0:
        raise ValueError(f"empty scalp region {where!r}")
    return hit / total


def beard_and_scalp_lightness(albedo, model) -> tuple[float, float]:
    """CIELAB L* of the mean colour of the full beard's cheeks and jaw (beard mask > 0.8, away from the mouth,
    the sideburns' top and the scalp, which take the scalp's colour) and of the top of the scalp
    (SCALP_REGIONS "top", both skin slots): how light each one's hair is."""
    img = _image(albedo)
    af = atlas_fields(model, img.shape[0])
    beard = region_colour(img, model, lambda e: (e["beard"] > 0.8) & (e["lips"] < 0.05) & (e["mustache"] < 0.05)
                          & (e["goatee"] < 0.05) & (e["hairline"] < -2.5))
    texels = [_slot(img, slot)[SCALP_REGIONS["top"](af.slots[slot].extra, af.slots[slot].pos) & af.slots[slot].covered]
              for slot in ("face", "back")]
    scalp = np.concatenate(texels).mean(0)
    return float(srgb_to_lab(beard)[0]), float(srgb_to_lab(scalp)[0])


def _scalp_lightness(albedo, model, slot: str, window_cm: float, erode: int) -> tuple[np.ndarray, np.ndarray]:
    """(L* less the mean of a window_cm box, L*) over a skin slot's full scalp hair: the "top" and "fringe"
    regions, `erode` texels in from their borders."""
    import scipy.ndimage as nd

    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots[slot]
    sel = (SCALP_REGIONS["top"](f.extra, f.pos) | SCALP_REGIONS["fringe"](f.extra, f.pos)) & f.covered
    sel = nd.binary_erosion(sel, iterations=erode)
    if not sel.any():
        raise ValueError(f"no scalp hair region in slot {slot!r}")
    L = srgb_to_lab(_slot(img, slot))[..., 0]
    texel = float(np.median(np.linalg.norm(np.diff(f.pos, axis=2), axis=0)[f.covered[:, 1:] & f.covered[:, :-1]]))
    k = max(int(round(window_cm / texel)), 1)
    weight = nd.uniform_filter(sel.astype(float), k)
    local = nd.uniform_filter(np.where(sel, L, 0.0), k) / np.maximum(weight, 1e-6)
    return (L - local)[sel], L[sel]


def scalp_texel_contrast(albedo, model, slot: str, window_cm: float = 1.0) -> float:
    """Standard deviation of L* over a skin slot's full scalp hair (a few texels in from its borders) after taking
    away the mean of a window_cm box: how much single texels stand out of the hair around them (on the coarse back
    tile, texel-wide dark dashes through grey hair)."""
    return float(_scalp_lightness(albedo, model, slot, window_cm, erode=3)[0].std())


def scalp_mix_contrast(albedo, model, slot: str, window_cm: float = 3.0) -> tuple[float, float]:
    """(std, mean) of L* over a skin slot's full scalp hair, the std after taking away the mean of a window_cm box:
    how far grey hair reads as a mix of dark and white (salt and pepper) rather than one flat grey, at the
    texture's own resolution."""
    detail, L = _scalp_lightness(albedo, model, slot, window_cm, erode=2)
    return float(detail.std()), float(L.mean())


def iris_colour(albedo, model) -> tuple[float, float, float]:
    """(hue in degrees, saturation, value) of the mean iris colour (iris slot, between pupil and limbus)."""
    from .seeded import torch_geometry

    img = _image(albedo)
    geo = torch_geometry(model, img.shape[0])["iris"]
    t = geo["rho_n"].numpy()
    cov = atlas_fields(model, img.shape[0]).slots["iris"].covered
    rgb = _slot(img, "iris")[(t > 0.5) & (t < 0.9) & cov].mean(0)
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    return 360.0 * h, s, v


def _bilinear(img: np.ndarray, uv: np.ndarray) -> np.ndarray:
    H, W = img.shape[:2]
    x = np.clip(uv[:, 0] * W - 0.5, 0, W - 1)
    y = np.clip((1 - uv[:, 1]) * H - 0.5, 0, H - 1)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    x1, y1 = np.minimum(x0 + 1, W - 1), np.minimum(y0 + 1, H - 1)
    fx, fy = (x - x0)[:, None], (y - y0)[:, None]
    top = img[y0, x0] * (1 - fx) + img[y0, x1] * fx
    bottom = img[y1, x0] * (1 - fx) + img[y1, x1] * fx
    return top * (1 - fy) + bottom * fy


def seam_delta_e(albedo, model) -> np.ndarray:
    """Delta E between the face-tile and back-of-head-tile colours of every vertex on their seam."""
    img = _image(albedo)
    at = atlas_uvs(model)
    mats = corner_materials(model)
    names = list(model.material_names)
    face, back = names.index("M_Face"), names.index("M_BackHead")
    verts = model.face_vertices
    fv = {int(v): int(u) for v, u in zip(verts[mats == face], at.face_uv_indices[mats == face])}
    bv = {int(v): int(u) for v, u in zip(verts[mats == back], at.face_uv_indices[mats == back])}
    shared = seam_vertices(model)
    if not shared:
        raise ValueError("no seam between the face and back-of-head tiles")
    a = _bilinear(img, at.uvs[[fv[v] for v in shared]])
    b = _bilinear(img, at.uvs[[bv[v] for v in shared]])
    return np.linalg.norm(srgb_to_lab(a) - srgb_to_lab(b), axis=1)


# Steepest allowed mask change per cm (mask_gradient_per_cm); the old hard-edged masks measured
# beard 9.3, mustache 3.2, goatee 7.0, brow 7.1 and 9.3 at the sideburn / cheek border (512^2).
FACIAL_HAIR_MAX_GRADIENT = {"beard": 2.5, "mustache": 2.2, "goatee": 3.0, "brow": 4.5}
SIDEBURN_MAX_GRADIENT = 1.2
LIP_MARGIN_CM = 0.4


def mask_gradient_per_cm(model, name: str, size: int = 512, side_only: bool = False) -> float:
    """Steepest change per cm of surface of a skin region mask (face tile), away from the lips.

    A mask that jumps (a hard painted edge) shows as a line on the rendered cheek; facial hair thins
    out over a centimetre or more.  Measured between neighbouring covered texels of one UV island
    (pairs that jump in 3D, i.e. across an island border, are skipped); the lip border is left out,
    hair legitimately stops at the vermilion.  side_only: only the cheek and sideburn border (|x| > 5 cm,
    above the jaw line), the part seen in three-quarter views."""
    from .regions import _polyline, chart

    f = atlas_fields(model, size).slots["face"]
    m, pos, cov = f.extra[name], f.pos, f.covered
    s, y = chart(np.moveaxis(pos, 0, -1))
    ls, ly = chart(model.neutral[model.landmarks].astype(np.float32))
    lips = np.stack([ls, ly], 1)[48:60]
    d_lips, _ = _polyline(s, y, np.concatenate([lips, lips[:1]]))
    keep = cov & (d_lips > LIP_MARGIN_CM) & (f.extra["lips"] < 1e-3)
    if side_only:
        keep &= (np.abs(pos[0]) > 5.0) & (pos[1] > -2.0)
    worst = 0.0
    for axis in (0, 1):
        dm = np.abs(np.diff(m, axis=axis))
        dp = np.linalg.norm(np.diff(pos, axis=axis + 1), axis=0)
        k = np.take(keep, range(keep.shape[axis] - 1), axis=axis) & np.take(keep, range(1, keep.shape[axis]), axis=axis)
        step = np.median(dp[k])
        k &= (dp > 0.2 * step) & (dp < 4.0 * step)
        if k.any():
            worst = max(worst, float((dm[k] / dp[k]).max()))
    return worst


def dark_spots(albedo, model, min_drop: float = 4.0) -> dict:
    """Dark blemishes of the bare face skin: texels whose L* lies min_drop below the local median
    (25-texel window) form spots.  Returns the share of the skin they cover (`cover`), their number
    (`count`) and the share of their area in round spots of >= 0.03 cm^2 (`round_share`; elongation,
    the ratio of the principal axes, < 2.5): sun spots are round macules of 2-12 mm, not specks or streaks."""
    import scipy.ndimage as nd

    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    lab = srgb_to_lab(_slot(img, "face"))[..., 0]
    keep = plain_skin(f.extra) & f.covered
    dark = (lab < nd.median_filter(lab, size=25) - min_drop) & keep
    area = np.zeros(lab.shape)
    area[:-1, :-1] = (np.linalg.norm(np.diff(f.pos, axis=1), axis=0)[:, :-1]
                      * np.linalg.norm(np.diff(f.pos, axis=2), axis=0)[:-1])  # cm^2 per texel
    labels, count = nd.label(dark)
    total = round_area = 0.0
    for i, box in enumerate(nd.find_objects(labels), 1):
        mask = labels[box] == i
        a = float(area[box][mask].sum())
        total += a
        if mask.sum() >= 3 and a >= 0.03:
            ev = np.linalg.eigvalsh(np.cov(np.stack(np.nonzero(mask)).astype(float)) + 1e-6 * np.eye(2))
            round_area += a if np.sqrt(ev[1] / ev[0]) < 2.5 else 0.0
    return {"cover": float(dark.sum() / max(keep.sum(), 1)), "count": int(count),
            "round_share": round_area / total if total > 0 else 0.0}
