"""`eval shape` figures for the ancestry shape priors (ancestry_prior.py): for each ancestry, the same seeds drawn
with and without the prior (gender alternating by seed, the regressor with its check, as the pipeline draws), and
the mean landmark measures' population z-scores of each.  `python -m backend.shape.ancestry_goal [SEEDS]`."""
from __future__ import annotations

import numpy as np

from ..schema import BY_NAME
from .ancestry_prior import GIVEN, with_ancestry

MEASURES = ("nose_width", "nose_bridge", "lip_thickness", "eye_tilt", "eye_size", "face_width", "nose_length",
            "mouth_width")
MIN_SHIFT = 0.2    # z: the mean moves at least this far the way an ancestry's shares lean (where they lean >= LEAN)
LEAN = 0.25
MIN_SPREAD = 0.5   # z: heads of one ancestry still differ: half the population's SD or more on every measure


def ancestry_figures(model, shape, seeds=range(50)) -> dict:
    from .. import measure as M

    pop = M.population(model)
    seeds = list(seeds)
    out = {"seeds": len(seeds), "ancestries": {}}
    for ancestry in BY_NAME["ancestry"].values:
        heads = {"without": [], "with": []}
        nose_mm = {"without": [], "with": []}
        for seed in seeds:
            concrete = {"gender": ("male", "female")[seed % 2], "ancestry": ancestry}
            drawn, _ = with_ancestry(concrete, seed)
            for key, c in (("without", concrete), ("with", drawn)):
                x = shape.sample_identity(c, seed=seed, verify=model)
                lm = M.landmarks_for(model, x)
                heads[key].append(pop.z(M.measure(lm))[0])
                nose_mm[key].append(10.0 * float(np.linalg.norm(lm[0, 31] - lm[0, 35])))
        row = {}
        for key in heads:
            z = np.stack(heads[key])
            row[key] = {m: float(z[:, M.IDX[m]].mean()) for m in MEASURES}
            row[key + "_sd"] = {m: float(z[:, M.IDX[m]].std()) for m in MEASURES}
            row[key]["nose_width_mm"] = float(np.mean(nose_mm[key]))
        out["ancestries"][ancestry] = row
    return out


def goals(fig: dict) -> dict[str, bool]:
    """Each lean of GIVEN (high share minus low share, or the reverse, >= LEAN) moves its measure's mean >= MIN_SHIFT z that way, and
    no measure's SD within an ancestry drops below MIN_SPREAD."""
    moved, spread = True, True
    for ancestry, row in fig["ancestries"].items():
        for attr, (low, _, high) in GIVEN[ancestry].items():
            if abs(high - low) >= LEAN:
                shift = row["with"][attr] - row["without"][attr]
                moved &= bool(np.sign(high - low) * shift >= MIN_SHIFT)
        spread &= min(row["with_sd"].values()) >= MIN_SPREAD
    return {f"ancestry priors move each leaning measure's mean >= {MIN_SHIFT} z its way "
            f"({fig['seeds']} seeds each)": moved,
            f"heads of one ancestry still differ (every measure's SD >= {MIN_SPREAD} z)": spread}


def report(fig: dict) -> str:
    head = "  ancestry        " + " ".join(f"{m[:13]:>14}" for m in MEASURES) + "   nose mm"
    lines = [f"ancestry shape priors ({fig['seeds']} seeds each; mean z without -> with the prior):", head]
    for ancestry, row in fig["ancestries"].items():
        cells = " ".join(f"{row['without'][m]:+6.2f}->{row['with'][m]:+5.2f}" for m in MEASURES)
        low = min(row["with_sd"], key=row["with_sd"].get)
        lines.append(f"  {ancestry:<15} {cells}   {row['without']['nose_width_mm']:.1f}->"
                     f"{row['with']['nose_width_mm']:.1f}   smallest SD {low} {row['with_sd'][low]:.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """`python -m backend.shape.ancestry_goal [SEEDS]`: print the figures for the committed weights."""
    from .goal_script import run

    return run(ancestry_figures, report, goals, 50, argv)


if __name__ == "__main__":
    raise SystemExit(main())
