"""`python -m backend.texture.drawn_grey_measures [--seeds N] [PROMPT]`: the scalp's grey share (hair_grey) of heads whose
hair colour is unstated, by age band: how many drew grey hair, and the share those greys drew (mean, range), over seeds
0..N-1 of the prompt (default "a woman", 200 seeds).  The prompt goes through the parser.  No model or render needed."""
from __future__ import annotations

import argparse

import numpy as np

from backend.parser import parse
from backend.texture.params import _draw, params_from_code

BANDS = ((0.0, 0.35), (0.35, 0.45), (0.45, 0.55), (0.55, 0.65), (0.65, 1.01))


def rows(prompt: str, seeds: int) -> list[tuple[float, str, float]]:
    """(age, drawn hair colour, hair_grey) of each seed's head."""
    parsed = parse(prompt)
    out = []
    for s in range(seeds):
        p = params_from_code(parsed.concrete, s)
        out.append((p.age, _draw(parsed.concrete, s)[1]["hair_color"], p.hair_grey))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.drawn_grey_measures", description=__doc__.split("\n")[0])
    ap.add_argument("prompt", nargs="?", default="a woman")
    ap.add_argument("--seeds", type=int, default=200)
    args = ap.parse_args(argv)
    if args.seeds < 1:
        ap.error("--seeds must be at least 1")
    got = rows(args.prompt, args.seeds)
    print(f"{args.prompt!r}, seeds 0-{args.seeds - 1}: hair_grey of the heads drawn grey, by age (years ~ age x 100)")
    for lo, hi in BANDS:
        band = [r for r in got if lo <= r[0] < hi]
        grey = [r[2] for r in band if r[1] == "gray"]
        shares = f"hair_grey mean {np.mean(grey):.2f} ({min(grey):.2f}-{max(grey):.2f})" if grey else "-"
        print(f"age {lo:.2f}-{min(hi, 1.0):.2f}: {len(band):3d} heads, {len(grey):3d} grey; {shares}")


if __name__ == "__main__":
    main()
