"""Stated scars (params version 19): a thin, pale, pinkish line at each place the parser read (backend/parser/scars.py).

Each place has a field of its own (0 no scar, 1 a scar; PLACE_FIELDS), the parser's place names mapped onto the
person's own left and right: the ICT head faces +Z with +Y up, so the person's left is +X (its "iris_left" lies at
x > 0, as its eyeBlink_L lid does).  A scar's length, angle, curve and width are drawn from the head's seed and its
place, so seeds of one prompt differ and a head redraws the same scar.  It is painted on the face slot's skin as
healed (mature) scar tissue looks: less melanin and a little more blood than the skin around it (a pale, pinkish
line), lighter at the centre and smooth, with faint darker edges where it is raised; no hair grows in it, so across
an eyebrow or a beard it breaks the hair (`gap`: the strands painted over it are taken off again).

A scar's tone (scar_tone, params version 19: 0 before, every scar pale): on darker skin a healed scar is as often
darker than the skin as paler (post-inflammatory hyperpigmentation, commoner and longer-lasting the darker the skin:
Davis & Callender 2010, J Clin Aesthet Dermatol 3(7) 20-31; Taylor 2002, J Am Acad Dermatol 46 S41-62), so an unstated
tone is drawn from the seed with DARK_SHARE's chance at the skin's melanin; "a pale scar" / "a dark scar" (look_words)
is kept as said.  A dark scar carries more melanin than the skin around it, little extra blood and no sheen.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch

from .fields import atlas_fields

# the parser's places (scars.PLACES) of a stated side -> the field that paints them
PLACE_FIELDS = {"left_cheek": "scar_left_cheek", "right_cheek": "scar_right_cheek", "forehead": "scar_forehead",
                "left_eyebrow": "scar_left_brow", "right_eyebrow": "scar_right_brow", "lip": "scar_lip",
                "chin": "scar_chin"}
FIELDS = tuple(PLACE_FIELDS.values())
# a place said without its side ("a scar on his cheek") takes a seeded one
SIDELESS = {"cheek": ("left_cheek", "right_cheek"), "eyebrow": ("left_eyebrow", "right_eyebrow")}
# where scars said without a place go ("a scarred man", "two scars"): the common places of facial scars
UNPLACED = ("left_cheek", "right_cheek", "forehead", "chin", "left_eyebrow", "right_eyebrow")


@dataclass(frozen=True)
class Shape:
    """A place's scar: centre offset (cm, from the place's anchor, x toward the person's left, y up), length (cm),
    angle from horizontal (degrees), the curve's bow (cm at the middle, either side), half-width (cm)."""
    offset: tuple[tuple[float, float], tuple[float, float]]  # (x range, y range)
    length: tuple[float, float]
    angle: tuple[float, float]
    bow: float = 0.3
    half_width: tuple[float, float] = (0.07, 0.11)


# Offsets in x point away from the midline (toward the scar's side).  Set by hand after the common facial scars: a diagonal cheek slash, a forehead cut, a nick through the brow
# (nearly vertical, so it parts the brow hair), a short vertical split of the upper lip's border, a chin cut.
SHAPES = {"cheek": Shape(((0.3, 1.3), (-1.2, -0.3)), (2.5, 4.5), (20.0, 70.0), half_width=(0.08, 0.12)),
          "forehead": Shape(((-2.0, 2.0), (1.4, 2.4)), (2.0, 4.0), (15.0, 75.0)),
          "eyebrow": Shape(((-0.6, 0.6), (0.0, 0.25)), (2.2, 3.2), (70.0, 100.0), bow=0.15),
          "lip": Shape(((-1.0, 1.0), (0.35, 0.55)), (1.2, 1.8), (78.0, 102.0), bow=0.08, half_width=(0.06, 0.08)),
          "chin": Shape(((-1.0, 1.0), (-0.4, 0.4)), (1.5, 2.8), (-25.0, 25.0), bow=0.2)}
# the chin's anchor below the lips' centre (cm)
CHIN_BELOW_LIPS = 3.3
# colour of the scar tissue: its melanin and blood against the skin's; its core's cover; the raised edges' shade
SCAR_MELANIN = 0.65
SCAR_BLOOD = 1.5
SCAR_CAROTENE = 0.6
SCAR_SHEEN = 1.12  # smooth, pore-less tissue scatters more (1.06 left a fair skin's scar at dL* ~+4: hardly seen)
CORE_COVER = 0.85
EDGE_SHADE = 0.14
# a dark (hyperpigmented) scar at scar_tone 1: its melanin, blood, carotene against the skin's, and its sheen
DARK_MELANIN = 1.7
DARK_ADDED = 0.06  # melanin added besides (fair skin's own is too little for 1.7 of it to show: dL* -0.8 without)
DARK_BLOOD = 1.1
DARK_CAROTENE = 1.0
DARK_SHEEN = 1.0
# The chance an unstated scar is dark, at the skin tones' melanin (params.SKIN_TONES: very-fair .. dark), interpolated
# between; set by hand from the sources above (which give no per-tone figure): rare on fair skin, about half on brown,
# most on dark.  A drawn dark scar's tone lies in DARK_TONE (some only a little darker).
DARK_SHARE = ((0.026, 0.03), (0.071, 0.06), (0.184, 0.2), (0.30, 0.35), (0.52, 0.5), (0.94, 0.65))
DARK_TONE = (0.6, 1.0)
TONES = {"pale": 0.0, "dark": 1.0}  # a stated tone (look_words.stated_looks "scar")


def places_from(scar: dict | None, seed: int) -> dict[str, float]:
    """The parser's {"count", "places"} -> {field: 1.0} of the scars to paint ({} for none).  A side not said is
    drawn from the seed; scars counted beyond the places named go to seeded common places."""
    if not scar:
        return {}
    if not isinstance(scar, dict) or not isinstance(scar.get("places", []), list):
        raise ValueError(f"scar must be the parser's {{'count': n, 'places': [...]}}, got {scar!r}")
    rng = np.random.default_rng([int(seed), 5297])
    chosen: list[str] = []
    for place in scar.get("places", []):
        if place in SIDELESS:
            place = SIDELESS[place][int(rng.integers(2))]
        if place not in PLACE_FIELDS:
            raise ValueError(f"scar place {place!r} is not one of {sorted(set(PLACE_FIELDS) | set(SIDELESS))}")
        if place not in chosen:
            chosen.append(place)
    extra = max(int(scar.get("count", len(chosen)) or 0) - len(chosen), 0)
    free = [p for p in UNPLACED if p not in chosen]
    for i in rng.permutation(len(free))[:extra]:
        chosen.append(free[int(i)])
    return {PLACE_FIELDS[p]: 1.0 for p in chosen}


def tone_from(melanin: float, seed: int, stated: str | None = None) -> float:
    """The scars' scar_tone: the stated one (TONES), or drawn from the seed at this melanin (its own stream: every
    other field stays as it was)."""
    if stated is not None:
        if stated not in TONES:
            raise ValueError(f"scar tone must be one of {sorted(TONES)} or unstated, got {stated!r}")
        return TONES[stated]
    mel, share = zip(*DARK_SHARE)
    rng = np.random.default_rng([int(seed), 5297, 1])
    u, t = rng.random(2)
    return float(DARK_TONE[0] + (DARK_TONE[1] - DARK_TONE[0]) * t) if u < np.interp(melanin, mel, share) else 0.0


def _anchor(pos: np.ndarray, covered: np.ndarray, extra: dict, field: str) -> np.ndarray:
    """The place's centre on the face (cm): cheek and brow from their region maps on the person's side, the rest
    from the lips' and brows' centres on the midline."""
    x, y = pos[0], pos[1]

    def centre(weights):
        w = weights * covered
        return (pos * w).reshape(3, -1).sum(1) / max(float(w.sum()), 1e-6)

    side = 1.0 if "left" in field else -1.0  # the person's left is +X
    if "cheek" in field:
        return centre(extra["cheek"] * (x * side > 0.5))
    if "brow" in field:
        return centre(extra["brow"] * (x * side > 0.5))
    lips = centre(extra["lips"] > 0.5)
    if field == "scar_lip":
        return lips
    if field == "scar_chin":
        return lips - np.array([0.0, CHIN_BELOW_LIPS, 0.0]) * 1.0
    brows = centre(extra["brow"])
    return np.array([0.0, brows[1], brows[2]])  # forehead: offset up from the brows' level


def _snap(pos: np.ndarray, covered: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The front-most covered surface point at the target's (x, y)."""
    near = covered & (np.abs(pos[0] - target[0]) < 0.3) & (np.abs(pos[1] - target[1]) < 0.3) & (pos[2] > 0)
    if not near.any():
        raise ValueError(f"no face surface near {target.round(1).tolist()} cm")
    i = np.argmax(np.where(near, pos[2], -np.inf))
    return pos.reshape(3, -1)[:, i]


def _frame(pos: np.ndarray, covered: np.ndarray, a: np.ndarray):
    """Tangent frame at a: (t1 across, toward the person's left; t2 up along the surface; n outward)."""
    pts = pos.reshape(3, -1)[:, covered.reshape(-1)]
    pts = pts[:, np.linalg.norm(pts - a[:, None], axis=0) < 1.5]
    _, _, vt = np.linalg.svd((pts - pts.mean(1, keepdims=True)).T, full_matrices=False)
    n = vt[2] if vt[2][2] > 0 else -vt[2]
    t1 = np.cross([0.0, 1.0, 0.0], n)
    t1 /= np.linalg.norm(t1)
    return t1, np.cross(n, t1), n


def _line(pos: np.ndarray, covered: np.ndarray, extra: dict, field: str, seed: int):
    """(core, edge, gap) maps (h, w) float32 of one place's scar, drawn from seed and place."""
    place = "cheek" if "cheek" in field else "eyebrow" if "brow" in field else field[len("scar_"):]
    shape = SHAPES[place]
    rng = np.random.default_rng([int(seed), FIELDS.index(field), 7919])
    side = 1.0 if "left" in field else -1.0 if "right" in field else 1.0
    dx, dy = rng.uniform(*shape.offset[0]), rng.uniform(*shape.offset[1])
    length, angle = rng.uniform(*shape.length), np.radians(rng.uniform(*shape.angle))
    if place in ("cheek", "forehead") and rng.random() < 0.5:
        angle = np.pi - angle  # slanting either way
    bow, half = shape.bow * rng.uniform(-1.0, 1.0), rng.uniform(*shape.half_width)
    a = _snap(pos, covered, _anchor(pos, covered, extra, field) + np.array([dx * side, dy, 0.0]))
    t1, t2, n = _frame(pos, covered, a)
    rel = pos - a[:, None, None]
    u, v, h = (np.tensordot(t, rel, 1) for t in (t1, t2, n))
    s = np.linspace(-0.5, 0.5, 33)
    pu, pv = s * length, bow * (1.0 - 4.0 * s * s)
    c, sn = np.cos(angle), np.sin(angle)
    qu, qv = c * pu - sn * pv, sn * pu + c * pv
    reach = (u * u + v * v < (length / 2 + 1.0) ** 2) & (np.abs(h) < 1.0) & covered
    rows, cols = np.nonzero(reach)
    core, edge, gap = (np.zeros(covered.shape, np.float32) for _ in range(3))
    if rows.size == 0:
        return core, edge, gap
    uu, vv = u[rows, cols][:, None], v[rows, cols][:, None]
    au, av, bu, bv = qu[:-1], qv[:-1], qu[1:], qv[1:]
    eu, ev = bu - au, bv - av
    t = np.clip(((uu - au) * eu + (vv - av) * ev) / (eu * eu + ev * ev), 0.0, 1.0)
    d = np.hypot(uu - au - t * eu, vv - av - t * ev)
    k = d.argmin(1)
    dist = d[np.arange(len(k)), k]
    along = (k + t[np.arange(len(k)), k]) / (len(s) - 1)  # 0..1 along the scar
    end = np.clip(np.minimum(along, 1.0 - along) / 0.18, 0.0, 1.0)
    fade = end * end * (3.0 - 2.0 * end)
    width = half * (0.55 + 0.45 * fade)  # thinner toward the ends
    core[rows, cols] = np.exp(-(dist / width) ** 2) * fade
    edge[rows, cols] = np.exp(-((dist - 1.9 * width) / (0.7 * width)) ** 2) * fade
    gap[rows, cols] = np.clip(1.6 * np.exp(-(dist / (1.4 * width)) ** 2), 0.0, 1.0) * np.sqrt(fade)
    return core, edge, gap


@functools.lru_cache(maxsize=8)
def scar_maps(model, size: int, seed: int, field: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One place's scar maps over the face slot (torch, (h, w)), kept per (size, seed, place)."""
    f = atlas_fields(model, size).slots["face"]
    return tuple(torch.from_numpy(m) for m in _line(f.pos, f.covered, f.extra, field, seed))


def scar_layers(p: dict, model, size: int, seed: int):
    """(core, edge, gap) of every stated scar, each weighted by its field, or None where no scar is stated (the
    head draws as before)."""
    live = [k for k in FIELDS if float(p[k].detach()) > 0.0]
    if not live:
        return None
    maps = [scar_maps(model, size, int(seed), k) for k in live]
    return tuple(sum(p[k] * m[i] for k, m in zip(live, maps)).clamp(0.0, 1.0) for i in range(3))


def scar_colour(p: dict) -> torch.Tensor:
    """Linear RGB (3, 1, 1) of the scar tissue of this skin: paler (less melanin), pinker (more blood); toward a dark
    scar's (more melanin, no sheen) by scar_tone."""
    from .pigments import skin_reflectance

    if float(p["scar_tone"]) > 0.0:  # (0: the pale scar, computed as before)
        t = p["scar_tone"]
        mix = lambda pale, dark: pale + t * (dark - pale)  # noqa: E731
        tissue = skin_reflectance(p["melanin"] * mix(SCAR_MELANIN, DARK_MELANIN) + t * DARK_ADDED,
                                  (p["haemoglobin"] * mix(SCAR_BLOOD, DARK_BLOOD)).clamp(max=1.0),
                                  p["carotene"] * mix(SCAR_CAROTENE, DARK_CAROTENE))
        return (tissue * mix(SCAR_SHEEN, DARK_SHEEN)).clamp(max=1.0).view(3, 1, 1)
    tissue = skin_reflectance(p["melanin"] * SCAR_MELANIN, (p["haemoglobin"] * SCAR_BLOOD).clamp(max=1.0),
                              p["carotene"] * SCAR_CAROTENE)
    return (tissue * SCAR_SHEEN).clamp(max=1.0).view(3, 1, 1)


def paint_scars(x: torch.Tensor, p: dict, layers) -> torch.Tensor:
    """The scars over the skin (x: linear (3, h, w) of the face slot): darker raised edges, the pale core."""
    core, edge, _ = layers
    x = x * (1.0 - EDGE_SHADE * edge)
    return x + CORE_COVER * core * (scar_colour(p) - x)
