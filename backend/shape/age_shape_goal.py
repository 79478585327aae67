"""`eval shape` figures for the shape of old age (age_cues.py, age_shape.py): "a N year old woman / man" for N in
AGES, parsed and drawn as the pipeline draws them (shape_request, the regressor with its gender and age fit), over
the same seeds: each cue's median, and whether the head still reads as the stated gender and age class
(measure.unmet).  `python -m backend.shape.age_shape_goal [SEEDS]`."""
from __future__ import annotations

import numpy as np

from .age_cues import CUES, population_stats

AGES = (30, 50, 70, 85, 95)
SUBJECTS = ("woman", "man")
OLDER = {"jowl_mm": 1, "upper_lip_mm": -1, "lower_lip_mm": -1, "temple_mm": 1, "nasolabial_mm": 1, "tip_deg": -1}
MIN_R2 = 0.98


def _draw(model, shape, parsed, seeds) -> tuple[np.ndarray, int]:
    from ..measure import unmet
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
    xs, missed = [], 0
    for seed in seeds:
        drawn, offset, _ = shape_request(parsed, seed, model)
        x = shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0]
        missed += bool(unmet(model, x, parsed.concrete, None))
        xs.append(x)
    return np.stack(xs), missed


def age_shape_figures(model, shape, seeds=range(20)) -> dict:
    from ..parser import parse
    from .age_cues import age_cues

    seeds = list(seeds)
    st = population_stats(model)
    out = {"seeds": len(seeds), "r2": {c: st[c]["r2"] for c in CUES}, "sd": {c: st[c]["sd"] for c in CUES},
           "prompts": {}}
    for subject in SUBJECTS:
        for years in AGES:
            prompt = f"a {years} year old {subject}"
            parsed = parse(prompt)
            x, missed = _draw(model, shape, parsed, seeds)
            cues = age_cues(model, x)
            out["prompts"][prompt] = {"years": years, "subject": subject, "unmet": missed,
                                      "max_coef": float(np.abs(x).max()),
                                      **{c: float(np.median(cues[c])) for c in CUES}}
    return out


def older_score(row: dict, base: dict, sd: dict) -> float:
    """Mean over CUES of the change from `base` towards an older face, in population SDs."""
    return float(np.mean([OLDER[c] * (row[c] - base[c]) / sd[c] for c in CUES]))


def goals(fig: dict) -> dict[str, bool]:
    p, sd = fig["prompts"], fig["sd"]
    out = {f"old-age cues are directions of the identity space (each R^2 >= {MIN_R2})":
           min(fig["r2"].values()) >= MIN_R2}
    keeps = []
    for subject in SUBJECTS:
        at = {y: p[f"a {y} year old {subject}"] for y in AGES}
        keeps.append(older_score(at[85], at[70], sd) >= 0.5 and older_score(at[95], at[85], sd) >= 0.3
                     and all(OLDER[c] * (at[95][c] - at[70][c]) > 0 for c in CUES))
    out["past 70 a face keeps ageing: 85 >= 0.5 SD older than 70 and 95 >= 0.3 SD older than 85 (mean of the "
        "cues, women and men), every cue older at 95 than at 70"] = all(keeps)
    out["an old face still reads as stated: gender and age met on >= 90 % of seeds at every age"] = all(
        r["unmet"] <= 0.1 * fig["seeds"] for r in p.values())
    return out


def report(fig: dict) -> str:
    lines = [f"old-age shape ({fig['seeds']} seeds; medians; cue R^2 "
             + ", ".join(f"{c} {fig['r2'][c]:.3f}" for c in CUES) + "):",
             f"  {'prompt':<24}" + "".join(f"{c:>14}" for c in CUES) + "   older(SD vs 70)  unmet  max|coef|"]
    for prompt, r in fig["prompts"].items():
        base = fig["prompts"][f"a 70 year old {r['subject']}"]
        lines.append(f"  {prompt:<24}" + "".join(f"{r[c]:>14.2f}" for c in CUES)
                     + f"   {older_score(r, base, fig['sd']):>+15.2f}  {r['unmet']:>5d}  {r['max_coef']:>9.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.age_shape_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(age_shape_figures, report, goals, 20, argv)


if __name__ == "__main__":
    raise SystemExit(main())
