"""Ancestry shape priors: "a Japanese woman", "a Nigerian man" get a face shape that fits, not only a skin tone.

The parser reads the described ancestry (schema kind "prior"); the texture draws skin tones from it
(backend/texture/params.py TONE_GIVEN).  Here, when an ancestry is stated, each shape attribute of `GIVEN` the
description leaves unstated is drawn once, seeded, from the ancestry's shares of its three values (then stated as
that value to the regressor, which keeps each value's own third of the population's spread; leaving it unstated
for a share kept the opposite end at a third: "a Japanese woman" still drew full lips and a broad nose as often as
anyone).  A stated value always wins, a denied value is never drawn, and with no
ancestry the concrete attributes are returned as they are, so such heads are the same bits as before.

The shares are broad and overlap (people of one ancestry differ; the middle stays likeliest for most values) and
lean the way population means differ in Farkas' international anthropometry (Farkas LG, Katic MJ, Forrest CR et al.,
"International anthropometric study of facial morphology in various ethnic groups/races", J Craniofac Surg 2005;
16(4):615-646; 25 groups vs North American whites): African-American and African groups have the widest nose
(al-al) and the thickest vermilion (upper / lower lip height) and a lower nasal root; East Asian groups (Chinese,
Japanese, Korean, Vietnamese) a low, flat nasal root (en-se depth), a wide nose relative to the face, the widest
bizygomatic face, an up-slanted palpebral fissure and a lower eye fissure; Middle Eastern and Indian groups a
higher, longer nasal bridge; Europeans a narrow, high-bridged nose and thinner lips.  The schema's thirds are of
the ICT scan population, so a draw of "wide" is a third-of-the-population statement, not a measured mean.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ..schema import BY_NAME

# ancestry -> attribute -> shares of its (low, medium, high) value; every value keeps a chance
GIVEN: Mapping[str, Mapping[str, tuple[float, float, float]]] = {
    "black": {"nose_width": (0.02, 0.28, 0.7), "nose_bridge": (0.5, 0.4, 0.1), "lip_thickness": (0.02, 0.28, 0.7),
              "mouth_width": (0.1, 0.5, 0.4)},
    "east-asian": {"nose_bridge": (0.65, 0.3, 0.05), "nose_width": (0.15, 0.5, 0.35), "eye_tilt": (0.05, 0.35, 0.6),
                   "face_width": (0.1, 0.4, 0.5), "eye_size": (0.5, 0.4, 0.1), "lip_thickness": (0.35, 0.5, 0.15)},
    "south-asian": {"nose_bridge": (0.2, 0.5, 0.3), "nose_width": (0.2, 0.45, 0.35), "lip_thickness": (0.15, 0.45, 0.4),
                    "eye_size": (0.1, 0.5, 0.4)},
    "middle-eastern": {"nose_bridge": (0.05, 0.4, 0.55), "nose_length": (0.1, 0.45, 0.45),
                       "nose_width": (0.25, 0.5, 0.25), "lip_thickness": (0.2, 0.5, 0.3)},
    "hispanic": {"nose_width": (0.2, 0.45, 0.35), "nose_bridge": (0.3, 0.5, 0.2), "lip_thickness": (0.2, 0.45, 0.35),
                 "face_width": (0.2, 0.45, 0.35)},
    "white": {"nose_width": (0.55, 0.4, 0.05), "nose_bridge": (0.1, 0.4, 0.5), "lip_thickness": (0.45, 0.45, 0.1)},
}
SALT = 0xA11CE57  # the prior's own stream: the regressor's noise of a seed stays as it was


def implied_shape(concrete: Mapping[str, str], seed: int,
                  denied: Mapping[str, list[str]] | None = None) -> dict[str, str]:
    """The shape attributes the stated ancestry implies for this seed ({} with no ancestry): drawn, in GIVEN's
    order, only for attributes `concrete` leaves unstated and never as a `denied` value."""
    ancestry = concrete.get("ancestry")
    if ancestry is None:
        return {}
    # a stated age decides its proxy features (measure.AGE_TERMS): implied as stated, they left the age check
    # at draw time (measure.age_terms) while the pipeline's check still read them, and pulled against it (a
    # south-asian "large" eye is young): 21/40 "a middle-aged Indian woman" missed (age_read.py)
    age_linked = _age_linked() if "age" in concrete else ()
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, SALT])
    out = {}
    for attr, shares in GIVEN[ancestry].items():
        u = float(rng.random())  # drawn for every attribute, so one stated attribute leaves the others' draws
        values = BY_NAME[attr].values
        weights = np.array([0.0 if v in (denied or {}).get(attr, ()) else w for v, w in zip(values, shares)])
        if attr in concrete or attr in age_linked or weights.sum() <= 0:
            continue
        out[attr] = values[int(np.searchsorted(np.cumsum(weights / weights.sum()), u, side="right"))]
    return out


def _age_linked() -> tuple[str, ...]:
    """Shape attributes whose measures are age's proxy (lip thickness, eye size, nose length)."""
    from ..measure import AGE_TERMS, ORDINAL_TERMS

    age = {m for m, _ in AGE_TERMS}
    return tuple(a for a, terms in ORDINAL_TERMS.items() if any(m in age for m, _ in terms))


def with_ancestry(concrete: Mapping[str, str], seed: int,
                  denied: Mapping[str, list[str]] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """-> (the attributes the shape is drawn from: `concrete` and what its ancestry implies, the implied ones)."""
    implied = implied_shape(concrete, seed, denied)
    return {**concrete, **implied}, implied
