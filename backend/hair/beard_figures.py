"""The beard mesh's figures `eval hair` reports (beard.py): how far it hangs below the chin, how far it stands in front
of the chin and of the throat, how far out past the mouth's corners it reaches (a goatee: not onto the cheeks), how much of the jaw's motion (jawOpen) its hanging front takes, whether anything
lies across the open mouth, and its surface (quality.py: open edges off the skin, the rim's turning angle, creases)."""
from __future__ import annotations

import numpy as np

PROMPTS = ("an old Sikh man with a turban and a long grey beard", "a bald man with a long black beard",
           "an old man with white hair and a full beard", "a man with a long goatee",
           "a man with a full thick beard", "a man with a neatly trimmed beard", "a man with a thick moustache")


def _inside_polygon(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd rule: which (N, 2) points lie inside the closed polygon (M, 2)."""
    x, y = points[:, 0, None], points[:, 1, None]
    a, b = poly, np.roll(poly, -1, 0)
    cross = ((a[:, 1] > y) != (b[:, 1] > y)) & (
        x < a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / np.where(b[:, 1] != a[:, 1], b[:, 1] - a[:, 1], 1.0))
    return cross.sum(1) % 2 == 1


def beard_figures(model, mesh, identity: np.ndarray) -> dict:
    """Figures of the `beard` part of HairMesh `mesh` on the head with `identity`."""
    from ..face_model import blend

    lo, hi = mesh.parts["beard"]
    polys = [mesh.face_vertices[mesh.face_offsets[i]:mesh.face_offsets[i + 1]] for i in range(lo, hi)]
    ids = np.unique(np.concatenate(polys))
    jaw = np.zeros(len(model.expression_names), np.float32)
    jaw[list(model.expression_names).index("jawOpen")] = 1.0
    lm = np.asarray(model.landmarks)
    head, opened_head = (blend(model, identity[None], e)[0] for e in (None, jaw[None]))
    rest, opened = mesh.posed(model, identity), mesh.posed(model, identity, jaw)
    chin = head[lm[8]]
    p = rest[ids]
    at_chin = p[(np.abs(p[:, 1] - chin[1]) < 0.5) & (np.abs(p[:, 0]) < 1.0)]
    skin = head[np.abs(head[:, 0]) < 1.0]
    throat = skin[np.abs(skin[:, 1] - (chin[1] - 3.0)) < 0.5]
    low = p[(p[:, 1] < chin[1] - 3.0) & (np.abs(p[:, 0]) < 1.0)]
    front = ids[(rest[ids, 1] < chin[1] - 2.0) & (np.abs(rest[ids, 0]) < 1.5)]
    chin_move = float(np.linalg.norm(opened_head[lm[8]] - chin))
    move = np.linalg.norm(opened - rest, axis=1)
    # anything over the open mouth, seen from the front: points over each polygon in front of the lips' back
    mouth = opened_head[lm[60:68]]
    pts = np.concatenate([np.concatenate([c, c.mean(0, keepdims=True), 0.5 * (c + np.roll(c, -1, 0))])
                          for c in (opened[f] for f in polys)])
    pts = pts[pts[:, 2] > mouth[:, 2].min() - 1.0]
    return {"below_chin": float(chin[1] - p[:, 1].min()),
            "before_chin": float(at_chin[:, 2].max() - chin[2]) if len(at_chin) else 0.0,
            "before_throat": float(low[:, 2].max() - throat[:, 2].max()) if len(low) and len(throat) else 0.0,
            "jaw_follow": float(np.median(move[front]) / chin_move) if len(front) else 0.0,
            "over_mouth": int(_inside_polygon(pts[:, :2], mouth[:, :2]).sum()), "polygons": hi - lo,
            "past_corners": float(np.abs(p[:, 0]).max() - np.abs(head[lm[[48, 54]], 0]).mean())}


def beard_surface(model, mesh, identity: np.ndarray) -> dict:
    """quality.surface_figures of the `beard` part alone of HairMesh `mesh` on the head with `identity` (its rim: the
    cheek line, the mouth's cut-out and the landing on the throat)."""
    from ..face_model import blend
    from .quality import skin_distance, surface_figures

    lo, hi = mesh.parts["beard"]
    fo = mesh.face_offsets[lo:hi + 1]
    fv = mesh.face_vertices[fo[0]:fo[-1]]
    ids, local = np.unique(fv, return_inverse=True)
    verts = mesh.posed(model, identity)[ids]
    head = blend(model, identity[None], None)[0]
    return surface_figures(verts, local, fo - fo[0], skin_distance(model, head, verts))


SIDEBURN_CM = 3.4  # the cheek ends this far in front of the jaw's end, where regions.py's sideburn starts
LIFT_CM = 0.1  # a beard vertex further than this from the skin stands off it (the shell's rim lies EPS on it)


def cheek_lift(model, mesh, identity: np.ndarray, params: dict) -> dict:
    """Where the `beard` part of HairMesh `mesh` lifts off the cheek (between 1.5 cm past the nose's wing and
    SIDEBURN_CM before the jaw's end, above the mouth's corners), against the painted beard under it: `lift_density`, the
    painted density (beard.py _density: regions.py's maps times the params' amounts) at the skin under the 5th
    percentile of the vertices standing > LIFT_CM off the skin (parametric.py's strands cover ~10 % of the skin at
    0.25, ~90 % at 0.8: a shell lifting off where the paint is sparse shows a step over bare skin); `lift_above_line`,
    cm above the painted cheek line (regions.py beard_above) of the highest of them (the paint fades from ~90 %
    cover 0.6 cm below the line to ~10 % 0.6 cm above it)."""
    from ..face_model import blend
    from ..texture.regions import beard_cheek_span, chart, region_maps
    from .beard import _density
    from .quality import skin_distance

    lo, hi = mesh.parts["beard"]
    fv = mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]]
    ids = np.unique(fv)
    head = blend(model, identity[None], None)[0]
    off = skin_distance(model, head, mesh.posed(model, identity)[ids])
    anchor = np.asarray(mesh.anchor)[ids]
    neutral = np.asarray(model.neutral, np.float64)
    lm = np.asarray(model.landmarks)
    L = np.stack(chart(neutral[lm]), 1)
    wing_s, jaw_s = beard_cheek_span(L)
    s, y = chart(neutral[anchor])
    cheek = (np.abs(s) > wing_s + 1.5) & (np.abs(s) < jaw_s - SIDEBURN_CM) & (y > L[[48, 54], 1].mean())
    lifted = anchor[cheek & (off > LIFT_CM)]
    if not len(lifted):
        return {"lift_density": float("nan"), "lift_above_line": float("nan")}
    density = _density(model, params, np.unique(lifted))[lifted]
    above = region_maps(neutral[lifted], neutral[lm])["beard_above"]
    return {"lift_density": float(np.percentile(density, 5)), "lift_above_line": float(above.max())}


def moustache(model, mesh, identity: np.ndarray) -> dict:
    """The `beard` part's moustache across the middle of the mouth (|x| < 1 cm), at rest: `moustache_cm`, how far it
    stands off the skin at the upper lip's top edge (landmark 51, within 0.2 cm of its height, above the lips'
    meeting line); `over_lip_cm`, how far below that edge it still stands >= 0.2 cm off the skin (0: it stops above
    the lip, which shows bare under it)."""
    from ..face_model import blend
    from .quality import skin_distance

    lo, hi = mesh.parts["beard"]
    ids = np.unique(mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]])
    head = blend(model, identity[None], None)[0]
    p = mesh.posed(model, identity)[ids]
    lm = np.asarray(model.landmarks)
    top, meet = float(head[lm[51], 1]), float(head[lm[62], 1])
    mid = (np.abs(p[:, 0]) < 1.0) & (p[:, 1] > meet) & (p[:, 1] < top + 1.0)
    off = np.zeros(len(p))
    off[mid] = skin_distance(model, head, p[mid])
    edge = mid & (np.abs(p[:, 1] - top) < 0.2)
    over = mid & (p[:, 1] < top) & (off >= 0.2)
    return {"moustache_cm": float(off[edge].max()) if edge.any() else 0.0,
            "over_lip_cm": float(top - p[over, 1].min()) if over.any() else 0.0}


SITES = {"chin": (8,), "jaw": (5, 11), "cheek": (3, 13)}  # landmarks; a cheek site is halfway to the mouth's corner
SITE_CM, COVER_CM, COVER_DENSITY = 1.0, 0.6, 0.8


def standoff(model, mesh, identity: np.ndarray, params: dict) -> dict:
    """The `beard` part of HairMesh `mesh` against the skin, at rest: `<site>_mm`, how far the beard stands in front
    of the skin along the skin's normal at the site (its vertices within SITE_CM of that line, the foremost), for
    the chin (landmark 8), the jaw (5, 11) and the cheek (halfway from 3 / 13 to the mouth's corner 48 / 54; the
    least of the two sides); `coverage`, the share of the painted beard's nearly full outer skin (beard.py _density
    >= COVER_DENSITY; facing away from the face's vertical axis, not the mouth's inside) within COVER_CM of the
    anchor of a vertex standing > LIFT_CM off; `chin_follow`, the median jawOpen motion of the vertices anchored
    near the chin over the chin's own."""
    from scipy.spatial import cKDTree

    from ..face_model import blend
    from .beard import Z0, _density
    from .quality import skin_distance
    from .raycast import skin_triangles, vertex_normals

    lo, hi = mesh.parts["beard"]
    ids = np.unique(mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]])
    head = blend(model, identity[None], None)[0]
    rest = mesh.posed(model, identity)
    off = skin_distance(model, head, rest[ids])
    neutral = np.asarray(model.neutral, np.float64)
    lm = np.asarray(model.landmarks)
    at = neutral[np.asarray(mesh.anchor)[ids]]
    tris = skin_triangles(model)
    normals = vertex_normals(head, tris)
    out = {}
    for name, marks in SITES.items():
        per_side = []
        for m, corner in zip(marks, (48, 54)):
            mid = 0.5 * (head[lm[m]] + head[lm[corner]])
            k = lm[m] if name != "cheek" else np.argmin(np.linalg.norm(head - mid, axis=1))
            n = normals[k] / max(np.linalg.norm(normals[k]), 1e-9)
            d = rest[ids] - head[k]
            t = d @ n
            near = (t > 0) & (np.linalg.norm(d - t[:, None] * n, axis=1) < SITE_CM)
            per_side.append(10.0 * float(t[near].max()) if near.any() else 0.0)
        out[f"{name}_mm"] = min(per_side)
    skin = np.unique(tris)
    radial = neutral[skin] * np.array([1.0, 0.0, 1.0]) - np.array([0.0, 0.0, Z0])
    outer = (vertex_normals(neutral, tris)[skin] * radial).sum(1) > 0.3 * np.linalg.norm(radial, axis=1)
    face = skin[outer & (neutral[skin, 1] < neutral[lm[33], 1]) & (neutral[skin, 2] > neutral[lm[[0, 16]], 2].mean())]
    dense = face[_density(model, params, face)[face] >= COVER_DENSITY]
    lifted = at[off > LIFT_CM]
    out["coverage"] = (float((cKDTree(lifted).query(neutral[dense])[0] < COVER_CM).mean())
                       if len(dense) and len(lifted) else 0.0)
    jaw = np.zeros(len(model.expression_names), np.float32)
    jaw[list(model.expression_names).index("jawOpen")] = 1.0
    opened = mesh.posed(model, identity, jaw)[ids]
    chin_move = np.linalg.norm(blend(model, identity[None], jaw[None])[0][lm[8]] - head[lm[8]])
    near_chin = np.linalg.norm(at - neutral[lm[8]], axis=1) < 1.5
    out["chin_follow"] = (float(np.median(np.linalg.norm(opened - rest[ids], axis=1)[near_chin]) / chin_move)
                          if near_chin.any() else 0.0)
    return out


def report(model, shape, seeds: int) -> None:
    """`eval hair`'s beard lines: PROMPTS x `seeds` drawn as generate draws them (eval_heads.py)."""
    from .eval_heads import draw_hair

    print(f"beard meshes: {len(PROMPTS)} prompts x {seeds} seeds")
    for prompt in PROMPTS:
        rows = []
        for seed in range(seeds):
            drawn, mesh = draw_hair(model, shape, prompt, seed)  # as generate draws it (eval_heads.py)
            identity = drawn.identity
            if mesh is not None and "beard" in mesh.parts:
                rows.append({**beard_figures(model, mesh, identity), **beard_surface(model, mesh, identity),
                             **cheek_lift(model, mesh, identity, drawn.params), **moustache(model, mesh, identity),
                             **standoff(model, mesh, identity, drawn.params)})
        if not rows:
            print(f"  {prompt!r}: no beard mesh")
            continue
        f = {k: np.array([r[k] for r in rows]) for k in rows[0]}
        print(f"  {prompt!r}: {len(rows)}/{seeds} with a beard; below the chin {f['below_chin'].min():.1f} to "
              f"{f['below_chin'].max():.1f} cm, in front of the chin min {f['before_chin'].min():.1f} cm, of the "
              f"throat min {f['before_throat'].min():.1f} cm; jawOpen: the hanging front moves "
              f"{100 * f['jaw_follow'].min():.0f}% of the chin's motion (min); points over the open mouth "
              f"{int(f['over_mouth'].sum())} (goal 0); polygons max {int(f['polygons'].max())}; out to "
              f"{f['past_corners'].max():.1f} cm past the mouth's corners (max)")
        print(f"    surface: open edges off the skin {int(f['open_off_skin'].sum())} (goal 0), rim turning angle 95th "
              f"percentile worst {f['rim_turn_p95'].max():.0f} deg, creases 95th percentile worst "
              f"{f['dihedral_p95'].max():.1f} deg, edges used by more than two polygons {int(f['non_manifold'].sum())}")
        if np.isfinite(f["lift_density"]).any():
            print(f"    cheek: the shell lifts off where the painted density is >= {np.nanmin(f['lift_density']):.2f} "
                  f"(min; ~0.8: the paint ~90 % covered), up to {np.nanmax(f['lift_above_line']):+.1f} cm above the "
                  f"painted cheek line (max; the paint ~10 % covered at +0.6)")
        print(f"    standoff (mm, min over seeds): chin {f['chin_mm'].min():.1f}, jaw {f['jaw_mm'].min():.1f}, cheek "
              f"{f['cheek_mm'].min():.1f}; the nearly full paint under the shell {100 * f['coverage'].min():.0f}% "
              f"(min); "
              f"the chin's jawOpen motion taken {100 * f['chin_follow'].min():.0f}% (min)")
        print(f"    moustache: {f['moustache_cm'].min():.2f} to {f['moustache_cm'].max():.2f} cm off the skin at the upper "
              f"lip's top edge, over the lip {f['over_lip_cm'].min():.2f} to {f['over_lip_cm'].max():.2f} cm below it")
