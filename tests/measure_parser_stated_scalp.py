"""Seeds 0-29 whose drawn scalp is bald or shaved (density < 0.5 or scalp_length < 0.5) for texts with stated hair:
`PYTHONPATH=. python tests/measure_parser_stated_scalp.py "an old man with hair down to his shoulders" ...`."""
import dataclasses, sys
from backend.parser import parse
from backend.texture.params import params_from_code
for t in sys.argv[1:]:
    r = parse(t)
    bare = 0
    for seed in range(30):
        d = dataclasses.asdict(params_from_code(r.concrete, seed=seed, denied=r.denied, age_years=r.age_years))
        bare += d["scalp_hair"] < 0.5 or d["scalp_length"] < 0.5
    print(f"{bare:2d}/30 bald or shaved: {t!r} -> scalp_hair {r.concrete.get('scalp_hair')}")
