"""`eval shape` figures for face fullness (fullness.py): "a very fat man", "a gaunt man" and "a man" parsed and drawn
as the pipeline draws them (shape_request, the regressor with its check), over the same seeds: the fullness score,
its four measures and face_width in population z-scores.  `python -m backend.shape.fullness_goal [SEEDS]`."""
from __future__ import annotations

import numpy as np

from .fullness import NAMES, fullness_measures, population_stats

PROMPTS = ("a very fat man", "a fat man", "a man", "a gaunt man", "an extremely thin man with hollow cheeks")
MIN_R2 = 0.9


def fullness_figures(model, shape, seeds=range(20)) -> dict:
    from .. import measure as M
    from ..parser import parse
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    pop, st = M.population(model), population_stats(model)
    out = {"seeds": len(list(seeds)), "r2": float(st["r2"]), "prompts": {}}
    for prompt in PROMPTS:
        parsed = parse(prompt)
        strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
        xs = []
        for seed in seeds:
            drawn, offset, _ = shape_request(parsed, seed, model)
            xs.append(shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0])
        x = np.stack(xs)
        z = (fullness_measures(model, x) - st["mean"]) / st["sd"]
        width = pop.z(M.measure(M.landmarks_for(model, x)))[:, M.IDX["face_width"]]
        score = z.mean(1)
        out["prompts"][prompt] = {
            "fullness": dict(parsed.fullness), "score_median": float(np.median(score)),
            "score_min": float(score.min()), "score_max": float(score.max()),
            "measures": {n: float(np.median(z[:, i])) for i, n in enumerate(NAMES)},
            "face_width_median": float(np.median(width))}
    return out


def goals(fig: dict) -> dict[str, bool]:
    p = fig["prompts"]
    man = p["a man"]["score_median"]
    return {f"fullness direction explains the score (R^2 >= {MIN_R2})": fig["r2"] >= MIN_R2,
            "'a very fat man' fuller than 'a fat man', fuller than 'a man' by >= 1 score SD (medians)":
                p["a very fat man"]["score_median"] > p["a fat man"]["score_median"] >= man + 1.0,
            # a man's neck is held at a man's width by the gender fit (gender_read.py), which takes back part of the
            # lean offset's throat and submental change (a gaunt woman: 1.5 below a woman; a man: 0.6): the cheeks
            # are what must read hollow
            "'a gaunt man' leaner than 'a man' by >= 0.5 and his cheeks by >= 0.8 (medians), every 'very fat' head "
            "fuller than every gaunt one":
                p["a gaunt man"]["score_median"] <= man - 0.5
                and p["a gaunt man"]["measures"]["cheek_forward"] <= p["a man"]["measures"]["cheek_forward"] - 0.8
                and p["a very fat man"]["score_min"] > p["a gaunt man"]["score_max"],
            "'a very fat man' has the wider face (median z)":
                p["a very fat man"]["face_width_median"] > p["a man"]["face_width_median"]}


def report(fig: dict) -> str:
    lines = [f"face fullness ({fig['seeds']} seeds; score = mean z of {', '.join(NAMES)}; direction R^2 "
             f"{fig['r2']:.3f}; medians, score min..max):"]
    for prompt, f in fig["prompts"].items():
        ms = " ".join(f"{n} {v:+.2f}" for n, v in f["measures"].items())
        lines.append(f"  {prompt:<42} score {f['score_median']:+.2f} ({f['score_min']:+.2f}..{f['score_max']:+.2f})"
                     f"  {ms}  face_width {f['face_width_median']:+.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.fullness_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(fullness_figures, report, goals, 20, argv)


if __name__ == "__main__":
    raise SystemExit(main())
