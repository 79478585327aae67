"""Named haircuts and head coverings, read beside the hairstyle (`ParseResult.hair`, hairstyle.py): `cut` ("a
mohawk", "slicked back", "cornrows", ...) and `covered` ("a hijab", "a cap": what the hair mesh must leave room for).

backend/hair/style.py turns a cut into what is drawn: a mohawk or faux-hawk is a crest along the midline, a top knot
or man bun a bun high on the crown, slicked back hair a flat short cap with no fringe; the rest are named once as not
modelled with what is drawn instead (`CUT_NAMES`, hair/style.py).  A covering means no hanging hair, and no mesh at
all unless the prompt states hair that shows below a hat (`covering_keeps`).

CLIP: refinement cannot change the hair mesh (head.json's `hair` rebuilds it; backend/refine keeps the hair-mesh
texture parameters), so a phrase made only of hairstyle words that names a cut is not kept for CLIP (`drop_phrases`);
length, style, volume and fringe words read by `hair` go too (hair_phrases.py).
"""
from __future__ import annotations

import re

from .hairstyle import negated_before
from .tokens import Token

CUTS = ("mohawk", "faux_hawk", "slicked_back", "side_part", "middle_part", "undercut", "cornrows", "dreadlocks",
        "top_knot")
# how notes name a cut
CUT_NAMES = {"mohawk": "a mohawk", "faux_hawk": "a faux-hawk", "slicked_back": "slicked back hair",
             "side_part": "a side part", "middle_part": "a middle part", "undercut": "an undercut",
             "cornrows": "cornrows", "dreadlocks": "dreadlocks", "top_knot": "a top knot"}
# one word (token, as merged) -> cut
_WORDS = {"mohawk": "mohawk", "mohican": "mohawk", "mohawks": "mohawk", "fauxhawk": "faux_hawk",
          "fohawk": "faux_hawk", "slicked": "slicked_back", "undercut": "undercut", "cornrows": "cornrows",
          "cornrow": "cornrows", "dreadlocks": "dreadlocks", "dreads": "dreadlocks", "dreadlock": "dreadlocks",
          "topknot": "top_knot"}
# two words -> cut
_PAIRS = {("faux", "hawk"): "faux_hawk", ("top", "knot"): "top_knot", ("man", "bun"): "top_knot",
          ("side", "part"): "side_part", ("side", "parted"): "side_part", ("side", "parting"): "side_part",
          ("middle", "part"): "middle_part", ("middle", "parted"): "middle_part", ("center", "part"): "middle_part",
          ("centre", "part"): "middle_part", ("center", "parted"): "middle_part", ("centre", "parted"): "middle_part",
          ("middle", "parting"): "middle_part", ("corn", "rows"): "cornrows",
          ("swept", "back"): "slicked_back", ("combed", "back"): "slicked_back", ("greased", "back"): "slicked_back",
          ("gelled", "back"): "slicked_back", ("brushed", "back"): "slicked_back",
          ("high", "bun"): "top_knot"}  # a high bun is the top knot hair/style.py draws on the crown
# coverings that wrap all the hair: never a hair mesh under them
WRAPS = {"hijab": "a hijab", "headscarf": "a headscarf", "turban": "a turban", "wimple": "a wimple",
         "niqab": "a niqab", "burqa": "a burqa", "burka": "a burqa", "chador": "a chador", "balaclava": "a balaclava",
         "hood": "a hood", "headwrap": "a headwrap", "durag": "a durag", "keffiyeh": "a keffiyeh"}
# coverings that sit on the head: hair stated to show below them is kept
HATS = {"hat": "a hat", "hats": "a hat", "cap": "a cap", "beanie": "a beanie", "helmet": "a helmet",
        "beret": "a beret", "bandana": "a bandana", "fedora": "a fedora", "stetson": "a stetson",
        "sombrero": "a sombrero", "toque": "a toque", "bonnet": "a bonnet", "kippah": "a kippah",
        "yarmulke": "a yarmulke", "fez": "a fez", "veil": "a veil", "trilby": "a trilby", "bowler": "a bowler hat"}
_BACK = re.compile(r"(swept|combed|slicked|greased|gelled|brushed)[\s-]+back", re.IGNORECASE)
_HOOD_BEFORE = frozenset({"a", "his", "her", "their", "the", "raised", "up", "pulled", "dark", "black", "grey",
                          "gray", "hoodie", "wearing"})
_KEEP_UNDER_HAT = ("shoulder", "long", "very_long")  # hair long enough to show below a hat
_HANGING = ("ponytail", "braid", "pigtails")


def read(tokens: list[Token], cleaned: str = "") -> dict:
    """Tokens (after merge_phrases) -> {cut?, also?, covered?, covering?, denied?: [cuts]}: `cut` the first named cut,
    `also` the others (popped by second_cut_notes); `covered` is "wrap" or "hat",
    `covering` how the warning names it; a negated cut ("no mohawk") is denied, a negated covering ("no hat") read
    as none."""
    words = [t.w for t in tokens]
    out: dict = {}
    denied: list[str] = []
    for k, w in enumerate(words):
        cut = None
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if (w, nxt) in _PAIRS:
            cut = _PAIRS[(w, nxt)]
        elif w in _WORDS:
            cut = _WORDS[w]
        elif w == "bun" and re.match(r"man[\s-]*bun", cleaned[tokens[k].start:tokens[k].end], re.IGNORECASE):
            cut = "top_knot"  # the lexicon merges "man bun" into "bun"
        elif _BACK.fullmatch(cleaned[tokens[k].start:tokens[k].end]):
            cut = "slicked_back"  # the lexicon merges "swept back" into "combed"
        elif w == "locks" and cleaned[tokens[k].start:tokens[k].end].lower() == "locs":  # spelling folds locs
            cut = "dreadlocks"
        if cut:
            if negated_before(words, k):
                if cut not in denied:
                    denied.append(cut)
            elif "cut" not in out:
                out["cut"] = cut
            elif cut != out["cut"] and cut not in out.setdefault("also", []):
                out["also"].append(cut)  # one cut is drawn; the reader names the rest (second_cut_notes)
            continue
        kind = "wrap" if w in WRAPS else "hat" if w in HATS else None
        if w == "hood" and not (k and words[k - 1] in _HOOD_BEFORE):
            kind = None  # "the neighbourhood" sense of "hood" is rare but a bare "hood" says nothing
        if kind and not negated_before(words, k) and (out.get("covered") != "wrap"):
            out["covered"], out["covering"] = kind, (WRAPS if kind == "wrap" else HATS)[w]
    if denied:
        out["denied"] = denied
    return out


def second_cut_notes(hair: dict) -> list[str]:
    """Pops `also` (the cuts after the first, "cornrows and a middle parting") from `hair` -> one not-modelled note
    each: hair/style.py draws one named cut, so the others are said, not dropped silently."""
    first = CUT_NAMES.get(hair.get("cut", ""), "")
    return [f"hairstyle not modelled: {CUT_NAMES[c]} beside {first} (one named cut is drawn: {first}); shape it "
            f"in Blender" for c in hair.pop("also", [])]


# a stated length from "short" up, or a style that hangs or is tied, is hair on the scalp (not "cropped": a buzz cut)
_HAIR_LENGTHS = ("short", "chin", "shoulder", "long", "very_long")
_HAIR_STYLES = ("ponytail", "braid", "pigtails", "bun")


def imply_scalp(concrete: dict, hair: dict, denied: dict) -> dict:
    """Every named cut has hair on the scalp (a mohawk's strip, an undercut's top, a man bun), and so has hair of a
    stated length or a tied or hanging style ("hair down to his shoulders", "a braid"): `scalp_hair: full` unless
    the text states the scalp ("balding", "bald on top with long hair at the back": kept) or denies full hair, or
    else the seed may paint a bald or shaved scalp and the stated hair gets no mesh."""
    stated = hair.get("cut") or hair.get("length") in _HAIR_LENGTHS or hair.get("style") in _HAIR_STYLES
    if not stated or "scalp_hair" in concrete or "full" in denied.get("scalp_hair", ()):
        return concrete
    return {**concrete, "scalp_hair": "full"}


def covering_keeps(hair: dict) -> bool:
    """Whether hair stated in `hair` (ParseResult.hair) is built under its covering: only under a hat, and only hair
    that shows below it (a ponytail, braid or pigtails, or loose hair to the shoulders or longer)."""
    if hair.get("covered") != "hat":
        return False
    return hair.get("style") in _HANGING or (hair.get("length") in _KEEP_UNDER_HAT and hair.get("style") != "bun")


def covering_note(warning: str | None, hair: dict) -> str | None:
    """The not-modelled warning saying what happens to the hair under a covering: the covering's name with "no hair
    mesh under it" (or that the stated hair below it is kept), added to not_modelled's warning, or a warning of its
    own when that one does not name it ("a niqab")."""
    if not hair.get("covered"):
        return warning
    name = hair["covering"]
    said = (f"the stated hair is kept, fit {name} over it" if covering_keeps(hair) else f"no hair mesh under {name}")
    if warning and f" {name.split()[-1]}" in warning:
        done = re.sub(r"; (add (?:it|these) in Blender)\)$", f"; {said}; \\1)", warning)
        return done if done != warning else f"{warning} ({said})"
    extra = f"not modelled: {name} (TextFace makes the head and skin only; {said}; add it in Blender)"
    return f"{warning}; {extra}" if warning else extra


_HAIR_WORDS = frozenset("""a an the his her their with and in hair haired back cut style hairstyle do hairdo short
long neat tight sleek shiny messy black brown blonde blond red ginger grey gray white dark light auburn""".split())


# the words of _PAIRS that name nothing else ("hawk", not "side"), and those that may stand beside them
_CUT_PARTS = frozenset("hawk faux knot topknot parted parting part rows corn locs bun swept combed greased gelled "
                       "brushed".split())
_HAIR_WORDS = _HAIR_WORDS | frozenset("side middle center centre top man high".split())


def drop_phrases(phrases: list[str], hair: dict) -> list[str]:
    """The phrases for CLIP without those that only name the read cut or covering ("mohawk", "slicked back black
    hair" once its colour is read, "hood"): CLIP cannot draw them (module doc; not_modelled.py)."""
    if not hair.get("cut") and not hair.get("covered"):
        return phrases
    cut_words = set(_WORDS) | _CUT_PARTS | set(WRAPS) | set(HATS)
    out = []
    for p in phrases:
        words = [w.lower() for w in re.findall(r"[\w']+", p)]
        if any(w in cut_words for w in words) and all(w in cut_words or w in _HAIR_WORDS for w in words):
            # the cut goes; how it looks stays for CLIP, as a tied style's does ("a messy man bun" -> "messy hair")
            looks = [_LOOKS[w] for w in dict.fromkeys(words) if w in _LOOKS]
            if looks:
                out.append(" ".join(looks) + " hair")
            continue
        out.append(p)
    return out


_LOOKS = {"messy": "messy", "neat": "neat", "sleek": "sleek", "shiny": "shiny", "tight": "tightly pulled-back"}
