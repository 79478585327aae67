"""`python -m backend.texture.scalp_shown_measures [SEEDS]`: the share of seeds (default 50) whose painted scalp reads
bald or as a shaved crop (scalp_hair < 0.3 or scalp_length < 0.5), per prompt, through the parser and params_from_code
as the pipeline calls it.  A stated scalp hair colour must show hair; stated bald/shaved heads and heads with no stated
hair keep their draws."""
from __future__ import annotations

import sys

from backend.parser import parse
from backend.texture.look_words import stated_looks
from backend.texture.params import params_from_code

PROMPTS = ("a man with black hair and a white beard", "an old man with blond hair", "an old man with grey hair",
           "a wizard with a long white beard", "an old man", "a man with a shaved head")


def hairless_share(prompt: str, seeds: int) -> float:
    r = parse(prompt)
    looks = stated_looks(prompt, r.hair)
    n = 0
    for s in range(seeds):
        p = params_from_code(r.concrete, s, denied=r.denied, facial=r.facial_hair, cut=(r.hair or {}).get("cut"),
                             age_years=r.age_years, looks=looks)
        n += p.scalp_hair < 0.3 or p.scalp_length < 0.5
    return n / seeds


def main(argv: list[str]) -> None:
    try:
        seeds = int(argv[0]) if argv else 50
    except ValueError:
        raise SystemExit(f"SEEDS must be a whole number, got {argv[0]!r}") from None
    for prompt in PROMPTS:
        print(f"{prompt!r}: bald or shaved crop in {100 * hairless_share(prompt, seeds):4.0f} % of {seeds} seeds")


if __name__ == "__main__":
    main(sys.argv[1:])
