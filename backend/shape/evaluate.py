"""`python -m backend eval shape`: attribute satisfaction, contrast, diversity, and the rejection-
sampling baseline, on held-out codes (a seed the training never used).

- satisfaction: share of stated shape attributes whose measured label on the generated head (full
  mesh blend, then backend.measure) equals the requested value (goal >= 95%).
- contrast: per ordinal shape attribute, the same code and noise asked with the lowest and highest
  value; share of pairs where the high head measures higher (goal >= 95%).
- diversity: mean per-vertex distance (mm) over the face region between two seeds of one code (>= 2 mm).
- baseline: draw N(0,1) heads (batches of 256, landmarks only) until one's labels fit the code.
- nose profile: what hooked / straight / upturned (and their degree words) look like in profile, measured on
  the vertices (backend/shape/profile.py): the labels only say which third of the population a head is in.
- mouth gap: the lips' opening at the mouth's centre (backend/shape/lips.py) for each `mouth` value with every
  expression, on the checked heads: closed against the head's neutral lips, parted and open in mm.
- lip line: the same along the lip line (backend/shape/lip_line.py: 7 sections across the mouth, the corners
  left out): closed lips neither part nor pass through each other anywhere, parted ones are apart across the
  middle.
- expression looks (backend/shape/expression_looks.py): the sad smile's raised inner brows and lifted corners,
  the yawn's jaw against the open mouth's and its nearly shut eyes, the frown's lowered brows beside anger's, the
  closed laugh's margin on the lip line.
- expression degree (backend/shape/expression_degree_goal.py): weak < plain < strong ("slightly annoyed", "angry",
  "furious") in each graded expression's measured effect, plain anger's brow drop and lip lift, the lip line's goals
  at every strength.
- gestures (backend/shape/expression_gesture_goal.py): one raised eyebrow on its side, skeptical / confused brows,
  the lopsided grin's corners, whistle and kiss narrowing the mouth, the bitten lip, puffed cheeks, the wince's and
  boredom's lids, closed lips kept closed.
- cheek hollow (backend/shape/cheek_hollow_goal.py): the cheek's depth behind the cheekbone-jaw line (mm) for lean
  and hollow-cheeked prompts against the same prompts' plain heads.
- old-age shape (backend/shape/age_shape_goal.py): jowls, lip heights, temples, nasolabial folds and the nose tip of
  "a N year old woman / man" at 30-95: past 70 they keep ageing, and the heads still read as stated.
- face words (backend/shape/face_words_goal.py): each face word the parser reads (jaw, chin, face length, nose
  width, double chin, heart shape, cheekbones, brow ridge) moves its measure against the prompt without it.
- implied age (backend/shape/implied_age_goal.py): grey hair's implied years past 70 deepen the jowls and thin the
  lips as stated years do.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from .. import checks

SHAPE_ONLY = ("face_shape", "face_width", "chin", "eye_size", "eye_distance", "eye_tilt", "nose_length",
              "nose_width", "nose_bridge", "nose_tip", "mouth_width", "lip_thickness")


def parse_args(argv):
    p = checks.OptionParser(prog="python -m backend eval shape", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", default=None, help="weights folder or file (default backend/shape/weights)")
    p.add_argument("--codes", type=int, default=600, help="held-out codes")
    p.add_argument("--pairs", type=int, default=200, help="code/seed pairs per attribute for contrast")
    p.add_argument("--baseline-codes", type=int, default=60)
    p.add_argument("--baseline-budget", type=int, default=200_000, help="max draws per code")
    p.add_argument("--seed", type=int, default=424242)
    p.add_argument("--json", dest="json_out", default=None, help="also write the figures here")
    p.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    a = p.parse_args(argv)
    for name in ("codes", "pairs", "baseline_codes", "baseline_budget"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    return a


def _labels(model, pop, coeffs, blend_full: bool):
    from .. import measure as M
    from ..face_model import blend
    from .code import IDENTITY_ATTRIBUTES

    if blend_full:  # the real path: whole mesh, then landmarks by their vertex ids
        lms = np.concatenate([blend(model, coeffs[s:s + 64])[:, model.landmarks]
                              for s in range(0, len(coeffs), 64)])
    else:
        lms = M.landmarks_for(model, coeffs)
    m = M.measure(lms.astype(np.float64))
    lab = M.label_indices(m, pop)
    return np.stack([lab[a] for a in IDENTITY_ATTRIBUTES], 1), m


def _face_distance_mm(model, a, b) -> float:
    from ..face_model import blend

    face = model.regions["face"]
    d = []
    for s in range(0, len(a), 64):
        va, vb = blend(model, a[s:s + 64])[:, face], blend(model, b[s:s + 64])[:, face]
        d.append(np.linalg.norm(va - vb, axis=-1).mean(1))
    return float(np.concatenate(d).mean() * 10.0)


def satisfaction(idx, got, attrs) -> float:
    from .code import IDENTITY_ATTRIBUTES

    cols = [IDENTITY_ATTRIBUTES.index(a) for a in attrs]
    stated = idx[:, cols] >= 0
    return float(((got[:, cols] == idx[:, cols]) & stated).sum() / max(int(stated.sum()), 1))


def rejection(model, pop, code_idx, rng, budget):
    """First N(0,1) draw whose labels fit every stated attribute (None when the budget runs out)."""
    from .. import measure as M
    from .code import IDENTITY_ATTRIBUTES

    stated = code_idx >= 0
    drawn = 0
    while drawn < budget:
        c = rng.standard_normal((256, model.identity_basis.shape[0]))
        lab = M.label_indices(M.measure(M.landmarks_for(model, c)), pop)
        got = np.stack([lab[a] for a in IDENTITY_ATTRIBUTES], 1)
        ok = np.nonzero(((got == code_idx) | ~stated).all(1))[0]
        drawn += 256
        if len(ok):
            return c[ok[0]].astype(np.float32), drawn
    return None, drawn


def _extremes(model, pop, shape, strength: float = 2.0, n: int = 40) -> dict:
    """Degree words: each ordinal attribute's lowest/highest value at `strength`; share of heads past
    the population's 5th/95th percentile of its score (backend.measure.scores), and geometry checks on the
    landmarks (inner upper lip above the inner lower lip, upper lids above lower lids), beside the same rate
    in the model's own N(0,1) population (its closed lips touch and overlap slightly in many heads)."""
    from .. import measure as M
    from ..schema import BY_NAME

    def overlaps(lm):  # inner upper lip below the inner lower lip, or a lid below its opposite lid
        lips = lm[:, [61, 62, 63], 1].mean(1) - lm[:, [67, 66, 65], 1].mean(1)
        lids = lm[:, [37, 38, 43, 44], 1].mean(1) - lm[:, [41, 40, 47, 46], 1].mean(1)
        return (lips < -0.02) | (lids <= 0)

    pop_lm = M.landmarks_for(model, np.random.default_rng(3).standard_normal((20000, 100)))
    base = M.scores(pop.z(M.measure(pop_lm)))
    beyond, broken, total = {}, 0, 0
    for a in SHAPE_ONLY:
        if not BY_NAME[a].ordinal:
            continue
        p5, p95 = np.quantile(base[a], [0.05, 0.95])
        shares = []
        for value, past in ((BY_NAME[a].values[0], lambda m: m < p5), (BY_NAME[a].values[-1], lambda m: m > p95)):
            x = shape.sample_identity({a: value}, seed=1, n=n, strength={a: strength})
            lm = M.landmarks_for(model, x)
            shares.append(float(np.mean(past(M.scores(pop.z(M.measure(lm)))[a]))))
            broken += int(np.sum(overlaps(lm)))
            total += n
        beyond[a] = min(shares)
    return {"strength": strength, "min_share_past_5_95": beyond, "overlap_share": broken / total,
            "overlap_share_population": float(np.mean(overlaps(pop_lm)))}


def _nose_profiles(model, shape, seeds: int = 20) -> dict:
    """Median nose profile (backend/shape/profile.py, on the vertices) of "a man"/"a woman" with each nose_tip
    value and of "slightly"/"very" hooked and upturned (the parser's 0.5 and 2.0), seeds 0..seeds-1, checked
    draws as the pipeline makes them."""
    from ..face_model import blend
    from .profile import nose_profile

    out = {}
    for gender in ("male", "female"):
        for value, strength in (("hooked", 2.0), ("hooked", 1.0), ("hooked", 0.5), ("straight", 1.0),
                                ("upturned", 0.5), ("upturned", 1.0), ("upturned", 2.0)):
            code = {"gender": gender, "nose_tip": value}
            x = np.concatenate([shape.sample_identity(code, seed=s, verify=model, strength={"nose_tip": strength})
                                for s in range(seeds)])
            fig = nose_profile(model, blend(model, x))
            out[f"{gender} {value} x{strength:g}"] = {k: float(np.median(v)) for k, v in fig.items()}
    return out


def _closed_lids(model, shape, idx, checked) -> dict:
    """Share of heads whose closed lids cover the eyes (backend/shape/lids.py): the same codes and
    seeds as the check above, without and with the pipeline's lid check (which adds its own redraws)."""
    import time

    from .lids import lid_check, lids_cover

    check, accept = lid_check(model), lids_cover(model)
    t = time.perf_counter()
    fixed = [shape.sample_identity(_concrete(row), seed=i, verify=model, accept=accept)[0]
             for i, row in enumerate(idx)]
    ms = (time.perf_counter() - t) / len(idx) * 1e3
    # heavy lids ("looks tired") lower the upper lids part way: the share of each head's iris still seen
    from .expression import expression_weights

    heavy = check.iris_shown(checked, expression_weights({"eyelids": "heavy"}, model.expression_names))
    share = heavy / np.maximum(check.iris_shown(checked), 1)
    return {"heads": len(idx), "covered_without": float(np.mean(check.shown(checked) == 0)),
            "covered_with": float(np.mean(check.shown(np.stack(fixed)) == 0)), "ms_per_head_with": ms,
            "heavy_iris_share": {k: float(f(share)) for k, f in (("min", np.min), ("median", np.median),
                                                                   ("max", np.max))}}


def mouth_gaps(model, heads: np.ndarray) -> dict:
    """`mouth` value -> figures over `heads` (B, K) x every expression (backend/shape/lips.py): the gap's
    range (closed: its change from the head's neutral lips), the most a value deepens the lips' overlap on
    heads whose neutral lips do not overlap and on all heads (the ICT population's own rest lips pass
    through each other in some heads, and any movement of such lips deepens it a little), the incisors'
    height showing; and "expression value" -> median gap."""
    from ..face_model import blend
    from ..schema import BY_NAME
    from .expression import expression_weights
    from .lips import mouth_gap

    rest = mouth_gap(model, blend(model, heads))
    clean = rest["overlap_mm"] == 0.0
    out, median = {}, {}
    for value in BY_NAME["mouth"].values:
        gap, added, teeth = [], [], []
        for e in BY_NAME["expression"].values:
            w = expression_weights({"expression": e, "mouth": value}, model.expression_names)
            f = mouth_gap(model, blend(model, heads, np.repeat(w[None], len(heads), 0)))
            gap.append(f["gap_mm"] - (rest["gap_mm"] if value == "closed" else 0.0))
            added.append(f["overlap_mm"] - rest["overlap_mm"])
            teeth.append(f["teeth_mm"])
            median[f"{e} {value}"] = float(np.median(f["gap_mm"]))
        gap, added, teeth = np.concatenate(gap), np.stack(added), np.concatenate(teeth)
        out[value] = {"gap_min": float(gap.min()), "gap_median": float(np.median(gap)), "gap_max": float(gap.max()),
                      "overlap_added_max": float(added.max()),
                      "overlap_added_max_clean": float(added[:, clean].max()) if clean.any() else 0.0,
                      "teeth_min": float(teeth.min()), "teeth_median": float(np.median(teeth))}
    return {"heads": len(heads), "clean_heads": int(clean.sum()), "values": out, "median_gap": median}


LINE_CLOSED_MM, LINE_OVERLAP_MM, LINE_PARTED_MM = 0.75, 0.4, 2.0  # the lip line's goal


def lip_line_gaps(model, heads: np.ndarray) -> dict:
    """`mouth` value -> figures along the lip line (backend/shape/lip_line.py) over `heads` (B, K) x every
    expression: per section, the gap's range (closed: its change from the head's neutral lips at that section),
    the most a value deepens the lips' overlap on heads whose neutral lips overlap nowhere along the line (as
    at the centre, the model's own rest lips pass through each other in some heads, and any movement of such lips
    deepens it; the most on all heads is reported beside it); and the expressions that miss the goal (closed: a
    change over LINE_CLOSED_MM or an overlap added over LINE_OVERLAP_MM anywhere; parted: lips less than
    LINE_PARTED_MM apart at a middle section)."""
    from ..face_model import blend
    from ..schema import BY_NAME
    from .expression import expression_weights
    from .lip_line import MIDDLE, SECTIONS, lip_line

    rest = lip_line(model, blend(model, heads))
    clean = (rest["overlap_mm"] == 0.0).all(1)[:, None]
    out = {}
    for value in BY_NAME["mouth"].values:
        gaps, added, added_all, missed = [], [], [], []
        for e in BY_NAME["expression"].values:
            w = expression_weights({"expression": e, "mouth": value}, model.expression_names)
            f = lip_line(model, blend(model, heads, np.repeat(w[None], len(heads), 0)))
            gap = f["gap_mm"] - (rest["gap_mm"] if value == "closed" else 0.0)
            more = np.where(clean, f["overlap_mm"] - rest["overlap_mm"], 0.0)
            gaps.append(gap)
            added.append(more)
            added_all.append(f["overlap_mm"] - rest["overlap_mm"])
            if value == "closed" and (np.abs(gap).max() >= LINE_CLOSED_MM or more.max() >= LINE_OVERLAP_MM):
                missed.append(e)
            if value == "parted" and gap[:, list(MIDDLE)].min() <= LINE_PARTED_MM:
                missed.append(e)
        gaps, added = np.concatenate(gaps), np.concatenate(added)
        out[value] = {"sections": list(SECTIONS), "gap_min": gaps.min(0).tolist(), "gap_max": gaps.max(0).tolist(),
                      "overlap_added_max_clean": added.max(0).tolist(),
                      "overlap_added_max": float(np.concatenate(added_all).max()), "missed": missed}
    return {"heads": len(heads), "clean_heads": int(clean.sum()), "values": out}


def _concrete(row) -> dict:
    from ..schema import BY_NAME
    from .code import IDENTITY_ATTRIBUTES

    return {a: BY_NAME[a].values[int(v)] for a, v in zip(IDENTITY_ATTRIBUTES, row) if v >= 0}


def _load_weights(location):
    """The regressor, or a CheckpointError that says what --weights names: a folder holding
    shape_regressor.json + shape_regressor.safetensors, or one file of such a pair (X.json or
    X.safetensors; the other is read from beside it)."""
    from pathlib import Path

    from ..errors import CheckpointError
    from . import weights as W
    from .model import ShapeModel

    if location is None:
        return ShapeModel.load(None)
    p = Path(location).expanduser()
    cfg_path, st_path = W.paths(p)
    if p.suffix in (".json", ".safetensors"):
        what = (f"--weights {location}: a shape checkpoint is a pair of files, {cfg_path.name} (config) and "
                f"{st_path.name} (tensors), side by side")
    else:
        if p.exists() and not p.is_dir():
            raise CheckpointError(f"--weights {location} is neither a folder nor a .json/.safetensors file; give "
                                  f"the folder that holds {W.STEM}.json and {W.STEM}.safetensors, or one of those "
                                  "files")
        what = f"--weights {location}: expected a folder holding {cfg_path.name} and {st_path.name}"
    try:
        return ShapeModel.load(p)
    except CheckpointError as exc:
        raise CheckpointError(f"{what}; {exc}") from None


def main(argv=None) -> int:
    from .. import measure as M
    from ..face_model import blend, load_face_model
    from ..schema import BY_NAME
    from . import dataset as D
    from .code import IDENTITY_ATTRIBUTES
    from .dimorphism import gender_contrast
    from .dimorphism import goals as gender_goals
    from .expression_looks import expression_looks
    from .expression_looks import goals as looks_goals
    from .expression_degree_goal import expression_degree as degree_figures, goals as degree_goals
    from .expression_gesture_goal import gesture_figures, goals as gesture_goals
    from .ancestry_goal import ancestry_figures, goals as ancestry_goals
    from .fullness_goal import fullness_figures, goals as fullness_goals
    from .cheek_hollow_goal import cheek_hollow_figures, goals as hollow_goals
    from .age_shape_goal import age_shape_figures, goals as age_shape_goals
    from .face_words_goal import face_word_figures, goals as face_word_goals
    from .implied_age_goal import implied_age_figures, goals as implied_age_goals

    args = parse_args(argv)
    json_out = checks.json_out_path(args.json_out)  # before the run: its figures must not be lost at the end
    shape = _load_weights(args.weights)
    model = load_face_model()
    pop = M.population(model)
    rng = np.random.default_rng(args.seed)
    _, pool = D.label_pool(model, pop, 5000, rng)
    idx = D.random_codes(pool, args.codes, rng)
    idx[(idx >= 0).sum(1) == 0, IDENTITY_ATTRIBUTES.index("nose_width")] = 2  # every code states something
    z1 = rng.standard_normal((args.codes, shape.noise_dim)).astype(np.float32)
    z2 = rng.standard_normal((args.codes, shape.noise_dim)).astype(np.float32)
    x1, x2 = shape.predict(idx, z1), shape.predict(idx, z2)
    got1, _ = _labels(model, pop, x1, True)
    got2, _ = _labels(model, pop, x2, True)
    got = np.concatenate([got1, got2])
    both = np.concatenate([idx, idx])
    out = {"codes": args.codes, "stated_per_code": float((idx >= 0).sum(1).mean()),
           "satisfaction_shape": satisfaction(both, got, SHAPE_ONLY),
           "satisfaction_conditions": satisfaction(both, got, ("gender", "age")),
           "per_attribute": {a: satisfaction(both, got, (a,)) for a in IDENTITY_ATTRIBUTES},
           "diversity_face_mm": _face_distance_mm(model, x1, x2)}

    contrast = {}
    for a in SHAPE_ONLY:
        if not BY_NAME[a].ordinal:
            continue
        col = IDENTITY_ATTRIBUTES.index(a)
        lo, hi = idx[: args.pairs].copy(), idx[: args.pairs].copy()
        lo[:, col], hi[:, col] = 0, len(BY_NAME[a].values) - 1
        _, mlo = _labels(model, pop, shape.predict(lo, z1[: args.pairs]), False)
        _, mhi = _labels(model, pop, shape.predict(hi, z1[: args.pairs]), False)
        contrast[a] = float(np.mean(M.scores(pop.z(mhi))[a] > M.scores(pop.z(mlo))[a]))
    out["contrast"] = contrast
    out["contrast_min"] = min(contrast.values())

    out["extreme"] = _extremes(model, pop, shape)
    out["nose_profile"] = _nose_profiles(model, shape)

    # Timing: one code -> coefficients -> full vertices, warm, per head.
    one = idx[:1]
    shape.predict(one, z1[:1])
    t = time.perf_counter()
    for i in range(20):
        blend(model, shape.predict(idx[i:i + 1], z1[i:i + 1]))
    out["regressor_ms_per_head"] = (time.perf_counter() - t) / 20 * 1e3

    brng = np.random.default_rng(args.seed + 1)
    nb = min(args.baseline_codes, args.codes)
    found, a_, b_, t_total, draws = 0, [], [], 0.0, []
    for i in range(nb):
        t = time.perf_counter()
        xa, na = rejection(model, pop, idx[i], brng, args.baseline_budget)
        if xa is not None:
            blend(model, xa)  # same deliverable as the regressor: vertices
        t_total += time.perf_counter() - t
        xb, nb_ = rejection(model, pop, idx[i], brng, args.baseline_budget)
        draws.append(na)
        if xa is not None:
            found += 1
            if xb is not None:
                a_.append(xa)
                b_.append(xb)
    # Regressor + check: redraw the noise of a head that misses a stated attribute (<= 8 draws).
    checked, t_checked = [], 0.0
    for i in range(nb):
        concrete = _concrete(idx[i])
        t = time.perf_counter()
        xc = shape.sample_identity(concrete, seed=i, verify=model)
        blend(model, xc)
        t_checked += time.perf_counter() - t
        checked.append(xc[0])
    got_c, _ = _labels(model, pop, np.stack(checked), True)
    out["regressor_checked"] = {"satisfaction_shape": satisfaction(idx[:nb], got_c, SHAPE_ONLY),
                                "ms_per_head": t_checked / nb * 1e3}
    out["closed_lids"] = _closed_lids(model, shape, idx[:nb], np.stack(checked))
    out["mouth"] = mouth_gaps(model, np.stack(checked))
    out["lip_line"] = lip_line_gaps(model, np.stack(checked))
    out["expression_looks"] = expression_looks(model, np.stack(checked))
    out["expression_degree"] = degree_figures(model, np.stack(checked))
    out["gestures"] = gesture_figures(model, np.stack(checked))
    out["gender"] = gender_contrast(model, shape, range(40))
    # ancestry shape priors and face fullness (ancestry_goal.py, fullness_goal.py): 50 / 20 seeds by default
    out["ancestry_priors"] = ancestry_figures(model, shape, range(min(50, args.baseline_codes)))
    out["fullness"] = fullness_figures(model, shape, range(min(20, args.baseline_codes)))
    out["cheek_hollow"] = cheek_hollow_figures(model, shape, range(min(20, args.baseline_codes)))
    out["age_shape"] = age_shape_figures(model, shape, range(min(20, args.baseline_codes)))
    out["face_words"] = face_word_figures(model, shape, range(min(20, args.baseline_codes)))
    out["implied_age"] = implied_age_figures(model, shape, range(min(20, args.baseline_codes)))
    # Unstated attributes should vary as in the population (each value ~1/3 of heads).
    free = {}
    for a in SHAPE_ONLY + ("gender", "age"):
        col = IDENTITY_ATTRIBUTES.index(a)
        rows = idx[:, col] < 0
        shares = np.bincount(got1[rows, col], minlength=len(BY_NAME[a].values)) / max(int(rows.sum()), 1)
        free[a] = float(shares.min())
    out["unstated_min_value_share"] = free
    stated_b = idx[:nb]
    out["baseline"] = {
        "codes": nb, "stated_per_code": float((stated_b >= 0).sum(1).mean()),
        "found_within_budget": found / nb,
        "ms_per_head": t_total / nb * 1e3, "median_draws": float(np.median(draws)),
        "diversity_face_mm": _face_distance_mm(model, np.stack(a_), np.stack(b_)) if a_ else None}
    sub = satisfaction(np.concatenate([idx[:nb], idx[:nb]]),
                       np.concatenate([got1[:nb], got2[:nb]]), SHAPE_ONLY)
    out["regressor_satisfaction_on_baseline_codes"] = sub
    goals = {"satisfaction >= 95%": out["satisfaction_shape"] >= 0.95,
             "contrast >= 95% (every ordinal attribute)": out["contrast_min"] >= 0.95,
             "diversity >= 2 mm": out["diversity_face_mm"] >= 2.0,
             "faster than rejection sampling": out["regressor_ms_per_head"] < out["baseline"]["ms_per_head"],
             "faster than rejection sampling at equal satisfaction (regressor + check)":
                 out["regressor_checked"]["satisfaction_shape"] >= 0.995
                 and out["regressor_checked"]["ms_per_head"] < out["baseline"]["ms_per_head"],
             "closed lids cover the eyes of every checked head": out["closed_lids"]["covered_with"] == 1.0,
             "heavy lids leave > 30 % of every iris showing": out["closed_lids"]["heavy_iris_share"]["min"] > 0.3,
             "mouth: closed within 0.75 mm of the neutral lips (overlap added < 0.4 mm where they do not overlap), "
             "parted 3-8 mm, open 15-30 mm (every expression)":
                 _mouth_ok(out["mouth"]["values"]),
             f"lip line (7 sections, corners left out): closed within {LINE_CLOSED_MM} mm of the neutral lips with "
             f"< {LINE_OVERLAP_MM} mm overlap added everywhere, parted > {LINE_PARTED_MM:g} mm apart across the "
             "middle (every expression)":
                 not any(out["lip_line"]["values"][v]["missed"] for v in ("closed", "parted"))}
    goals.update(gender_goals(out["gender"]))
    goals.update(looks_goals(out["expression_looks"]))
    goals.update(degree_goals(out["expression_degree"]))
    goals.update(gesture_goals(out["gestures"]))
    goals.update(ancestry_goals(out["ancestry_priors"]))
    goals.update(fullness_goals(out["fullness"]))
    goals.update(hollow_goals(out["cheek_hollow"]))
    goals.update(age_shape_goals(out["age_shape"]))
    goals.update(face_word_goals(out["face_words"]))
    goals.update(implied_age_goals(out["implied_age"]))
    out["goals"] = goals
    _print(out)
    if json_out:
        checks.write_json(json_out, out, indent=1)
    return 1 if args.strict and not all(goals.values()) else 0


def _mouth_ok(v) -> bool:
    closed, parted, open_ = v["closed"], v["parted"], v["open"]
    return (max(-closed["gap_min"], closed["gap_max"]) < 0.75 and closed["overlap_added_max_clean"] < 0.4
            and 3.0 < parted["gap_min"] and parted["gap_max"] < 8.0 and 15.0 < open_["gap_min"]
            and open_["gap_max"] < 30.0)


def _print(out) -> None:
    print(f"held-out codes: {out['codes']} x 2 seeds, {out['stated_per_code']:.2f} identity attributes stated per code")
    print(f"attribute satisfaction (shape): {out['satisfaction_shape']:.2%}   conditions (gender, age, "
          f"rule labels): {out['satisfaction_conditions']:.2%}")
    print("  per attribute: " + ", ".join(f"{a} {v:.1%}" for a, v in out["per_attribute"].items()))
    print("contrast (high > low, same noise): " + ", ".join(f"{a} {v:.1%}" for a, v in out["contrast"].items()))
    print(f"diversity (two seeds, face region): {out['diversity_face_mm']:.2f} mm")
    b = out["baseline"]
    div = "n/a" if b["diversity_face_mm"] is None else f"{b['diversity_face_mm']:.2f} mm"
    print(f"regressor: {out['regressor_ms_per_head']:.2f} ms/head (code -> vertices), satisfaction on the "
          f"baseline's codes {out['regressor_satisfaction_on_baseline_codes']:.2%}")
    print(f"rejection baseline ({b['codes']} codes): found {b['found_within_budget']:.1%} (satisfaction 100% when "
          f"found), {b['ms_per_head']:.1f} ms/head, median {b['median_draws']:.0f} draws, diversity {div}")
    e = out["extreme"]
    print(f"degree words (strength {e['strength']}): share past the 5th/95th percentile (worse end): " + ", ".join(
        f"{a} {v:.0%}" for a, v in e["min_share_past_5_95"].items())
        + f"; inner lips/lids overlapping by > 0.2 mm: {e['overlap_share']:.1%} "
        f"(N(0,1) population: {e['overlap_share_population']:.1%})")
    print("nose profile (median of 20 checked seeds; convexity/hump mm, tip angle and nasolabial angle degrees):")
    for name, f in out["nose_profile"].items():
        print(f"  {name:<20} convexity {f['convexity_mm']:+.2f}  hump {f['hump_mm']:.2f}  tip {f['tip_deg']:.1f}  "
              f"nasolabial {f['nasolabial_deg']:.1f}")
    c = out["regressor_checked"]
    print(f"regressor + check (redraw noise on a miss): satisfaction {c['satisfaction_shape']:.2%}, "
          f"{c['ms_per_head']:.2f} ms/head")
    lids = out["closed_lids"]
    print(f"closed lids cover the eyes ({lids['heads']} heads, same codes and seeds): {lids['covered_without']:.1%} "
          f"without the lid check, {lids['covered_with']:.1%} with it ({lids['ms_per_head_with']:.1f} ms/head "
          "with every check)")
    h = lids["heavy_iris_share"]
    print(f"heavy lids: share of the iris still showing (front view, same heads): min {h['min']:.0%}, "
          f"median {h['median']:.0%}, max {h['max']:.0%}")
    mo = out["mouth"]
    print(f"mouth gap at the centre ({mo['heads']} heads x every expression, mm; closed: change from the head's "
          "neutral lips):")
    for value, f in mo["values"].items():
        print(f"  {value:<7} {f['gap_min']:+.1f} .. {f['gap_max']:+.1f} (median {f['gap_median']:+.1f})  overlap "
              f"added <= {f['overlap_added_max_clean']:.2f} ({mo['clean_heads']} heads whose neutral lips do not "
              f"overlap), <= {f['overlap_added_max']:.2f} (all)  teeth showing min {f['teeth_min']:.1f} median "
              f"{f['teeth_median']:.1f}")
    line = out["lip_line"]
    print(f"lip line ({line['heads']} heads x every expression, mm at x = "
          + ", ".join(f"{f:+g}" for f in line["values"]["closed"]["sections"])
          + " of the inner corners' half width; closed: change from the head's neutral lips there):")
    for value, f in line["values"].items():
        print(f"  {value:<7} gap min " + " ".join(f"{g:+5.1f}" for g in f["gap_min"]) + "  max "
              + " ".join(f"{g:+5.1f}" for g in f["gap_max"]) + "  overlap added <= "
              + " ".join(f"{g:.2f}" for g in f["overlap_added_max_clean"])
              + f" ({line['clean_heads']} heads whose neutral lips overlap nowhere), "
              f"<= {f['overlap_added_max']:.2f} (all)"
              + (f"  missed by: {', '.join(f['missed'])}" if f["missed"] else ""))
    print("unstated attributes, smallest share of any value (1/3 or 1/6 = population): " + ", ".join(
        f"{a} {v:.2f}" for a, v in out["unstated_min_value_share"].items()))
    from .dimorphism import report as gender_report

    print(gender_report(out["gender"]))
    from .expression_looks import report as looks_report

    print(looks_report(out["expression_looks"]))
    from .expression_degree_goal import report as degree_report

    print(degree_report(out["expression_degree"]))
    from .expression_gesture_goal import report as gesture_report

    print(gesture_report(out["gestures"]))
    from .ancestry_goal import report as ancestry_report
    from .fullness_goal import report as fullness_report

    print(ancestry_report(out["ancestry_priors"]))
    print(fullness_report(out["fullness"]))
    from .cheek_hollow_goal import report as hollow_report

    print(hollow_report(out["cheek_hollow"]))
    from .age_shape_goal import report as age_shape_report

    print(age_shape_report(out["age_shape"]))
    from .face_words_goal import report as face_words_report
    from .implied_age_goal import report as implied_age_report

    print(face_words_report(out["face_words"]))
    print(implied_age_report(out["implied_age"]))
    for g, ok in out["goals"].items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {g}")
