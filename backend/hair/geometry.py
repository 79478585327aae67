"""The hair mesh of one head, numpy only, deterministic: built on the generated head (identity applied, no
expression), in model units (cm, Y up, +Z forward).

Parts (each closed, or closed together with the scalp under it; quads and a few triangles, outward winding):
- cap: a shell over the painted hair region, on a polar grid of rays from inside the head (scalp.py's CENTRE).  Each
  ray's first skin hit is offset along the skin's normal by a thickness that grows with volume and length and tapers
  to nothing at the painted hairline, so the rim lies on the scalp there (no open edge to see into);
- curtain (loose hair to the chin or longer): a slab swept round the back and sides, from the widest point of the cap
  down to the length, clear of the ears, neck and shoulders it passes (a clearance radius per azimuth and height);
- ponytail, braid, pigtails: tubes hanging from the back (the sides) of the head; bun: an ellipsoid at the back.
UV v runs along the strands (1 at the roots, ~0 at the tips), u across them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..texture.scalp import CENTRE
from .raycast import RayCaster, skin_triangles, vertex_normals
from .scalp import scalp_field
from .drape import add_surface, drape
from .style import HairStyle
from .tie import PINCH, add_band, band_rings

N_PHI, N_THETA = 56, 112  # cap grid: rows from the crown down, columns round the head (~0.45 cm cells)
PHI_MAX = np.radians(150.0)  # down to the nape's hairline
EPS = 0.06  # cm the shell's rim stands off the skin (no z-fighting, never inside)
RAMP = 1.5  # cm inside the hairline over which the cap reaches its full thickness
THICKNESS = {"short": 1.0, "chin": 1.2, "shoulder": 1.2, "long": 1.2, "very_long": 1.3}
TIED_THICKNESS = 0.55  # hair pulled back into a ponytail or bun lies flat
# a plain bun is worn low at the back (its tie BUN_Y cm above the centre, ~ the ears' top: the bun spans occiput to
# nape); a high bun is the top knot on the crown (crest.py)
BUN_Y = 0.0
TIED_ON_CAP, SINK = ("ponytail", "bun"), 0.15  # parts set on the cap, no deeper than SINK cm under its surface
VOLUME = {"straight": 1.0, "curly": 1.6, "afro": 4.5}
AFRO, AFRO_RAMP = 4.6, 4.5  # cm: an afro's thickness all round, and how far inside the hairline it reaches it
LUMPS = {"curly": 0.3, "afro": 0.09}  # curls' uneven outline: the thickness varies by this share
# Short curly hair (unstated on most Black heads, hair/style.py ANCESTRY_VOLUME) is a close crop: a thin cap (CROP cm)
# with small round curl bumps (CROP_WAVE cm across, up to CROP_AMP cm, drape._curls: smaller ones crease the
# ~0.45 cm grid), not a swollen lumpy helmet
CROP, CROP_WAVE, CROP_AMP, CROP_TAPER = 0.8, 2.4, 0.35, 0.5
SLAB = {"straight": 1.3, "curly": 2.2, "afro": 2.2}  # curtain thickness (cm)
# where loose hair ends, cm below the chin (negative: above it)
DROP = {"chin": -1.0, "shoulder": 8.0, "long": 20.0, "very_long": 36.0}
TAIL = {"short": -2.0, "chin": -2.0, "shoulder": 4.0, "long": 14.0, "very_long": 28.0}  # ponytail/braid tips
FRONT = np.radians(68.0)  # the curtain covers azimuths this far from the front and beyond (sides and back)
FRINGE = 3.3  # cm a fringe reaches past the hairline down the forehead
# a horseshoe (the masked cap where the crown has no painted hair: balding men) lies HORSESHOE cm off the scalp at
# most, thinning to the rim over HORSESHOE_RAMP cm and its coverage over ALPHA_RAMP cm (it was 1 cm thick to the rim)
HORSESHOE, HORSESHOE_RAMP, ALPHA_RAMP = 0.4, 1.5, 1.0
CURLS, CURL_PITCH = 0.22, 1.6  # a curly ponytail's coils: relief (share of its radius) and length along it (cm)
CLEAR = 0.35  # cm kept between hair and skin where hair hangs past the head
_AZ_BINS, _Y_LO, _Y_STEP, _Y_BINS = 120, -45.0, 0.5, 140  # the clearance table: 3 degrees x 0.5 cm bins


@dataclass
class HairGeometry:
    vertices: np.ndarray  # (H, 3) float32 on the generated head
    anchor: np.ndarray  # (H,) int32 head vertex each hair vertex follows
    face_vertices: np.ndarray  # corners
    face_offsets: np.ndarray  # (F + 1,)
    loop_uvs: np.ndarray  # (corners, 2)
    parts: dict  # part name -> (first polygon, end polygon)


class _Builder:
    """Vertices and polygon blocks (arrays of triangles or quads with their corners' UVs), part by part."""

    def __init__(self):
        self.v: list[np.ndarray] = []
        self.a: list[np.ndarray] = []
        self.blocks: list[tuple[np.ndarray, np.ndarray]] = []  # (N, k) vertex ids, (N, k, 2) uvs
        self.n = 0
        self.parts: dict = {}

    def add_vertices(self, pos: np.ndarray, anchor: np.ndarray) -> np.ndarray:
        pos = np.asarray(pos, np.float64).reshape(-1, 3)
        ids = np.arange(self.n, self.n + len(pos))
        self.v.append(pos)
        self.a.append(np.broadcast_to(np.asarray(anchor, np.int64), (len(pos),)).copy())
        self.n += len(pos)
        return ids

    def add(self, corners, uvs) -> None:
        corners = np.asarray(corners, np.int64)
        uvs = np.broadcast_to(np.asarray(uvs, np.float64), corners.shape + (2,))
        if corners.size:
            self.blocks.append((corners.reshape(-1, corners.shape[-1]), uvs.reshape(-1, corners.shape[-1], 2)))

    def orient(self, start: int, name: str, outward_ref: np.ndarray | None = None) -> None:
        """Name the blocks from `start` on a part, flipped when their signed volume (closed parts) or their normals'
        side of `outward_ref` (open parts: a point inside) says they face in."""
        pos = np.concatenate(self.v)
        total = 0.0
        for faces, _ in self.blocks[start:]:
            p = pos[faces]
            for k in range(1, faces.shape[1] - 1):
                if outward_ref is None:
                    total += np.einsum("ij,ij->", p[:, 0], np.cross(p[:, k], p[:, k + 1]))
                else:
                    total += np.einsum("ij,ij->", np.cross(p[:, k] - p[:, 0], p[:, k + 1] - p[:, 0]),
                                       p[:, 0] - outward_ref)
        if total < 0:
            self.blocks[start:] = [(f[:, ::-1], u[:, ::-1]) for f, u in self.blocks[start:]]
        first = sum(len(f) for f, _ in self.blocks[:start])
        self.parts[name] = (first, first + sum(len(f) for f, _ in self.blocks[start:]))

    def geometry(self) -> HairGeometry:
        sizes = np.concatenate([np.full(len(f), f.shape[1]) for f, _ in self.blocks])
        return HairGeometry(
            vertices=np.concatenate(self.v).astype(np.float32), anchor=np.concatenate(self.a).astype(np.int32),
            face_vertices=np.concatenate([f.ravel() for f, _ in self.blocks]).astype(np.int32),
            face_offsets=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32),
            loop_uvs=np.concatenate([u.reshape(-1, 2) for _, u in self.blocks]).astype(np.float32), parts=self.parts)


def _smoothstep(x):
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


class _Head:
    """The generated head's skin as the builder needs it."""

    def __init__(self, model, vertices: np.ndarray, params: dict):
        self.model = model
        self.params = dict(params)  # the painted scalp's params (drape follows an undercut's painted shaved band)
        self.v = np.asarray(vertices, np.float64)
        self.tris = skin_triangles(model)
        self.normals = vertex_normals(self.v, self.tris).astype(np.float64)
        self.centre = np.asarray(CENTRE, np.float64)
        self.rays = RayCaster(self.v, self.tris, self.centre)
        skin = np.unique(self.tris)
        self.skin = skin
        self.d = np.full(len(self.v), -6.0, np.float32)
        self.rho = np.zeros(len(self.v), np.float32)
        self.d[skin], self.rho[skin] = scalp_field(np.asarray(model.neutral)[skin], params)
        lm = np.asarray(model.landmarks)
        self.chin_y = float(self.v[lm[8], 1])
        self.brow_y = float(self.v[lm[[19, 24]], 1].mean())
        p = self.v[skin] - self.centre
        # the widest skin per azimuth and height bin: what hanging hair must clear (clearance)
        az = np.mod(np.arctan2(p[:, 0], p[:, 2]), 2 * np.pi)
        ai = (az / (2 * np.pi) * _AZ_BINS).astype(int) % _AZ_BINS
        yi = np.clip(((self.v[skin, 1] - _Y_LO) / _Y_STEP).astype(int), 0, _Y_BINS - 1)
        self.widest = np.zeros((_AZ_BINS, _Y_BINS))
        np.maximum.at(self.widest, (ai, yi), np.hypot(p[:, 0], p[:, 2]))

    def clearance(self, theta: float, ys: np.ndarray, half_width: float = np.radians(12.0),
                  below: float = 4.0, falls: bool = True, above: float = 1.5) -> np.ndarray:
        """Horizontal radius (cm from the vertical axis through CENTRE) that hair hanging at azimuth `theta` must
        keep at each height of `ys` (top to bottom) to clear the skin (ears, jaw, neck, shoulders): the widest skin
        within a band of heights (`below` cm down to `above` cm up), never narrowing on the way down (hair falls, it does not tuck in)
        unless not `falls`."""
        k = int(np.ceil(half_width / (2 * np.pi) * _AZ_BINS))
        centre = int(np.mod(theta, 2 * np.pi) / (2 * np.pi) * _AZ_BINS)
        column = self.widest[np.arange(centre - k, centre + k + 1) % _AZ_BINS].max(0)
        lo = np.clip(((ys - below - _Y_LO) / _Y_STEP).astype(int), 0, _Y_BINS)
        hi = np.clip(((ys + above - _Y_LO) / _Y_STEP).astype(int) + 1, 0, _Y_BINS)
        # the max over bins lo..hi-1 from a sliding window as wide as the widest band (zeros past the table's ends)
        width = int((hi - lo).max()) if len(ys) else 1
        padded = np.r_[column, np.zeros(width)]
        windows = np.lib.stride_tricks.sliding_window_view(padded, width)  # (bins + 1, width)
        mask = np.arange(width)[None, :] < (hi - lo)[:, None]
        out = np.where(mask, windows[np.minimum(lo, len(windows) - 1)], 0.0).max(1, initial=0.0)
        return np.maximum.accumulate(out) if falls else out  # (not falls: an afro's edge curves in under the head)

    def surface(self, directions: np.ndarray):
        """-> hit points (R, 3), interpolated normals, anchor vertex ids, hairline distance, density; rows with
        no hit have NaN points."""
        dist, tri, bary = self.rays.cast(directions)
        d = directions / np.linalg.norm(directions, axis=1, keepdims=True)
        pts = self.centre + d * np.where(np.isfinite(dist), dist, 0.0)[:, None]
        ids = self.tris[np.maximum(tri, 0)]
        n = (self.normals[ids] * bary[..., None]).sum(1)
        n /= np.linalg.norm(n, axis=1, keepdims=True).clip(1e-9)
        anchor = ids[np.arange(len(ids)), np.argmax(bary, 1)]
        hd = (self.d[ids] * bary).sum(1)
        rho = (self.rho[ids] * bary).sum(1)
        miss = tri < 0
        pts[miss] = np.nan
        return pts, n, anchor, hd, rho


def build(model, vertices: np.ndarray, params: dict, style: HairStyle, seed: int) -> HairGeometry | None:
    """The hair of `style` on the generated head `vertices` (V, 3) (identity applied, no expression), with the painted
    scalp of texture params `params` (dict).  None when the style has no mesh."""
    if not style.has_mesh:
        return None
    head = _Head(model, vertices, params)
    rng = np.random.default_rng([int(seed), 12])
    b = _Builder()
    if style.cut in ("mohawk", "faux_hawk"):  # a crest over the painted crop, no cap (crest.py)
        from .crest import add_crest
        return b.geometry() if add_crest(b, head, style, EPS, _grid_quads) else None
    loose = style.style == "loose" and style.length in DROP and style.volume != "afro" and style.cut != "dreadlocks"
    tied = style.style in ("ponytail", "bun", "braid", "pigtails")
    thick = (TIED_THICKNESS if tied or style.cut == "slicked_back" else THICKNESS[style.length]) * VOLUME[style.volume]
    hang = None if not loose else {
        "y_end": head.chin_y - DROP[style.length], "slab": SLAB[style.volume], "uneven": float(style.length != "chin"),
        "curl_under": style.length == "chin", "wave": 0.35 if style.volume == "curly" else 0.0,
        "phase": float(rng.uniform(0, 6)), "above_stub": style.length == "shoulder",
        "locks": style.length in ("long", "very_long"), "tucked": style.ears == "tucked"}
    afro = style.volume == "afro" and style.style == "loose" and style.cut != "dreadlocks"
    if afro:  # a rounded volume all round the head: it hangs over the ears to a round lower edge at the jaw's height
        thick = AFRO
        hang = {"y_end": head.chin_y + 2.5, "slab": AFRO, "uneven": 0.3, "curl_under": False, "wave": 0.0,
                "phase": 0.0, "round": True}
    crop = style.volume == "curly" and style.length == "short" and style.style == "loose" and not style.cut
    if crop:
        thick = CROP
    surface = drape(head, style, rng, thick, AFRO_RAMP if style.volume == "afro" else RAMP,
                    FRINGE if style.fringe else 0.0, hang,
                    lumps=0.0 if tied or crop or style.cut == "slicked_back" else LUMPS.get(style.volume, 0.0))  # pulled flat
    if surface is not None:
        if crop:
            from .drape import _curls
            _curls(head, surface, rng, CROP_WAVE, CROP_AMP, CROP_TAPER)
        add_surface(b, surface)
        cap = _cap_of(surface, head)
    else:  # no painted hair at the crown (a horseshoe): a cap masked to the painted region, a slab hanging from it
        cap = _cap(b, head, style, rng)
        if cap is None:
            return None
        if loose:
            _curtain(b, head, style, cap, rng)
    n_cap = b.n  # the tied parts' vertices come after the cap's (set on it below)
    if style.style in ("ponytail", "braid"):
        _tail(b, head, style, cap, np.pi, braid=style.style == "braid")
    elif style.style == "pigtails" and style.plaits:  # box braids: many thin plaits (locs.py)
        from .locs import add_locs
        add_locs(b, head, style, cap, rng, _tube_rings, _closed_tube, _cap_point, EPS)
    elif style.style == "pigtails":
        for side in (1, -1):
            _tail(b, head, style, cap, side * np.radians(118.0), braid=True, name=f"pigtail_{'lr'[side < 0]}")
    elif style.style == "bun" and style.cut == "top_knot":  # on the crown (crest.py)
        from .crest import top_knot
        top_knot(b, head, cap, _ellipsoid_bun)
    elif style.style == "bun":
        _bun(b, head, cap)
    if b.n > n_cap and style.style in TIED_ON_CAP:
        _onto_cap(b, head, n_cap)
    if style.cut == "dreadlocks":  # ropes in place of the curtain (locs.py)
        from .locs import add_locs
        add_locs(b, head, style, cap, rng, _tube_rings, _closed_tube, _cap_point, EPS)
    return b.geometry()


def _onto_cap(b: _Builder, head: _Head, n_cap: int) -> None:
    """The tied parts' vertices from `n_cap` on moved out along their rays from the centre to no deeper than SINK
    under the cap's outer surface: a ponytail's root and a bun rest on the hair they are gathered from instead of
    passing through it to the scalp."""
    lo, hi = b.parts["cap"]
    polys = [f for f, _ in b.blocks]
    first = np.cumsum([0] + [len(f) for f in polys])
    tris = []
    for k, f in enumerate(polys):
        if first[k + 1] <= lo or first[k] >= hi:
            continue
        tris.append(f[:, [0, 1, 2]])
        if f.shape[1] == 4:
            tris.append(f[:, [0, 2, 3]])
    pos = np.concatenate(b.v)
    caster = RayCaster(pos, np.concatenate(tris), head.centre)
    moved = caster.push_out(pos[n_cap:], -SINK)
    b.v = [pos[:n_cap], moved]


def _cap_of(surface: dict, head: _Head) -> dict:
    """The draped surface's outer side as the tails and the bun look it up (rows down, columns round)."""
    outer = surface["grid"][:, :surface["n_outer"]].transpose(1, 0, 2)
    radial = outer - head.centre
    return {"outer": outer, "theta": surface["theta"], "inside": np.ones(outer.shape[:2], bool),
            "normal": radial / np.linalg.norm(radial, axis=-1, keepdims=True),
            "anchor": surface["anchor"][:, :surface["n_outer"]].T}


def _grid_quads(ids: np.ndarray, u: np.ndarray, v: np.ndarray, wrap: bool):
    """Quads of a vertex grid ids (R, C) (rows down, columns round), UVs u (C + 1,) and v (R,); `wrap`: the last
    column joins the first.  -> (N, 4) ids, (N, 4, 2) uvs."""
    R, C = ids.shape
    cols = C if wrap else C - 1
    i, j = np.meshgrid(np.arange(R - 1), np.arange(cols), indexing="ij")
    j1 = (j + 1) % C
    quads = np.stack([ids[i, j], ids[i + 1, j], ids[i + 1, j1], ids[i, j1]], -1)
    uvs = np.stack([np.stack([u[j], v[i]], -1), np.stack([u[j], v[i + 1]], -1),
                    np.stack([u[j + 1], v[i + 1]], -1), np.stack([u[j + 1], v[i]], -1)], -2)
    return quads, uvs


def _cap(b: _Builder, head: _Head, style: HairStyle, rng) -> dict | None:
    phi = np.linspace(0.0, PHI_MAX, N_PHI + 1)
    theta = -np.pi + 2 * np.pi * np.arange(N_THETA) / N_THETA
    P, T = np.meshgrid(phi, theta, indexing="ij")  # (rows, cols)
    dirs = np.stack([np.sin(P) * np.sin(T), np.cos(P), np.sin(P) * np.cos(T)], -1).reshape(-1, 3)
    pts, n, anchor, hd, rho = head.surface(dirs)
    shape = P.shape
    hit = np.isfinite(pts[:, 0])
    if style.fringe:  # the hairline moved down the forehead in front, stopping above the brows
        front = _smoothstep((np.cos(T.ravel()) - np.cos(np.radians(55))) / (1 - np.cos(np.radians(55))))
        above = _smoothstep((np.nan_to_num(pts[:, 1]) - head.brow_y - 0.9) / 0.8)
        hd = hd + FRINGE * front * above
    inner = np.clip((rho - 0.25) / 0.45, 0.0, 1.0)
    field = np.where(hit, hd - 0.1, -1.0)  # > 0 where the shell stands off the scalp
    # the painted horseshoe's hairline distance is no distance in cm along its top edge (the bald top's level
    # line), so the cap tapers over the grid's own distance to its rim: a thin fringe hugging the skull whose edges
    # thin out, not a slab with a ledge on top and teeth along its rim
    rim_cm = _inside_distance(pts.reshape(*P.shape, 3), (field > 0).reshape(P.shape)).ravel()
    w = _smoothstep(rim_cm / HORSESHOE_RAMP) * _smoothstep(inner)
    tied = style.style in ("ponytail", "bun", "braid", "pigtails")
    thick = min(HORSESHOE, (TIED_THICKNESS if tied else THICKNESS[style.length])) * VOLUME[style.volume]
    radial = dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
    off = n + (0.3 + thick / 3.0) * radial
    off /= np.linalg.norm(off, axis=1, keepdims=True)
    t = EPS + thick * w
    if style.volume != "straight":  # curls: a lumpy surface
        bumps = np.sin(np.nan_to_num(pts) @ rng.normal(0, 1.3, (3, 4))).sum(1) / 4.0
        t = t + 0.25 * thick * w * bumps
    F = field.reshape(shape)
    inside = F > 0
    Fn = np.roll(inside, -1, axis=1)
    keep = (inside[:-1] | inside[1:] | Fn[:-1] | Fn[1:])  # quad (i, j): rows i, i+1, columns j, j+1
    hit2 = hit.reshape(shape)
    hn = np.roll(hit2, -1, axis=1)
    keep &= hit2[:-1] & hit2[1:] & hn[:-1] & hn[1:]
    if not keep.any():
        return None
    scalp = pts.reshape(*shape, 3)
    outer = (pts + off * t[:, None]).reshape(*shape, 3)
    # the rim: each vertex outside the hairline moved along its grid edges to where the hairline crosses them (the
    # mean of its crossings), so the rim follows the painted hairline, not the grid's staircase
    used = np.zeros(shape, bool)
    for di, dj in ((0, 0), (1, 0), (0, 1), (1, 1)):
        used[di:di + N_PHI] |= np.roll(keep, dj, axis=1)
    rim = used & ~inside
    acc, cnt = np.zeros(shape + (3,)), np.zeros(shape)
    # a horseshoe's rim vertex with an inside node only diagonally next to it is snapped along that diagonal (left
    # where it was, its quads stuck out over the skin as a row of teeth)
    for steps in (((1, 0), (-1, 0), (0, 1), (0, -1)), ((1, 1), (1, -1), (-1, 1), (-1, -1))):
        alone = cnt == 0
        for step in steps:
            other_in = np.roll(inside, (-step[0], -step[1]), axis=(0, 1))
            other_f = np.roll(F, (-step[0], -step[1]), axis=(0, 1))
            other_p = np.roll(scalp, (-step[0], -step[1]), axis=(0, 1))
            ok = rim & other_in & alone
            if step[0]:  # no wrap across the grid's first and last rows
                ok[-1 if step[0] == 1 else 0] = False
            f = np.clip(F / np.where(ok, F - other_f, -1.0), 0.0, 1.0)  # F <= 0 < other_f: 0..1 of the way in
            acc += np.where(ok[..., None], scalp + f[..., None] * (other_p - scalp), 0.0)
            cnt += ok
    moved = rim & (cnt > 0)
    snapped = acc[moved] / cnt[moved][:, None]
    outer[moved] = head.rays.push_out(snapped, EPS)
    index = np.full(shape, -1, np.int64)
    start = len(b.blocks)
    flat_anchor = anchor.reshape(shape)
    if used[0].any():
        index[0] = b.add_vertices(outer[0, 0], flat_anchor[0, 0])[0]
    rows, cols = np.nonzero(used[1:])
    index[rows + 1, cols] = b.add_vertices(outer[rows + 1, cols], flat_anchor[rows + 1, cols])
    u = np.arange(N_THETA + 1) / N_THETA
    v = 1.0 - 0.85 * np.arange(N_PHI + 1) / N_PHI  # strands run from the crown (v 1) down
    quads, uvs = _grid_quads(index, u, v, wrap=True)
    quads, uvs = quads[1:][keep[1:]], uvs[1:][keep[1:]]
    # coverage fades towards the rim: v runs down to the albedo's tips (texture.TIP_FADE) there, strands ending
    rows_of = np.full(b.n, -1)
    rows_of[index[used]] = np.nonzero(used.ravel())[0]
    fade = np.clip(rim_cm / ALPHA_RAMP, 0.0, 1.0)[rows_of[quads]]
    uvs = uvs.copy()
    uvs[..., 1] = 0.02 + (uvs[..., 1] - 0.02) * fade
    b.add(quads, uvs)
    j = np.nonzero(keep[0])[0]  # the crown: triangles round one vertex
    j1 = (j + 1) % N_THETA
    b.add(np.stack([index[0][j], index[1][j], index[1][j1]], -1),
          np.stack([np.stack([(u[j] + u[j + 1]) / 2, np.full(len(j), v[0])], -1), np.stack([u[j], np.full(len(j), v[1])], -1),
                    np.stack([u[j + 1], np.full(len(j), v[1])], -1)], 1))
    b.orient(start, "cap", outward_ref=head.centre)
    return {"outer": outer, "scalp": scalp, "w": w.reshape(shape), "inside": inside, "anchor": flat_anchor,
            "theta": theta, "normal": n.reshape(*shape, 3), "thick": thick}


def _inside_distance(scalp: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """cm along the grid (rows down, columns round, wrapping) from each node of `inside` to the nearest node outside
    it (0 outside; grid edges' lengths on the scalp points (R, C, 3), a missed ray's node counting as outside)."""
    ok = np.isfinite(scalp[..., 0])
    dist = np.where(inside & ok, np.inf, 0.0)
    p = np.nan_to_num(scalp)
    steps = []
    for di in (-1, 0, 1):  # the 8 neighbours (diagonals too: a rim vertex's diagonal neighbour is one edge in)
        for dj in (-1, 0, 1):
            if di or dj:
                length = np.linalg.norm(p - np.roll(p, (di, dj), axis=(0, 1)), axis=-1)
                if di:  # no wrap across the first and last rows
                    length[0 if di == 1 else -1] = np.inf
                steps.append(((di, dj), length))
    for _ in range(int(np.ceil(HORSESHOE_RAMP / 0.2)) + 2):  # relaxed until HORSESHOE_RAMP's reach is exact
        for step, length in steps:
            dist = np.minimum(dist, np.roll(dist, step, axis=(0, 1)) + length)
    return np.where(np.isfinite(dist), dist, 0.0)


def _sweep(b: _Builder, loops: np.ndarray, anchors: np.ndarray, u: np.ndarray, v: np.ndarray, name: str) -> None:
    """A closed part: quads between consecutive closed loops (S, L, 3) (anchors (S, L); L even, the loop's two halves
    facing each other), UVs u (S,) along the sweep and v (L,) round the loop, both ends closed by quads across the
    loop's halves."""
    S, L = loops.shape[:2]
    start = len(b.blocks)
    ids = b.add_vertices(loops.reshape(-1, 3), anchors.reshape(-1)).reshape(S, L)
    quads, uvs = _grid_quads(ids, np.r_[v, v[0]], u, wrap=True)  # rows: the sweep, columns: round the loop
    b.add(quads, uvs[..., ::-1])  # u along the sweep (across the strands), v round the loop (along them)
    k = np.arange(L // 2 - 1)
    for s, flip in ((0, False), (S - 1, True)):
        q = np.stack([ids[s, k], ids[s, k + 1], ids[s, L - 2 - k], ids[s, L - 1 - k]], -1)
        b.add(q[:, ::-1] if flip else q, np.array([u[s], 0.02]))
    b.orient(start, name)


def _curtain(b: _Builder, head: _Head, style: HairStyle, cap: dict, rng) -> None:
    theta, inside, outer, scalp = cap["theta"], cap["inside"], cap["outer"], cap["scalp"]
    order = np.argsort(np.mod(theta, 2 * np.pi))
    cols = [j for j in order if FRONT <= np.mod(theta[j], 2 * np.pi) <= 2 * np.pi - FRONT]
    slab = SLAB[style.volume]
    y_end = head.chin_y - DROP[style.length]
    M = int(np.clip((head.centre[1] + 6 - y_end) / 1.0, 10, 64))
    c = head.centre
    lengths = np.convolve(rng.normal(0, 1.0, len(cols) + 6), np.ones(7) / 7, "valid")  # uneven ends
    # the inner sheet starts on the scalp just past the hairline (each column's first node outside it)
    last = np.where(inside.any(0), N_PHI - np.argmax(inside[::-1], axis=0), 0)
    rows = np.minimum(last + 1, N_PHI)
    rows = np.where(np.isfinite(scalp[rows, np.arange(N_THETA), 0]), rows, last)
    at = scalp[rows, np.arange(N_THETA)] + EPS * cap["normal"][rows, np.arange(N_THETA)]
    tops_in = np.full((N_THETA, 3), np.nan)
    ok = np.isfinite(at).all(1)
    tops_in[ok] = head.rays.push_out(at[ok], EPS)
    picked = []
    for jj, j in enumerate(cols):
        kept = np.nonzero(inside[:, j] & (cap["w"][:, j] > 0.5))[0]
        if len(kept) == 0:
            continue
        th = theta[j]
        hdir = np.array([np.sin(th), 0.0, np.cos(th)])
        # the curtain leaves the cap high on the head (hair falls from the crown's slope), over the cap below
        i_d = int(kept[np.argmin(np.abs(np.radians(55.0) - PHI_MAX * kept / N_PHI))])
        top_out = outer[i_d, j] - 0.1 * cap["normal"][i_d, j]
        i_in, top_in = rows[j], tops_in[j]
        if not np.isfinite(top_in).all():
            continue
        y0, yh = top_out[1], top_in[1]
        back = 1.0 - abs(np.cos(th))  # longer at the back than at the sides
        yb = y_end - (1.5 * back + 0.6 * lengths[jj]) * (style.length != "chin")
        yh = max(yh, yb + 1.0)
        ys_out = np.linspace(y0 - 1.0, yb, M)
        ys_in = np.linspace(yh, yb, M)
        # what the hair must clear: the skin, and the cap it falls over
        cap_r = (outer[:, j] - c) @ hdir
        cap_y = outer[:, j, 1]
        below = np.isfinite(cap_r) & (np.arange(N_PHI + 1) >= i_d)
        cap_clear = np.interp(ys_out, cap_y[below][::-1], cap_r[below][::-1], left=0.0, right=0.0) \
            if below.sum() > 1 else np.zeros(M)
        r0 = float((top_out - c) @ hdir)
        edge = min(jj, len(cols) - 1 - jj)  # the curtain's front edges: thinner, rounded
        s_here = slab * (0.45 + 0.55 * _smoothstep(edge / 5.0))
        # clear of ears, neck, shoulders: the skin at this height with the slab's thickness, and anything just below
        must = np.maximum(head.clearance(th, ys_out, below=1.5) + CLEAR + s_here,
                          head.clearance(th, ys_out, below=2.5) + CLEAR + 0.2)
        need = must.copy()
        for k in range(M - 2, -1, -1):  # a bulge above a wider part starts early (hair over the ears)
            need[k] = max(need[k], need[k + 1] - 0.45 * (ys_out[k] - ys_out[k + 1]))
        # ... but leaves the cap gradually: no ledge where the curtain starts
        need = np.maximum(np.minimum(need, r0 + 0.6 * (y0 - ys_out)), must)
        # over the cap the hair lies on it (just inside its surface, so the cap shows); below the cap's widest point it
        # falls straight, flaring a little, instead of following the head back in to the nape
        hang = np.maximum.accumulate(np.maximum(cap_clear, r0)) - 0.1
        widest = ys_out[int(np.argmax(cap_clear))] if cap_clear.max() > 0 else ys_out[0]
        r_out = np.maximum(need, hang + np.clip(0.04 * (widest - ys_out), 0.0, 0.8))
        if style.volume == "curly":  # waves down the length
            r_out = r_out + 0.35 * (1 + np.sin(ys_out * 1.3 + rng.uniform(0, 6)))
        tip = _smoothstep((ys_in - yb) / 4.0)  # a thinner slab at the tips
        r_at = np.interp(ys_in[::-1], ys_out[::-1], r_out[::-1])[::-1]
        r_in = np.minimum(np.maximum(r_at - s_here * (0.35 + 0.65 * tip), head.clearance(th, ys_in) + CLEAR),
                          r_at - 0.2)
        out_pts = np.stack([c[0] + r_out * hdir[0], ys_out, c[2] + r_out * hdir[2]], 1)
        in_pts = np.stack([c[0] + r_in * hdir[0], ys_in, c[2] + r_in * hdir[2]], 1)
        loop = np.concatenate([[top_out], out_pts, in_pts[::-1], [top_in]])
        anchors = np.r_[np.full(len(loop) - 1, cap["anchor"][i_d, j]), cap["anchor"][i_in, j]]
        picked.append((loop, anchors, (np.mod(th, 2 * np.pi) - FRONT) / (2 * np.pi - 2 * FRONT), i_d))
    if len(picked) < 2:
        return
    loops, anchors, us, drops = (np.asarray(x) for x in zip(*picked))
    L = loops.shape[1]
    # v: from the cap's v where the curtain leaves it (no seam in the strands) to ~0 at the tips, on both sheets
    sheet = np.linspace(1.0 - 0.85 * float(np.median(drops)) / N_PHI, 0.02, L // 2)
    _sweep(b, loops, anchors, us, np.r_[sheet, sheet[::-1]], "curtain")


def _tube_rings(path: np.ndarray, radius: np.ndarray, lobes: float, n: int = 12, curls=0.0) -> np.ndarray:
    """Rings (S, n, 3) round a path (S, 3) of radius (S,); `lobes` > 0 makes a three-strand braid's bumps, `curls`
    > 0 a curly tail's (bumps CURL_PITCH cm along it, 5 round it, offset ring to ring: coils, not a smooth tube)."""
    t = np.gradient(path, axis=0)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    e1 = np.cross(t, np.array([1.0, 0.0, 0.0]))
    bad = np.linalg.norm(e1, axis=1) < 1e-3
    e1[bad] = np.cross(t[bad], [0.0, 0.0, 1.0])
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(t, e1)
    a = 2 * np.pi * np.arange(n) / n
    s = np.cumsum(np.r_[0, np.linalg.norm(np.diff(path, axis=0), axis=1)])
    r = radius[:, None] * (1 + lobes * np.cos(3 * a[None] + 2 * np.pi * s[:, None] / 2.2))
    if np.any(curls):  # (per ring: none at the band)
        r = r * (1 + curls * np.cos(5 * a[None] + 1.7 * np.pi * s[:, None] / CURL_PITCH)
                 * np.sin(np.pi * s[:, None] / CURL_PITCH) ** 2)
    return path[:, None] + r[..., None] * (np.cos(a)[None, :, None] * e1[:, None] + np.sin(a)[None, :, None] * e2[:, None])


def _cap_point(head: _Head, cap: dict, theta: float, y: float):
    """The cap's outer point (and its normal, anchor) in the column nearest `theta` whose height is nearest `y`."""
    j = int(np.argmin(np.abs(np.angle(np.exp(1j * (cap["theta"] - theta))))))
    ok = cap["inside"][:, j]
    if not ok.any():
        ok = np.isfinite(cap["outer"][:, j, 1])
    i = int(np.argmin(np.where(ok, np.abs(np.nan_to_num(cap["outer"][:, j, 1], nan=1e9) - y), np.inf)))
    return cap["outer"][i, j], cap["normal"][i, j], int(cap["anchor"][i, j])


def _closed_tube(b: _Builder, rings: np.ndarray, ends: np.ndarray, anchor: int, v: np.ndarray, name: str) -> None:
    """Rings (S, n, 3) joined by quads, closed by a fan at each end (ends: (2, 3), the first's and last's apex)."""
    S, n = rings.shape[:2]
    start = len(b.blocks)
    ids = b.add_vertices(rings.reshape(-1, 3), anchor).reshape(S, n)
    apex = b.add_vertices(ends, anchor)
    quads, uvs = _grid_quads(ids, 0.25 * np.arange(n + 1) / n, v, wrap=True)
    b.add(quads, uvs)
    k = np.arange(n)
    k1 = (k + 1) % n
    b.add(np.stack([np.full(n, apex[0]), ids[0, k], ids[0, k1]], -1), np.array([0.1, v[0]]))
    b.add(np.stack([np.full(n, apex[1]), ids[-1, k1], ids[-1, k]], -1), np.array([0.1, v[-1]]))
    b.orient(start, name)


def _tail(b: _Builder, head: _Head, style: HairStyle, cap: dict, theta: float, braid: bool, name: str = "tail") -> None:
    side = abs(theta) < np.pi - 0.1
    tie, normal, root = _cap_point(head, cap, theta, head.centre[1] + (1.5 if side else 5.0))
    hdir = np.array([np.sin(theta), 0.0, np.cos(theta)])
    r0 = 1.0 if braid else 1.6  # a ponytail is thickest where it is gathered
    y_end = head.chin_y - TAIL[style.length]
    knot = tie + 1.4 * hdir + np.array([0.0, 0.0 if side else 0.3, 0.0])
    ys = np.arange(knot[1] - 1.0, y_end, -0.6)
    if len(ys) < 3:
        ys = np.linspace(knot[1] - 1.0, knot[1] - 4.0, 4)
    s = np.linspace(0, 1, len(ys))
    radius = (r0 + (0.3 if braid else 1.2) * np.sin(np.pi * np.clip(s * 1.6, 0, 1)) * (1 - s)) * (1 - 0.75 * s ** 3)
    radius = np.maximum(radius, 0.25)
    r = np.maximum(head.clearance(theta, ys, np.radians(14.0)) + CLEAR + radius, (knot - head.centre) @ hdir)
    c = head.centre
    path = np.concatenate([[tie - 0.3 * normal, knot], np.stack([c[0] + r * hdir[0], ys, c[2] + r * hdir[2]], 1)])
    for _ in range(4):  # no kink where the tail turns down from the tie
        path[1:-1] = 0.25 * path[:-2] + 0.5 * path[1:-1] + 0.25 * path[2:]
    pinch = 1.0 if braid else PINCH  # a ponytail is gathered at the knot, a band round it there (tie.py)
    radius[0] *= 0.5 * (1 + pinch)  # (opening out past the band, not swallowing it)
    curly = 0.0 if braid or style.volume == "straight" else CURLS
    curly = curly * np.r_[0.0, 0.0, _smoothstep((np.arange(len(radius)) - 1) / 3.0)]  # smooth at the band
    rings = _tube_rings(path, np.r_[r0 * 0.8, pinch * r0, radius], 0.16 if braid else 0.0, n=16, curls=curly[:, None])
    rings = head.rays.push_out(rings.reshape(-1, 3), EPS + 0.02).reshape(rings.shape)  # the root sits on the cap
    tip = path[-1] + 0.4 * (path[-1] - path[-2]) / np.linalg.norm(path[-1] - path[-2])
    lens = np.cumsum(np.r_[0, np.linalg.norm(np.diff(path, axis=0), axis=1)])
    _closed_tube(b, rings, np.stack([head.rays.push_out(path[:1], EPS + 0.02)[0], tip]), root, 0.98 - 0.96 * lens / lens[-1], name)
    if not braid:
        add_band(b, *band_rings(path[1], path[2] - path[0], pinch * r0), root, _closed_tube)


def _bun(b: _Builder, head: _Head, cap: dict) -> None:
    tie, normal, root = _cap_point(head, cap, np.pi, head.centre[1] + BUN_Y)
    _ellipsoid_bun(b, head, tie, normal, root, np.array([3.0, 2.7, 2.3]), 0.55)  # across, up, out


def _ellipsoid_bun(b: _Builder, head: _Head, tie, normal, root: int, radii: np.ndarray, lift: float) -> None:
    """An ellipsoid (radii across, along, out of the surface) standing `lift` x its out-radius off `tie` along
    `normal`, following head vertex `root`, as part "bun" (the bun at the back; crest.py's top knot)."""
    en = normal / np.linalg.norm(normal)
    ey = np.cross(en, np.array([1.0, 0.0, 0.0]))
    ey /= np.linalg.norm(ey)
    ex = np.cross(ey, en)
    centre = tie + en * lift * radii[2]
    lat, lon = 10, 16
    a = np.linspace(0, np.pi, lat + 1)[1:-1]
    o = 2 * np.pi * np.arange(lon) / lon
    A, O = np.meshgrid(a, o, indexing="ij")
    rings = centre + (np.cos(A)[..., None] * radii[2] * en + (np.sin(A) * np.cos(O))[..., None] * radii[0] * ex
                      + (np.sin(A) * np.sin(O))[..., None] * radii[1] * ey)
    ends = np.stack([centre + radii[2] * en, centre - radii[2] * en])
    flat = head.rays.push_out(np.concatenate([rings.reshape(-1, 3), ends]), EPS + 0.02)
    _closed_tube(b, flat[:-2].reshape(rings.shape), flat[-2:], root, np.linspace(0.95, 0.05, lat - 1), "bun")
    h = 0.3 - lift * radii[2]  # a band round its base, 0.3 cm out of the cap (tie.py)
    add_band(b, *band_rings(tie + 0.3 * en, en, np.sqrt(max(0.0, 1 - (h / radii[2]) ** 2)) * radii[:2].max()), root,
             _closed_tube)
