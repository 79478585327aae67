"""TextureParams: the small parameter vector of the parametric albedo, and the code -> params map.

Every field is a float in 0..1 (the albedo clamps to that range), so the CLIP stage can optimise the
vector directly.  `params_from_code` sets the fields from the texture attributes of the descriptive
code (and gender/age); attributes the prompt leaves out are drawn from the seed, and stated ones get a
small seeded jitter, so different seeds of one prompt give different but consistent people.  Values the prompt
denies (the parser's `denied`: "no grey hair", "eyes not blue") are never drawn where another is left
(`DENIAL_FREE` below); a code without denials draws exactly as before.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Mapping

import numpy as np

from ..errors import TextFaceError
from ..schema import BY_NAME, SchemaError, check
from .beard_age import implied_years
from .scars import FIELDS as SCAR_FIELDS, places_from as scar_places, tone_from as scar_tone
from .partial_grey import AMOUNTS, amounts_of, with_partial_grey

PARAMS_VERSION = 19
# Fields added after version 1, and what a head of an earlier version rendered with instead:
# version 1 had no brow_grey (its brows took the scalp's and beard's grey fraction, hair_grey);
# versions 1-2 had no lip_contrast (their lips took the full fitted lip colour, 1.0); versions 1-3
# had no brow_eumelanin (brows and lashes took the scalp hair's, hair_eumelanin); versions 1-4 had
# no lentigines (round sun spots) and drew their age spots with the speckle field at full weight;
# versions 1-5 had no makeup_cover (blush and eye shadow were opaque powder, 1.0); versions 1-6 had no
# under_eye (no dark circles, 0.0); versions 1-7 had no scalp hair (every head bald: scalp_hair 0.0, the
# other hair fields then change nothing) and shaded the scalp's sun spots as if hair covered it (scalp_sun 0.25);
# versions 1-8 had no beard pigments of their own (stubble, mustache, goatee and beard took the scalp's) and drew
# the scalp hair texel by texel, unfiltered to the texels' footprint (scalp_filter 0: see scalp_hair.py), and had
# no female-pattern thinning (top_thinning 0: a woman's balding drew the man's horseshoe), and drew stubble and beard
# strands whose contrast to the skin depended on their colour (beard_contrast 0: grey stubble vanished into fair
# skin, a red beard was a flat wash; see parametric.py); versions 1-9 mixed grey scalp hair hair by hair, so texels too
# coarse for single strands took the mean grey (hair_grain 0: see scalp_grain.py), and filled the texels beside the
# back tile's islands from the nearest island, the mouth's too (seam_fix 0: see seeded.island_refill); versions 1-10
# drew the brows in one narrow band whatever their density (brow_fill 0; brow_height then changes nothing), with the
# scalp hair's pheomelanin (brow_pheomelanin: hair_pheomelanin), one mustache shape (mustache_shape 0.5), no beard
# below the neck line (beard_length 0) and eye shadow only on the lid (shadow_spread 0): see parametric.py; versions
# 1-11 kept a young skin's colour at any age (age_skin 0: no sallowness, mottling, redness or paler lips of age),
# drew no age lines beyond a faint noise (wrinkle_depth 0) and drew thinned scalp hair see-through, so thin white
# hair on fair skin read bald (sparse_hair 0), and drew brows of short strands only (brow_strokes 0: scattered dots at
# 512 px): see age_skin.py, scalp_hair.py and parametric.py; versions 1-12 drew one fixed set of freckle dots over
# the nose and cheeks whatever the amount said (freckle_density 0.5: see freckles.py); versions 1-13 painted a normal crop
# beside a named cut's hair mesh (side_shave 0, shave_shape 0, cornrows 0: see scalp_cuts.py); versions 1-14 drew a
# greying crop in white and dark patches at preview size (grey_strands 0: scalp_grain.py), cornrows that met in a star
# at the back of the head (cornrow_nape 0: scalp_cuts.py) and no age lines or uneven tone before ~40 (age_cues 0:
# age_skin.py); versions 1-15 had no flushed face or sunburn (flush 0, sunburn 0: flush.py); versions 1-16 drew every
# lipstick in one red (lipstick_shade 0.5: parametric.py _lipstick) as a film of 0.85 cover (lipstick_cover 0.85), and
# painted silver hair as grey hair (hair_silver 0: the scalp's white hairs in WHITE_HAIR's warm grey-white), and laid
# dense freckles over the jaw as on the cheeks and over the neck (freckle_sun 0: freckles.py), and painted the hair
# under a turban, hijab or hat as any (scalp_covered 0: scalp_hair.py), and drew the beard's strands as a regular comb
# (beard_strokes 0: seeded.py _beard_fine) with a sideburn whose front edge was one vertical line (sideburn_taper 0:
# regions.py beard_taper); versions 1-17 drew every eyeliner black (eyeliner_shade 0: parametric.py EYELINER) with the
# lower lash line at a third of the upper (eyeliner_low 0.35), whatever the prompt said of the liner, and drew the
# skin's own cheek blood as a round spot with a reddish nose tip (cheek_soft 0: parametric.py soft_cheeks).
# versions 1-18 painted no scar, whatever the prompt said (scar_left_cheek ... scar_chin 0: scars.py).
# versions 1-18 drew partly grey hair (salt-and-pepper, greying, grey at the temples) as any grey, evenly over the
# scalp at 0.5-0.92 and the ages of white hair, with no grey kept to the temples (temple_grey 0: partial_grey.py).
# versions 1-18 (and 19's first heads) painted every nude lipstick in fair skin's nude (nude_depth 0: NUDE_DEPTH).
# versions 1-18 (and 19's first heads) drew unstated light make-up as stated light make-up (EVERYDAY_MAKEUP: no field).
# versions 1-18 (and 19's first heads) drew unstated grey hair at 0.5-0.92 at any age, white at 38 (DRAWN_GREY: no field).
# versions 1-18 painted no scar, and version 19's first heads painted every scar pale (scar_tone 0: scars.py tone_from).
_ADDED = {"brow_grey": (2, "hair_grey"), "lip_contrast": (3, 1.0), "brow_eumelanin": (4, "hair_eumelanin"),
          "speckle": (5, 1.0), "lentigines": (5, 0.0), "makeup_cover": (6, 1.0), "under_eye": (7, 0.0),
          "scalp_hair": (8, 0.0), "scalp_length": (8, 1.0), "hairline_recession": (8, 0.0),
          "crown_thinning": (8, 0.0), "scalp_sun": (8, 0.25),
          "beard_eumelanin": (9, "hair_eumelanin"), "beard_pheomelanin": (9, "hair_pheomelanin"),
          "beard_grey": (9, "hair_grey"), "scalp_filter": (9, 0.0), "top_thinning": (9, 0.0),
          "beard_contrast": (9, 0.0), "hair_grain": (10, 0.0), "seam_fix": (10, 0.0),
          "brow_pheomelanin": (11, "hair_pheomelanin"), "brow_fill": (11, 0.0), "brow_height": (11, 0.5),
          "mustache_shape": (11, 0.5), "beard_length": (11, 0.0), "shadow_spread": (11, 0.0),
          "age_skin": (12, 0.0), "wrinkle_depth": (12, 0.0), "sparse_hair": (12, 0.0),
          "brow_strokes": (12, 0.0), "freckle_density": (13, 0.5),
          "side_shave": (14, 0.0), "shave_shape": (14, 0.0), "cornrows": (14, 0.0),
          "grey_strands": (15, 0.0), "cornrow_nape": (15, 0.0), "age_cues": (15, 0.0),
          "flush": (16, 0.0), "sunburn": (16, 0.0), "lipstick_shade": (17, 0.5),
          "lipstick_cover": (17, 0.85), "hair_silver": (17, 0.0),
          "freckle_sun": (17, 0.0), "scalp_covered": (17, 0.0),
          "beard_strokes": (17, 0.0), "sideburn_taper": (17, 0.0),
          "eyeliner_shade": (18, 0.0), "eyeliner_low": (18, 0.35), "cheek_soft": (18, 0.0),
          **{name: (19, 0.0) for name in SCAR_FIELDS}, "temple_grey": (19, 0.0),
          "scar_tone": (19, 0.0), "nude_depth": (19, 0.0)}


def added_after(version: int) -> tuple[str, ...]:
    """The fields a head written with params `version` does not have (they load with what it was drawn with)."""
    return tuple(name for name, (since, _) in _ADDED.items() if since > version)


# Eyebrows grey later than scalp and beard hair: a middle-aged man with grey stubble keeps mostly
# pigmented brows, white hair goes with brows of mixed grey.  brow_grey = hair_grey ** BROW_GREY_LAG.
BROW_GREY_LAG = 3.0
# Beard hair greys before scalp hair in most men (the grey-bearded man with a still dark scalp is common, the
# reverse rare): with its colour unstated, beard_grey = hair_grey ** BEARD_GREY_LAG, so a third grey scalp
# goes with a beard about 64 % grey and white hair (0.9) with a beard of 0.96.
BEARD_GREY_LAG = 0.4
# A stated beard colour with the hair's unstated: the scalp is drawn to go with the beard.  A grey beard
# keeps the scalp's base colour (its pigmented hairs are the same person's shade) with less grey: hair_grey =
# beard_grey ** k, k drawn in SCALP_GREY_GIVEN_BEARD (around 1 / BEARD_GREY_LAG).  White hairs reflect far
# more than pigmented ones, so a scalp half white already reads light grey at a distance (0.59 read silver
# on dark skin): a middle-aged man's grey stubble (0.7) goes with a scalp 0.12-0.4 grey (mostly pigmented to
# salt and pepper), an old man's grey beard (0.86) with 0.4-0.7, and white (0.92) with up to 0.8.  Another
# beard colour makes the same scalp colour likelier (relative likelihoods, others 1), not certain: a red beard
# over brown scalp hair is common, and grey scalp hair over a pigmented beard rare.
SCALP_GREY_GIVEN_BEARD = (2.5, 6.0)
# Past middle age the scalp catches up with the beard (Panhard et al. 2012: a third of the scalp grey at 56-60, 40 %
# at 61-65, half by the early sixties for most; beard_age.py): k shrinks by up to SCALP_CATCH_UP from age 0.55 to
# 0.7 (never below 1: the scalp no greyer than the beard), so an old man's grey beard (0.86) goes with a scalp
# 0.70-0.86 grey (0.4-0.7 before), a 65-year-old's (0.78) with 0.41-0.69, a 60-year-old's (0.76) with 0.27-0.58, and
# middle age is as before (a stated middle-aged man's grey beard: scalp at most 0.44 over 200 seeds, as before).  The
# ramp and the amount were set by hand (`python -m backend.texture.beard_grey_measures`).
SCALP_CATCH_UP = (0.55, 0.7, 0.6)  # (from age, to age, k's largest cut)
# Below middle age a grey beard is early (premature) greying, which the scalp follows later still: k grows by up to
# SCALP_YOUNG_LAG from age 0.45 down to 0.3, so "a 30 year old man with a white beard" (beard 0.64) keeps a scalp
# 0.01-0.06 grey, mostly pigmented (before: 0.11-0.33, seed 1 read greying).  Middle age and older are as before.
SCALP_YOUNG_LAG = (0.3, 0.45, 1.5)  # (age of the full lag, age it ends, k's largest gain)
# Scalp hair drawn grey (hair_color unstated; the chance of grey rises from ~35: _draw's hair_weights) is as grey as the
# age makes likely (params version 19): partly grey in middle age, white only later.  Panhard et al. 2012 (Br J Dermatol
# 167: 865-873, ~4000 people): the scalp on average 27 % grey at 45-65, a third at 56-60, half by the early sixties for
# most; partial_grey.py's shares read some grey at 0.08-0.25, salt and pepper at 0.25-0.5.  So its share is drawn in
# (lo, hi) at these ages (interpolated; set by hand): some to salt and pepper at 40, salt and pepper at 50, up to mostly
# grey at 60, and from 75 the said grey's 0.82-0.92 (0.7 + 0.4 (age - 0.45)).  Before (versions <= 18 and 19's first
# heads) every drawn grey took that share at any age: "a heavy-set woman with a round face" seed 23, age 0.38, drew
# 0.67 and read 60+ (`python -m backend.texture.drawn_grey_measures`).
DRAWN_GREY = ((0.40, 0.50, 0.60, 0.75), (0.10, 0.25, 0.35, 0.82), (0.40, 0.50, 0.70, 0.82))  # (ages, lo, hi)
DRAWN_GREY_SALT = 0x6E2  # its own stream
# A grey beard makes a scalp drawn grey (its name and base shade; its grey fraction follows the beard, above) likelier
# than the age alone does (0.8 * (age - 0.35)): three times (set by hand: ~45 % at 0.65, ~60 % at 0.85).
HAIR_GIVEN_BEARD = {"black": {"black": 3.0, "gray": 0.3}, "brown": {"brown": 2.0, "gray": 0.3},
                    "blond": {"blond": 4.0, "gray": 0.3}, "red": {"red": 8.0, "gray": 0.3}, "gray": {"gray": 3.0}}
# Brows and lashes of fair-haired people are usually a shade darker than their scalp hair (short hairs renewed
# every few months, not sun-bleached like the long scalp hair), in the hair's own hue: brow_eumelanin = eu +
# BROW_DARKER * (1 - eu) ** 2 and brow_pheomelanin = ph * (1 + BROW_WARMER * (1 - eu) ** 2), so blond brows are a
# darker gold (pigment L*a*b* 53/12/29 against the hair's 69/10/30), red ones a deeper red (35/25/36 against
# 48/26/41), dark hair keeps its brows.  Draws before version 11 added eumelanin only (0.14) and took the scalp's
# pheomelanin: blond brows a duller brown (51/10/26), red ones brown (35/22/33, b*/a* of brown hair).
BROW_DARKER = 0.1
BROW_WARMER = 0.2
# Eyebrow band height (brow_height; the band of versions <= 10 at 0.5) per stated density, and unstated by gender
# (men's brows a little heavier); the strands' density stays brow_density (BROWS).
BROW_HEIGHTS = {"sparse": 0.15, "medium": 0.5, "thick": 0.9}
BROW_HEIGHT_UNSTATED = {"male": 0.55, "female": 0.45}
# Unstated beard length of a full beard (a stated one: BEARD_LENGTHS): short in young men, longer with age.
BEARD_LENGTH = (0.2, 0.45)  # beard_length = BEARD_LENGTH[0] + BEARD_LENGTH[1] * age, spread per seed
# Stated beard length of a full beard (the parser's facial_hair, backend/parser/facial_shapes.py): "a short beard", "a
# neatly trimmed beard" stays at the jaw; "a long beard", "a beard down to his chest" hangs well below it.
BEARD_LENGTHS = {"short": 0.05, "long": 0.9}
# Stated mustache shape (the parser's facial_hair): "a pencil mustache" a thin line, "a walrus mustache" thick.
MUSTACHE_SHAPES = {"thin": 0.05, "thick": 0.95}
# Heavy make-up's eye shadow is blended out smoky (the parser reads "smoky eyes" as heavy make-up); light stays on the lid.
SHADOW_SPREAD = {"none": 0.0, "light": 0.0, "heavy": 0.85}

# Pigments per skin tone: (melanin, haemoglobin, carotene), fitted with pigments.py's coefficients;
# melanin in units of pigments.MELANIN_SCALE so that the darkest tone stays inside 0..1.
SKIN_TONES = {
    "very-fair": (0.026, 0.15, 0.00),
    "fair": (0.071, 0.27, 0.05),
    "medium": (0.184, 0.37, 0.14),
    "olive": (0.30, 0.34, 0.26),
    "brown": (0.52, 0.45, 0.14),
    "dark": (0.94, 0.22, 0.00),
}
# Hair: (eumelanin, pheomelanin, grey fraction).
HAIR = {
    "black": (0.90, 0.05, 0.0),
    "brown": (0.42, 0.15, 0.0),
    # light blond is keratin's own yellow with a little pheomelanin (golden, b* ~27): with less (0.15 before) it read
    # as the pale grey of white hair in the preview
    "blond": (0.05, 0.2, 0.0),
    "red": (0.08, 0.60, 0.0),
    # salt and pepper: the remaining pigmented hairs keep a mid-dark colour (a person's own shade)
    "gray": (0.7, 0.08, 0.7),
}
# Brown hair's eumelanin added from olive (melanin 0.3) to dark skin (0.94): the medium brown of HAIR is as light as
# dark skin (L* +1.8 over it on the scalp), where "brown hair" in darker-skinned people is a dark brown (0.6 at dark).
BROWN_DARKER_WITH_SKIN = 0.18
# Share of each tone among people when the prompt states none (a broad world mix: every tone
# represented, the extremes rarer); within a tone the level is spread over its half-gaps to the
# neighbouring tones, so unstated skin is continuous and never sits at the ends of the scale.
TONE_SHARE = {"very-fair": 0.08, "fair": 0.2, "medium": 0.24, "olive": 0.2, "brown": 0.17, "dark": 0.11}
# Relative likelihood of each tone (SKIN_TONES order) given a stated trait that mostly goes with fair
# skin: an unstated tone is drawn from TONE_SHARE times these, so "red hair, freckles and green eyes"
# rarely gives dark skin, while every tone stays possible.  Other traits leave the draw as it is.
_LIGHT_EYES = (1.0, 1.0, 0.5, 0.2, 0.05, 0.02)
TONE_GIVEN = {
    ("hair_color", "red"): (1.0, 1.0, 0.4, 0.1, 0.02, 0.01),
    ("hair_color", "blond"): (1.0, 1.0, 0.5, 0.2, 0.05, 0.03),
    ("eye_color", "blue"): _LIGHT_EYES,
    ("eye_color", "green"): _LIGHT_EYES,
    ("eye_color", "gray"): _LIGHT_EYES,
    ("freckles", "some"): (1.0, 1.0, 0.5, 0.2, 0.1, 0.1),
    # the described ancestry (schema kind "prior"): broad, overlapping ranges, so a stated tone still wins
    # and people of one ancestry still differ
    ("ancestry", "black"): (0.0, 0.0, 0.0, 0.25, 1.0, 0.9),
    ("ancestry", "white"): (1.0, 1.0, 0.4, 0.1, 0.0, 0.0),
    ("ancestry", "east-asian"): (0.0, 1.0, 0.8, 0.25, 0.0, 0.0),
    ("ancestry", "south-asian"): (0.0, 0.05, 0.4, 0.8, 1.0, 0.35),
    ("ancestry", "hispanic"): (0.05, 0.4, 1.0, 0.9, 0.4, 0.05),
    ("ancestry", "middle-eastern"): (0.02, 0.4, 0.9, 1.0, 0.3, 0.02),
}
# ... and the range of the tone coordinate (0 very-fair .. 5 dark) a stated ancestry draws in: the +-0.5 jitter
# around a picked tone is cut there, and a tone wholly outside has no chance.  Before, the jitter and small weights
# reached any tone ("a Black man" drew below melanin 0.30 in 10.6 % of seeds, down to "medium"'s 0.18; "a Japanese
# woman" 0.40).  The ranges follow skin colour measured by ancestry (ITA, Chardon et al. 1991's categories: very light
# > 55 deg, light 41-55, intermediate 28-41, tan 10-28, brown -30..10, dark < -30; Del Bino & Bernerd 2013, Br J
# Dermatol 169 s3, ITA of ~3000 people of African, Asian, European, Indian and Latin American origin), kept broad and
# overlapping.  ITA of the plain skin (pigments.py) at the tone coordinate: 0 +74, 1 +61, 2 +39, 3 +22, 3.25 +14,
# 3.5 +5, 4 -13, 4.5 -37, 5 -55 (`python -m backend.texture.tone_prior_measures` prints each ancestry's draws).
TONE_RANGE_GIVEN = {"black": (3.25, 5.0),  # darker tan to dark (ITA +14 .. -55; at 3.0, +22, seed 14 read tan)
                    "white": (0.0, 3.25),  # very light to intermediate, some tan (+74 .. +14)
                    "east-asian": (0.75, 3.25),  # light to intermediate, some tan (+64 .. +14)
                    "south-asian": (1.75, 5.0),  # light-intermediate to dark (+45 .. -55)
                    "hispanic": (0.5, 4.5),  # very light to dark (+68 .. -37)
                    "middle-eastern": (0.75, 4.25)}  # light to brown (+64 .. -25)
# Unstated eye colour by skin tone (shares at each tone's melanin, SKIN_TONES; interpolated in between, then times
# EYES_GIVEN for a stated ancestry): brown dominates worldwide (~70-80 %), light eyes are common only in fair-skinned
# (mostly northern and eastern European) people and very rare with brown or dark skin (blue ~0.1 %, hazel a few %).
# Broadly after eye-colour surveys (e.g. Katsara & Nothnagel 2019; Walsh et al. 2011's IrisPlex populations).
# Before (params 11's draw: brown 0.45 + melanin, light eyes times 1 - melanin) blue was 6.4 % at melanin 0.57.
EYE_PRIOR = {  # (blue, green, gray, hazel, brown)
    "very-fair": (0.38, 0.12, 0.06, 0.14, 0.30),
    "fair": (0.28, 0.10, 0.04, 0.16, 0.42),
    "medium": (0.08, 0.05, 0.015, 0.18, 0.675),
    "olive": (0.02, 0.025, 0.005, 0.14, 0.81),
    "brown": (0.003, 0.004, 0.001, 0.07, 0.922),
    "dark": (0.0008, 0.001, 0.0002, 0.03, 0.968),
}
EYE_NAMES = ("blue", "green", "gray", "hazel", "brown")


def eye_prior(melanin: float) -> dict[str, float]:
    """Shares of each eye colour among people of this skin melanin (EYE_PRIOR, interpolated in log share)."""
    mel = np.array([SKIN_TONES[t][0] for t in EYE_PRIOR])
    logs = np.log(np.array(list(EYE_PRIOR.values())))
    share = np.exp([np.interp(float(melanin), mel, logs[:, j]) for j in range(len(EYE_NAMES))])
    return dict(zip(EYE_NAMES, (share / share.sum()).tolist()))


# Iris: (melanin, lipochrome, grey stroma, central melanin ring).
EYES = {
    "brown": (0.92, 0.20, 0.20, 0.3),
    "hazel": (0.45, 0.75, 0.20, 0.9),
    "green": (0.15, 1.00, 0.10, 0.2),
    "blue": (0.03, 0.00, 0.00, 0.1),
    "gray": (0.06, 0.05, 1.00, 0.1),
}
BROWS = {"sparse": 0.35, "medium": 0.62, "thick": 0.92}
# Beard: (stubble, mustache, goatee, full beard).
BEARDS = {
    "none": (0.0, 0.0, 0.0, 0.0),
    "stubble": (0.85, 0.0, 0.0, 0.0),
    "mustache": (0.15, 0.9, 0.0, 0.0),
    "goatee": (0.15, 0.6, 0.9, 0.0),
    "full": (0.3, 0.95, 0.95, 0.95),
}
# Make-up: (eye shadow, eyeliner, blush, lipstick).
MAKEUP = {"none": (0.0, 0.0, 0.0, 0.0), "light": (0.3, 0.35, 0.3, 0.3), "heavy": (0.75, 0.9, 0.55, 0.75)}
LIPS = {"pale": 0.1, "natural": 0.45, "red": 0.95}
# A stated lipstick (params version 17's draw): (lipstick_shade, lipstick, lipstick_cover); the shade from the prompt's
# words (look_words.py), red unless dark or nude is said.  The film covers lipstick * lipstick_cover of the lips: a red
# one lands near L* 40 / a* 50 on fair skin.  Before, a stated red drew lipstick 0.5 at cover 0.85: lips halfway between
# bare and red (L* 55.8 / a* 34.5 on fair skin, seeds 1-3: `python -m backend.texture.look_measures lipstick`).  A nude
# film is of about the bare lip's colour and sheerer (set by hand).
LIPSTICK_SHADES = {"nude": (0.0, 0.8, 0.85), "red": (0.5, 1.0, 0.97), "dark": (1.0, 1.0, 0.97)}
# Stated grey hair's shade (params version 17; the parser reads all three as hair_color gray): (the least hair_grey,
# hair_silver).  Silver is nearly all white hairs in a bright, cool, lustrous white (parametric.py SILVER_HAIR); white
# is all white hairs in keratin's own warm white; grey keeps its draw (salt and pepper, 0.5-0.92 with age).  Before, all
# three painted the scalp alike (L* 70 / b* +6 middle-aged, 76 / +7 old, fair skin: look_measures hair).
GREY_SHADES = {"silver": (0.93, 1.0), "white": (0.98, 0.0)}
# A nude lipstick is chosen to the skin (params version 19): nude_depth from 0 at fair skin's melanin to 1 at dark's
# (SKIN_TONES), parametric.py's nude then a deeper brown-rose, near the bare lips' own L*.  Before, every nude was fair
# skin's (L* 58): on brown skin the lips read L* +15 over bare (`python -m backend.texture.look_measures lipstick`).
NUDE_DEPTH = (0.071, 0.94)
# Unstated make-up drawn light (a woman's 40 %: _draw) as everyday make-up reads (params version 19; no field, no draw):
# (eye shadow, eyeliner, blush, lipstick, lipstick_shade) - a little definition along the upper lash line, a rosy lip
# tint of the skin's depth (near nude: nude_depth as NUDE_DEPTH), a soft blush.  Before, MAKEUP["light"]'s liner (0.35)
# and red lipstick at 0.3 hardly showed beside its blush, which read as a flush (`python -m backend.texture.makeup_measures`).
# Set by hand; a stated "light make-up" keeps MAKEUP["light"].
EVERYDAY_MAKEUP = (0.2, 0.55, 0.2, 0.45, 0.05)
MAKEUP_COVER = 0.3
AGES = {"young": 0.1, "middle-aged": 0.45, "old": 0.85}
MAX_YEARS = 130  # age_years above this is not an age (params_from_code refuses it)
# Dark circles under the eyes (under_eye): a stated value, or, unstated, a draw around a level that rises with
# age (thinner lower-lid skin, fat pads sagging into bags) and a little with melanin (periorbital
# hyperpigmentation is commoner in darker skin).
UNDER_EYES = {"none": 0.0, "shadows": 0.45, "dark": 0.85}
# Scalp hair per stated value: (density, length, hairline recession, crown thinning), spread per seed.  Shaved
# (a buzz cut to stubble) keeps the hairline a man of that age has under it, full or receding, but never a balding
# one's bare top: said shaved or buzzed is stubble over the whole scalp, crown included (before, an older man's draw
# of balding left the crown bare with stubble at the sides: `python -m backend.texture.shaved_measures`); bald and
# balding keep their patterns; bald has no hair at all.  Drawn
# values stay inside 0..1 (refinement moves no parameter off a clamped end), bald's 0 density excepted.
SCALP = {"full": (0.93, 0.97, 0.04, 0.02), "receding": (0.92, 0.97, 0.4, 0.05), "balding": (0.85, 0.97, 0.8, 0.75),
         "bald": (0.0, 0.97, 0.97, 0.97), "shaved": (0.9, 0.03, None, None)}
# Unstated scalp hair with the hair's colour stated (relative likelihoods, others 1): whoever describes the colour
# of the hair expects to see hair, so bald is rare and a thinning top less likely; grey hair on an old man still
# recedes and thins often (grey is also said of the fringe a balding man keeps).  Bald and a shaved crop get no chance:
# they hide the colour asked for in every view (before: bald 0.03 / 0.1, shaved 0.5; "a man with black hair and a white
# beard" seed 1 drew a 0.03 crop; `python -m backend.texture.scalp_shown_measures`).  Said bald/shaved/buzzed is stated.
SCALP_GIVEN_COLOUR = {"bald": 0.0, "balding": 0.15, "shaved": 0.0}
SCALP_GIVEN_GREY = {"bald": 0.0, "balding": 0.5, "shaved": 0.0}
# Receding (hairline_recession drawn over this range): the temples a little back to the full M (Norwood 2-3).  With
# the hair's colour stated, a milder recession (Norwood 2): the full M leaves the top of the head bare from the front (at 0.49,
# "an old man with blond hair" read as bald in the front view), where the colour asked for should show.
RECEDING = (0.3, 0.5)
RECEDING_GIVEN_COLOUR = (0.08, 0.16)
# Women (scalp_hair.py's top_thinning): balding is diffuse thinning over the top from Ludwig grade I to III
# (top_thinning over this range), receding a mild temple recession (hairline_recession over this range).
LUDWIG_THINNING = (0.35, 0.85)
# ... and the density lost everywhere at top_thinning 1: "thin hair" is thinner over the sides and back too, where
# the front, three-quarter and profile views see it (before, only the top thinned, which none of them shows)
LUDWIG_DENSITY = 0.4
FEMALE_RECEDING = (0.1, 0.22)
SCALP_SUN = 0.95  # bald scalps get (nearly) the sun of the face; hair covers the rest (version <= 7: 0.25)
# Age lines (wrinkle_depth, params version 12): none up to WRINKLE_AGES[0], deepening to 1 at WRINKLE_AGES[1] (~85;
# age is about years / 100), ((age - lo) / (hi - lo)) ** 1.2: ~0.4 at 60, 0.65 at 70; stated wrinkles at least this
WRINKLE_AGES = (0.35, 0.85)
WRINKLES_STATED = 0.85
# Freckle density (params version 13) per the parser's freckle_amount ("a few freckles", "covered in freckles"); freckles
# stated without an amount, or unstated, keep the dots of versions <= 12 (freckles.DENSITY_BEFORE)
FRECKLE_DENSITY = {"light": 0.15, "heavy": 0.95}
# Where dense freckles lie (freckle_sun, params version 17; no draw): on the sun-exposed face, or, "freckles all over"
# (look_words.py), over the face, neck and shoulders alike (the wide zone of versions <= 16).  Every code draws it.
FRECKLE_SUN = {None: 1.0, "all_over": 0.0}
# The painted scalp of a named cut (the parser's hair["cut"], backend/parser/hair_cuts.py; params version 14):
# (side_shave, shave_shape, cornrows).  A faux-hawk's sides are short, not quite shaved.  Other cuts: a normal crop.
# The parser's skin_flush (params version 16, flush.py): "rosy cheeks", "red-faced" -> flushed; "sunburnt" -> a burn.
SKIN_FLUSH = {"flushed": {"flush": 0.7}, "sunburnt": {"sunburn": 0.8}}
CUT_SCALP = {"mohawk": (1.0, 0.0, 0.0), "faux_hawk": (0.85, 0.0, 0.0), "undercut": (1.0, 1.0, 0.0),
             "cornrows": (0.0, 0.0, 1.0)}
# Thin hair on a woman ("thin white hair": balding) is sparse but present: its drawn density stays at least this
# (the hair mesh's bald threshold is 0.3, backend/hair/style.py; before, ~1 % of draws fell under it)
THIN_HAIR_FLOOR = 0.4
# Denied values (the parser's `denied`, backend/parser/denials.py): an unstated attribute picked from the seed gives a
# denied value no chance.  Denied grey hair ("an old man with no grey hair") is drawn with no grey at all, as a stated
# pigmented colour is ("an old man with black hair"), not with the age's least grey (_age_grey: a third at 80): white
# hairs reflect far more than pigmented ones, so even 0.12 grey reads as greying at preview size (see
# SCALP_GREY_GIVEN_BEARD), and the brows and an unstated beard, which follow the scalp, stay pigmented too.  A denied
# grey beard is pigmented (beard_grey 0, the scalp's pigment) and, as a stated pigmented beard does
# (HAIR_GIVEN_BEARD), makes a grey scalp less likely.  A denied beard colour the scalp's colour would give the beard
# draws the beard another colour.
DENIAL_FREE = frozenset({"hair_color", "beard_color", "eye_color", "skin_tone", "scalp_hair", "beard", "lip_color"})
GREY_GIVEN_PIGMENTED_BEARD = 0.3  # HAIR_GIVEN_BEARD's factor of a grey scalp beside a pigmented beard


class TextureParamsError(TextFaceError, ValueError):
    """Texture parameters (e.g. from a JSON sidecar) that are missing, unknown or out of range."""


@dataclass(frozen=True)
class TextureParams:
    melanin: float = 0.09
    haemoglobin: float = 0.27
    carotene: float = 0.05
    age: float = 0.3
    lip_tint: float = 0.45
    lip_contrast: float = 1.0
    brow_density: float = 0.62
    hair_eumelanin: float = 0.42
    hair_pheomelanin: float = 0.15
    hair_grey: float = 0.0
    brow_grey: float = 0.0
    brow_eumelanin: float = 0.42
    stubble: float = 0.0
    mustache: float = 0.0
    goatee: float = 0.0
    beard: float = 0.0
    eyeshadow: float = 0.0
    eyeliner: float = 0.0
    blush: float = 0.0
    lipstick: float = 0.0
    makeup_cover: float = 1.0
    freckles: float = 0.0
    lentigines: float = 0.0
    speckle: float = 0.0
    iris_melanin: float = 0.92
    iris_lipochrome: float = 0.2
    iris_grey: float = 0.2
    iris_ring: float = 0.3
    teeth_yellow: float = 0.2
    under_eye: float = 0.0
    scalp_hair: float = 0.92
    scalp_length: float = 0.97
    hairline_recession: float = 0.05
    crown_thinning: float = 0.0
    scalp_sun: float = 0.95
    beard_eumelanin: float = 0.42  # stubble, mustache, goatee and beard (the scalp's are the hair_* above)
    beard_pheomelanin: float = 0.15
    beard_grey: float = 0.0
    scalp_filter: float = 1.0  # how far scalp hair is filtered to the texel footprint (a rendering fix, not a look)
    top_thinning: float = 0.0  # female-pattern thinning over the top (scalp_hair.py); hairline_recession is the male
    beard_contrast: float = 1.0  # stubble and beard strands that show on any skin in any colour (parametric.py)
    hair_grain: float = 1.0  # grey scalp hair in tufts and streaks, not a flat mean grey (scalp_grain.py)
    seam_fix: float = 1.0  # texels beside skin islands filled from skin, not a socket (a rendering fix, not a look)
    brow_pheomelanin: float = 0.15  # brows and lashes (their eumelanin: brow_eumelanin)
    brow_fill: float = 1.0  # brows drawn in a band of brow_height (version 11), not one narrow band (a way of drawing)
    brow_height: float = 0.5  # eyebrow band height: 0 a thin line, 0.5 the band of versions <= 10, 1 heavy and bushy
    mustache_shape: float = 0.5  # 0 a thin pencil line above the lip, 0.5 the mustache of versions <= 10, 1 walrus
    beard_length: float = 0.0  # how far a full beard hangs below the jaw onto the neck (1: ~8 cm)
    shadow_spread: float = 0.0  # eye shadow blended dark over the lid, up to the brow bone and out (smoky eyes)
    age_skin: float = 1.0  # skin colour changes with age (version 12; 0 before: a young skin's at any age; a way of drawing)
    wrinkle_depth: float = 0.0  # age lines painted as creases with a lighter rim (age_skin.py): 0 none, 1 deep
    sparse_hair: float = 1.0  # thinned scalp hair as fewer opaque hairs, white ones lighter than skin (a way of drawing)
    brow_strokes: float = 1.0  # brows as long strokes along their flow over a soft fill (a way of drawing)
    freckle_density: float = 0.5  # how many freckle dots (freckles.py): 0.5 the dots of versions <= 12, 1 covered
    side_shave: float = 0.0  # a named cut's shaved zone (scalp_cuts.py): 0 none, 1 stubble
    shave_shape: float = 0.0  # the zone: 0 a mohawk's sides (beside a midline strip), 1 an undercut's sides and back
    cornrows: float = 0.0  # scalp hair in rows front to back with bare scalp between (scalp_cuts.py)
    grey_strands: float = 1.0  # greying hair as fine mixed strands, not white and dark patches (a way of drawing)
    cornrow_nape: float = 1.0  # cornrows run down the back to the nape side by side, not into a star (a way of drawing)
    age_cues: float = 1.0  # the first fine lines and unevenness of the thirties and forties (a way of drawing)
    flush: float = 0.0  # a flushed face: more blood in the cheeks and nose (flush.py; stated only)
    sunburn: float = 0.0  # a sunburn: red on the sun-exposed skin, a sharp line at the collar (flush.py; stated only)
    lipstick_shade: float = 0.5  # the lipstick's colour: 0 nude, 0.5 red (versions <= 16's only one), 1 dark berry
    lipstick_cover: float = 0.85  # how much of the lips' own colour a full lipstick hides (0.85: versions <= 16)
    hair_silver: float = 0.0  # the scalp's white hairs bright, cool and lustrous (silver), not keratin's warm grey-white
    freckle_sun: float = 0.0  # dense freckles kept to the sun-exposed face (freckles.py), not over jaw and neck alike
    scalp_covered: float = 0.0  # the scalp hair under a covering painted an even tone (scalp_hair.py; stated only)
    eyeliner_shade: float = 0.0  # the eyeliner's colour: parser eyeliner COLORS at i / 8, 0 black (versions <= 17's only)
    eyeliner_low: float = 0.35  # the lower lash line's liner against the upper's: 0.35 versions <= 17's, 1 heavy
    cheek_soft: float = 1.0  # the skin's own cheek colour diffuse, not a round spot (a way of drawing; 0 before)
    beard_strokes: float = 1.0  # beard strands dense and irregular, not a regular comb of repeats (a way of drawing)
    sideburn_taper: float = 1.0  # the beard's sideburn narrows up to the hairline, not a vertical edge (a way of drawing)
    scar_left_cheek: float = 0.0  # a stated scar at each place, the person's own side (scars.py; stated only)
    scar_right_cheek: float = 0.0
    scar_forehead: float = 0.0
    scar_left_brow: float = 0.0
    scar_right_brow: float = 0.0
    temple_grey: float = 0.0  # the share of grey hairs at the temples and sideburns where above hair_grey (stated only)
    scar_lip: float = 0.0
    scar_chin: float = 0.0
    nude_depth: float = 0.0  # a nude lipstick's depth, by the skin: 0 the fair skin's nude, 1 a deep brown-rose
    scar_tone: float = 0.0  # the scars' tone: 0 pale (hypopigmented), 1 dark (hyperpigmented); scars.tone_from

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def to_dict(self) -> dict:
        return {"version": PARAMS_VERSION, **{k: float(v) for k, v in asdict(self).items()}}

    @classmethod
    def from_dict(cls, data: Mapping) -> "TextureParams":
        """Strict inverse of to_dict: unknown keys, missing keys, non-numbers or values outside 0..1
        raise TextureParamsError."""
        if not isinstance(data, Mapping):
            raise TextureParamsError(f"texture params must be a JSON object, got {type(data).__name__}")
        data = dict(data)
        version = data.pop("version", PARAMS_VERSION)
        if isinstance(version, bool) or version not in range(1, PARAMS_VERSION + 1):
            raise TextureParamsError(f"texture params version {version!r} is not supported "
                                     f"(expected 1 to {PARAMS_VERSION})")
        for name, (since, then) in _ADDED.items():  # an older head renders as it was drawn then
            if version >= since:
                continue
            if name in data:
                raise TextureParamsError(f"texture params version {version} have no {name}")
            if isinstance(then, str):
                if then in data:
                    data[name] = data[then]
            else:
                data[name] = then
        names = cls.names()
        unknown = sorted(set(data) - set(names))
        missing = [n for n in names if n not in data]
        if unknown or missing:
            raise TextureParamsError(f"texture params: unknown {unknown}, missing {missing}")
        values = {}
        for n in names:
            v = data[n]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v) or not 0.0 <= v <= 1.0:
                raise TextureParamsError(f"texture param {n} must be a number in 0..1, got {v!r}")
            values[n] = float(v)
        return cls(**values)

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, n) for n in self.names()], np.float32)

    def tensors(self, requires_grad: bool = False) -> dict:
        """dict name -> 0-d float32 tensor (what `albedo` and the CLIP stage take)."""
        import torch

        return {n: torch.tensor(float(getattr(self, n)), requires_grad=requires_grad) for n in self.names()}

    @classmethod
    def from_tensors(cls, tensors: Mapping) -> "TextureParams":
        return cls(**{n: float(np.clip(float(tensors[n]), 0.0, 1.0)) for n in cls.names()})


def _pick(rng: np.random.Generator, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _tone_pigments(t: float) -> tuple[float, float, float]:
    """Continuous tone coordinate t (0 = very-fair ... 5 = dark) -> pigments, interpolating SKIN_TONES."""
    anchors = np.array(list(SKIN_TONES.values()))
    k = np.arange(len(anchors))
    return tuple(float(np.interp(t, k, anchors[:, j])) for j in range(3))


# Unstated hair and eye colours given a stated ancestry (relative likelihoods; unlisted colours 1):
# outside European ancestry, blond or red hair and light eyes are rare whatever the skin tone drawn.
_DARK_HAIR = {"black": 3.0, "blond": 0.02, "red": 0.02}
_MOSTLY_DARK_HAIR = {"black": 2.0, "blond": 0.2, "red": 0.2}
_DARK_EYES = {"hazel": 0.3, "green": 0.03, "blue": 0.03, "gray": 0.03}
_MOSTLY_DARK_EYES = {"green": 0.4, "blue": 0.3, "gray": 0.3}
HAIR_GIVEN = {"black": _DARK_HAIR, "east-asian": _DARK_HAIR, "south-asian": _DARK_HAIR,
              "hispanic": _MOSTLY_DARK_HAIR, "middle-eastern": _MOSTLY_DARK_HAIR}
EYES_GIVEN = {"black": _DARK_EYES, "east-asian": _DARK_EYES, "south-asian": dict(_DARK_EYES, hazel=0.5),
              "hispanic": _MOSTLY_DARK_EYES, "middle-eastern": _MOSTLY_DARK_EYES}


def _given(weights: Mapping[str, float], factors: Mapping[str, float] | None) -> dict[str, float]:
    """Population weights times the likelihoods of a stated trait (none: as they are)."""
    return {k: w * (factors or {}).get(k, 1.0) for k, w in weights.items()}


def _draw_tone(rng: np.random.Generator, concrete: Mapping[str, str],
               out: frozenset[str] = frozenset()) -> tuple[float, float, float]:
    """Pigments of a stated tone (a small spread that stays inside it) or of a population draw (given
    the stated traits of TONE_GIVEN; `out`: denied tones, never drawn, nor the half-gap toward them)."""
    names = list(SKIN_TONES)
    top = len(names) - 1
    stated = concrete.get("skin_tone")
    if stated is not None:
        t = names.index(stated) + 0.3 * float(np.tanh(rng.normal(0.0, 0.6)))
    else:
        share = dict(TONE_SHARE)
        for trait in concrete.items():
            if trait in TONE_GIVEN:
                share = _given(share, dict(zip(names, TONE_GIVEN[trait])))
        low, high = TONE_RANGE_GIVEN.get(concrete.get("ancestry"), (-1.0, top + 1.0))
        inside = {n: w * float(i + 0.5 > low and i - 0.5 < high) for i, (n, w) in enumerate(share.items())}
        k = names.index(_pick(rng, _allowed(inside if sum(inside.values()) > 0 else share, out)))
        lo = 0.0 if k > 0 and names[k - 1] in out else -0.5
        hi = 0.0 if k < top and names[k + 1] in out else 0.5
        lo, hi = max(lo, min(low - k, hi)), min(hi, max(high - k, lo))  # cut at the ancestry's range
        t = k + float(rng.uniform(lo, hi))
    t = float(top - abs(top - abs(t)))  # reflect at the ends: no pile-up at the extremes
    return _tone_pigments(t)


def _spread(value: float, scale: float, rng: np.random.Generator) -> float:
    """Seeded jitter in logit space: stays strictly inside 0..1 (never clipped onto an end)."""
    v = float(np.clip(value, 1e-4, 1 - 1e-4))
    return float(1.0 / (1.0 + np.exp(-(np.log(v / (1 - v)) + rng.normal(0.0, scale)))))


def checked_denials(denied: Mapping | None) -> dict[str, frozenset[str]]:
    """attribute -> denied values (the parser's `denied`), checked against the schema (SchemaError)."""
    out = {}
    for attr, values in (denied or {}).items():
        if attr not in BY_NAME:
            raise SchemaError(f"unknown attribute {attr!r} in denied values")
        if isinstance(values, str) or not all(v in BY_NAME[attr].values for v in values):
            raise SchemaError(f"denied {attr} must be a list of its values {BY_NAME[attr].values}, got {values!r}")
        if values:
            out[attr] = frozenset(values)
    return out


def _allowed(weights: Mapping[str, float], out: frozenset[str]) -> dict[str, float]:
    """Pick weights with the denied values given no chance (every value denied, or none left with a chance: the
    values not denied, evenly)."""
    if not out:
        return dict(weights)
    kept = {k: (0.0 if k in out else w) for k, w in weights.items()}
    if sum(kept.values()) > 0:
        return kept
    return {k: (0.0 if k in out else 1.0) for k in weights} if len(out) < len(weights) else dict(weights)


def params_from_code(concrete: Mapping[str, str], seed: int = 0, denied: Mapping | None = None,
                     facial: Mapping | None = None, wrinkles: str | None = None,
                     freckle_amount: str | None = None, cut: str | None = None,
                     age_years: int | None = None, skin_flush: str | None = None,
                     looks: Mapping | None = None, scar: Mapping | None = None) -> TextureParams:
    """Texture attributes (+ gender, age) -> TextureParams.  Unstated attributes are drawn from the seed; `denied`
    (attribute -> values, the parser's ParseResult.denied) are never drawn where another value is left; `facial`
    (the parser's ParseResult.facial_hair: beard_length, mustache, brow_color) sets version 11's beard length,
    mustache shape and brow pigments where stated (without it the draw is exactly as before); `wrinkles`: "deep"
    where the prompt states wrinkles (wrinkle_words.stated_wrinkles), deepening the age lines (WRINKLES_STATED);
    `freckle_amount`: the parser's "light" or "heavy" (ParseResult.freckle_amount), version 13's freckle density;
    `cut`: the parser's hair["cut"] (backend/parser/hair_cuts.py), version 14's shaved sides or cornrows (CUT_SCALP;
    any other cut paints the normal crop).  Neither draws from the seed: every other field stays as it was.
    `age_years`: the parser's ParseResult.age_years ("a woman in her thirties": 35), the texture's age from the years
    (years_to_age) in place of the age class's level; the seeded draws stay those of the stated class (None: exactly
    as before), so only what follows from the age (its skin and lines, greying, stubble and scalp chances) changes.
    `skin_flush`: the parser's "flushed" or "sunburnt" (ParseResult.skin_flush), version 16's flush or sunburn
    (SKIN_FLUSH; no draw: None leaves every field as it was).  `looks`: look_words.stated_looks of the prompt, version
    17's shades of what the code states (LOOKS; no draw: without it a code draws as before, a stated lipstick's
    amount aside).  `scar`: the parser's ParseResult.scar ({"count", "places"}), version 19's scars (scars.py; a side
    not said and scars without a place are drawn from their own seeded stream, so every other field stays as it was)."""
    looks = _checked_looks(looks)
    try:
        scars = scar_places(scar, seed)
    except ValueError as e:
        raise TextureParamsError(str(e)) from None
    if skin_flush not in (None, *SKIN_FLUSH):
        raise TextureParamsError(f"skin_flush must be one of {sorted(SKIN_FLUSH)} or unstated, got {skin_flush!r}")
    if age_years is not None and (isinstance(age_years, bool) or not isinstance(age_years, (int, np.integer))
                                  or not 0 <= age_years <= MAX_YEARS):
        raise TextureParamsError(f"age_years must be a whole number of years 0..{MAX_YEARS} or unstated, "
                                 f"got {age_years!r}")
    if freckle_amount not in (None, *FRECKLE_DENSITY):
        raise TextureParamsError(f"freckle_amount must be one of {sorted(FRECKLE_DENSITY)} or unstated, "
                                 f"got {freckle_amount!r}")
    params, picked = _draw(concrete, seed, denied, facial, wrinkles, age_years, amounts_of(looks))
    if concrete.get("makeup") is None and picked["makeup"] == "light":  # version 19: an everyday make-up (no draw)
        params = _everyday_makeup(params, concrete)
    if cut in CUT_SCALP:
        params = replace(params, **dict(zip(("side_shave", "shave_shape", "cornrows"), CUT_SCALP[cut])))
    if skin_flush is not None:
        params = replace(params, **SKIN_FLUSH[skin_flush])
    if freckle_amount is not None and concrete.get("freckles") == "some":  # no draw: every other field stays
        params = replace(params, freckle_density=FRECKLE_DENSITY[freckle_amount])
    params = with_partial_grey(_with_looks(params, concrete, looks), concrete, looks, seed, BROW_GREY_LAG,
                               BEARD_GREY_LAG, "gray" in checked_denials(denied).get("hair_color", ()))  # version 19
    if scars:  # the scars' tone by the skin's melanin, or as said (its own stream; none without a scar)
        scars["scar_tone"] = scar_tone(params.melanin, seed, looks.get("scar"))
    return replace(params, **scars)


# The prompt's words for what the code reads as one value (look_words.py): look -> its values.
LOOKS = {"lipstick": ("dark", "nude"), "hair": ("silver", "white"), "freckles": ("all_over",), "covered": ("yes",),
         "eyeliner": ("none", "light", "heavy"),  # version 18: the parser's eyeliner (look_words.stated_looks)
         "eyeliner_color": ("black", "brown", "gray", "blue", "green", "purple", "white", "gold", "silver"),
         "grey_scalp": AMOUNTS, "grey_beard": AMOUNTS,  # version 19: the parser's hair_grey (partial_grey.looks_of)
         "scar": ("pale", "dark")}  # version 19: "a pale scar", "a dark scar" (look_words; only with a stated scar)
# A stated eyeliner (params version 18, no draw): (eyeliner at least, eyeliner_low).  A crisp line along the upper lash
# line, light at 0.65 (unstated light make-up's 0.35 read as a smudge), heavy fully dark and along the lower lash line
# too.  "no eyeliner": none, whatever the make-up amount.
EYELINER_AMOUNTS = {"none": (0.0, 0.35), "light": (0.65, 0.35), "heavy": (1.0, 1.0)}


def _everyday_makeup(p: TextureParams, concrete: Mapping[str, str]) -> TextureParams:
    """Unstated light make-up as EVERYDAY_MAKEUP (a stated lip colour keeps its own lipstick)."""
    shadow, liner, blush, lipstick, shade = EVERYDAY_MAKEUP
    lips = {} if concrete.get("lip_color") else {
        "lipstick": lipstick, "lipstick_shade": shade,
        "nude_depth": float(np.clip((p.melanin - NUDE_DEPTH[0]) / (NUDE_DEPTH[1] - NUDE_DEPTH[0]), 0.0, 1.0))}
    return replace(p, eyeshadow=shadow, eyeliner=liner, blush=blush, **lips)


def _checked_looks(looks: Mapping | None) -> dict[str, str]:
    out = dict(looks or {})
    for k, v in out.items():
        if k not in LOOKS or v not in LOOKS[k]:
            raise TextureParamsError(f"looks must map {', '.join(f'{n} to one of {vs}' for n, vs in LOOKS.items())}; "
                                     f"got {k!r}: {v!r}")
    return out


def _with_looks(p: TextureParams, concrete: Mapping[str, str], looks: Mapping[str, str]) -> TextureParams:
    """Params version 17's shades, each only where the code states the same thing (no draw)."""
    p = replace(p, freckle_sun=FRECKLE_SUN[looks.get("freckles") if concrete.get("freckles") == "some" else None])
    if "eyeliner" in looks:
        least, low = EYELINER_AMOUNTS[looks["eyeliner"]]
        colour = looks.get("eyeliner_color", "black")
        p = replace(p, eyeliner=0.0 if least == 0.0 else max(p.eyeliner, least), eyeliner_low=low,
                    eyeliner_shade=LOOKS["eyeliner_color"].index(colour) / (len(LOOKS["eyeliner_color"]) - 1))
    if looks.get("covered"):  # a turban, hijab or hat (the parser's hair["covered"]): the hair under it even
        p = replace(p, scalp_covered=1.0)
    lip = concrete.get("lip_color")
    shade = ("dark" if looks.get("lipstick") == "dark" else "red") if lip == "red" else \
        "nude" if lip == "natural" and looks.get("lipstick") == "nude" else None
    if shade is not None:
        value, amount, cover = LIPSTICK_SHADES[shade]
        p = replace(p, lipstick_shade=value, lipstick=max(p.lipstick, amount), lipstick_cover=cover)
        if shade == "nude":  # version 19: a nude of the skin's own depth (no lighter than its bare lips)
            lo, hi = NUDE_DEPTH
            p = replace(p, nude_depth=float(np.clip((p.melanin - lo) / (hi - lo), 0.0, 1.0)))
    if concrete.get("hair_color") == "gray" and looks.get("hair") in GREY_SHADES:
        least, silver = GREY_SHADES[looks["hair"]]
        grey = max(p.hair_grey, least)
        p = replace(p, hair_grey=grey, hair_silver=silver, brow_grey=max(p.brow_grey, grey ** BROW_GREY_LAG))
    return p


def _draw(concrete: Mapping[str, str], seed: int = 0, denied: Mapping | None = None,
          facial: Mapping | None = None, wrinkles: str | None = None,
          age_years: int | None = None, grey: Mapping | None = None) -> tuple[TextureParams, dict]:
    """-> (params, the value drawn or stated for each picked attribute: hair_color, beard_color, eye_color,
    skin_tone (the nearest tone), scalp_hair, beard)."""
    check(concrete)
    no = checked_denials(denied)
    none = frozenset()
    rng = np.random.default_rng([int(seed), 5])  # 5: the texture stage's stream
    jit = lambda scale: float(rng.normal(0.0, scale))  # noqa: E731 - one-line helper
    gender = concrete.get("gender")
    age = AGES.get(concrete.get("age"), None)
    age = float(np.clip((age if age is not None else rng.uniform(0.1, 0.6)) + jit(0.04), 0, 1))
    if age_years is not None:  # the years said: the class's draws above were made all the same (the stream stays)
        age = years_to_age(age_years)
    elif concrete.get("age") is None and (years := implied_years(concrete, denied, seed, grey)) is not None:
        age = years_to_age(years)  # stated grey hair or beard, no age: an older person (beard_age.py; own stream)

    mel, hb, car = _draw_tone(rng, concrete, no.get("skin_tone", none))
    hb = _spread(hb * (0.92 if gender == "female" else 1.0), 0.1, rng)

    ancestry = concrete.get("ancestry")
    hair_weights = _given(_given(
        {"black": 0.3, "brown": 0.4, "blond": 0.15, "red": 0.05, "gray": 0.8 * max(age - 0.35, 0.0)},  # greying ~35
        HAIR_GIVEN.get(ancestry)), HAIR_GIVEN_BEARD.get(concrete.get("beard_color")))
    if "gray" in no.get("beard_color", none) and concrete.get("beard_color") is None:
        hair_weights["gray"] *= GREY_GIVEN_PIGMENTED_BEARD  # a pigmented beard: a grey scalp is rarer
    hair = concrete.get("hair_color") or _pick(rng, _allowed(hair_weights, no.get("hair_color", none)))
    eu, ph, grey = HAIR[hair]
    if hair == "brown":  # brown hair of darker-skinned people is a dark brown (more eumelanin), not lighter than the skin
        eu += BROWN_DARKER_WITH_SKIN * float(np.clip((mel - 0.3) / 0.64, 0.0, 1.0))
    if hair != "gray" and concrete.get("hair_color") is None and mel > 0.3:
        eu = max(eu, 0.75)  # darker skin, hair unstated: dark hair is far more likely
    if hair == "gray":  # the older, the fewer pigmented hairs remain (white hair: ~10 %)
        grey = float(np.clip(grey + 0.4 * (age - 0.45), 0.5, 0.92))
        if concrete.get("hair_color") is None:  # drawn, not said: as grey as the age makes likely (DRAWN_GREY)
            grey = _drawn_grey(age, grey, seed)
    if concrete.get("hair_color") is None and "gray" not in no.get("hair_color", none):
        grey = max(grey, _age_grey(age))  # a stated colour ("an old man with black hair") is kept as asked, no grey

    eyes = concrete.get("eye_color") or _pick(rng, _allowed(_given(eye_prior(mel), EYES_GIVEN.get(ancestry)),
                                                            no.get("eye_color", none)))
    i_mel, i_lip, i_grey, i_ring = EYES[eyes]

    brows = BROWS.get(concrete.get("eyebrow_density"), 0.5 if gender == "female" else 0.65)
    brows = float(np.clip(brows + jit(0.04) - 0.1 * max(age - 0.6, 0), 0, 1))

    beard = concrete.get("beard")
    if beard is None:
        # Beard growth starts in puberty and fills in over the late teens and twenties; "young" covers
        # boys and teenagers too, so a stubble shadow is drawn rarely at young ages, 40 % from ~30 on.
        p_stubble = 0.4 * float(np.clip((age - 0.15) / 0.15, 0.0, 1.0))
        out = no.get("beard", none)
        beard = (_pick(rng, _allowed({"none": 1.0 - p_stubble, "stubble": p_stubble}, out)) if gender == "male"
                 else "stubble" if "none" in out and "stubble" not in out else "none")
    stubble, mustache, goatee, full = BEARDS[beard]
    if concrete.get("beard") is None and beard == "stubble":
        stubble *= 0.5  # an unstated beard is at most a light shadow

    makeup = concrete.get("makeup")
    if makeup is None:
        makeup = _pick(rng, {"none": 0.6, "light": 0.4}) if gender == "female" else "none"
    shadow, liner, blush, lipstick = MAKEUP[makeup]
    lip = LIPS.get(concrete.get("lip_color"), 0.45)
    # Natural lips differ from the skin around them by about a* +10..13 and L* -10 on fair skin
    # (lip-skin contrast measurements, e.g. Porcheron et al. 2013); the contrast is larger in women
    # than in men (Russell 2009) and falls with age (Porcheron 2013).  The full fitted lip colour
    # (lip_contrast 1) was twice that: a* +22, L* -21, lipstick-red on every man.
    lip_contrast = {"female": 0.62, "male": 0.5}.get(gender, 0.56) * (1.0 - 0.3 * max(age - 0.1, 0.0))
    if concrete.get("lip_color") == "red":
        lipstick = max(lipstick, 0.5)
    freckles = {"none": 0.0, "some": 0.8}.get(concrete.get("freckles"), 0.0)

    clip = lambda v: float(np.clip(v, 0.0, 1.0))  # noqa: E731
    picked: dict = {}  # the scalp's value, stated or drawn
    drawn = TextureParams(
        melanin=clip(mel), haemoglobin=clip(hb), carotene=clip(car), age=age, lip_tint=clip(lip + jit(0.03)),
        brow_density=brows, hair_eumelanin=(eu := _spread(eu, 0.25, rng)), hair_pheomelanin=clip(ph + jit(0.02)),
        hair_grey=clip(grey), brow_grey=clip(clip(grey) ** BROW_GREY_LAG), stubble=stubble, mustache=mustache,
        goatee=goatee, beard=full, eyeshadow=shadow,
        eyeliner=liner, blush=blush, lipstick=lipstick, freckles=freckles, iris_melanin=clip(i_mel + jit(0.03)),
        iris_lipochrome=clip(i_lip + jit(0.03)), iris_grey=i_grey, iris_ring=i_ring,
        teeth_yellow=clip(0.15 + 0.4 * age + jit(0.05)),
        lip_contrast=clip(lip_contrast + jit(0.03)),  # drawn last: the earlier draws stay as they were
        brow_eumelanin=clip(eu + BROW_DARKER * (1.0 - eu) ** 2),
        # Sun spots (solar lentigines) appear from about 40 and most fair-skinned people over 60 have
        # some; they are rarer in darker skin.  The old age-spot field (small dark speckles, read as
        # dirt or scratches at full weight) stays as a faint mottle.
        lentigines=clip((age - 0.35) / 0.5) * (1.0 - 0.7 * clip(mel)), speckle=0.25,
        # Blush and eye shadow as worn: a sheer tinted film more than an opaque powder (a pink powder
        # laid opaquely on deep skin reads as a light chalky patch, +4 L* on dark cheeks).
        makeup_cover=MAKEUP_COVER,
        under_eye=_under_eye(concrete.get("under_eyes"), age, mel, rng),  # drawn after the others: they stay
        **_scalp(concrete.get("scalp_hair"), gender, age, rng, concrete.get("hair_color"), no.get("scalp_hair", none),
                 picked),
    )
    # its draws last: codes without beard_color keep theirs
    drawn, beard_colour = _with_beard_colour(drawn, concrete, hair, rng, no)
    drawn = _shapes(drawn, concrete, seed, makeup, beard, facial or {}, hair)
    drawn = _ageing(drawn, seed, wrinkles)
    tone = min(SKIN_TONES, key=lambda t: abs(SKIN_TONES[t][0] - drawn.melanin))
    return drawn, {"hair_color": hair, "beard_color": beard_colour, "eye_color": eyes, "skin_tone": tone,
                   "scalp_hair": picked["value"], "beard": beard, "makeup": makeup}


def _with_beard_colour(p: TextureParams, concrete: Mapping[str, str], hair: str, rng: np.random.Generator,
                       no: Mapping[str, frozenset] = {}) -> tuple[TextureParams, str]:
    """The beard's pigments (params version 9), and the scalp's grey given a stated grey beard.  `hair` is the
    scalp's colour name, stated or drawn; `no`: the denied values.  -> (params, the beard's colour name)."""
    stated = concrete.get("beard_color")
    out = no.get("beard_color", frozenset())
    if stated is None and hair in out - {"gray"}:
        # the scalp's colour is denied to the beard ("red hair, but no red beard"): another colour, drawn last
        stated = _pick(rng, _allowed({"black": 0.3, "brown": 0.4, "blond": 0.15, "red": 0.05},
                                     out | {"gray"}))
    if stated is None:  # the scalp's pigments, greying earlier (a denied grey beard: not greying)
        grey = 0.0 if "gray" in out else float(p.hair_grey ** BEARD_GREY_LAG)
        return replace(p, beard_eumelanin=p.hair_eumelanin, beard_pheomelanin=p.hair_pheomelanin,
                       beard_grey=grey), "gray" if grey > 0.5 else hair if hair != "gray" else "black"  # (dark: 0.7)
    eu, ph, grey = HAIR[stated]
    if stated == "gray":  # salt and pepper of the person's own shade: the scalp's pigment
        eu, ph, grey = p.hair_eumelanin, p.hair_pheomelanin, float(np.clip(grey + 0.4 * (p.age - 0.45), 0.5, 0.92))
    elif stated == hair:  # one colour named (or drawn to go with it): one shade
        eu, ph = p.hair_eumelanin, p.hair_pheomelanin
    else:
        eu, ph = _spread(eu, 0.25, rng), float(np.clip(ph + rng.normal(0.0, 0.02), 0.0, 1.0))
    beard = {"beard_eumelanin": eu, "beard_pheomelanin": ph, "beard_grey": grey}
    if stated == "gray" and concrete.get("hair_color") is None:  # the scalp greys later than the beard
        lo, hi, cut = SCALP_CATCH_UP
        k = float(rng.uniform(*SCALP_GREY_GIVEN_BEARD)) * (1.0 - cut * float(np.clip((p.age - lo) / (hi - lo), 0, 1)))
        young, end, gain = SCALP_YOUNG_LAG
        k *= 1.0 + gain * float(np.clip((end - p.age) / (end - young), 0, 1))
        hair_grey = max(grey ** k, _age_grey(p.age))
        if "gray" in no.get("hair_color", frozenset()):  # "a grey beard but no grey hair": the scalp stays pigmented
            hair_grey = 0.0
        beard.update(hair_grey=hair_grey, brow_grey=hair_grey ** BROW_GREY_LAG)
    return replace(p, **beard), stated


def _shapes(p: TextureParams, concrete: Mapping[str, str], seed: int, makeup: str, beard: str,
            facial: Mapping = {}, hair: str | None = None) -> TextureParams:
    """The fields of params version 11: the brows' pheomelanin, band height and way of drawing, the mustache's shape,
    the beard's length and the eye shadow's spread.  A stream of their own: every earlier draw stays as it was.
    `facial` (the parser's facial_hair): a stated beard length or mustache shape, and a brow colour other than the
    scalp's (`hair`, stated or drawn), replace their unstated values; the seeded draws stay in the same order."""
    rng = np.random.default_rng([int(seed), 6])
    eu, ph = p.hair_eumelanin, p.hair_pheomelanin
    gender = concrete.get("gender")
    stated = concrete.get("eyebrow_density")
    height = BROW_HEIGHTS[stated] if stated else BROW_HEIGHT_UNSTATED.get(gender, 0.5)
    said = facial.get("beard_length")
    length = (_spread(BEARD_LENGTHS[said] if said in BEARD_LENGTHS else BEARD_LENGTH[0] + BEARD_LENGTH[1] * p.age,
                      0.2 if said in BEARD_LENGTHS else 0.3, rng) if beard == "full" else 0.0)
    if beard == "goatee" and said in BEARD_LENGTHS:  # (the beard mesh's; painted as before, no draw: others stay)
        length = BEARD_LENGTHS[said]
    brows = {}
    colour = facial.get("brow_color")
    if colour in HAIR and colour != hair:  # the brows' own colour ("blond hair and dark eyebrows")
        b_eu, b_ph, b_grey = HAIR[colour]
        if colour == "gray":  # grey brows keep the person's own shade among the white hairs
            b_eu, b_ph, b_grey = eu, ph, float(np.clip(b_grey + 0.4 * (p.age - 0.45), 0.5, 0.92))
        brows = {"brow_eumelanin": float(np.clip(b_eu + BROW_DARKER * (1.0 - b_eu) ** 2, 0.0, 1.0)),
                 "brow_grey": b_grey}
        eu, ph = b_eu, b_ph
    return replace(p, brow_pheomelanin=float(np.clip(ph * (1.0 + BROW_WARMER * (1.0 - eu) ** 2), 0.0, 1.0)),
                   brow_fill=1.0, brow_height=_spread(height, 0.2, rng),
                   mustache_shape=MUSTACHE_SHAPES.get(facial.get("mustache"), 0.5), beard_length=length,
                   shadow_spread=SHADOW_SPREAD[makeup], **brows)


def _ageing(p: TextureParams, seed: int, wrinkles: str | None = None) -> TextureParams:
    """The fields of params version 12: age's skin colour, the thin hair's and brows' drawing (on), and the age lines'
    depth.  A stream of its own: every earlier draw stays as it was."""
    if wrinkles not in (None, "deep"):
        raise TextureParamsError(f"wrinkles must be 'deep' or unstated, got {wrinkles!r}")
    rng = np.random.default_rng([int(seed), 7])
    depth = float(np.clip((p.age - WRINKLE_AGES[0]) / (WRINKLE_AGES[1] - WRINKLE_AGES[0]), 0.0, 1.0)) ** 1.2
    if wrinkles == "deep":  # "deeply wrinkled", "a lined face": deep lines at any age past youth
        depth = max(depth, WRINKLES_STATED * float(np.clip((p.age - 0.2) / 0.2, 0.0, 1.0)))
    depth = _spread(depth, 0.3, rng) if depth > 0.0 else 0.0  # (young skin: none at all)
    return replace(p, age_skin=1.0, wrinkle_depth=depth, sparse_hair=1.0, brow_strokes=1.0)


def years_to_age(years: int) -> float:
    """Age in years -> the texture's age: years / 100, the scale every age threshold here and in age_skin.py is
    written in (version 15's first lines from 30 = 0.3, full at 45 = 0.45; wrinkles from 35, deep at 85), clipped to 1."""
    return float(np.clip(years / 100.0, 0.0, 1.0))


def _drawn_grey(age: float, full: float, seed: int) -> float:
    """The grey share of scalp hair drawn grey (not said) at an age: in DRAWN_GREY's range, from a stream of its own
    (every other draw stays), never above `full` (the said grey's share at that age, all drawn grey had before)."""
    ages, lo, hi = DRAWN_GREY
    if age >= ages[-1]:
        return full
    u = float(np.random.default_rng([int(seed) & 0xFFFFFFFF, DRAWN_GREY_SALT]).random())
    low, high = float(np.interp(age, ages, lo)), float(np.interp(age, ages, hi))
    return min(full, low + (high - low) * u)


def _age_grey(age: float) -> float:
    """The least grey fraction of unstated scalp hair at an age (none before ~55, a third at 80)."""
    return float(np.clip((age - 0.55) * 1.2, 0, 0.5))


def _under_eye(stated: str | None, age: float, mel: float, rng: np.random.Generator) -> float:
    if stated == "none":
        return 0.0
    if stated is not None:
        return _spread(UNDER_EYES[stated], 0.3, rng)
    return _spread(0.1 + 0.3 * age + 0.1 * min(mel, 1.0), 0.5, rng)


def scalp_prior(gender: str | None, age: float) -> dict[str, float]:
    """Chances of each scalp_hair value when the prompt states none.  Male-pattern loss starts in the late
    teens and twenties and rises with age (Norwood/Hamilton surveys: about half of men at 50 show some, most
    by 70); women's hair nearly always stays full (female-pattern thinning is diffuse); shaved heads are a
    choice some men make at any adult age.  An unstated gender mixes the two."""
    ramp = lambda lo, hi: float(np.clip((age - lo) / (hi - lo), 0.0, 1.0))  # noqa: E731
    male = {"receding": 0.28 * ramp(0.15, 0.55), "balding": 0.4 * ramp(0.3, 0.85), "bald": 0.12 * ramp(0.35, 0.85),
            "shaved": 0.04 * ramp(0.05, 0.25)}
    male["full"] = 1.0 - sum(male.values())
    female = {"full": 0.97, "receding": 0.03}
    if gender in ("male", "female"):
        return {k: v for k, v in (male if gender == "male" else female).items() if v > 0}
    return {k: 0.5 * male.get(k, 0.0) + 0.5 * female.get(k, 0.0) for k in SCALP if male.get(k) or female.get(k)}


def _scalp(stated: str | None, gender: str | None, age: float, rng: np.random.Generator,
           colour: str | None = None, out: frozenset[str] = frozenset(), picked: dict | None = None) -> dict[str, float]:
    """`out`: denied values, never drawn unstated; `picked` gets the value ("value")."""
    prior = scalp_prior(gender, age)
    if colour is not None:  # the hair's colour stated: hair is what the user expects to see
        prior = _given(prior, SCALP_GIVEN_GREY if colour == "gray" else SCALP_GIVEN_COLOUR)
    if out and stated is None and set(SCALP) - out - set(prior):  # values the prior gives no chance may be all left
        prior = {**{k: 0.0 for k in SCALP}, **prior}
    value = stated or _pick(rng, _allowed(prior, out))
    if picked is not None:
        picked["value"] = value
    density, length, recession, crown = SCALP[value]
    if recession is None:  # shaved: the hairline under the stubble, as drawn for this gender and age (one draw, as
        under = scalp_prior(gender, age)  # before: balding's share goes to full, so the crown keeps its stubble)
        under = {"full": under.get("full", 0.0) + under.get("balding", 0.0), "receding": under.get("receding", 0.0)}
        _, _, recession, crown = SCALP[_pick(rng, under)]
    if value == "full":  # a man's mature hairline: the temples a centimetre back from the juvenile one
        recession += 0.1 * {"male": 1.0, "female": 0.0}.get(gender, 0.5) * float(np.clip((age - 0.1) / 0.3, 0, 1))
    if value == "receding":  # from temples a little back to the full M (Norwood 2-3)
        recession = float(rng.uniform(*(RECEDING if colour is None or stated else RECEDING_GIVEN_COLOUR)))
    if value == "balding":  # from Norwood 3 vertex to the horseshoe: the further back, the thinner the crown
        recession = float(rng.uniform(0.6, 0.97))
        crown = float(np.clip(crown + 1.2 * (recession - 0.8) + rng.normal(0.0, 0.1), 0.35, 0.97))
    top = 0.0
    if gender == "female":
        if density > 0:  # thinner with age, evenly
            density -= 0.15 * max(age - 0.55, 0.0)
        # Female-pattern loss keeps the frontal hairline (Ludwig): balding thins the top diffusely along a widening
        # centre part, with no horseshoe; receding is a mild temple recession at most.  The male pattern's draws
        # above set how far it has gone (no draws of its own: the seeded fields after it stay as they were).
        if value == "balding":
            top = LUDWIG_THINNING[0] + (LUDWIG_THINNING[1] - LUDWIG_THINNING[0]) * (recession - 0.6) / 0.37
            recession, crown = SCALP["full"][2:]
            density *= 1.0 - LUDWIG_DENSITY * top  # thinner all over too: the part alone shows in no preview view
        elif value == "receding" or (value == "shaved" and recession > 0.2):
            recession = FEMALE_RECEDING[0] + (FEMALE_RECEDING[1] - FEMALE_RECEDING[0]) * min(max(recession - 0.3, 0.0) / 0.2, 1.0)
            crown = SCALP["full"][3]
    spread = lambda v, scale: _spread(v, scale, rng) if v > 0.0 else v  # noqa: E731 (none stays none)
    density = spread(density, 0.3)
    if gender == "female" and value == "balding":  # thin, not bald (THIN_HAIR_FLOOR)
        density = max(density, THIN_HAIR_FLOOR)
    return {"scalp_hair": density, "scalp_length": spread(length, 0.3),
            "hairline_recession": spread(recession, 0.25), "crown_thinning": spread(crown, 0.3), "scalp_sun": SCALP_SUN,
            "top_thinning": top}
