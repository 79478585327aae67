"""The hairstyle a description states: length, style, volume and fringe (`ParseResult.hair`).

Hairstyle words imply scalp hair (features.py HAIRSTYLE) and, once read here, leave the abstract phrases (the hair
mesh is built from this reading; hair_phrases.py; a crop stays a phrase: it is painted); this reading is an extra
field beside the code (the code's size is fixed by the trained shape regressor), which backend/hair/style.py turns
into a hair mesh.  Only what the text says is here: "long black hair" {length: long}, "a bun" {style: bun}; a
negation denies ("no long hair" {denied: [long]}, "no bangs" {denied: [fringe]}).  Lengths: cropped (bald, shaved, buzz cut: no mesh, the painted
crop), short, chin, shoulder, long, very_long; styles: loose, ponytail, bun, braid, pigtails; volume: straight, curly,
afro; fringe: yes.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import NEGATIONS
from .tokens import Token

LENGTHS = ("cropped", "short", "chin", "shoulder", "long", "very_long")
STYLES = ("loose", "ponytail", "bun", "braid", "pigtails")
VOLUMES = ("straight", "curly", "afro")

# nouns that name scalp hair (a length word before one of them is the hair's length, not a face's or a beard's)
HAIR_NOUNS = frozenset({"hair", "haired", "locks", "tresses", "mane", "hairdo", "haircut", "hairstyle", "curls",
                        "waves", "ringlets", "ponytail", "braid", "braids", "plait", "plaits", "pigtails", "bob",
                        "dreadlocks", "dreads", "cut", "afro", "fro"})  # "a short afro": short
# word -> (field, value) said by the word alone ("a bob" is chin length, "a bun" a bun)
NOUNS = {
    "ponytail": ("style", "ponytail"), "pony": ("style", "ponytail"),
    "bun": ("style", "bun"), "topknot": ("style", "bun"), "chignon": ("style", "bun"), "updo": ("style", "bun"),
    "braid": ("style", "braid"), "plait": ("style", "braid"),
    "braids": ("style", "pigtails"), "plaits": ("style", "pigtails"), "pigtails": ("style", "pigtails"),
    "bunches": ("style", "pigtails"),
    "bob": ("length", "chin"), "bobbed": ("length", "chin"), "pixie": ("length", "short"),
    "crewcut": ("length", "cropped"), "buzzcut": ("length", "cropped"), "skinhead": ("length", "cropped"),
    "afro": ("volume", "afro"), "fro": ("volume", "afro"),
    "curls": ("volume", "curly"), "ringlets": ("volume", "curly"), "perm": ("volume", "curly"),
    "fringe": ("fringe", "yes"), "bangs": ("fringe", "yes"),
    "mane": ("length", "long"), "tresses": ("length", "long"),
    "dreadlocks": ("length", "shoulder"), "dreads": ("length", "shoulder"),
}
# word before a hair noun -> (field, value)
ADJECTIVES = {
    "short": ("length", "short"), "cropped": ("length", "short"), "close": ("length", "short"),
    "chin_length": ("length", "chin"), "jaw_length": ("length", "chin"),
    "shoulder_length": ("length", "shoulder"), "medium_length": ("length", "shoulder"),
    "mid_length": ("length", "shoulder"), "medium": ("length", "shoulder"),
    "long": ("length", "long"), "flowing": ("length", "long"), "lengthy": ("length", "long"),
    "waist_length": ("length", "very_long"),
    "curly": ("volume", "curly"), "wavy": ("volume", "curly"), "frizzy": ("volume", "curly"),
    "kinky": ("volume", "curly"), "coily": ("volume", "curly"), "permed": ("volume", "curly"),
    "voluminous": ("volume", "curly"), "big": ("volume", "curly"), "bushy": ("volume", "curly"),
    "straight": ("volume", "straight"), "sleek": ("volume", "straight"),
    "braided": ("style", "braid"), "plaited": ("style", "braid"),  # "long braided hair": was drawn loose
    "buzz": ("length", "cropped"), "crew": ("length", "cropped"), "shaved": ("length", "cropped"),
}
# "hair down to her waist": where the hair ends -> length
DOWN_TO = {"chin": "chin", "jaw": "chin", "jawline": "chin", "neck": "shoulder", "shoulders": "shoulder",
           "shoulder": "shoulder", "back": "long", "chest": "long", "shoulder_blades": "long", "waist": "very_long",
           "hips": "very_long", "knees": "very_long"}
_NOUN_LAST = frozenset({"dreadlocks", "dreads"})  # their length is a default that an adjective before them overrides
_VERY = frozenset({"very", "really", "extremely", "super", "incredibly"})
_STOP = frozenset({",", ".", ";", "!", "?", "with", "and", "but", "or", "who", "has", "is", "in"})
_WINDOW = 4  # words looked back from a hair noun for its adjectives
_BODY_TOO = frozenset({"short", "big"})  # the person's before "grey-haired" unless hyphened to it ("a long grey-haired")


def read(tokens: list[Token], cleaned: str = "") -> dict:
    """Tokens (after merge_phrases) -> {length?, style?, volume?, fringe?, cut?, covered?, covering?, denied?:
    [values]}: stated values only (cut and covering: hair_cuts.py; `cleaned`: the text the tokens span)."""
    words = [t.w for t in tokens]
    out: dict = {}
    denied: list[str] = []

    def say(k: int, field: str, value: str) -> None:
        if negated_before(words, k):
            said = "fringe" if field == "fringe" else value  # "no bangs": denied ["fringe"]
            if said not in denied:
                denied.append(said)
        else:
            out.setdefault(field, value)  # the first said wins ("long hair in a short ponytail": long)

    for k, w in enumerate(words):
        if w in NOUNS and w not in _NOUN_LAST:
            # "a long bob" ends at the collarbone: shoulder length, not a bob's chin
            say(k, *(("length", "shoulder") if w == "bob" and k and words[k - 1] == "long" else NOUNS[w]))
        if w == "cut" and k and words[k - 1] in ("buzz", "crew"):
            say(k, "length", "cropped")
        if w in HAIR_NOUNS:
            for j in range(k - 1, max(k - 1 - _WINDOW, -1), -1):
                if words[j] in _STOP:
                    break
                if (w == "haired" and words[j] in _BODY_TOO and cleaned
                        and cleaned[tokens[j].end:tokens[j + 1].start] != "-"):
                    break  # "a short grey-haired man": short is the man's (a body word), "short-haired" the hair's
                if words[j] in ADJECTIVES:
                    field, value = ADJECTIVES[words[j]]
                    if value == "long" and j and words[j - 1] in _VERY:
                        value = "very_long"
                    say(j, field, value)
            if w == "hair":
                _after(words, k, say)
                _sheet_values(words, k, say)
                _post_list(words, k, say)
        if w in _NOUN_LAST:  # after its adjectives: "long dreadlocks" are long
            say(k, *NOUNS[w])
    ears = _ears(cleaned)
    if ears == "denied":
        denied.append("tucked")
    elif ears:
        out["ears"] = ears
    cuts = read_cuts(tokens, cleaned)
    if cuts.get("cut") == "top_knot" and "bun" not in denied:
        out.setdefault("style", "bun")  # a top knot is a bun, placed high (hair/style.py)
    denied += [c for c in cuts.pop("denied", []) if c not in denied]
    out.update(cuts)
    if denied:
        out["denied"] = denied
    return out


# Hair behind the ears ("tucked behind her ears", "hair behind his ears", "she tucks her hair behind one ear"):
# `ears: "tucked"`, for the hair mesh to pull the side locks behind the ears; negated: denied ["tucked"].
_TUCK = r"(?:tucked|tucks|tuck|tucking|pushed|pushes|swept|sweeps|brushed|combed|slicked|pulled)"
_EARS = re.compile(r"\b(?:(?P<tuck>" + _TUCK + r")\s+(?:(?:back|neatly|carefully|firmly)\s+)?|(?P<bare>))behind\s+"
                   r"(?:her|his|their|the|one|both|each)\s+(?:\w+\s+)?ears?\b")
_EAR_HAIR = re.compile(r"\b(?:hair|locks|curls|strands|bangs|fringe|tresses)\b")
_EAR_NEG = re.compile(r"\b(?:not|never|n't|no longer)\s+(?:\w+\s+){0,2}$")


def _ears(cleaned: str) -> str | None:
    """"tucked" where hair is said to be behind the ears; "denied" where that is negated; else None."""
    low = cleaned.lower()
    for m in _EARS.finditer(low):
        clause = re.split(r"[,.;:!?]|\band\b|\bwith\b", low[:m.start()])[-1]
        # a tucking verb right after a list mark is the hair's ("red hair, tucked behind her ears"); otherwise the
        # clause names the hair ("a pencil tucked behind his ear" is no hair)
        if not _EAR_HAIR.search(clause) and not (m.group("tuck") and not clause.strip()):
            continue
        return "denied" if _EAR_NEG.search(low[:m.start()]) else "tucked"
    return None


# verbs of hair falling, after which "in dark waves" goes on to where it ends ("her hair fell in dark waves to her
# waist": was no length, and "waves" no volume)
_FALLS = frozenset("fell falls falling fall hung hangs hanging tumbled tumbles tumbling cascaded cascades cascading "
                   "flowed flows flowing spilled spills spilling".split())


# hair done after its noun: "long hair tied back" is the ponytail, "hair pulled up" / "put up" the updo (the bun);
# a style noun said after it names the style itself ("hair tied back in a braid", "pulled up into a bun")
_DONE_VERBS = frozenset("tied pulled put worn gathered twisted done".split())
_DONE = {"back": "ponytail", "behind": "ponytail", "up": "bun"}
_BEFORE_DONE = frozenset({"is", "was", "are", "were", "been", "all", "neatly", "tightly", "loosely", "always"})


def _done(words: list[str], k: int, say) -> None:
    j = k + 1
    while j < len(words) and words[j] in _BEFORE_DONE:
        j += 1
    if not (j + 1 < len(words) and words[j] in _DONE_VERBS and words[j + 1] in _DONE):
        return
    if words[j] == "pulled" and words[j + 1] == "back":
        return  # "pulled back" is a ponytail, a bun or slicked back: the text says which, or nothing is assumed
    if any(w in NOUNS and NOUNS[w][0] == "style" for w in words[j + 2:j + 6]):
        return
    say(j, "style", _DONE[words[j + 1]])


def _after(words: list[str], k: int, say) -> None:
    """'hair down to her waist', 'her hair is long', 'hair that falls to her shoulders'."""
    _done(words, k, say)
    falls = k + 1 < len(words) and words[k + 1] in _FALLS
    tail = words[k + 1:k + (10 if falls else 7)]
    for j, w in enumerate(tail):
        if falls and w == "waves":
            say(k + 1 + j, "volume", "curly")
            continue
        if w in _STOP - {"is", "with", "and"} - ({"in"} if falls else set()) or (w == "and" and j > 1):
            return
        if w in DOWN_TO and j and tail[j - 1] in ("to", "her", "his", "their", "the", "past", "below"):
            say(k + 1 + j, "length", DOWN_TO[w])
            return
        if w in ("long", "short") and j <= 3:
            say(k + 1 + j, "length", "very_long" if w == "long" and j and tail[j - 1] in _VERY else w)
            return


_POST_JOINS = frozenset({",", "and", "&", "very", "quite", "fairly", "rather", "really", "-", "cut", "worn", "kept",
                         "styled", "grown"})
# what may stand before the first word: "hair, cut short", "hair worn long", "her hair was bushy"
_POST_LEADS = frozenset({"very", "quite", "fairly", "rather", "really", "cut", "worn", "kept", "styled", "grown",
                         "is", "was", "are", "were", "looked", "looks", "seemed", "seems"})
_POST_END = frozenset({"", ",", ".", ";", "!", "?", "and", "&", "with", "but", ")", "-", "*", "was", "is",
                       "at"})  # "cut short at the jaw"


def _post_list(words: list[str], k: int, say) -> None:
    """Hair words after the noun, as a list of their own: "red hair, long and curly", "hair long and curly", "her
    hair, long and curly, was red".  Each word must close its item ("hair, short nose": short is the nose's)."""
    j = k + 1 + (k + 1 < len(words) and words[k + 1] in (",", "-", "*"))
    while j < len(words) and words[j] == "*":  # "**red hair**, long": markdown bold
        j += 1
    if j < len(words) and words[j] == ",":
        j += 1
    found, other, started = [], _hair_words(), False
    while j < len(words):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if w in ADJECTIVES:
            if nxt not in _POST_END and nxt not in ADJECTIVES and nxt not in other:
                return  # "hair, short nose"
            found.append(j)
        elif w in other and (nxt in _POST_END or nxt in ADJECTIVES):
            pass  # a hair word with no field here: "his hair was thick and curly", "her hair was red, long"
        elif not (w in _POST_JOINS and started or w in _POST_LEADS and not started):
            break
        started = started or w in ADJECTIVES or w in other
        j += 1
    for j in found:
        field, value = ADJECTIVES[words[j]]
        say(j, field, "very_long" if value == "long" and words[j - 1] in _VERY else value)


@lru_cache(maxsize=1)
def _hair_words() -> frozenset:
    """Modifiers of scalp hair that no hairstyle field takes ("thick", "red", "messy"): a list after the noun goes on
    across them (features.py; imported here, as features imports this package's tables)."""
    from .features import FEATURES

    return frozenset(FEATURES["hair"].mods) - frozenset(ADJECTIVES)


def _sheet_values(words: list[str], k: int, say) -> None:
    """A character sheet's field "Hair: short, curly, auburn": each value after the colon, up to the field's end (a
    full stop, a semicolon or the next label), read as before the noun ("short curly hair").  Before, the window back
    from "hair" stopped at the comma and "curly" stayed a phrase."""
    if k + 1 >= len(words) or words[k + 1] != ":":
        return
    for j in range(k + 2, len(words)):
        if words[j] in (".", ";", ":", "!", "?") or (j + 1 < len(words) and words[j + 1] == ":"):
            return
        if words[j] in ADJECTIVES:
            field, value = ADJECTIVES[words[j]]
            say(j, field, "very_long" if value == "long" and words[j - 1] in _VERY else value)


def read_cuts(tokens: list[Token], cleaned: str) -> dict:
    """Named cuts and head coverings (hair_cuts.py)."""
    from . import hair_cuts  # imported here: hair_cuts imports negated_before from this module

    return hair_cuts.read(tokens, cleaned)


def negated_before(words: list[str], k: int) -> bool:
    """A negation among the few words before word k in its phrase: "no long hair", "not in a ponytail", "not a
    long beard" (also facial_shapes.py's)."""
    for j in range(k - 1, max(k - 5, -1), -1):
        if words[j] in NEGATIONS:
            return True
        if words[j] in (",", ".", ";", "but", "and", "with"):
            return False
    return False
