"""Ancestry shape priors: "a Japanese woman", "a Nigerian man" get a face shape that fits, not only a skin tone.

The parser reads the described ancestry (schema kind "prior"); the texture draws skin tones from it
(backend/texture/params.py TONE_GIVEN).  Here, when an ancestry is stated, each shape attribute of `GIVEN` the
description leaves unstated is drawn once, seeded: stated low, stated high, or left unstated (the regressor's own
population draw, all three thirds).  A stated value always wins, a denied value is never drawn, and with no
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

# ancestry -> attribute -> (share stated at the low end, share stated at the high end); the rest: unstated
GIVEN: Mapping[str, Mapping[str, tuple[float, float]]] = {
    "black": {"nose_width": (0.0, 0.6), "nose_bridge": (0.4, 0.05), "lip_thickness": (0.0, 0.6),
              "mouth_width": (0.05, 0.3)},
    "east-asian": {"nose_bridge": (0.6, 0.0), "nose_width": (0.05, 0.3), "eye_tilt": (0.0, 0.55),
                   "face_width": (0.05, 0.4), "eye_size": (0.35, 0.05), "lip_thickness": (0.2, 0.1)},
    "south-asian": {"nose_bridge": (0.1, 0.25), "nose_width": (0.1, 0.25), "lip_thickness": (0.1, 0.3),
                    "eye_size": (0.05, 0.25)},
    "middle-eastern": {"nose_bridge": (0.05, 0.45), "nose_length": (0.05, 0.35), "nose_width": (0.15, 0.15),
                       "lip_thickness": (0.15, 0.2)},
    "hispanic": {"nose_width": (0.1, 0.25), "nose_bridge": (0.2, 0.1), "lip_thickness": (0.1, 0.2),
                 "face_width": (0.1, 0.2)},
    "white": {"nose_width": (0.35, 0.05), "nose_bridge": (0.05, 0.4), "lip_thickness": (0.35, 0.05)},
}
SALT = 0xA11CE57  # the prior's own stream: the regressor's noise of a seed stays as it was


def implied_shape(concrete: Mapping[str, str], seed: int,
                  denied: Mapping[str, list[str]] | None = None) -> dict[str, str]:
    """The shape attributes the stated ancestry implies for this seed ({} with no ancestry): drawn, in GIVEN's
    order, only for attributes `concrete` leaves unstated and never as a `denied` value."""
    ancestry = concrete.get("ancestry")
    if ancestry is None:
        return {}
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, SALT])
    out = {}
    for attr, (low, high) in GIVEN[ancestry].items():
        u = float(rng.random())  # drawn for every attribute, so one stated attribute leaves the others' draws
        values = BY_NAME[attr].values
        value = values[0] if u < low else values[-1] if u < low + high else None
        if attr in concrete or value is None or value in (denied or {}).get(attr, ()):
            continue
        out[attr] = value
    return out


def with_ancestry(concrete: Mapping[str, str], seed: int,
                  denied: Mapping[str, list[str]] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """-> (the attributes the shape is drawn from: `concrete` and what its ancestry implies, the implied ones)."""
    implied = implied_shape(concrete, seed, denied)
    return {**concrete, **implied}, implied
