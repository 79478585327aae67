"""Does grey hair's implied age age the shape as it ages the texture?  With no age stated, a grey scalp or beard
draws the years texture/beard_age.py `implied_class` gives for the seed (head.json's `parsed.implied_age`, the
texture's age too); shape_request now passes those years to age_shape.py, so past 70 the jaw sags and the lips thin
as for stated years.  Over the same seeds, each head drawn as the pipeline draws it, against the same head without
the implied years' offset: the median of age_cues.py's jowl depth and red-lip heights among the seeds whose implied
years are past 70 (the others are the same heads), and every head's stated gender and age class still met.
`python -m backend.shape.implied_age_goal [SEEDS]`."""
from __future__ import annotations

import numpy as np

PROMPTS = ("a wizard with a long white beard", "a man with white hair and a grey beard", "a woman with grey hair")
CUES = ("jowl_mm", "upper_lip_mm", "lower_lip_mm")


def implied_age_figures(model, shape, seeds=range(20)) -> dict:
    from ..measure import unmet
    from ..parser import parse
    from .age_cues import age_cues
    from .age_shape import age_offset
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    out = {"seeds": len(list(seeds)), "prompts": {}}
    for prompt in PROMPTS:
        parsed = parse(prompt)
        strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
        rows = {"years": [], "before": [], "after": [], "unmet": 0}
        for seed in seeds:
            drawn, offset, record = shape_request(parsed, seed, model)
            years = record.get("implied_age", {}).get("years")
            aged = age_offset(model, years, parsed.concrete)
            if aged is None:
                continue
            rest = offset - aged
            before = shape.sample_identity(drawn, seed=seed, strength=strength, verify=model,
                                           offset=rest if np.any(rest) else None)[0]
            after = shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0]
            rows["unmet"] += bool(unmet(model, after, drawn, None))
            rows["years"].append(years), rows["before"].append(before), rows["after"].append(after)
        fig = {"aged": len(rows["years"]), "years": rows["years"], "unmet": rows["unmet"]}
        if rows["years"]:
            b, a = age_cues(model, np.stack(rows["before"])), age_cues(model, np.stack(rows["after"]))
            fig.update({c: (float(np.median(b[c])), float(np.median(a[c]))) for c in CUES})
            fig["jowl_deeper"] = float(np.mean(a["jowl_mm"] > b["jowl_mm"]))
        out["prompts"][prompt] = fig
    return out


def goals(fig: dict) -> dict[str, bool]:
    aged = [f for f in fig["prompts"].values() if f["aged"]]
    return {"grey hair's implied years past 70 age the shape (jowls deeper on every aged seed, lips thinner, "
            "the stated attributes and the implied age class still met)":
            bool(aged) and all(f["jowl_deeper"] == 1.0 and f["upper_lip_mm"][1] < f["upper_lip_mm"][0]
                               and f["lower_lip_mm"][1] < f["lower_lip_mm"][0] and f["unmet"] == 0 for f in aged)}


def report(fig: dict) -> str:
    lines = [f"implied age ({fig['seeds']} seeds; among the seeds whose implied years are past 70, median mm without "
             "-> with the implied years' offset):"]
    for prompt, f in fig["prompts"].items():
        if not f["aged"]:
            lines.append(f"  {prompt:<42} no seed past 70")
            continue
        cues = "  ".join(f"{c} {f[c][0]:.2f} -> {f[c][1]:.2f}" for c in CUES)
        lines.append(f"  {prompt:<42} {f['aged']} seeds past 70 (years {sorted(f['years'])}): {cues}; jowl deeper "
                     f"{f['jowl_deeper']:.0%}, unmet {f['unmet']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.implied_age_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(implied_age_figures, report, goals, 20, argv)


if __name__ == "__main__":
    raise SystemExit(main())
