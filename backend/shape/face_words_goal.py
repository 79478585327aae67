"""Do face-shape words users write reach the shape?  Each prompt against the same prompt without the word, drawn as
the pipeline draws them (shape_request, the regressor with its gender fit) on the same seeds: the paired change of
the measure the word names (population z-scores: backend/measure.py's landmark measures, fullness.py's submental
depth, cheek_hollow.py's depth in mm).  A word the parser reads to nothing moves nothing; the report names what
the parser emitted.  `python -m backend.shape.face_words_goal [SEEDS]`."""
from __future__ import annotations

import numpy as np

# (prompt, the prompt without the word, measure, the sign the word asks for)
CASES = (
    ("a man with high cheekbones", "a man", "face_width", +1),
    ("a man with high cheekbones", "a man", "cheek_hollow_mm", +1),
    ("a man with a strong jaw", "a man", "jaw_ratio", +1),
    ("a man with a weak chin", "a man", "chin_projection", -1),
    ("a man with a strong jaw", "a man with a weak chin", "chin_projection", +1),
    ("a man with a long face", "a man", "face_length", +1),
    ("a man with a round face", "a man", "face_length", -1),
    ("a man with a long face", "a man with a round face", "face_length", +1),
    ("a man with a wide nose", "a man", "nose_width", +1),
    ("a man with a narrow nose", "a man", "nose_width", -1),
    ("a man with a double chin", "a man", "submental", +1),
    ("a woman with a heart-shaped face", "a woman", "forehead_ratio", +1),
    ("a woman with a heart-shaped face", "a woman", "chin_ratio", -1),
    ("a man with a heart-shaped face", "a man", "chin_ratio", -1),
    ("a man with a prominent brow ridge", "a man", "brow_ridge", +1),
)
MIN_SHARE, MIN_MEDIAN = 0.75, 0.3  # a word reaches the shape: 3 in 4 seeds move its way, by >= 0.3 z (0.3 mm)


def _measures(model, x: np.ndarray) -> dict[str, np.ndarray]:
    from .. import measure as M
    from .cheek_hollow import hollow_mm
    from .fullness import NAMES, fullness_measures, population_stats

    z = M.population(model).z(M.measure(M.landmarks_for(model, x)))
    st = population_stats(model)
    full = (fullness_measures(model, x) - st["mean"]) / st["sd"]
    return {**{m: z[:, i] for m, i in M.IDX.items()}, "submental": full[:, NAMES.index("submental")],
            "cheek_hollow_mm": hollow_mm(model, x)}


def face_word_figures(model, shape, seeds=range(20)) -> dict:
    from ..parser import parse
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    seeds, drawn_cache = list(seeds), {}

    def draw(prompt):
        if prompt not in drawn_cache:
            parsed = parse(prompt)
            strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
            xs = []
            for seed in seeds:
                drawn, offset, _ = shape_request(parsed, seed, model)
                xs.append(shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0])
            read = {**parsed.concrete, **({"fullness": parsed.fullness} if parsed.fullness else {})}
            drawn_cache[prompt] = (_measures(model, np.stack(xs)), read)
        return drawn_cache[prompt]

    cases = []
    for prompt, base, measure, sign in CASES:
        (with_word, read), (without, base_read) = draw(prompt), draw(base)
        diff = sign * (with_word[measure] - without[measure])
        cases.append({"prompt": prompt, "base": base, "measure": measure, "sign": sign,
                      "parsed": {k: v for k, v in read.items() if base_read.get(k) != v},
                      "median": float(np.median(diff)), "share": float(np.mean(diff > 0)),
                      "with": float(np.median(with_word[measure])), "without": float(np.median(without[measure]))})
    return {"seeds": len(seeds), "cases": cases}


def _moved(c: dict) -> bool:
    return c["share"] >= MIN_SHARE and c["median"] >= MIN_MEDIAN


def goals(fig: dict) -> dict[str, bool]:
    return {f"face words move their measure ({MIN_SHARE:.0%} of seeds, median >= {MIN_MEDIAN}): "
            + ", ".join(f"{c['prompt'].split(' with ')[-1]} {c['measure']}" for c in fig["cases"] if c["parsed"]):
            all(_moved(c) for c in fig["cases"] if c["parsed"])}


def report(fig: dict) -> str:
    lines = [f"face words ({fig['seeds']} seeds, paired with the prompt without the word; the measure's median "
             "without -> with (z; cheek_hollow_mm in mm), the paired change the word asks for: median, share of seeds "
             "moved its way):"]
    for c in fig["cases"]:
        state = "moved" if _moved(c) else ("NOT READ by the parser" if not c["parsed"] else "NOT MOVED")
        lines.append(f"  {c['prompt']:<36} vs {c['base']:<24} {c['measure']:<16} {c['without']:+.2f} -> "
                     f"{c['with']:+.2f}  {c['median']:+.2f} {c['share']:4.0%}  {state}  parsed +{c['parsed']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.face_words_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(face_word_figures, report, goals, 20, argv)


if __name__ == "__main__":
    raise SystemExit(main())
