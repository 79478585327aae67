"""The rule tables: which words name a feature, and what each modifier means for that feature.

Everything here is data.  A feature table maps a modifier word to a tuple of (attribute, value)
pairs; an empty tuple marks a word that is understood but says nothing concrete (e.g. "light" in
"light stubble"), so it is neither a concrete value nor an abstract phrase.  Multi-word
expressions are merged into one token (joined with "_") before lookup.
"""
from __future__ import annotations

from .looks import AGE_SIGNS as _AGE_WORDS, SCALP_PERSONS, SCALP_WORDS
from .demonyms import DEMONYMS, PHRASES as DEMONYM_PHRASES
from .jobs import FEMALE_ROLES, JOBS, MALE_ROLES
from .tone_priors import ANCESTRY_WORDS as TONE_WORDS, PHRASES as TONE_PHRASES
from .slang import PHRASES as SLANG_PHRASES
from .blends import PHRASES as BLEND_PHRASES
from .mood_words import PHRASES as MOOD_PHRASES

# ---------------------------------------------------------------------------------------------
# Spelling: British -> American and other variants, applied per word before anything else.
VARIANTS = {
    "grey": "gray", "greys": "gray", "greying": "graying", "greyish": "grayish", "greyed": "grayed",
    "colour": "color", "colours": "colors", "coloured": "colored", "colouring": "coloring",
    "moustache": "mustache", "moustaches": "mustaches", "moustached": "mustached", "mustachio": "mustache",
    "mustachioed": "mustached", "moustachioed": "mustached", "tache": "mustache", "stache": "mustache",
    "blonde": "blond", "blondes": "blond", "blondish": "blond", "blondie": "blond",
    "ageing": "aging", "aged": "aged", "mum": "mom", "mummy": "mommy", "favourite": "favorite",
    "centre": "center", "greyhaired": "gray_haired", "make-up": "makeup", "facial": "facial",
    "whiskers": "beard", "whiskered": "bearded", "jowly": "jowls", "eyelashes": "lashes",
    "eyelash": "lashes", "lash": "lashes", "spectacles": "glasses", "specs": "glasses",
    "eyeglasses": "glasses", "jawline": "jaw", "jawlines": "jaw", "jaws": "jaw", "complexion": "skin",
    "complexioned": "skinned", "complected": "skinned", "skintone": "skin", "cheekbone": "cheekbones",
    "cheek": "cheeks", "brow": "brows", "eyebrow": "brows", "eyebrows": "brows", "browed": "browed",
    "eyebrowed": "browed",
    "eye": "eyes", "lip": "lips", "noses": "nose", "mouths": "mouth", "chins": "chin", "beards": "beard",
    "mustaches": "mustache", "goatees": "goatee", "freckle": "freckles", "freckly": "freckled",
    "ear": "ears", "dimple": "dimples", "wrinkle": "wrinkles", "wrinkly": "wrinkled",
    "scars": "scar", "moles": "mole", "tattoos": "tattoo",  # not "wrinkled"/"scarred": adjectives keep their noun
    "grinning": "grin", "grins": "grin", "smiles": "smile", "smiled": "smile", "smiley": "smile",
    "frowns": "frown", "frowned": "frown", "scowls": "scowl", "scowled": "scowl", "scowling": "scowl",
    "smirks": "smirk", "smirked": "smirk", "laughs": "laugh", "laughed": "laugh",
    "winks": "wink", "winked": "wink", "squints": "squint", "squinted": "squinting", "pouts": "pout",
    "pouted": "pout", "sneers": "sneer", "sneered": "sneer",
    "gentlemen": "gentleman", "ladies": "lady", "guys": "guy", "boys": "boy", "girls": "girl",
    "grandma": "grandmother", "granny": "grandmother", "grandmom": "grandmother", "nana": "grandmother",
    "gran": "grandmother", "grandpa": "grandfather", "granddad": "grandfather", "grandad": "grandfather",
    "gramps": "grandfather", "granpa": "grandfather", "grampa": "grandfather",
    "mr": "mister", "mrs": "madam", "ms": "madam", "maam": "madam", "miss": "madam",
    # grandparents in the words of other languages, as English prompts name them ("my nonna", "an old abuela")
    "nonna": "grandmother", "abuela": "grandmother", "abuelita": "grandmother", "oma": "grandmother",
    "yiayia": "grandmother", "bubbe": "grandmother", "nonno": "grandfather", "abuelo": "grandfather",
    "abuelito": "grandfather", "opa": "grandfather",
    "sgt": "sergeant", "capt": "captain", "prof": "professor",  # ranks and titles before a name: roles
    "tanned": "tanned", "suntanned": "tanned", "sunkissed": "tanned", "bronzed": "tanned",
    "teenager": "teen", "teenagers": "teen", "teens": "teens", "kids": "kid", "children": "child",
    "elders": "elder", "oldish": "old", "olderly": "elderly", "youngish": "young",
    "beardy": "bearded", "old-timer": "oldtimer", "w": "with", "twentyish": "twenties", "thirtyish": "thirties", "fortyish": "forties",
    "fiftyish": "fifties", "sixtyish": "sixties", "seventyish": "seventies", "eightyish": "eighties",
    "thirtysomething": "thirties", "fortysomething": "forties", "fiftysomething": "fifties",
    "twentysomething": "twenties", "sixtysomething": "sixties",
    "babyfaced": "baby_faced", "babyface": "baby_faced",  # else typo repair makes it "barefaced"
    # casting-sheet abbreviations (too short for typo repair)
    "blk": "black", "brn": "brown", "grn": "green", "gry": "gray", "blnd": "blond", "hzl": "hazel",
    "wht": "white", "blu": "blue",
    "eyeshadows": "eyeshadow", "eyeliners": "eyeliner", "skinheads": "skinhead", "hairlines": "hairline",
    # misspelt degree words that CLIP's dictionary holds as words, so typo repair leaves them alone
    "extremly": "extremely", "extreamly": "extremely", "realy": "really", "verry": "very", "slighty": "slightly",
}

# Multi-word expressions, longest first at each position (words after VARIANTS).
MWE = {
    ("clean", "shaven"): "clean_shaven", ("clean", "shaved"): "clean_shaven",
    ("smooth", "shaven"): "clean_shaven", ("freshly", "shaven"): "clean_shaven",
    ("close", "shaven"): "clean_shaven", ("cleanly", "shaven"): "clean_shaven",
    ("five", "oclock", "shadow"): "stubble", ("five", "o", "clock", "shadow"): "stubble",
    ("5", "o", "clock", "shadow"): "stubble", ("5", "oclock", "shadow"): "stubble",
    ("facial", "hair"): "facial_hair", ("soul", "patch"): "goatee", ("van", "dyke"): "goatee",
    ("mutton", "chops"): "mutton_chops", ("muttonchops",): "mutton_chops", ("mutton", "chop"): "mutton_chops",
    ("muttonchop",): "mutton_chops", ("mutton", "chop", "sideburns"): "mutton_chops",
    ("chin", "beard"): "goatee", ("goatee", "beard"): "goatee",
    ("close", "set"): "close_set", ("closely", "set"): "close_set", ("narrow", "set"): "close_set",
    ("close", "together"): "close_set", ("closely", "spaced"): "close_set", ("close", "spaced"): "close_set",
    ("wide", "set"): "wide_set", ("widely", "set"): "wide_set", ("wide", "apart"): "wide_set",
    ("far", "apart"): "wide_set", ("widely", "spaced"): "wide_set", ("wide", "spaced"): "wide_set",
    ("far", "set"): "wide_set", ("set", "wide", "apart"): "wide_set", ("set", "far", "apart"): "wide_set",
    ("set", "close", "together"): "close_set", ("spaced", "far", "apart"): "wide_set",
    ("far", "from", "each", "other"): "wide_set", ("close", "to", "each", "other"): "close_set",
    ("turned", "up"): "upturned", ("up", "turned"): "upturned", ("turned", "down"): "downturned",
    ("down", "turned"): "downturned", ("upward", "slanting"): "upturned", ("up", "slanted"): "upturned",
    ("upward", "slanted"): "upturned", ("downward", "slanting"): "downturned",
    ("down", "slanted"): "downturned", ("downward", "slanted"): "downturned",
    ("ski", "jump"): "upturned", ("cat", "like"): "upturned",
    ("nose", "bridge"): "bridge", ("nasal", "bridge"): "bridge", ("bridge", "of", "the", "nose"): "bridge",
    ("bridge", "of", "his", "nose"): "bridge", ("bridge", "of", "her", "nose"): "bridge",
    ("heart", "shaped"): "heart", ("diamond", "shaped"): "diamond", ("oval", "shaped"): "oval",
    ("egg", "shaped"): "oval", ("round", "shaped"): "round", ("square", "shaped"): "square",
    ("almond", "shaped"): "almond", ("inverted", "triangle"): "heart",
    ("middle", "aged"): "middle_aged", ("middle", "age"): "middle_aged", ("mid", "aged"): "middle_aged",
    ("middle", "years"): "middle_aged", ("young", "adult"): "young", ("old", "age"): "old",
    ("very", "fair"): "very_fair", ("very", "pale"): "very_fair", ("very", "light"): "very_fair",
    ("extremely", "fair"): "very_fair", ("extremely", "pale"): "very_fair", ("really", "pale"): "very_fair",
    ("super", "pale"): "very_fair", ("snow", "white"): "snow_white", ("milk", "white"): "very_fair",
    ("very", "dark"): "very_dark", ("dark", "brown"): "dark_brown", ("light", "brown"): "light_brown",
    ("medium", "brown"): "medium_brown", ("deep", "brown"): "dark_brown", ("golden", "brown"): "light_brown",
    ("jet", "black"): "black", ("pitch", "black"): "black", ("raven", "black"): "black",
    ("salt", "and", "pepper"): "salt_pepper", ("pepper", "and", "salt"): "salt_pepper",
    ("salt", "&", "pepper"): "salt_pepper", ("salt", "+", "pepper"): "salt_pepper", ("salt", "n", "pepper"): "salt_pepper",
    ("strawberry", "blond"): "blond", ("platinum", "blond"): "blond", ("dirty", "blond"): "blond",
    ("ash", "blond"): "blond", ("golden", "blond"): "blond", ("light", "blond"): "blond",
    ("dark", "blond"): "blond", ("sandy", "blond"): "blond", ("honey", "blond"): "blond",
    ("red", "haired"): "red_haired", ("fire", "red"): "red", ("ginger", "haired"): "red_haired",
    ("ice", "blue"): "blue", ("sky", "blue"): "blue", ("steel", "blue"): "blue", ("baby", "blue"): "blue",
    ("bright", "blue"): "blue", ("pale", "blue"): "blue", ("light", "blue"): "blue", ("dark", "blue"): "blue",
    ("deep", "blue"): "blue", ("emerald", "green"): "green", ("light", "green"): "green",
    ("dark", "green"): "green", ("bright", "green"): "green", ("gray", "green"): "green",
    ("green", "gray"): "gray", ("blue", "gray"): "gray", ("gray", "blue"): "blue",
    ("make", "up"): "makeup", ("made", "up"): "makeup",
    # hair worn up ("auburn hair pinned up": was a phrase "pinned up"): the mesh's updo is the bun (hairstyle.NOUNS)
    ("pinned", "up"): "updo", ("piled", "up"): "updo", ("swept", "up"): "updo",
    ("makeup", "free"): "makeup_free", ("no", "makeup"): "makeup_free",
    ("bare", "faced"): "makeup_free",
    ("full", "face", "of", "makeup"): "heavy_makeup", ("lots", "of", "makeup"): "heavy_makeup",
    ("a", "lot", "of", "makeup"): "heavy_makeup", ("tons", "of", "makeup"): "heavy_makeup",
    ("caked", "on"): "heavy", ("a", "little", "makeup"): "light_makeup", ("a", "bit", "of", "makeup"): "light_makeup",
    ("a", "touch", "of", "makeup"): "light_makeup", ("a", "hint", "of", "makeup"): "light_makeup",
    ("poker", "face"): "neutral_face", ("straight", "faced"): "neutral_face", ("straight", "face"): "neutral_face",
    ("stony", "faced"): "neutral_face", ("stone", "faced"): "neutral_face", ("blank", "stare"): "neutral_face",
    ("furrowed", "brows"): "frown", ("knitted", "brows"): "frown", ("furrowed", "forehead"): "frown",
    # the brows' verb after them ("her brows were knitted together": was a phrase)
    **{("brows", *be, v, *tog): "frown" for v in ("furrowed", "knitted", "knit") for be in ((), ("were",), ("are",),
                                                                                           ("is",), ("was",))
       for tog in ((), ("together",))},
    ("open", "mouthed"): "open_mouthed", ("jaw", "dropped"): "jaw_dropped", ("jaw", "dropping"): "jaw_dropped",
    ("wide", "eyed"): "wide_eyed", ("doe", "eyed"): "big_eyed",
    ("eyes", "closed"): "closed_eyes", ("closed", "eyes"): "closed_eyes", ("eyes", "shut"): "closed_eyes",
    ("shut", "eyes"): "closed_eyes", ("one", "eyes", "closed"): "wink", ("one", "eyes", "shut"): "wink",
    ("one", "closed", "eyes"): "wink", ("laugh", "line"): "laugh_lines", ("wide", "open"): "wide_open", ("grossed", "out"): "grossed_out",
    # a scowl in US slang; "severe-looking" as "stern-looking" (a severe face is a frown, FACE's own table)
    ("mean", "mugging"): "scowl", ("mean", "mugs"): "scowl", ("mean", "mug"): "scowl", ("mean", "mugged"): "scowl",
    ("severe", "looking"): "stern",
    ("baby", "faced"): "baby_faced", ("baby", "face"): "baby_faced", ("horse", "faced"): "long_faced",
    ("moon", "faced"): "round_faced", ("moon", "face"): "round_faced",
    ("double", "chin"): "double_chin", ("red", "headed"): "red_haired", ("redheaded",): "red_haired",
    ("african", "american"): "african_american", ("afro", "american"): "afro_american",
    ("afro", "caribbean"): "afro_caribbean", ("east", "asian"): "east_asian", ("south", "asian"): "south_asian",
    ("sri", "lankan"): "sri_lankan", ("latin", "american"): "latin_american", ("middle", "eastern"): "middle_eastern",
    ("pixie", "cut"): "pixie", ("bowl", "cut"): "haircut", ("man", "bun"): "bun",  # hairstyles, not "a man"
    ("brow", "ridge"): "brow_ridge", ("brows", "ridge"): "brow_ridge",  # bone, not eyebrows
    ("nose", "ring"): "nosering", ("nose", "stud"): "nosering", ("nose", "piercing"): "nosering",
    ("widow", "peak"): "widows_peak", ("widows", "peak"): "widows_peak",  # "widow's" lost its "'s": no person
    ("crows", "feet"): "crows_feet", ("crow", "feet"): "crows_feet", ("laugh", "lines"): "laugh_lines",
    ("years", "old"): "years_old", ("year", "old"): "years_old", ("yrs", "old"): "years_old",
    ("yr", "old"): "years_old", ("y", "o"): "years_old", ("yo",): "years_old", ("years", "of", "age"): "years_old",
    ("y", "/", "o"): "years_old", ("y", ".", "o"): "years_old", ("y", ".", "o", "."): "years_old",
    ("dark", "skinned"): "dark_skinned", ("fair", "skinned"): "fair_skinned", ("light", "skinned"): "fair_skinned",
    ("pale", "skinned"): "fair_skinned", ("olive", "skinned"): "olive_skinned",
    ("brown", "skinned"): "brown_skinned", ("black", "skinned"): "dark_skinned",
    ("thin", "lipped"): "thin_lipped", ("full", "lipped"): "full_lipped", ("thick", "lipped"): "full_lipped",
    ("skin", "tone"): "skin", ("skin", "color"): "skin", ("skin", "colour"): "skin",
    ("hair", "color"): "hair", ("eye", "color"): "eyes", ("eyes", "color"): "eyes",
    ("lip", "color"): "lips", ("lips", "color"): "lips", ("face", "shape"): "face",
    ("shape", "of", "the", "face"): "face", ("shaped", "face"): "face",
    ("not", "at", "all"): "not", ("not", "too"): "not_very", ("not", "very"): "not_very",
    ("not", "that"): "not_very", ("not", "particularly"): "not_very", ("not", "overly"): "not_very",
    ("not", "so"): "not_very", ("not", "especially"): "not_very", ("not", "really"): "not_very",
    ("high", "quality"): "quality", ("high", "resolution"): "quality", ("high", "detail"): "quality",
    ("highly", "detailed"): "quality", ("sharp", "focus"): "quality", ("white", "background"): "quality",
    ("plain", "background"): "quality", ("neutral", "background"): "quality", ("neutral", "lighting"): "quality",
    ("soft", "lighting"): "quality", ("studio", "lighting"): "quality", ("high", "res"): "quality",
    ("playing", "age"): "age",  # casting: the age range an actor can play
    ("senior", "citizen"): "senior_citizen", ("old", "age", "pensioner"): "pensioner",
    ("three", "day", "beard"): "stubble", ("two", "day", "beard"): "stubble", ("few", "days", "beard"): "stubble",
    ("day", "old", "stubble"): "stubble", ("designer", "stubble"): "stubble",
    ("stubble", "beard"): "stubble", ("beard", "stubble"): "stubble",  # one thing, not stubble plus a beard
    ("full", "of"): "of", ("than", "average"): "than", ("than", "usual"): "than", ("than", "normal"): "than",
    ("than", "most"): "than", ("than", "most", "people"): "than",
    ("free", "of"): "without", ("lack", "of"): "without", ("devoid", "of"): "without",
    # phrases that negate: "far from old", "anything but young", "hardly ever smiles"
    ("far", "from"): "not", ("anything", "but"): "not", ("hardly", "ever"): "hardly",
    ("rarely", "ever"): "rarely", ("seldom", "ever"): "seldom", ("barely", "ever"): "barely",
    ("a", "bit"): "slightly", ("kind", "of"): "slightly", ("sort", "of"): "slightly",
    ("a", "little", "bit"): "slightly", ("more", "or", "less"): "slightly",
    ("a", "tad"): "slightly", ("a", "tad", "bit"): "slightly",
}

# Tired faces: "sleep-deprived", "worn out", "heavy-lidded", "half-closed eyes", "bedroom eyes"; marks under
# the eyes ("dark circles under his eyes", "bags beneath her eyes", "under-eye shadows", "eye bags") become
# one noun, and the eyes after it stay a plain noun ("his" still says male).
MWE.update({("sleep", "deprived"): "sleep_deprived", ("worn", "out"): "worn_out", ("burnt", "out"): "burnt_out",
            ("burned", "out"): "burnt_out", ("well", "rested"): "well_rested", ("half", "asleep"): "half_asleep",
            ("tired", "looking"): "tired", ("heavy", "lidded"): "heavy_lidded", ("half", "closed"): "half_closed",
            ("half", "open"): "half_open", ("half", "shut"): "half_closed", ("bedroom", "eyes"): "bedroom_eyes",
            ("dark", "circles"): "dark_circles", ("dark", "rings"): "dark_circles", ("eyes", "bags"): "eye_bags",
            ("eyes", "circles"): "dark_circles"})
for _noun, _token in (("circles", "dark_circles"), ("rings", "dark_circles"), ("bags", "eye_bags"),
                      ("shadows", "eye_shadows"), ("shadow", "eye_shadows")):  # "under-eye shadow" is no eyeshadow
    MWE[("under", "eyes", _noun)] = MWE[("undereye", _noun)] = _token
    for _prep in ("under", "beneath", "below", "around", "underneath"):
        MWE[(_noun, _prep)] = _token

# The scalp (looks.py): "a bald spot", "thin on top", "a receding hair line", "shaven-headed", "his head is shaved",
# "a full head of (grey) hair", "buzz cut"; body hair is no scalp ("no body hair").
MWE.update({("bald", "spot"): "bald_spot", ("bald", "spots"): "bald_spot", ("bald", "patch"): "bald_spot",
            ("bald", "patches"): "bald_spot", ("male", "pattern", "baldness"): "pattern_baldness",
            ("male", "pattern", "balding"): "pattern_baldness", ("pattern", "baldness"): "pattern_baldness",
            ("thin", "on", "top"): "balding", ("bald", "on", "top"): "balding", ("thinning", "on", "top"): "balding", ("going", "bald"): "balding",
            ("receding", "hairline"): "receding_hairline", ("receding", "hair", "line"): "receding_hairline",
            ("hair", "line"): "hairline", ("receding", "hair"): "receding_hairline",
            ("buzz", "cut"): "buzzcut", ("buzz", "cuts"): "buzzcut", ("crew", "cut"): "crewcut",
            ("close", "cropped"): "close_cropped", ("closely", "cropped"): "close_cropped",
            ("a", "black", "eyes"): "black_eye",  # a bruise ("eye" is "eyes" here); "black eyes" are a colour
            ("shoulder", "length"): "shoulder_length", ("afro", "textured"): "afro_textured",
            ("waist", "length"): "waist_length", ("chin", "length"): "chin_length", ("jaw", "length"): "jaw_length",
            ("medium", "length"): "medium_length", ("mid", "length"): "mid_length",
            ("skin", "head"): "skinhead"})
for _how in ("full", "thick", "good", "nice", "healthy", "fine", "great"):
    MWE[(_how, "head", "of", "hair")] = "full_head_of_hair"
    MWE[(_how, "head", "of")] = "full_head"  # "a full head of grey hair": the hair's modifier
for _head in (("shaved", "head"), ("shaven", "head"), ("clean", "shaven", "head"), ("head", "shaved"),
              ("head", "is", "shaved"), ("head", "was", "shaved"), ("head", "is", "shaven"), ("shaved", "bald"),
              ("shaven", "headed"), ("shaved", "headed"), ("head", "shaved", "clean"),
              ("head", "is", "shaved", "clean")):
    MWE[_head] = "shaved_head"  # before "shaved" alone, which is a clean-shaven face
for _part in ("body", "chest", "arm", "arms", "leg", "legs"):  # not "back": "slicked back hair"
    MWE[(_part, "hair")] = "body_hair"
MWE.update({("slicked", "back"): "slicked", ("combed", "back"): "combed", ("swept", "back"): "combed"})
MWE.update({("nose", "hair"): "nose_hair", ("nose", "hairs"): "nose_hair", ("ears", "hair"): "ear_hair"})
# Eye make-up ("eye" is already "eyes" here): "blue eye shadow", "eye liner", "smoky eyes", "kohl-rimmed".
MWE.update({("eyes", "shadow"): "eyeshadow", ("eyes", "liner"): "eyeliner", ("eyes", "makeup"): "eye_makeup",
            ("eyes", "make", "up"): "eye_makeup", ("cat", "eyes", "eyeliner"): "eyeliner",
            ("smoky", "eyes"): "smoky_eyes", ("smokey", "eyes"): "smoky_eyes", ("kohl", "rimmed"): "kohl",
            ("kohl", "lined"): "kohl"})
MWE[("weather", "beaten")] = "weather_beaten"  # a sign of age (AGE_SIGNS)
# The mouth (`mouth`): "mouth open wide", "his mouth hangs open", "lips pressed (tightly) together", "tight-lipped"
# (closed, not thin: "tight" alone is thin lips), "slack-jawed".
MWE.update({("open", "wide"): "wide_open", ("opened", "wide"): "wide_open", ("pressed", "together"): "pressed_together",
            ("tight", "lipped"): "tight_lipped", ("slack", "jawed"): "slack_jawed"})
for _how in ("tightly", "firmly", "tight", "hard"):
    MWE[("pressed", _how, "together")] = "pressed_together"
    MWE[(_how, "closed")] = MWE[(_how, "shut")] = "closed"
    MWE[(_how, "pursed")] = "pursed"  # "lips tightly pursed"
# A beard "to match" the hair, "that matches" it, "of the same colour" (features.py FACIAL_COLORS "matching").
MWE.update({("to", "match"): "matching", ("that", "matches"): "matching", ("which", "matches"): "matching",
            ("of", "the", "same", "color"): "matching", ("the", "same", "color"): "matching",
            ("in", "the", "same", "color"): "matching"})
# "not a single grey hair", "without a single grey hair": the whole noun phrase is denied.
MWE.update({("not", "a", "single"): "no", ("without", "a", "single"): "without", ("not", "one", "single"): "no"})
MWE.update(SLANG_PHRASES)  # "pissed off", "fed up", "over the moon" (slang.py)
MWE.update(BLEND_PHRASES)  # "a sad smile", "smiling through tears": one look (blends.py)
MWE.update(MOOD_PHRASES)  # "grief-stricken", "panic-stricken" (mood_words.py)
MWE.update(DEMONYM_PHRASES)  # "South African", "Puerto Rican" (demonyms.py)
MWE.update(TONE_PHRASES)  # "mixed race" (tone_priors.py)
for _verb in ("hanging", "hangs", "hung", "falling", "falls", "fell", "fallen", "dropped", "drops", "dropping",
              "gaping", "gapes", "gaped"):
    MWE[(_verb, "open")] = "open"

NEGATIONS = frozenset({"no", "not", "without", "never", "none", "nor", "neither", "lacking", "lacks",
                       "lack", "zero", "minus", "sans", "hardly", "barely", "rarely", "seldom"})
NOT_VERY = frozenset({"not_very"})
DEGREES = frozenset({
    "very", "slightly", "somewhat", "rather", "quite", "fairly", "pretty", "really", "extremely", "super",
    "incredibly", "exceptionally", "unusually", "remarkably", "strikingly", "noticeably", "particularly",
    "especially", "more", "most", "extra", "too", "so", "totally", "completely", "fully", "truly",
    "deeply", "highly", "mildly", "moderately", "relatively", "reasonably", "kinda", "sorta", "bit",
    "little", "overly", "ultra", "insanely", "crazy", "almost", "nearly", "mostly", "mainly", "real",
    "naturally", "strongly", "heavily", "lightly", "softly", "distinctly", "clearly", "visibly",
    "decidedly", "exceedingly", "tremendously", "hugely", "vaguely", "barely", "just", "all", "than",
    "terribly", "awfully", "seriously", "enormously", "extraordinarily", "immensely", "massively",
    "freakishly", "ridiculously", "absurdly", "impossibly", "unbelievably", "abnormally", "excessively",
    "marginally", "subtly", "faintly", "notably", "tad",
})
INTENSIFIERS = frozenset({"very", "extremely", "really", "super", "incredibly", "exceptionally", "unusually",
                          "ghostly", "deathly", "deadly", "sickly", "unnaturally", "strikingly",
                          "remarkably", "strikingly", "so", "ultra", "insanely", "exceedingly"})
LESS = frozenset({"less", "least"})

# Degree word -> strength factor of the value it modifies (ParseResult.strength; shape synthesis
# reaches past the trained quantile band above 1 and stays nearer the middle below 1).  Words that
# only affirm the value are 1.0, as trained, and absent: "quite" (British "fairly", American
# "very"), "rather", "pretty", "fairly", "relatively", "noticeably", "clearly", "more", "most".
STRONG, VERY, SOFT = 2.5, 2.0, 0.5
DEGREE_FACTORS = {
    **{w: STRONG for w in ("extremely", "exceptionally", "incredibly", "super", "hugely", "insanely", "ultra",
                           "exceedingly", "tremendously", "enormously", "extraordinarily", "immensely",
                           "massively", "crazy", "freakishly", "ridiculously", "absurdly", "impossibly",
                           "unbelievably", "abnormally", "excessively")},
    **{w: VERY for w in ("very", "really", "real", "so", "too", "truly", "highly", "extra", "especially",
                         "particularly", "unusually", "remarkably", "strikingly", "terribly", "awfully",
                         "seriously", "overly", "strongly")},
    **{w: SOFT for w in ("slightly", "somewhat", "mildly", "moderately", "kinda", "sorta", "vaguely",
                         "faintly", "marginally", "subtly", "tad")},
}
# Only before a comparative ("much wider", "far thinner than average", "way bigger").
BOOSTS = {"much": VERY, "far": VERY, "way": VERY}
# "not extremely big" is "not very big" (-> medium), not "not big" (-> small).
MWE.update({("not", w): "not_very" for w, f in DEGREE_FACTORS.items() if f > 1 and ("not", w) not in MWE})
# Degree words in a row multiply ("very very" -> 2.5 at most, "a bit too" -> 1.0), within these limits.
DEGREE_RANGE = (SOFT, STRONG)
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "some",
                         "any", "this", "that", "these", "those", "pair", "of", "set", "two", "both"})
COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "looks", "look", "looking", "seem",
                     "seems", "seeming", "appear", "appears", "appearing", "which", "that", "who",
                     "whose", "has", "have", "had", "with", "and", "but", "yet", "also", "both", "kept",
                     "stay", "stays", "remain", "remains", "got", "gets", "becoming", "became", "s"})
HAVE_VERBS = frozenset({"have", "has", "had", "having", "wear", "wears", "wearing", "wore", "worn", "sport",
                        "sports", "sporting", "got", "gotten", "grow", "grows", "growing", "grew", "any",
                        "a", "an", "the", "is", "are", "was", "were", "be", "been", "do", "does", "did",
                        "much", "show", "shows", "showing", "put", "on", "use", "uses", "using", "need",
                        "needs", "keep", "keeps", "his", "her", "their", "real", "visible", "any"})
LIST_JOINERS = frozenset({"and", ",", "or", "&", "/", "+", "but", "yet"})

# ---------------------------------------------------------------------------------------------
# Person nouns: (gender, age) implied; None where the word says nothing about it.
PERSONS = {
    "man": ("male", None), "men": ("male", None), "male": ("male", None), "males": ("male", None),
    "guy": ("male", None), "gentleman": ("male", None), "gent": ("male", None), "boy": ("male", "young"),
    "lad": ("male", "young"), "dude": ("male", None), "fellow": ("male", None), "fella": ("male", None),
    "bloke": ("male", None), "chap": ("male", None), "father": ("male", None), "dad": ("male", None),
    "daddy": ("male", None), "husband": ("male", None), "son": ("male", None), "brother": ("male", None),
    "uncle": ("male", None), "nephew": ("male", None), "grandfather": ("male", "old"),
    "grandson": ("male", "young"), "king": ("male", None), "prince": ("male", None), "duke": ("male", None),
    "lord": ("male", None), "sir": ("male", None), "mister": ("male", None), "monk": ("male", None),
    "priest": ("male", None), "policeman": ("male", None), "fireman": ("male", None),
    "businessman": ("male", None), "cowboy": ("male", None), "schoolboy": ("male", "young"),
    "boyfriend": ("male", None), "groom": ("male", None), "bridegroom": ("male", None),
    "widower": ("male", None), "bachelor": ("male", None), "patriarch": ("male", "old"),
    "fisherman": ("male", None), "sportsman": ("male", None), "salesman": ("male", None),
    "postman": ("male", None), "chairman": ("male", None), "godfather": ("male", None),
    "emperor": ("male", None), "sultan": ("male", None), "wizard": ("male", None), "waiter": ("male", None),
    "actor": ("male", None), "hero": ("male", None), "gentlemen": ("male", None), "stepfather": ("male", None),
    "woman": ("female", None), "women": ("female", None), "female": ("female", None), "females": ("female", None),
    "lady": ("female", None), "girl": ("female", "young"), "gal": ("female", None), "lass": ("female", "young"),
    "lassie": ("female", "young"), "mother": ("female", None), "mom": ("female", None),
    "mommy": ("female", None), "mama": ("female", None), "wife": ("female", None),
    "daughter": ("female", None), "sister": ("female", None), "aunt": ("female", None),
    "auntie": ("female", None), "niece": ("female", None), "grandmother": ("female", "old"),
    "granddaughter": ("female", "young"), "queen": ("female", None), "princess": ("female", None),
    "duchess": ("female", None), "madam": ("female", None), "madame": ("female", None),
    "nun": ("female", None), "actress": ("female", None), "waitress": ("female", None),
    "policewoman": ("female", None), "businesswoman": ("female", None), "schoolgirl": ("female", "young"),
    "girlfriend": ("female", None), "bride": ("female", None), "widow": ("female", None),
    "heroine": ("female", None), "witch": ("female", None), "matriarch": ("female", "old"),
    "goddess": ("female", None), "maiden": ("female", "young"), "stepmother": ("female", None),
    "housewife": ("female", None), "ballerina": ("female", None), "diva": ("female", None),
    "babushka": ("female", "old"), "crone": ("female", "old"), "hag": ("female", "old"),
    "geezer": ("male", "old"), "codger": ("male", "old"), "oldtimer": (None, "old"), "granddame": ("female", "old"),
    "matron": ("female", None), "spinster": ("female", None), "headmistress": ("female", None),
    "schoolmistress": ("female", None), "headmaster": ("male", None), "schoolmaster": ("male", None),
    "chick": ("female", None), "tomboy": ("female", None), "schoolchild": (None, "young"),
    "newborn": (None, "young"), "preteen": (None, "young"), "tween": (None, "young"), "youngster": (None, "young"),
    "person": (None, None), "people": (None, None), "someone": (None, None), "somebody": (None, None),
    "individual": (None, None), "human": (None, None), "adult": (None, None), "character": (None, None),
    "figure": (None, None), "child": (None, "young"), "kid": (None, "young"), "teen": (None, "young"),
    "teens": (None, "young"), "adolescent": (None, "young"), "youth": (None, "young"),
    "toddler": (None, "young"), "baby": (None, "young"), "infant": (None, "young"),
    "student": (None, None), "senior_citizen": (None, "old"), "elder": (None, "old"), "pensioner": (None, "old"),
    "retiree": (None, "old"), "centenarian": (None, "old"), "octogenarian": (None, "old"),
    "nonagenarian": (None, "old"), "septuagenarian": (None, "old"), "sexagenarian": (None, "old"),
    "grandparent": (None, "old"), "parent": (None, None), "villager": (None, None), "fellow": ("male", None),
    "latina": ("female", None), "latino": ("male", None),
    **{w: (None, None) for w in SCALP_PERSONS},
}
# Gendered person nouns that also name a role or a kind of person ("a wizard", "a witch", "a king", "a monk"): a look,
# as the roles below are, so the noun is also an abstract phrase for CLIP (before, "a wizard with a long white beard"
# kept only gender male and dropped the wizard without a word).  Kin and plain words ("grandmother", "man") are not.
LOOK_PERSONS = frozenset("""
king prince duke lord monk priest policeman fireman businessman cowboy fisherman sportsman salesman postman emperor
sultan wizard waiter actor hero queen princess duchess nun actress waitress policewoman businesswoman heroine witch
goddess ballerina diva crone hag matriarch patriarch babushka headmaster headmistress schoolmaster schoolmistress
matron housewife
""".split())
# What a person noun says beyond gender and age ("a skinhead": a shaved scalp); stated.
PERSON_TRAITS = {w: (("scalp_hair", v),) for w, v in SCALP_PERSONS.items()}
# Person nouns that also name an origin: the noun stays an abstract phrase for CLIP as well.
ETHNIC_PERSONS = frozenset({"latina", "latino"})
# Words for a person's ancestry (before a person noun: "a Black man", "Caucasian male", "a Japanese
# woman") -> the schema's `ancestry`, which only makes the skin tones that go with it likelier when no
# tone is stated; the words stay in the abstract phrase for CLIP.  Nationalities only where one
# ancestry is by far the most common; "Asian" is read as East Asian (its usual sense in US English).
ANCESTRY = {
    "black": "black", "african_american": "black", "afro_american": "black", "afro_caribbean": "black",
    "african": "black",
    "white": "white", "caucasian": "white", "european": "white",
    "asian": "east-asian", "east_asian": "east-asian", "chinese": "east-asian", "japanese": "east-asian",
    "korean": "east-asian",
    "south_asian": "south-asian", "indian": "south-asian", "pakistani": "south-asian",
    "bangladeshi": "south-asian", "sri_lankan": "south-asian",
    "hispanic": "hispanic", "latino": "hispanic", "latina": "hispanic", "latinx": "hispanic",
    "latin_american": "hispanic", "mexican": "hispanic",
    "middle_eastern": "middle-eastern", "arab": "middle-eastern", "arabic": "middle-eastern",
    "persian": "middle-eastern",
    **DEMONYMS,  # "a Nigerian man", "an Irish woman" (demonyms.py)
    **TONE_WORDS,  # "Mediterranean", "mixed-race": a skin tone, not an ancestry (tone_priors.py)
}
PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
            "she": "female", "her": "female", "hers": "female", "herself": "female"}
POSSESSIVES = frozenset({"his", "her", "their", "my", "your", "our"})

# Roles and kinds of people that say nothing about gender or age.  They stay in abstract phrases
# ("like a villain from an old movie") but let person adjectives attach ("a chubby soldier").
ROLES = frozenset("""
soldier bouncer vampire hipster nerd geek doctor nurse teacher professor chef cook pirate knight warrior
farmer sailor detective accountant scientist artist painter musician singer rapper athlete boxer
wrestler officer cop policeofficer criminal thug gangster villain mobster hero heroine monk priest
poet writer author librarian lawyer judge banker clerk executive ceo politician president senator
soldier veteran mercenary assassin spy agent ninja samurai viking cowboy sheriff outlaw bandit
hunter explorer traveler traveller tourist hiker climber surfer skater biker punk rocker goth emo
hippie student pupil scholar wizard witch sorcerer mage elf dwarf orc zombie ghost demon angel
alien robot android cyborg villager peasant noble aristocrat merchant shopkeeper barber butcher
baker tailor blacksmith miner builder worker laborer labourer mechanic engineer programmer
developer hacker gamer streamer model actor actress celebrity star comedian clown magician
dancer ballerina gymnast runner swimmer cyclist footballer player coach referee fan tourist
immigrant refugee native local foreigner stranger neighbor neighbour friend colleague boss
customer patient prisoner inmate convict guard bodyguard butler maid servant slave
grandparent parent citizen resident beggar tramp hobo drifter wanderer loner recluse hermit
survivor athlete bodybuilder chef sommelier waiter bartender barista pilot astronaut captain
sergeant general admiral commander lieutenant colonel major private marine
""".split()) | JOBS

# Adjectives about the whole person: apply when they modify a person noun, stand as a
# predicate ("she is old"), or stand alone in a list ("Old, chubby.").
PERSON_MODIFIERS = {
    "young": (("age", "young"),), "youthful": (("age", "young"),), "teenage": (("age", "young"),),
    "teenaged": (("age", "young"),), "adolescent": (("age", "young"),), "juvenile": (("age", "young"),),
    "little": (("age", "young"),), "younger": (("age", "young"),), "baby_faced": (("age", "young"),),
    "boyish": (("age", "young"),), "girlish": (("age", "young"),),
    "middle_aged": (("age", "middle-aged"),), "midlife": (("age", "middle-aged"),),
    "mature": (("age", "middle-aged"),),
    "old": (("age", "old"),), "older": (("age", "old"),), "elderly": (("age", "old"),),
    "aged": (("age", "old"),), "aging": (("age", "old"),), "senior": (("age", "old"),),
    "ancient": (("age", "old"),), "geriatric": (("age", "old"),), "oldest": (("age", "old"),),
    "fat": (("face_width", "wide"),), "chubby": (("face_width", "wide"),), "plump": (("face_width", "wide"),),
    "overweight": (("face_width", "wide"),), "obese": (("face_width", "wide"),),
    "heavyset": (("face_width", "wide"),), "stout": (("face_width", "wide"),),
    "portly": (("face_width", "wide"),), "pudgy": (("face_width", "wide"),),
    "chunky": (("face_width", "wide"),), "rotund": (("face_width", "wide"),),
    "chubbier": (("face_width", "wide"),), "fatter": (("face_width", "wide"),),
    "tubby": (("face_width", "wide"),), "stocky": (("face_width", "wide"),), "thickset": (("face_width", "wide"),),
    "beefy": (("face_width", "wide"),), "corpulent": (("face_width", "wide"),), "heavy": (("face_width", "wide"),),
    "paunchy": (("face_width", "wide"),), "roly": (("face_width", "wide"),), "fleshy": (("face_width", "wide"),), "burly": (("face_width", "wide"),),
    "skinny": (("face_width", "narrow"),), "thin": (("face_width", "narrow"),), "slim": (("face_width", "narrow"),),
    "slender": (("face_width", "narrow"),), "lean": (("face_width", "narrow"),), "gaunt": (("face_width", "narrow"),),
    "bony": (("face_width", "narrow"),), "scrawny": (("face_width", "narrow"),), "lanky": (("face_width", "narrow"),), "gangly": (("face_width", "narrow"),),
    "skeletal": (("face_width", "narrow"),), "emaciated": (("face_width", "narrow"),),
    "thinner": (("face_width", "narrow"),), "slimmer": (("face_width", "narrow"),),
    "blond": (("hair_color", "blond"),), "brunette": (("hair_color", "brown"),),
    "redhead": (("hair_color", "red"),), "redheaded": (("hair_color", "red"),),
    "ginger": (("hair_color", "red"),), "red_haired": (("hair_color", "red"),),
    "gray_haired": (("hair_color", "gray"),), "graying": (("hair_color", "gray"),),
    "grizzled": (("hair_color", "gray"),), "silver_haired": (("hair_color", "gray"),),
    "pale": (("skin_tone", "fair"),), "very_fair": (("skin_tone", "very-fair"),), "tanned": (("skin_tone", "medium"),),
    "dark_skinned": (("skin_tone", "dark"),), "fair_skinned": (("skin_tone", "fair"),),
    "olive_skinned": (("skin_tone", "olive"),), "brown_skinned": (("skin_tone", "brown"),),
    "swarthy": (("skin_tone", "olive"),), "freckled": (("freckles", "some"),),
    "thin_lipped": (("lip_thickness", "thin"),), "full_lipped": (("lip_thickness", "full"),),
    "big_eyed": (("eye_size", "big"),), "long_faced": (("face_shape", "long"),),
    "heavy_lidded": (("eyelids", "heavy"),),
    "tight_lipped": (("mouth", "closed"),), "slack_jawed": (("mouth", "open"),),
    "round_faced": (("face_shape", "round"),),
    **{w: (("scalp_hair", v),) for w, v in SCALP_WORDS.items()},  # "a bald man", "he is balding", "hairless"
    # understood, nothing concrete: body words with no face attribute (warned, BODY_BUILD), plain words
    "tall": (), "short": (), "average": (), "pretty": (), "muscular": (), "athletic": (), "petite": (),
    "big": (), "small": (), "large": (), "tiny": (), "normal": (), "typical": (), "regular": (), "ordinary": (),
    "random": (), "generic": (), "fit": (), "sporty": (), "toned": (), "buff": (), "brawny": (),
}
# Body build: no face attribute, so a warning names what is left out.  ("attractive", "beautiful",
# "handsome" are not here: they describe the face and stay abstract phrases for CLIP.)
BODY_BUILD = frozenset({"tall", "short", "muscular", "athletic", "petite", "fit", "sporty", "toned", "buff",
                        "brawny", "big", "small", "large", "tiny"})
# Person modifiers that may also appear free with no noun; the rest need a person noun or copula.
FREE_OK = frozenset(PERSON_MODIFIERS) - {"little", "short", "big", "small", "large", "tiny", "thin", "pale",
                                          "average", "normal", "typical", "regular", "ordinary", "random",
                                          "generic", "pretty", "mature", "senior", "aged", "lean"}

# Moods that show around the eyes ("looks tired", "an exhausted mother", "sleepy eyes"): word -> (what it implies,
# what denying it implies).  Implied, so a stated eyelid or under-eye value wins ("tired, with his eyes closed");
# the word also stays in the abstract phrase, as it says more than lids and shadows (backend/parser/mood.py).
_TIRED = (("eyelids", "heavy"), ("under_eyes", "shadows"))
_WORN = (("eyelids", "heavy"), ("under_eyes", "dark"))
_SLEEPY = (("eyelids", "heavy"),)
_RESTED = (("under_eyes", "none"),)
MOODS = {
    **{w: (_TIRED, _RESTED) for w in ("tired", "weary", "fatigued", "bleary", "bleary_eyed", "wearied")},
    **{w: (_WORN, _RESTED) for w in ("exhausted", "haggard", "sleep_deprived", "worn_out", "burnt_out",
                                     "sleepless", "careworn", "knackered")},
    **{w: (_SLEEPY, ()) for w in ("sleepy", "drowsy", "half_asleep", "bedroom_eyes", "dozy")},
    **{w: (_RESTED, _TIRED) for w in ("well_rested", "rested", "refreshed")},
}
# Signs of age ("wrinkled", "a weathered face"): they imply old and stay in the phrase, as moods do (mood.py), but
# only about the face or the person ("a wrinkled shirt", "fur-lined", "lined eyes" are not).
AGE_SIGNS = {w: ((("age", "old"),), ()) for w in _AGE_WORDS}
# "grizzled": greying (PERSON_MODIFIERS, greying.read_amount "some"), so past youth; middle-aged, the least it says
AGE_SIGNS["grizzled"] = ((("age", "middle-aged"),), ())

# Person nouns made by compounding ("shieldmaiden", "swordsman", "barmaid", "cowgirl", "horsewoman"): their gender, not
# the age of the word they end in (a cowgirl or a shieldmaiden is any adult).  Only words no table knows, with a first
# part of three letters or more ("roman", "human" are too short); the words below end in one by chance, or name the
# other gender.
_COMPOUND_ENDS = (("woman", "woman"), ("women", "woman"), ("maiden", "woman"), ("maid", "woman"), ("girl", "woman"),
                  ("lady", "woman"), ("boy", "man"), ("man", "man"), ("men", "man"))
_NOT_COMPOUND = frozenset({"german", "germans", "shaman", "shamans", "talisman", "ottoman", "caiman", "cayman",
                           "doberman", "walkman", "pacman", "tomboy", "ladyboy", "amen", "omen", "abdomen", "specimen",
                           "regimen", "stamen", "acumen", "hymen", "semen", "bitumen", "albumen", "mermen"})


def look_person(word: str, raw: str) -> bool:
    """Token word `word`, written `raw`, is a person noun that names a look: a LOOK_PERSONS word, or a compound read
    as its gender ("shieldmaiden" -> "woman", "swordsman" -> "man") whose first part is the look."""
    return word in LOOK_PERSONS or word in PERSONS and compound_person(raw.lower().replace("'", "")) is not None


def compound_person(word: str) -> str | None:
    """The person noun of a compound's gender ("shieldmaiden" -> "woman", "swordsman" -> "man"), or None."""
    if word in PERSONS or word in _NOT_COMPOUND or not word.isalpha():
        return None
    if word in FEMALE_ROLES or word.endswith("ess") and any(
            b in ROLES or PERSONS.get(b, ("female",))[0] != "female" for b in _ess_bases(word)):
        return "woman"  # "a young priestess": priest + -ess (before, a phrase with no gender and no age)
    if word in MALE_ROLES:
        return "man"
    for end, person in _COMPOUND_ENDS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            return person
    return None


def _ess_bases(word: str) -> tuple[str, ...]:
    """The masculine or neutral nouns a feminine -ess form may come from: priest-ess, sorcer-er, hun-ter, sculp-tor."""
    stem = word[:-3]
    return (stem, stem + "er", stem[:-1] + "er" if stem.endswith("tr") else stem,
            stem[:-1] + "or" if stem.endswith("tr") else stem) if len(stem) >= 3 else ()
