"""Skin melanin drawn for a stated ancestry (params.TONE_GIVEN, TONE_RANGE_GIVEN): percentiles over many seeds, the
bounds `eval texture` holds the 5th..95th percentile to, and the skin's ITA (Chardon's individual typology angle).

`python -m backend.texture.tone_prior_measures` prints the percentiles and ITA per ancestry (1000 seeds, men)."""
from __future__ import annotations

import numpy as np

ANCESTRIES = ("black", "white", "east-asian", "south-asian", "hispanic", "middle-eastern")
# Melanin (params units) the 5th..95th percentile of each stated ancestry's draws must lie in: broad, overlapping
# ranges of measured skin colour (ITA at the bounds in brackets; see params.TONE_RANGE_GIVEN's sources).  Before
# version 16's ranges "black" drew p5 0.23 (ITA +32, intermediate) and "east-asian" p95 0.33 (+17).
MELANIN_BOUNDS = {"black": (0.30, 0.94),  # tan .. dark (+22 .. -55)
                  "white": (0.026, 0.27),  # very light .. intermediate (+74 .. +27)
                  "east-asian": (0.05, 0.30),  # light .. intermediate-tan (+67 .. +22)
                  "south-asian": (0.15, 0.94),  # light-intermediate .. dark (+45 .. -55)
                  "hispanic": (0.04, 0.75),  # very light .. dark (+70 .. -39)
                  "middle-eastern": (0.05, 0.65)}  # light .. brown (+67 .. -28)
MIN_SPREAD = 0.1  # melanin: p95 - p5 at least this (people of one ancestry differ)


def melanin_draws(ancestry: str, n: int = 1000, gender: str = "male") -> np.ndarray:
    from .params import params_from_code

    return np.array([params_from_code({"ancestry": ancestry, "gender": gender}, seed=s).melanin for s in range(n)])


def ita(melanin: float) -> float:
    """ITA (degrees) of the plain skin at this melanin on the tone scale (its haemoglobin and carotene interpolated
    as params._tone_pigments does): arctan((L* - 50) / b*), CIELAB of the linear reflectance (D65)."""
    import torch

    from .params import SKIN_TONES, _tone_pigments
    from .pigments import skin_reflectance

    mel = np.array([v[0] for v in SKIN_TONES.values()])
    t = float(np.interp(melanin, mel, np.arange(len(mel))))
    rgb = skin_reflectance(*(torch.tensor(v) for v in _tone_pigments(t))).numpy().astype(float)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    lightness, b = 116 * f[1] - 16, 200 * (f[1] - f[2])
    return float(np.degrees(np.arctan((lightness - 50) / b)))


def main() -> None:
    for a in ANCESTRIES:
        m = melanin_draws(a)
        p = np.percentile(m, [5, 50, 95])
        lo, hi = MELANIN_BOUNDS[a]
        print(f"{a:15s} melanin p5 {p[0]:.3f} p50 {p[1]:.3f} p95 {p[2]:.3f} (ITA {ita(p[0]):+.0f} / {ita(p[1]):+.0f} / "
              f"{ita(p[2]):+.0f}), below 0.30 {np.mean(m < 0.3):.1%}; bounds {lo}..{hi}")


if __name__ == "__main__":
    main()
