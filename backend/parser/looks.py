"""Word tables for hair on the scalp, eye make-up and signs of age (data only; features.py, lexicon.py and
mood.py use them).  The head mesh has no hair: `scalp_hair` is painted into the albedo."""
from __future__ import annotations

# Modifiers of "hair" (and "haired", "locks") that say how much is on the scalp: stated ("thinning hair").
# "thin hair" is balding too: the scalp shows through, and balding is the drawing with less hair on the crown
# (backend/texture/params.py SCALP: lower density, thinned crown); receding only moves the hairline back.  "fine" is
# the strands' diameter, not their number: it stays a phrase.  Only for the hair: "thin lips", "thin eyebrows" and
# "a thin face" keep their own tables.
HAIR_AMOUNT = {"balding": ("thinning", "balding", "sparse", "patchy", "thin", "thinner", "thinned"),
               "receding": ("receding", "receded"),
               "shaved": ("shaved", "shaven"),
               "full": ("full_head",)}  # "a full head of grey hair"
# Style and length words of "hair": there is hair, so `full` is implied (a stated "receding" or "balding" wins:
# "long hair and a receding hairline", a balding man's ponytail), and the words stay in the phrase for CLIP.
HAIR_STYLE = {"full": ("long", "longer", "short", "shorter", "curly", "wavy", "straight", "messy", "shaggy",
                       "tousled", "unkempt", "untidy", "braided", "plaited", "permed", "spiky", "slicked", "combed",
                       "parted", "frizzy", "kinky", "coily", "voluminous", "flowing", "thick", "thicker", "lush",
                       "luxuriant", "abundant", "bushy", "wild", "windswept", "tangled", "styled", "shoulder_length",
                       "waist_length", "chin_length", "jaw_length", "medium_length", "mid_length",
                       "full", "dense", "big", "fluffy", "bouncy", "silky", "wiry", "cascading", "afro_textured",
                       # a close crop is short hair, which is how the albedo paints full hair anyway; a buzz is stubble
                       "close_cropped", "cropped"),
              "shaved": ("buzzed",)}
# Hairstyle nouns that leave the sides shaved: no one value of the scalp fits, only the phrase.
SIDES_SHAVED = ("mohawk", "undercut")
# Nouns that state the scalp ("a bald spot", "a receding hairline"); "no X" states full.
SCALP_NOUNS = {"bald_spot": "balding", "pattern_baldness": "balding", "baldness": "bald",
               "receding_hairline": "receding", "shaved_head": "shaved", "full_head_of_hair": "full"}
# Hairstyles that imply a value and stay a phrase: a buzz cut is clipped to stubble length (the "shaved" drawing),
# a crew cut keeps the scalp covered; a widow's peak comes with temples set back (the "receding" drawing).
SCALP_STYLES = {"buzzcut": "shaved", "crewcut": "full", "widows_peak": "receding"}
# Words about the head or the person: "a bald man", "his head is shaved", "hairless".
SCALP_WORDS = {"bald": "bald", "balding": "balding", "hairless": "bald"}
HEAD_WORDS = {**SCALP_WORDS, "shaved": "shaved", "shaven": "shaved", "buzzed": "shaved", "thinning": "balding"}
# Person nouns that name a scalp (no gender: "a skinhead" may be a woman).
SCALP_PERSONS = {"skinhead": "shaved", "baldy": "bald", "baldie": "bald"}

# Eye make-up: the texture paints eye shadow and eyeliner under `makeup`, so naming one implies at least light
# make-up, a heavy word heavy; colours ("blue eyeshadow") stay in the phrase, which is always kept.
EYE_MAKEUP = ("eyeshadow", "eyeliner", "mascara", "kohl", "eye_makeup")
EYE_MAKEUP_LIGHT = ("thin", "fine", "subtle", "light", "little", "soft", "minimal", "faint", "delicate")
# Words of makeup's own table that say nothing of eye make-up's amount ("dark eyeliner" is the usual kind).
EYE_MAKEUP_NOT = frozenset({"no", "zero", "dark", "bit", "some", "lots", "much", "plenty", "tons", "touch", "hint",
                            "light_makeup", "heavy_makeup", "barely", "everyday"})

# Signs of age on the face or person: they imply old (a stated age wins) and stay in the phrase for CLIP.
# "weathered" (and weather-beaten) is not here: sun and wind on the skin, at any adult age; it stays a phrase, and the
# texture deepens the face's lines for it (backend/texture/wrinkle_words.py).  Before, "a weathered face" made the head old.
AGE_SIGNS = ("wrinkled", "wizened", "craggy", "lined", "leathery", "creased")
