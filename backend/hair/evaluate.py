"""`python -m backend eval hair`: the hair meshes' quality figures over prompts x seeds, on the pipeline's own draws.

Per style it reports: how many heads get a mesh (and which styles are drawn unstated), polygon counts, the share of
hair vertices inside the head (nearest skin vertex's tangent plane, above the neck's base; goal 0), the rim's distance
from the painted hairline (cm; goal: median <= 0.5), how far loose hair reaches below the chin against its length, and
the build time; and the surface's quality (backend/hair/quality.py): creases (the dihedral angle between adjacent
polygons off the skin: worst and 95th percentile), edges used by more than two polygons, open edges off the skin
(goal 0 for both), and the hairline rim's turning angle from edge to edge (a staircase turns ~90 degrees).
Deterministic: every head is drawn from its prompt and seed as `generate` draws it (eval_heads.py: the same priors,
no albedo painted, no CLIP)."""
from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np

PROMPTS = ("a young woman with long black hair", "a woman with a blonde bob", "a woman with a bun",
           "a girl with a ponytail", "a man with short brown hair", "a bald old man",
           "an old man with a receding hairline", "a woman", "a man", "a man with long red hair",
           "a woman with curly hair in two braids", "a woman with bangs and shoulder-length hair")


def _inside_share(model, head, verts) -> float:
    from scipy.spatial import cKDTree

    from .raycast import skin_triangles, vertex_normals

    tris = skin_triangles(model)
    skin = np.unique(tris)
    sel = verts[verts[:, 1] > head[model.landmarks[8], 1] - 5.0]
    if not len(sel):
        return 0.0
    _, near = cKDTree(head[skin]).query(sel)
    side = ((sel - head[skin][near]) * vertex_normals(head, tris)[skin][near]).sum(1)
    return float((side < -0.05).mean())


def _rim_distance(model, mesh, params, skin_cm, verts, chin_y) -> np.ndarray:
    """cm from the painted hairline of the cap's open edges that lie on the skin above the chin (the rim; loose
    hair's tips, the outer side's other open edge, hang clear of the skin or below the chin)."""
    from .quality import OPEN_OK
    from .scalp import scalp_field

    lo, hi = mesh.parts["cap"]
    f = [mesh.face_vertices[mesh.face_offsets[i]:mesh.face_offsets[i + 1]] for i in range(lo, hi)]
    e = np.sort(np.concatenate([np.stack([x, np.roll(x, -1)], 1) for x in f]), 1)
    uniq, count = np.unique(e, axis=0, return_counts=True)
    rim = np.unique(uniq[count == 1])
    rim = rim[(skin_cm[rim] < OPEN_OK) & (verts[rim, 1] > chin_y)]
    d, _ = scalp_field(np.asarray(model.neutral)[mesh.anchor[rim]], params)
    return np.abs(d)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m backend eval hair", description=__doc__)
    p.add_argument("--seeds", type=int, default=5, help="seeds per prompt (default 5)")
    args = p.parse_args(argv)
    from ..face_model import blend, load_face_model
    from ..shape import load_shape_model
    from .eval_heads import draw_head
    from .mesh import build_hair
    from .quality import skin_distance, surface_figures

    model = load_face_model()
    shape = load_shape_model()
    print(f"hair meshes: {len(PROMPTS)} prompts x {args.seeds} seeds (the pipeline's draws, no refinement)")
    worst_inside, rims, times, polys, figs = 0.0, [], [], [], []
    for prompt in PROMPTS:
        styles, reach = Counter(), []
        for seed in range(args.seeds):
            drawn = draw_head(model, shape, prompt, seed)  # as generate draws it (eval_heads.py)
            identity, params, style = drawn.identity, drawn.params, drawn.style
            t = time.perf_counter()
            mesh = build_hair(model, identity, params, style, seed) if style.has_mesh else None
            styles[f"{style.length}/{style.style}" if mesh is not None else "no mesh"] += 1
            if mesh is None:
                continue
            times.append(time.perf_counter() - t)
            head = blend(model, identity[None], None)[0]
            verts = mesh.posed(model, identity)
            worst_inside = max(worst_inside, _inside_share(model, head, verts))
            skin_cm = skin_distance(model, head, verts)
            if not style.fringe:  # a fringe moves the rim down the forehead on purpose
                chin_y = head[model.landmarks[8], 1]
                rims.append(np.median(_rim_distance(model, mesh, params, skin_cm, verts, chin_y)))
            outer = np.zeros(len(mesh.face_offsets) - 1, bool)  # the outer side: the cap part (old and new meshes)
            outer[slice(*mesh.parts["cap"])] = True
            figs.append(surface_figures(verts, mesh.face_vertices, mesh.face_offsets, skin_cm, outer))
            polys.append(len(mesh.face_offsets) - 1)
            if style.style == "loose" and style.length not in ("short",):
                reach.append(head[model.landmarks[8], 1] - verts[:, 1].min())
        said = ", ".join(f"{k} {v}" for k, v in styles.most_common())
        more = f"; ends {np.min(reach):.1f} to {np.max(reach):.1f} cm below the chin" if reach else ""
        print(f"  {prompt!r}: {said}{more}")
    if polys:
        print(f"polygons per mesh: median {int(np.median(polys))}, max {max(polys)} (goal <= 20000)")
        print(f"hair vertices inside the head (above the neck's base): worst mesh {100 * worst_inside:.2f}% (goal 0)")
        print(f"rim to the painted hairline (meshes without a fringe): median over meshes {np.median(rims):.2f} cm, worst mesh "
              f"{np.max(rims):.2f} cm (goal <= 0.5)")
        f = {k: np.array([x[k] for x in figs]) for k in figs[0]}
        print(f"creases (dihedral angle between polygons off the skin): worst {f['dihedral_max'].max():.0f} deg, "
              f"95th percentile median over meshes {np.median(f['dihedral_p95']):.1f} deg, worst mesh "
              f"{f['dihedral_p95'].max():.1f} deg")
        print(f"  on the outer side (the cap part, loose hair's outer side with it): worst "
              f"{f['dihedral_outer_max'].max():.0f} deg, 95th percentile median over meshes "
              f"{np.median(f['dihedral_outer_p95']):.1f} deg, worst mesh {f['dihedral_outer_p95'].max():.1f} deg")
        print(f"edges used by more than two polygons: {int(f['non_manifold'].sum())}; open edges off the skin: "
              f"{int(f['open_off_skin'].sum())} (goal 0 for both)")
        print(f"hairline rim turning angle edge to edge: 95th percentile median over meshes "
              f"{np.median(f['rim_turn_p95']):.0f} deg, worst mesh {f['rim_turn_p95'].max():.0f} deg, worst "
              f"{f['rim_turn_max'].max():.0f} deg")
        print(f"build time (geometry + albedo, this machine, not a benchmark): median {1e3 * np.median(times):.0f} ms")
    _shapes(model, shape, args.seeds)
    from .beard_figures import report as beard_report
    beard_report(model, shape, args.seeds)
    return 0


SHAPE_PROMPTS = ("a woman with an afro", "a Black man with an afro", "a young man with a mohawk",
                 "a man with a faux-hawk", "a young man with an undercut", "a woman with shoulder-length hair",
                 "a girl with a ponytail", "a woman with a bun")


def _shapes(model, shape, seeds: int) -> None:
    """The named shapes' silhouettes (shape_figures.py): an afro's sides and back against its top, the ears it
    covers and its outline from the front; a crest's reach behind the head and the gap at its root; an undercut's
    painted-shaved scalp under hair; shoulder-length ends against the chin; a ponytail's or bun's band."""
    from ..face_model import blend
    from .eval_heads import draw_head
    from .mesh import build_hair
    from .shape_figures import (afro_figures, afro_front, afro_lower_gap, afro_side, crest_figures, shaved_covered,
                                tie_figures, tip_heights, undercut_front)

    print(f"named shapes: {len(SHAPE_PROMPTS)} prompts x {seeds} seeds")
    for prompt in SHAPE_PROMPTS:
        rows = []
        for seed in range(seeds):
            drawn = draw_head(model, shape, prompt, seed)  # as generate draws it (eval_heads.py)
            identity, params, style = drawn.identity, drawn.params, drawn.style
            mesh = build_hair(model, identity, params, style, seed) if style.has_mesh else None
            if mesh is None:
                continue
            head = blend(model, identity[None], None)[0]
            verts = mesh.posed(model, identity)
            if style.cut in ("mohawk", "faux_hawk"):
                rows.append(crest_figures(model, head, verts))
            elif style.cut == "undercut":
                rows.append({"shaved": shaved_covered(model, head, verts, mesh.triangles(), params),
                             **undercut_front(model, head, verts, mesh.face_vertices, mesh.face_offsets)})
            elif style.style in ("ponytail", "bun"):
                rows.append(tie_figures(verts, mesh.face_vertices, mesh.face_offsets, mesh.parts,
                                        "tail" if style.style == "ponytail" else "bun"))
            elif style.volume == "afro":
                brow = float(head[model.landmarks[[19, 24]], 1].mean())
                side = {f"side_{k}": x for k, x in afro_side(verts, head, brow).items()}
                rows.append({**afro_figures(model, head, verts), **afro_front(verts, head, brow), **side,
                             **{f"low_{k}": x for k, x in afro_lower_gap(head, verts, brow).items()}})
            elif style.length == "shoulder" and style.style == "loose":
                rows.append(tip_heights(model, head, verts))
        if not rows:
            print(f"  {prompt!r}: no mesh")
        elif "balance" in rows[0]:
            print(f"  {prompt!r}: sides and back / top thickness min {min(r['balance'] for r in rows):.2f} "
                  f"(goal >= 0.6), ears covered min {100 * min(r['ears_covered'] for r in rows):.0f}% "
                  f"(goal >= 80%); from the front: width / height {min(r['ratio'] for r in rows):.2f} to "
                  f"{max(r['ratio'] for r in rows):.2f}, outline off its best ellipse max "
                  f"{max(r['off_round'] for r in rows):.2f} cm (a ball: small), curls' relief on the outline "
                  f"{min(r['bumps'] for r in rows):.2f} to {max(r['bumps'] for r in rows):.2f} cm RMS; from the side: outline off "
                  f"its best ellipse max {max(r['side_off_round'] for r in rows):.2f} cm, over the back and lower "
                  f"edge max {max(r['side_back_flat'] for r in rows):.2f} cm; lower edge to the neck and jaw max "
                  f"{max(r['low_gap_max'] for r in rows):.2f} cm (closed: ~0.35-0.9)")
        elif "shaved" in rows[0]:
            print(f"  {prompt!r}: painted-shaved scalp under hair max {100 * max(r['shaved'] for r in rows):.0f}% "
                  f"(goal ~0); front: thickness 1 cm above the hairline / the top's max "
                  f"{max(r['front_wall'] for r in rows):.2f} (a lid's wall ~0.45), temple corners above the "
                  f"hairline's middle min {min(r['corner_lift'] for r in rows):.1f} cm")
        elif "gathered" in rows[0]:
            tail = "ponytail" in prompt  # a bun has no tail to pinch
            print(f"  {prompt!r}: band polygons min {min(r['band'] for r in rows)}, band seen outside the hair min "
                  f"{100 * min(r['shows'] for r in rows):.0f}%" + (f", tail at the band / its widest max "
                  f"{max(r['gathered'] for r in rows):.2f}" if tail else ""))
        elif "back" in rows[0]:
            back, sides = (", ".join(f"{r[k]:.1f}" for r in rows) for k in ("back", "sides"))
            print(f"  {prompt!r}: ends below the chin per seed: back {back} cm, sides {sides} cm (stated: 8 cm), "
                  f"flare over the shoulders max {max(r['flare'] for r in rows):.1f} cm")
        else:
            print(f"  {prompt!r}: behind the head max {max(r['behind'] for r in rows):.1f} cm (goal <= 2.5), "
                  f"root gap max {max(r['root_gap'] for r in rows):.2f} cm (goal < 0.3), height "
                  f"{min(r['height'] for r in rows):.1f} to {max(r['height'] for r in rows):.1f} cm")
