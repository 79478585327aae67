"""Feature nouns and what their modifiers mean (the second half of the rule tables)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .looks import (EYE_MAKEUP, EYE_MAKEUP_LIGHT, EYE_MAKEUP_NOT, HAIR_AMOUNT, HAIR_STYLE, HEAD_WORDS, SCALP_NOUNS,
                    SCALP_STYLES, SIDES_SHAVED)
from .resolve import SAME_AS_HAIR
from .sizes import NOSE_SIZES
from .undrawn import LIPSTICK_COLORS
from .slang import MOOD_SLANG
from .mood_words import WORDS as MOOD_WORDS, WORRY
from .blends import SAD_SMILE, YAWN_IMPLIES
from .mood_degree import NOUNS, SIZES

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Feature:
    """One facial feature.  `intrinsic`: what naming it says ("a beard"); `negated`: what "no X"
    says; `mods`: modifier -> pairs; `abstract`: modifiers that map to nothing still describe the
    face, so they become an abstract phrase; `presence`: worth an abstract phrase even bare ("a scar");
    `implies`: said as implied, so any stated value wins; `hints`: modifiers (also in `mods`) whose pairs are only
    implied and that stay in the abstract phrase, as they say more than the code ("long hair"); `actions`: modifiers
    (also in `mods`) that are something the feature does ("pursed lips", "teeth showing"), with what they imply
    besides their `mods` pairs; negated, an action says nothing ("lips not pursed": no opposite to state)."""

    name: str
    mods: dict[str, Pairs] = field(default_factory=dict)
    intrinsic: Pairs = ()
    negated: Pairs = ()
    presence: bool = False
    implies: Pairs = ()  # what naming it suggests, weaker than any stated value ("a double chin": a wide face)
    hints: dict[str, Pairs] = field(default_factory=dict)
    actions: dict[str, Pairs] = field(default_factory=dict)


def _pairs(attr: str, table: dict[str, tuple[str, ...]]) -> dict[str, Pairs]:
    """{value: words} -> {word: ((attr, value),)}."""
    return {w: ((attr, v),) for v, words in table.items() for w in words}


def _merge(*tables: dict[str, Pairs]) -> dict[str, Pairs]:
    out: dict[str, Pairs] = {}
    for t in tables:
        for k, v in t.items():
            out[k] = out.get(k, ()) + v
    return out


_COLOR_WORDS = {
    "black": ("black", "dark", "very_dark", "raven", "ebony", "inky", "jet", "blackish"),
    "brown": ("brown", "dark_brown", "light_brown", "medium_brown", "chestnut", "brunette", "mousy", "mousey",
              "brownish", "chocolate", "hazel", "coffee", "walnut"),
    "blond": ("blond", "golden", "platinum", "sandy", "flaxen", "yellow", "honey", "fair", "light",
              "bleached", "towheaded", "wheat"),
    "red": ("red", "ginger", "auburn", "copper", "coppery", "carrot", "reddish", "strawberry", "russet",
            "fiery", "titian", "orange", "red_haired"),
    "gray": ("gray", "white", "silver", "silvery", "salt_pepper", "graying", "grizzled", "snow_white",
             "snowy", "hoary", "grayish", "grayed", "whitish", "ashen", "gray_haired"),
}
HAIR_COLORS = _pairs("hair_color", _COLOR_WORDS)
# A beard's colour is its own (beards usually grey before the scalp): "grey stubble" says nothing of the hair.
# Facial hair is never "light" or "fair" in colour: "light stubble" is about amount.
FACIAL_COLORS = {w: p for w, p in _pairs("beard_color", _COLOR_WORDS).items()
                 if w not in ("light", "fair", "red_haired", "gray_haired")}
# "white hair and a matching beard", "a goatee to match": the beard takes the hair's colour, whatever it resolves to
# (resolve.py); with no hair colour stated it says nothing, as an unstated beard colour already follows the hair.
FACIAL_COLORS["matching"] = (("beard_color", SAME_AS_HAIR),)
# Words understood about hair-like features that carry no concrete value (style, length).
_HAIR_NEUTRAL = {w: () for w in ("colored", "natural", "shiny", "healthy", "normal")}

EYE_COLORS = _pairs("eye_color", {
    "brown": ("brown", "dark", "very_dark", "dark_brown", "chocolate", "black", "brownish", "coffee", "chestnut", "walnut",
              "medium_brown"),
    "hazel": ("hazel", "amber", "honey", "golden", "light_brown", "hazelnut", "whiskey", "whisky"),
    "green": ("green", "emerald", "greenish", "jade", "olive", "green_gray"),
    "blue": ("blue", "bluish", "azure", "sapphire", "turquoise", "cerulean", "aqua", "cobalt", "icy", "cornflower"),
    "gray": ("gray", "grayish", "silver", "silvery", "steel", "slate", "stormy"),
})

SKIN_TONES = _pairs("skin_tone", {
    "very-fair": ("very_fair", "porcelain", "alabaster", "ivory", "snow_white", "milky", "pasty",
                  "translucent", "ghostly", "ghostlike", "albino", "paper_white"),
    "fair": ("fair", "pale", "light", "white", "peachy", "pinkish", "creamy", "cream", "fair_skinned",
             "lighter", "paler", "fairer", "pallid", "wan"),
    "medium": ("medium", "tan", "tanned", "beige", "average", "moderate", "wheatish", "sandy"),
    "olive": ("olive", "swarthy", "golden", "mediterranean", "olive_skinned", "sallow"),
    "brown": ("brown", "caramel", "medium_brown", "light_brown", "bronze", "cinnamon", "mahogany",
              "toffee", "coffee", "honey", "brownish", "brown_skinned", "copper", "tawny", "dusky"),
    "dark": ("dark", "very_dark", "dark_brown", "black", "ebony", "chocolate", "deep", "espresso",
             "darker", "dark_skinned", "onyx"),
})

_SIZE_EYES = _pairs("eye_size", {
    "small": ("small", "tiny", "little", "narrow", "beady", "squinty", "slitted", "smaller",
              "narrower", "petite", "minuscule", "piggy", "puny"),
    "medium": ("medium", "average", "normal", "regular", "moderate", "medium_sized", "ordinary"),
    "big": ("big", "large", "huge", "wide", "bigger", "larger", "enormous", "giant", "oversized", "bulging", "doe",
            "bulgy", "protruding", "saucer", "massive", "round", "doe", "prominent", "wider", "big_eyed",
            "owlish"),
})
# what the lids do ("eyes closed", "squinting eyes"), apart from the eyes' own size and shape
_LIDS = _pairs("eyelids", {"closed": ("closed", "shut", "closing", "sleeping", "asleep"),
                           "squint": ("squinting", "squinted", "narrowed", "narrowing"),
                           "wide": ("wide_open", "staring", "popping"),
                           "wink": ("winking",),
                           "open": ("open", "opened"),
                           # upper lids half lowered ("hooded" eyes are a skin fold, not lowered lids)
                           "heavy": ("heavy_lidded", "half_closed", "half_open", "lidded")})
# marks under the eyes: "puffy eyes", "baggy eyes" (the schema draws them as a darkening)
_UNDER_EYES = _pairs("under_eyes", {"shadows": ("puffy",), "dark": ("baggy",)})
_DIST_EYES = _pairs("eye_distance", {"close": ("close_set", "closer", "close"),
                                     "wide": ("wide_set", "spaced", "apart")})
_TILT_EYES = _pairs("eye_tilt", {
    "up": ("upturned", "upslanting", "upswept", "cat", "slanted", "slanting", "tilted", "cat_eyes", "feline",
           "catlike", "upward"),
    "down": ("downturned", "droopy", "drooping", "downslanting", "sagging", "downward", "puppy", "hangdog"),
    "level": ("level", "horizontal"),
})

EYES = Feature("eyes", _merge(_SIZE_EYES, _DIST_EYES, _TILT_EYES, EYE_COLORS, _LIDS, _UNDER_EYES))
# the lids themselves: "heavy eyelids", "droopy lids", "lids half closed"
LIDS = Feature("lids", _pairs("eyelids", {
    "heavy": ("heavy", "droopy", "drooping", "sagging", "lowered", "low", "half_closed", "half_open", "heavier"),
    "closed": ("closed", "shut"), "wide": ("wide_open",), "open": ("open", "opened")}))
# Dark circles, bags and shadows under the eyes: how dark (periorbital darkening, backend/texture)
_UNDER_MODS = _pairs("under_eyes", {
    "shadows": ("faint", "slight", "light", "mild", "subtle", "little", "small", "soft", "lighter"),
    "dark": ("dark", "deep", "heavy", "big", "black", "severe", "prominent", "purple", "bluish", "noticeable",
             "huge", "large", "puffy", "darker", "pronounced", "visible", "baggy", "saggy", "grey", "gray"),
})


def _under(name: str, value: str) -> Feature:
    return Feature(name, _UNDER_MODS, intrinsic=(("under_eyes", value),), negated=(("under_eyes", "none"),))


DARK_CIRCLES, EYE_BAGS = _under("dark_circles", "dark"), _under("eye_bags", "dark")
EYE_SHADOWS = _under("eye_shadows", "shadows")
BROWS = Feature("brows", _merge(_pairs("eyebrow_density", {
    "sparse": ("sparse", "thin", "faint", "fine", "plucked", "wispy", "patchy", "light", "pencil", "skinny",
               "thinner", "scant", "scanty", "barely", "sparser", "slim", "narrow", "delicate", "pale"),
    "medium": ("medium", "average", "normal", "regular", "moderate", "groomed", "natural"),
    "thick": ("thick", "bushy", "heavy", "dense", "full", "strong", "bold", "shaggy", "unibrow", "thicker",
              "bushier", "heavier", "fuller", "prominent", "big", "wild", "unruly", "hairy", "monobrow",
              "dark_heavy", "beetle", "caterpillar", "fat", "broad", "wide", "large", "massive"),
}), HAIR_COLORS), negated=(("eyebrow_density", "sparse"),))
UNIBROW = Feature("unibrow", BROWS.mods, intrinsic=(("eyebrow_density", "thick"),))
NOSE = Feature("nose", _merge(
    NOSE_SIZES,  # "a small nose": short and narrow (sizes.py)
    _pairs("nose_length", {"short": ("short", "stubby", "shorter", "button_nose", "snub_nose", "snub", "pug",
                                     "button", "stumpy", "compact"),
                           "long": ("long", "longer", "elongated", "lengthy", "pinocchio")}),
    _pairs("nose_width", {"narrow": ("narrow", "thin", "slim", "slender", "pinched", "narrower", "thinner",
                                     "delicate", "skinny", "sharp", "chiselled", "chiseled", "refined"),
                          "wide": ("wide", "broad", "bulbous", "round", "wider", "broader", "fleshy",
                                   "flared", "flaring", "thick", "potato", "fat", "rounded", "puffy", "bulb"),
                          "medium": ("medium_width",)}),
    _pairs("nose_bridge", {"low": ("flat", "flattened", "low", "squashed", "pushed", "lower", "flatter",
                                   "sunken"),
                           "high": ("high", "tall", "prominent_bridge", "higher", "high_bridged")}),
    _pairs("nose_tip", {"upturned": ("upturned", "snub_nose", "snub", "pug", "retrousse", "ski", "perky",
                                     "pert", "turned", "celestial", "piggy"),
                        "straight": ("straight", "greek_nose", "greek", "grecian", "classic", "even"),
                        "hooked": ("hooked", "hook", "hooked_nose", "aquiline", "beaked", "beaky", "beak",
                                   "roman_nose", "roman", "eagle", "hawkish", "hawk", "curved", "bent",
                                   "arched", "hawklike", "crooked_down", "parrot")}),
    {"medium": (("nose_length", "medium"), ("nose_width", "medium")), "average": (("nose_length", "medium"),
     ("nose_width", "medium")), "normal": (("nose_length", "medium"), ("nose_width", "medium")),
     "regular": (("nose_length", "medium"), ("nose_width", "medium"))},
))
BRIDGE = Feature("bridge", _pairs("nose_bridge", {
    "low": ("low", "flat", "flattened", "lower", "shallow", "sunken", "depressed", "wide", "broad"),
    "medium": ("medium", "average", "normal", "regular", "moderate"),
    "high": ("high", "tall", "prominent", "strong", "raised", "higher", "pronounced", "narrow", "sharp",
             "defined", "elevated", "bumpy", "humped"),
}))
# How far the mouth is open (`mouth`), apart from the expression: "mouth open", "lips parted", "lips pressed together".
# A soft degree word takes an open mouth down to parted (SOFTER: "a slightly open mouth"); "wide open" stays open.
_MOUTH_OPENING = _pairs("mouth", {"open": ("open", "opened", "wide_open", "agape", "gaping"),
                                  "parted": ("ajar", "parted", "half_open"),
                                  "closed": ("closed", "shut", "sealed", "pressed_together")})
# Lips that are open show a parted mouth; only "wide open" is open.
_LIPS_OPENING = _pairs("mouth", {"open": ("wide_open", "agape", "gaping"),
                                 "parted": ("parted", "open", "opened", "apart", "half_open", "ajar", "separated"),
                                 "closed": ("closed", "shut", "sealed", "pressed", "pressed_together", "together")})
SOFTER = {("mouth", "open"): "parted"}
MOUTH = Feature("mouth", _merge(_MOUTH_OPENING, _pairs("mouth_width", {
    "narrow": ("small", "narrow", "tiny", "little", "smaller", "narrower", "petite", "pinched", "compact",
               "rosebud", "dainty"),
    "medium": ("medium", "average", "normal", "regular", "moderate", "medium_sized"),
    "wide": ("wide", "big", "large", "broad", "huge", "wider", "bigger", "larger", "generous", "broader",
             "enormous"),
})))
_LIP_COLORS = _pairs("lip_color", {
    "red": ("red", "crimson", "scarlet", "ruby", "cherry", "bright_red", "redder", "blood", "wine",
            "burgundy", "reddened", "rouged", "painted", "lipsticked"),
    "pale": ("pale", "colorless", "bloodless", "white", "ashen", "bluish", "paler", "whitish", "faded",
             "gray", "dry"),  # purple lips: a colour not drawn (undrawn.py)
    "natural": ("natural", "pink", "nude", "pinkish", "rosy", "peach", "normal", "unpainted", "bare"),
})
# Pursed lips are puckered: pressed together and pushed forward, the drawing of a pout (its mouthPucker), not thin
# lips; the closed mouth is stated, the pout implied, so a stated expression wins ("a frowning woman with pursed
# lips": frown + closed).  Before, "pursed lips" were thin lips.  "pursing her lips": a verb before a possessive
# reaches its noun (extract.py back_scan).
_PURSED = ("pursed", "pursing", "purses", "purse", "puckered", "puckering", "puckers", "pucker")
_POUT = (("expression", "pout"),)
LIPS = Feature("lips", _merge(_pairs("lip_thickness", {
    "thin": ("thin", "narrow", "thinner", "small", "tight", "slim", "slender", "skinny", "fine",
             "compressed", "pencil", "meager", "meagre", "tiny", "little", "delicate", "thin_lipped"),

    "medium": ("medium", "average", "normal", "regular", "moderate", "medium_sized"),
    "full": ("full", "thick", "plump", "fat", "pouty", "luscious", "lush", "fleshy", "big", "large",
             "fuller", "thicker", "plumper", "voluptuous", "puffy", "bee", "stung", "juicy", "generous",
             "swollen", "bigger", "larger", "sensual", "heavy", "pillowy", "full_lipped"),
}), _pairs("mouth_width", {"wide": ("wide", "broad", "wider"), "narrow": ("rosebud", "bow", "cupid")}),
    _LIP_COLORS, _LIPS_OPENING, _pairs("mouth", {"closed": _PURSED})), actions={w: _POUT for w in _PURSED})
LIPSTICK = Feature("lipstick", _merge(LIPSTICK_COLORS, {"light": (), "dark": (("lip_color", "red"),),  # undrawn.py
                                                    "bold": (("lip_color", "red"),)}),
                   intrinsic=(("lip_color", "red"),), negated=(("lip_color", "natural"),),
                   implies=(("makeup", "light"),))  # lipstick is make-up: at least light
_FACE_WIDTH = _pairs("face_width", {
    "narrow": ("narrow", "thin", "slim", "slender", "gaunt", "lean", "skinny", "bony", "narrower", "thinner",
               "pinched", "hollow", "sunken", "skeletal", "emaciated", "drawn", "sharp", "angular_thin",
               "small", "tiny", "little", "petite", "slimmer"),
    "medium": ("medium_width",),
    "wide": ("wide", "broad", "full", "fat", "chubby", "plump", "pudgy", "fleshy", "puffy", "chunky",
             "wider", "broader", "fuller", "fatter", "chubbier", "big", "large", "massive", "heavy",
             "bloated", "jowly", "meaty", "bulky", "doughy", "baby_faced"),
})
_FACE_SHAPE = _pairs("face_shape", {
    "oval": ("oval", "ovoid", "egg", "ovalish", "oval_shaped"),
    "round": ("round", "circular", "rounded", "roundish", "moon", "round_faced", "apple"),
    "square": ("square", "squared", "boxy", "squarish", "rectangular_wide", "blocky", "angular"),
    "long": ("long", "elongated", "oblong", "rectangular", "longer", "horsey", "equine", "lengthy",
             "long_faced"),
    "heart": ("heart", "triangular", "heartshaped"),
    "diamond": ("diamond", "rhombus", "kite"),
})
_FACE_EXPR = _pairs("expression", {"neutral": ("neutral", "blank", "expressionless", "serious", "neutral_face",
                                                "impassive", "emotionless", "stoic", "relaxed", "calm",
                                                "straight", "deadpan", "unsmiling", "stony"),
                                   "smile": ("smiling", "happy", "grinning", "beaming", "joyful",
                                             "joyous", "gleeful", "radiant"),
                                   "frown": ("frowning", "grumpy", "sullen", "sour",
                                             "scowling", "stern", "upset", "troubled",
                                             "disapproving", "dour", "severe"),
                                   # inner brows up, not down: sorrow is no scowl
                                   "sad": ("sad", "unhappy", "gloomy", "miserable", "sorrowful", "glum",
                                           "mournful", "depressed", "morose", "melancholy", "melancholic",
                                           "tearful", "crying", "weeping", "downcast", "heartbroken",
                                           "forlorn", "dejected", "despondent", "grieving"),
                                   "laugh": ("laughing", "chuckling", "giggling", "cackling", "guffawing"),
                                   "pout": ("pouting", "pouty", "sulky", "sulking", "petulant"),
                                   "disgust": ("disgusted", "repulsed", "revolted", "sneering", "nauseated",
                                               "grossed_out"),
                                   "fear": ("scared", "afraid", "frightened", "terrified", "fearful",
                                            "horrified", "panicked", "petrified", "alarmed", "panicky") + WORRY,
                                   "smirk": ("smirking", "smug", "sly", "wry", "smirky"),
                                   "surprise": ("surprised", "shocked", "astonished", "amazed", "startled",
                                                "stunned", "awestruck", "astounded", "flabbergasted"),
                                   "anger": ("angry", "furious", "enraged", "irate", "livid", "mad", "fuming",
                                             "raging", "snarling", "hostile", "irritated", "annoyed", "cross",
                                             "seething", "wrathful", "aggressive"),
                                   "wistful": ("wistful",)})  # "a wistful face" (WISTFUL: a sad smile)
FACE = Feature("face", _merge(_FACE_WIDTH, _FACE_SHAPE, _FACE_EXPR, {
    "medium": (("face_width", "medium"),), "average": (("face_width", "medium"),),
    "freckled": (("freckles", "some"),), "clean_shaven": (("beard", "none"),),
    "bearded": (("beard", "full"),), "hairless": (("beard", "none"),), "made": (),
    "makeup_free": (("makeup", "none"),),
    "young": (("age", "young"),), "youthful": (("age", "young"),), "old": (("age", "old"),),
    "aged": (("age", "old"),), "elderly": (("age", "old"),), "pale": (("skin_tone", "fair"),),
    "tanned": (("skin_tone", "medium"),), "dark": (("skin_tone", "dark"),),
    "rosy": (), "ruddy": (), "smooth": (),
}))
JAW = Feature("jaw", _merge(_pairs("face_shape", {
    "square": ("square", "strong", "chiseled", "chiselled", "angular", "squared", "wide", "broad", "boxy",
               "defined", "sharp", "firm", "powerful", "heavy", "blocky", "masculine", "rugged", "manly",
               "solid", "lantern", "strong_square", "prominent"),
    "round": ("round", "rounded", "soft", "smooth"),
    "heart": ("pointed", "pointy", "tapered", "tapering", "v"),
    "oval": ("oval", "gentle", "delicate", "feminine"),
}), _pairs("chin", {"receding": ("weak", "receding", "recessed", "retreating", "slack", "small"),
                    "prominent": ("jutting", "protruding", "protruding_lower", "underbite", "projecting")}),
    _pairs("face_width", {"narrow": ("narrow", "thin", "slim", "slender")}),
    _pairs("mouth", {"open": ("open", "opened", "wide_open", "agape", "gaping", "hanging", "dropped"),
                     "closed": ("closed", "shut")})))
CHIN = Feature("chin", _pairs("chin", {
    "receding": ("receding", "weak", "weak_chin", "recessed", "retreating", "small", "tiny", "little",
                 "sloping", "retracted", "soft", "smaller", "shy", "underdeveloped", "non_existent"),
    "medium": ("medium", "average", "normal", "regular", "moderate", "medium_sized"),
    "prominent": ("prominent", "strong", "jutting", "protruding", "big", "large", "pronounced", "projecting",
                  "forward", "square", "firm", "stronger", "bigger", "larger", "massive", "heavy", "long",
                  "protrusive", "determined", "powerful", "bold", "huge"),
}))
SKIN = Feature("skin", _merge(SKIN_TONES, {"freckled": (("freckles", "some"),), "smooth": (), "clear": (),
                                           "tone": (), "toned": (), "healthy": ()}))
_HAIR_STYLE = _pairs("scalp_hair", HAIR_STYLE)
# "no hair" is bald; "no grey hair" only denies the colour
HAIR = Feature("hair", _merge(HAIR_COLORS, _HAIR_NEUTRAL, _pairs("scalp_hair", HAIR_AMOUNT), _HAIR_STYLE),
               negated=(("scalp_hair", "bald"),), hints=_HAIR_STYLE)
# Hairstyles carry the hair colour ("a silver bob") and are worth a phrase themselves; hair is there.
HAIRSTYLE = Feature("hairstyle", HAIR_COLORS, presence=True, implies=(("scalp_hair", "full"),))
SIDES_STYLE = Feature("sides_shaved", HAIR_COLORS, presence=True)
HAIRLINE = Feature("hairline", _pairs("scalp_hair", {"receding": ("receding", "receded", "retreating"),
                                                     "balding": ("thinning",)}))
HEAD = Feature("head", {w: (("scalp_hair", v),) for w, v in HEAD_WORDS.items()})  # "his head is shaved"
CHEEKS = Feature("cheeks", _pairs("face_width", {
    "wide": ("chubby", "plump", "full", "round", "puffy", "fat", "fleshy", "chubbier", "fuller", "pudgy", "apple",
             "chipmunk", "big"),
    "narrow": ("hollow", "sunken", "gaunt", "hollowed", "thin", "bony", "concave"),
}), presence=True)
BEARD = Feature("beard", _merge(FACIAL_COLORS, {
    "full": (("beard", "full"),), "thick": (("beard", "full"),), "bushy": (("beard", "full"),),
    "long": (("beard", "full"),), "heavy": (("beard", "full"),), "big": (("beard", "full"),),
    "dense": (("beard", "full"),), "huge": (("beard", "full"),), "large": (("beard", "full"),),
    "light": (("beard", "stubble"),), "stubbly": (("beard", "stubble"),), "slight": (("beard", "stubble"),),
    "scruffy": (), "neat": (), "trimmed": (), "short": (), "groomed": (), "well": (),
}), intrinsic=(("beard", "full"),), negated=(("beard", "none"),))
MUSTACHE = Feature("mustache", _merge(FACIAL_COLORS, {"thin": (), "thick": (), "bushy": (), "big": (),
                                                    "small": (), "neat": (), "trimmed": (), "pencil": (),
                                                    "handlebar": (), "walrus": (), "full": ()}),
                   intrinsic=(("beard", "mustache"),), negated=(("beard", "none"),))
GOATEE = Feature("goatee", _merge(FACIAL_COLORS, {"small": (), "neat": (), "trimmed": (), "pointed": (),
                                                "short": (), "little": ()}),
                 intrinsic=(("beard", "goatee"),), negated=(("beard", "none"),))
STUBBLE = Feature("stubble", _merge(FACIAL_COLORS, {"light": (), "heavy": (), "thick": (), "short": (),
                                                  "slight": (), "designer": (), "day": (), "days": (),
                                                  "few": (), "faint": ()}),
                  intrinsic=(("beard", "stubble"),), negated=(("beard", "none"),))
# Mutton chops (sideburns grown down the cheeks and joined by a moustache, the chin shaved): the texture has no such
# style, so the nearest it draws, a full beard, said by drawn_instead.notes (as a soul patch is drawn as a goatee)
MUTTON_CHOPS = Feature("mutton_chops", _merge(FACIAL_COLORS, {"big": (), "bushy": (), "thick": (), "long": ()}),
                       intrinsic=(("beard", "full"),), negated=(("beard", "none"),))
SHAVEN = Feature("clean_shaven", {}, intrinsic=(("beard", "none"),), negated=())
FACIAL_HAIR = Feature("facial_hair", _merge(FACIAL_COLORS, {"light": (("beard", "stubble"),),
                                                          "heavy": (("beard", "full"),),
                                                          "full": (("beard", "full"),)}),
                      intrinsic=(), negated=(("beard", "none"),))
MAKEUP = Feature("makeup", _pairs("makeup", {
    "none": ("no", "zero"),
    "light": ("light", "subtle", "natural", "minimal", "little", "soft", "slight", "minimalist", "faint",
              "understated", "delicate", "simple", "barely", "discreet", "sheer", "nude", "lighter",
              "everyday", "touch", "hint", "moderate", "some", "bit", "light_makeup", "lightly"),
    "heavy": ("heavy", "thick", "dramatic", "bold", "full", "glam", "glamorous", "caked", "lots", "loud",
              "strong", "intense", "theatrical", "excessive", "smoky", "smokey", "gothic", "goth", "stage",
              "garish", "extravagant", "elaborate", "much", "plenty", "tons", "heavier", "vivid", "bright",
              "heavy_makeup", "colorful", "dark", "heavily"),  # "heavily made up" (was light)
}), intrinsic=(("makeup", "light"),), negated=(("makeup", "none"),))
MAKEUP_FREE = Feature("makeup_free", {}, intrinsic=(("makeup", "none"),))
# Eye make-up implies make-up (heavy words heavy), weaker than a stated amount; the phrase keeps the colour.
_EYE_DEGREES = {**{w: p for w, p in MAKEUP.mods.items() if w not in EYE_MAKEUP_NOT},
                **_pairs("makeup", {"light": EYE_MAKEUP_LIGHT})}
EYE_MAKEUP_FEATURE = Feature("eye_makeup", _EYE_DEGREES, presence=True, implies=(("makeup", "light"),),
                             hints=_EYE_DEGREES)
SMOKY_EYES = Feature("smoky_eyes", {}, presence=True, implies=(("makeup", "heavy"),))
HEAVY_MAKEUP = Feature("heavy_makeup", {}, intrinsic=(("makeup", "heavy"),), negated=(("makeup", "light"),))
LIGHT_MAKEUP = Feature("light_makeup", {}, intrinsic=(("makeup", "light"),), negated=(("makeup", "none"),))
FRECKLES = Feature("freckles", {"few": (), "some": (), "light": (), "many": (), "lots": (), "scattered": (),
                                "faint": (), "tiny": (), "small": (), "little": (), "numerous": (), "plenty": ()},
                   intrinsic=(("freckles", "some"),), negated=(("freckles", "none"),))
EXPRESSION = Feature("expression", _merge(_FACE_EXPR, {"medium": (("expression", "neutral"),),
                                                       "normal": (("expression", "neutral"),)}))
def _expr(value: str, negated_value: str | None = "neutral") -> Feature:
    return Feature(value, {}, intrinsic=(("expression", value),),
                   negated=(("expression", negated_value),) if negated_value else ())


SMILE = Feature("smile", {"big": (), "broad": (), "wide": (), "slight": (), "small": (), "faint": (),
                          "gentle": (), "soft": (), "little": (), "huge": (), "toothy": ()},
                intrinsic=(("expression", "smile"),), negated=(("expression", "neutral"),),
                actions={"toothy": (("mouth", "parted"),)})  # "a toothy grin": teeth show (resolve._TEETH)
# Teeth that show part the lips (implied: any other mouth statement wins, and an expression whose own lips are
# apart keeps them, resolve._TEETH): "teeth showing", "showing his teeth", "visible teeth".  Bared teeth are the
# snarl of a threat: parted and anger, implied, so a stated expression wins ("a smiling man baring his teeth" is a
# smile); a grimace of pain or effort would need its own word.  Before, all of these were phrases only, and
# refinement (identity and texture only) cannot open a mouth.
_SHOWN = ("showing", "shown", "show", "shows", "visible", "exposed")
_BARED = ("bared", "baring", "bare", "bares")
TEETH = Feature("teeth", {w: () for w in _SHOWN + _BARED},
                actions={**{w: (("mouth", "parted"),) for w in _SHOWN},
                         **{w: (("mouth", "parted"), ("expression", "anger")) for w in _BARED}})
FROWN = _expr("frown")
SURPRISE = _expr("surprise")
ANGER = _expr("anger")
NEUTRAL = _expr("neutral", None)
SAD, POUT, DISGUST, FEAR, SMIRK = (_expr(v) for v in ("sad", "pout", "disgust", "fear", "smirk"))
# a sad smile, one look (blends.py): the smile's size words, not its teeth (a toothy smile is no sad one)
WISTFUL = Feature("wistful", {k: v for k, v in SMILE.mods.items() if k != "toothy"},
                  intrinsic=(("expression", "wistful"),), negated=(("expression", "neutral"),))
# "a toothy laugh" shows teeth as "a toothy grin" does: the parted mouth it implies yields to the laugh's own open jaw
# (resolve._TEETH, _LIPS_APART), as "laughing with her teeth showing" does, so the word is understood, not a phrase.
LAUGH = Feature("laugh", {"toothy": ()}, intrinsic=(("expression", "laugh"),), negated=(("expression", "neutral"),),
                actions={"toothy": (("mouth", "parted"),)})


def _lids(value: str) -> Feature:
    return Feature(value, {}, intrinsic=(("eyelids", value),), negated=(("eyelids", "open"),))


WINK, SQUINT = _lids("wink"), _lids("squint")
# "eyes closed" is the eyes' modifier; a bare "asleep" or "blindfolded" face closes them too
LIDS_CLOSED = Feature("closed_eyes", {}, intrinsic=(("eyelids", "closed"),), negated=(("eyelids", "open"),))
WIDE_EYED = _lids("wide")
# Mouth-open words of astonishment ("mouth agape", "open-mouthed", "jaw dropped", "gaping"): the open mouth is stated,
# the surprise only implied, so a stated expression wins ("an open-mouthed grin" is a smile).
AGAPE = Feature("agape", {}, intrinsic=(("mouth", "open"),), negated=(("mouth", "closed"),),
                implies=(("expression", "surprise"),))

# Voice and yawns open the mouth, and come with more: a scream is most often fear (a scream of rage names its
# anger), yelling and shouting anger; a yawn lowers the upper lids (heavy, the drawing of a sleepy face: a full yawn
# may shut them, but half-lowered lids are what a yawning portrait shows); singing says nothing of the mood.  All of
# it is implied, so what is said of the mouth, face or eyes wins quietly ("screaming with laughter" is a laugh,
# "yelling, his mouth slightly open" parted, "yawning with her eyes closed" closed), and the word stays in the
# phrase for CLIP, as a mood word does.  "not screaming" says nothing (a closed mouth would be a guess).
def _voice(name: str, implies: Pairs) -> Feature:
    return Feature(name, {}, presence=True, implies=(("mouth", "open"),) + implies)


SCREAM, YELL = _voice("scream", (("expression", "fear"),)), _voice("yell", (("expression", "anger"),))
YAWN, SING = _voice("yawn", YAWN_IMPLIES), _voice("sing", ())

# Nouns that describe the face but have no schema attribute: abstract phrases for CLIP.
_ABSTRACT_BARE = ("scar", "wrinkles", "dimples", "mole", "birthmark", "tattoo", "piercings", "glasses",
                  "sunglasses", "earrings", "acne", "pimples", "crows_feet", "laugh_lines", "sideburns", "hat", "cap",
                  "headscarf", "hijab", "turban",
                  "double_chin", "jowls", "monocle", "eyepatch", "bandana", "beanie", "helmet", "crown",
                  "veil", "blemishes", "cleft_chin", "pockmarks", "warts", "wart", "bruise", "bruises", "stitches",
                  "overbite", "braces", "stud", "nosering", "spots", "blush", "tears", "sweat", "black_eye",
                  "nose_hair", "ear_hair",
                  "lines", "bags", "circles", "shadows", "furrows", "creases", "sores", "burn", "burns")
_ABSTRACT_PARTS = ("cheekbones", "brow_ridge", "forehead", "ears", "lashes", "neck", "temples",
                   "nostrils", "features", "skull", "nape", "philtrum", "lobes",
                   "earlobes", "smile_lines", "gums", "tongue", "irises", "pupils", "gaze", "stare", "look")

FEATURES: dict[str, Feature] = {}
for _f, _words in ((EYES, ("eyes", "eyed")), (BROWS, ("brows", "browed")), (UNIBROW, ("unibrow", "monobrow")), (NOSE, ("nose", "nosed", "schnoz")),
                   (BRIDGE, ("bridge", "bridged")), (MOUTH, ("mouth", "mouthed")), (LIPS, ("lips", "lipped")),
                   (LIPSTICK, ("lipstick", "lipsticks", "lipgloss", "gloss")),
                   (FACE, ("face", "faced", "visage", "facial")), (JAW, ("jaw", "jawed")),
                   (CHIN, ("chin", "chinned")), (SKIN, ("skin", "skinned")), (HAIR, ("hair", "haired", "locks")),
                   (HAIRSTYLE, ("bob", "curls", "mane", "ponytail", "braids", "braid", "plait", "bun", "mop", "hairdo", "haircut",
                                "fringe", "bangs", "pigtails", "ringlets", "dreadlocks", "dreads", "afro",
                                "mullet", "quiff", "pompadour", "cornrows", "plaits", "waves", "tresses",
                                "pixie", "topknot", "updo", "chignon", "beehive", "bouffant", "perm")),
                   (SIDES_STYLE, SIDES_SHAVED), (HEAD, ("head", "headed")), (HAIRLINE, ("hairline",)),
                   (EYE_MAKEUP_FEATURE, EYE_MAKEUP), (SMOKY_EYES, ("smoky_eyes",)),
                   (CHEEKS, ("cheeks",)), (LIDS, ("eyelids", "lids", "eyelid", "lid")),
                   (DARK_CIRCLES, ("dark_circles",)), (EYE_BAGS, ("eye_bags",)), (EYE_SHADOWS, ("eye_shadows",)),
                   (BEARD, ("beard", "bearded", "whiskers")), (MUSTACHE, ("mustache", "mustached")),
                   (GOATEE, ("goatee", "goateed")), (TEETH, ("teeth",)), (MUTTON_CHOPS, ("mutton_chops",)),
                   (STUBBLE, ("stubble", "stubbled", "stubbly", "scruff", "unshaven", "unshaved", "bristles")),
                   (SHAVEN, ("clean_shaven", "shaven", "beardless", "shaved")),
                   (FACIAL_HAIR, ("facial_hair",)), (MAKEUP, ("makeup", "cosmetics")),
                   (HEAVY_MAKEUP, ("heavy_makeup",)), (LIGHT_MAKEUP, ("light_makeup",)),
                   (MAKEUP_FREE, ("makeup_free", "barefaced")),
                   (FRECKLES, ("freckles", "freckled", "freckling")),
                   (EXPRESSION, ("expression", "expressions", "demeanor", "demeanour", "countenance", "mood",
                                 "mien")),
                   (SMILE, ("smile", "smiling", "grin", "beaming", "happy", "joyful",
                            "grinning")),
                   (FROWN, ("frown", "frowning", "scowl", "grumpy", "sullen", "glowering",
                            "grimace", "grimacing", "upset", "stern", "disapproving", "sour")),
                   (SAD, ("sad", "unhappy", "sorrowful", "miserable", "glum", "mournful", "sadness", "sorrow",
                          "tearful", "crying", "weeping", "melancholy", "downcast", "heartbroken", "forlorn",
                          "dejected", "despondent", "grieving", "depressed", "gloomy")),
                   (LAUGH, ("laugh", "laughing", "laughter", "chuckling", "giggling", "cackling", "guffawing")),
                   (POUT, ("pout", "pouting", "pouty", "sulking", "sulky", "petulant")),
                   (DISGUST, ("disgusted", "disgust", "repulsed", "revolted", "sneer", "sneering", "nauseated",
                              "grossed_out", "revulsion")),
                   (FEAR, ("scared", "afraid", "frightened", "terrified", "fearful", "fear", "horrified",
                           "panicked", "petrified", "alarmed", "terror", "panicky")),
                   (SMIRK, ("smirk", "smirking", "smug", "smirky")),
                   (WINK, ("wink", "winking")),
                   (SQUINT, ("squint", "squinting")),
                   (LIDS_CLOSED, ("closed_eyes", "asleep", "sleeping", "blindfolded")),
                   (WIDE_EYED, ("wide_eyed",)),
                   (AGAPE, ("agape", "open_mouthed", "jaw_dropped", "gaping")),
                   (SCREAM, ("scream", "screams", "screaming", "screamed", "shrieking", "shriek", "shrieks")),
                   (YELL, ("yell", "yells", "yelling", "yelled", "shout", "shouts", "shouting", "shouted",
                           "hollering", "bellowing")),
                   (YAWN, ("yawn", "yawns", "yawning", "yawned")),
                   (WISTFUL, (SAD_SMILE, "wistful")),  # "a wistful woman": the schema's wistful, a sad smile
                   (SING, ("singing", "sings", "sang")),
                   (SURPRISE, ("surprised", "surprise", "shocked", "astonished", "amazed", "startled", "stunned",
                               "astonishment", "shock", "gasping", "surprised_look", "awestruck", "astounded")),
                   (ANGER, ("angry", "anger", "furious", "enraged", "irate", "livid", "rage", "snarling",
                            "snarl", "fuming", "glaring", "seething", "raging", "angrily", "annoyed", "irritated")),
                   (NEUTRAL, ("expressionless", "deadpan", "neutral_face", "impassive", "unsmiling",
                              "emotionless", "stoic", "stony", "straight_faced"))):
    for _w in _words:
        FEATURES[_w] = _f
# A double chin or jowls come with a full face; they stay phrases too (the shape model has no chin fat).
_IMPLIES = {"double_chin": (("face_width", "wide"),), "jowls": (("face_width", "wide"),),
            "wrinkles": (("age", "old"),)}  # (crow's feet and laugh lines come with smiling at any adult age)
# The scalp: "a bald spot", "a receding hairline" state it ("no bald spot": full); a buzz cut or widow's peak
# implies it and stays a phrase.
for _w, _v in SCALP_NOUNS.items():
    FEATURES[_w] = Feature(_w, {}, intrinsic=(("scalp_hair", _v),),
                           negated=(("scalp_hair", "full"),) if _v != "full" else ())
for _w, _v in SCALP_STYLES.items():
    FEATURES[_w] = Feature(_w, HAIR_COLORS, presence=True, implies=(("scalp_hair", _v),))
for _w in _ABSTRACT_BARE:
    FEATURES[_w] = Feature(_w, presence=True, implies=_IMPLIES.get(_w, ()))
for _w in _ABSTRACT_PARTS:
    FEATURES[_w] = Feature(_w)
# Slang and everyday mood words ("pissed off", "stoked", "bummed"), beside the plain ones (slang.py)
_BY_EXPRESSION = {"anger": ANGER, "frown": FROWN, "sad": SAD, "smile": SMILE, "fear": FEAR, "surprise": SURPRISE}
for _v, _words in MOOD_SLANG.items():
    for _w in _words:
        FEATURES.setdefault(_w, _BY_EXPRESSION[_v])
for _v, _words in MOOD_WORDS.items():  # "devastated", "grief-stricken", "incensed" (mood_words.py)
    for _w in _words:
        FEATURES.setdefault(_w, _BY_EXPRESSION[_v])

# A frown's, scowl's, laugh's, smirk's ... size is the look's degree, as a smile's (mood_degree.SIZES grades it: "a
# slight frown" 0.5, "a huge smile" 2.0), so the nouns take every size word: before, "a deep frown", "a strong frown"
# and "a slight smirk" left the size as a phrase for CLIP, which cannot change an expression.  Only the nouns: "a big
# laughing man" keeps "big" as the man's.
_SIZED = {w: () for w in SIZES}
_SIZED_LOOKS: dict[int, Feature] = {}
for _w in NOUNS & set(FEATURES):
    _f = FEATURES[_w]
    FEATURES[_w] = _SIZED_LOOKS.setdefault(id(_f), replace(_f, mods={**_SIZED, **_f.mods}))

# Nouns other than the head that a feature noun may be preceded by ("nose bridge" is merged
# earlier; "eye color" etc. too).  Expression words that are adjectives: they may stand free.
EXPRESSION_WORDS = frozenset(w for w, f in FEATURES.items()
                             if f in (SMILE, FROWN, SURPRISE, ANGER, NEUTRAL) or f.name in ("smile", "frown"))
