"""`eval shape` figures for hollow cheeks (cheek_hollow.py): prompts parsed and drawn as the pipeline draws them
(shape_request, the regressor with its gender fit), over the same seeds: the cheek's depth behind the cheekbone-jaw
line in mm (+ = hollow).  The parser reads hollow cheeks, gaunt and emaciated as a lean fullness like "thin"; where
its record lacks `"cheeks": "hollow"` the figure is also given with it added (`HOLLOW_WORDS` in the prompt), the
record the parser is asked to emit for those words, so the shape's half is measured before the parser's lands.
`python -m backend.shape.cheek_hollow_goal [SEEDS]`."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .cheek_hollow import hollow_mm, population_stats

PROMPTS = ("a man", "a gaunt man", "a man with sunken cheeks", "a gaunt man with hollow cheeks", "an old woman",
           "an emaciated old woman", "a slim woman", "a woman")
HOLLOW_WORDS = ("hollow", "sunken", "gaunt", "emaciated")  # the words whose fullness should carry cheeks: hollow
MIN_R2 = 0.99


def _draw(model, shape, parsed, seeds) -> np.ndarray:
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
    xs = []
    for seed in seeds:
        drawn, offset, _ = shape_request(parsed, seed, model)
        xs.append(shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0])
    return np.stack(xs)


def cheek_hollow_figures(model, shape, seeds=range(20)) -> dict:
    from ..parser import parse

    seeds = list(seeds)
    st = population_stats(model)
    out = {"seeds": len(seeds), "r2": float(st["r2"]), "population_mm": (float(st["mean"]), float(st["sd"])),
           "prompts": {}}
    for prompt in PROMPTS:
        parsed = parse(prompt)
        rows = {"as parsed": parsed.fullness}
        if (parsed.fullness.get("value") == "lean" and "cheeks" not in parsed.fullness
                and any(w in prompt.split() for w in HOLLOW_WORDS)):
            rows["cheeks: hollow"] = {**parsed.fullness, "cheeks": "hollow"}
        for row, fullness in rows.items():
            depth = hollow_mm(model, _draw(model, shape, replace(parsed, fullness=dict(fullness)), seeds))
            out["prompts"][f"{prompt} [{row}]"] = {
                "fullness": dict(fullness), "median": float(np.median(depth)), "min": float(depth.min()),
                "max": float(depth.max())}
    return out


def _pick(fig: dict, prompt: str) -> float:
    """The prompt's median with cheeks: hollow (added, or as parsed once the parser emits it)."""
    p = fig["prompts"]
    return p.get(f"{prompt} [cheeks: hollow]", p[f"{prompt} [as parsed]"])["median"]


def goals(fig: dict) -> dict[str, bool]:
    p = fig["prompts"]
    man, woman_old = p["a man [as parsed]"]["median"], p["an old woman [as parsed]"]["median"]
    return {f"cheek hollow depth is a direction of the identity space (R^2 >= {MIN_R2})": fig["r2"] >= MIN_R2,
            "a lean face's cheeks flatter: 'a gaunt man' (as parsed) >= 1 mm deeper than 'a man' (medians)":
                p["a gaunt man [as parsed]"]["median"] >= man + 1.0,
            "hollow cheeks read hollow: 'a gaunt man with hollow cheeks' behind the cheekbone-jaw line (median > 0) "
            "and >= 3 mm deeper than 'a man'; 'an emaciated old woman' >= 4 mm deeper than 'an old woman'":
                _pick(fig, "a gaunt man with hollow cheeks") > 0.0
                and _pick(fig, "a gaunt man with hollow cheeks") >= man + 3.0
                and _pick(fig, "an emaciated old woman") >= woman_old + 4.0}


def report(fig: dict) -> str:
    mean, sd = fig["population_mm"]
    lines = [f"cheek hollow ({fig['seeds']} seeds; depth of the cheek behind the cheekbone-jaw line, mm, + = hollow; "
             f"N(0,1) heads {mean:+.2f} SD {sd:.2f}; direction R^2 {fig['r2']:.4f}; median (min..max)):"]
    for prompt, f in fig["prompts"].items():
        lines.append(f"  {prompt:<50} {f['median']:+.2f} ({f['min']:+.2f}..{f['max']:+.2f})  fullness {f['fullness']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.cheek_hollow_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(cheek_hollow_figures, report, goals, 20, argv)


if __name__ == "__main__":
    raise SystemExit(main())
