"""Gestures and passing looks layered on the expression (`ParseResult.gestures`; backend/shape/expression_gestures.py
draws them): "raising one eyebrow", "raised eyebrows" (both), "a skeptical smirk", "suspicious", "confused",
"bored", "whistling", "blowing a kiss", "biting her lip", "a lopsided grin", "grimacing in pain", "puffed cheeks"; and the side of a wink or smirk ("winking with his
right eye").  Before, each stayed a CLIP phrase only: without CLIP weights the face was neutral.

Why not `expression` values: each sits on an expression ("a skeptical smirk" is the smirk with a raised brow, "a
lopsided grin" a smile lifted on one side, "grimacing in pain" the frown with a wince) or on none, and a value per
pair would not scale; the code and the schema's expression list stay as they are.

`read(tokens, cleaned)` -> {gesture: {"side": "left" | "right", "degree": f}} (side only for one-sided looks, degree
only when degree words say one), the token spans read, and notes for what the face model cannot show (a tongue:
ICT has no tongue key; rolled eyes: its eyeballs do not turn with the expression keys).  "left" and "right" are the
character's own ("his left eyebrow"), which ARKit's _L is; unstated, the character's left, as the smirk and wink
presets.  A negated gesture ("not confused", "never whistling") is left to the parser's negated phrases.
"""
from __future__ import annotations

from .degree import run_factor
from .mood_degree import LOPSIDED, SIZES
from .lexicon import DEGREE_RANGE, DEGREES, NEGATIONS, NOT_VERY, PERSONS, POSSESSIVES, ROLES, VARIANTS

MOODS = {
    **{w: "confused" for w in ("confused", "puzzled", "perplexed", "baffled", "bewildered", "befuddled", "confusion",
                               "puzzlement", "quizzical", "quizzically")},
    **{w: "bored" for w in ("bored", "boredom", "uninterested", "disinterested", "unimpressed", "jaded")},
    **{w: "skeptical" for w in ("skeptical", "sceptical", "skeptic", "sceptic", "skeptically", "sceptically",
                                "doubtful", "dubious", "incredulous", "cynical")},
    # suspicion narrows both eyes under lowered brows (the skeptic's doubt raises one brow): was read as skeptical
    **{w: "suspicious" for w in ("suspicious", "suspiciously", "suspicion", "distrustful", "mistrustful", "wary",
                                 "warily", "leery", "distrusting", "mistrusting")},
    **{w: "whistle" for w in ("whistling", "whistles", "whistle", "whistled")},
    **{w: "wince" for w in ("wincing", "winces", "wince", "winced", "pained", "agonized", "agonised")},
    **{w: "kiss" for w in ("kissy",)},
}
_RAISE = frozenset({"raising", "raised", "raises", "raise", "arching", "arches", "cocking", "cocked", "cocks",
                    "lifting", "lifted", "lifts", "quirking", "quirked", "quirks", "arched", "up"})
_SHAPES = frozenset({"arched", "up"})  # "arched eyebrows" are a brow's shape, not both raised
_ONE = frozenset({"one", "single", "left", "right", "an", "a"})
_BLOW = frozenset({"blowing", "blows", "blew", "blow", "blown", "throwing", "throws", "threw"})
_BITE = frozenset({"biting", "bites", "bite", "bitten", "chewing", "chews", "chewed", "nibbling", "nibbles"})
_PUFF = frozenset({"puffed", "puffing", "puffs", "puff", "puffed_out", "blowing_out", "inflated", "ballooned",
                   "puffed_up"})
_STICK = frozenset({"sticking", "sticks", "stuck", "stick", "poking", "pokes", "poked", "hanging", "lolling"})
_ROLL = frozenset({"rolling", "rolls", "rolled", "roll"})
_LOPSIDED = LOPSIDED  # mood_degree.py: its sizes look past them
_SMILES = frozenset({"smile", "grin", "smiling", "grinning"})
_LOPSIDED_ADVERBS = frozenset({"lopsidedly", "crookedly", "wonkily", "unevenly", "asymmetrically"})
_PAIN = frozenset({"pain", "agony", "in_pain"})
_SIDES = {"left": "left", "right": "right"}
_REACH = 4  # words from a verb to its object ("blowing her a kiss", "raising his left eyebrow")
# the only words between a verb and its feature ("raising his left eyebrow", "biting her lower lip"): another noun
# between says the verb is another's ("a raised scar above one eyebrow", "chewing gum between her lips")
_FILL = frozenset({"a", "an", "the", "one", "single", "left", "right", "lower", "upper", "bottom", "top", "out", "up",
                   "on", "at", "into", "both", "full", "skeptical", "sceptical", "quizzical"}) | POSSESSIVES | DEGREES
# things a mood word before them describes, not a face: "a suspicious mole", "a dubious tattoo"
_THINGS = frozenset({"lump", "stain", "mark", "spot", "growth", "rash", "package", "substance", "activity",
                     "behaviour", "behavior", "circumstances", "death", "wound", "scar", "scars", "mole", "moles",
                     "tattoo", "tattoos", "birthmark", "bruise", "wart", "piercing", "stitches"})
_DETERMINERS = frozenset({"a", "the", "this", "that", "no"}) | POSSESSIVES
NOT_SHOWN = {
    "tongue": "a tongue (the ICT face model has no tongue key; pose one in Blender)",
    "eye_roll": "rolled eyes (the ICT model's eyeballs do not turn with its expression keys; turn them in Blender)",
}


def _near(w: list[str], i: int, words, reach: int = _REACH) -> int | None:
    """Index of the first of `words` within `reach` after i, not past a clause's end."""
    for k in range(i + 1, min(len(w), i + 1 + reach)):
        if w[k] in words:
            return k
        if w[k] in (",", ";", ".", "and", "but", "while", "with") and w[k] not in words:
            return None
    return None


def _next_to(w: list[str], i: int, words) -> int | None:
    """Index of the first of `words` after i with only _FILL words between, within _REACH."""
    for k in range(i + 1, min(len(w), i + 1 + _REACH)):
        if w[k] in words:
            return k
        if w[k] not in _FILL:
            return None
    return None


def _compound(tokens, cleaned: str, i: int) -> bool:
    """A word hyphen-joined to the next ("whistle-clean"): a compound of its own, not the gesture."""
    return i + 1 < len(tokens) and cleaned[tokens[i].end:tokens[i + 1].start] == "-" and tokens[i + 1].w not in (
        "looking", "faced", "eyed")


def _side(w: list[str], a: int, b: int) -> str | None:
    for k in range(max(0, a - 2), min(len(w), b + 4)):
        if w[k] in _SIDES:
            return _SIDES[w[k]]
    return None


def _side_later(w: list[str], i: int) -> str | None:
    """A side named later in the clause ("she winked at me with her left eye")."""
    for k in range(i + 1, min(len(w), i + 8)):
        if w[k] in (",", ";", ".", "and", "but"):
            return None
        if w[k] in _SIDES and k + 1 < len(w) and w[k + 1] in ("eyes", "side"):
            return _SIDES[w[k]]
    return None


def _negated(w: list[str], a: int) -> bool:
    return any(u in NEGATIONS or u in NOT_VERY for u in w[max(0, a - 3):a])


def _degree(w: list[str], a: int) -> float | None:
    k = a
    while k > 0 and (w[k - 1] in DEGREES or (w[k - 1] == "a" and k < len(w) and w[k] == "little")):
        k -= 1
    f = run_factor(w[k:a], False)
    if f is None:
        return None
    lo, hi = DEGREE_RANGE
    return min(max(f, lo), hi)


def _singular_brow(tokens, cleaned: str, k: int, w: list[str]) -> bool:
    raw = cleaned[tokens[k].start:tokens[k].end].lower()
    return raw in ("eyebrow", "brow") or any(u in ("one", "single", "left", "right") for u in w[max(0, k - 3):k])


def read(tokens, cleaned: str) -> tuple[dict[str, dict], list[tuple[int, int]], list[str]]:
    """Tokens (after merge_phrases) -> (gestures, spans of tokens read (first, last), notes of looks not shown)."""
    w = [t.w for t in tokens]
    found: list[tuple[str, int, int]] = []  # (gesture, first, last)
    sizes: list[tuple[int, int]] = []  # size words read as the smile's strength
    for i, u in enumerate(w):
        if u in MOODS:
            if _compound(tokens, cleaned, i) or (u == "whistle" and i > 0 and w[i - 1] in _DETERMINERS) or (
                    i + 1 < len(w) and w[i + 1] in _THINGS):
                continue  # "whistle-clean", "a referee with a whistle", "clean as a whistle": not whistling
            found.append((MOODS[u], i, i))
        elif u in _RAISE and u != "up":  # "raising one eyebrow", "one eyebrow raised" (below), "a raised left eyebrow"
            k = _next_to(w, i, {"brows"})
            if k is not None and _singular_brow(tokens, cleaned, k, w):
                found.append(("brow_raise", i, k))
            elif k is not None and u not in _SHAPES:  # "raised eyebrows", "raising her eyebrows": both (was a phrase)
                found.append(("brows_raised", i, k))
        elif u == "brows" and i + 1 < len(w) and w[i + 1] in _RAISE and w[i + 1] not in _SHAPES:
            if _singular_brow(tokens, cleaned, i, w):
                a = i - 1 if i > 0 and w[i - 1] in _ONE else i
                found.append(("brow_raise", a, i + 1))
            else:  # "eyebrows raised", "both brows lifted"
                found.append(("brows_raised", i - 1 if i > 0 and w[i - 1] == "both" else i, i + 1))
        elif u in _BLOW:
            k = _near(w, i, {"kiss", "kisses"})
            if k is not None:
                found.append(("kiss", i, k))
            elif u.startswith("blow") and (k := _next_to(w, i, {"cheeks"})) is not None:  # "blowing out his cheeks"
                found.append(("cheek_puff", i, k))
        elif u in _BITE or (u == "bit" and i + 1 < len(w) and w[i + 1] in POSSESSIVES):  # not "a bit full lips"
            k = _next_to(w, i, {"lips"})
            if k is not None:
                found.append(("lip_bite", i, k))
        elif u in _PUFF:
            k = _next_to(w, i, {"cheeks"})
            if k is not None:
                found.append(("cheek_puff", i, k))
        elif u in _STICK or u == "tongue":
            k = i if u == "tongue" else _next_to(w, i, {"tongue"})
            if k is not None and (u != "tongue" or (k + 1 < len(w) and w[k + 1] == "out")):
                found.append(("tongue", i, k + (1 if k + 1 < len(w) and w[k + 1] == "out" else 0)))
        elif u in _ROLL:  # "rolling her eyes", "an eye-rolling teen"
            k = i - 1 if i > 0 and w[i - 1] == "eyes" and cleaned[tokens[i - 1].end:tokens[i].start] == "-" else (
                _next_to(w, i, {"eyes"}))
            if k is not None:
                found.append(("eye_roll", min(i, k), max(i, k)))
        elif u in _LOPSIDED and (k := _next_to_smile(w, i)) is not None:  # "a lopsided (broad) grin"
            found.append(("lopsided", i, k))
            a = i
            while a > 0 and (w[a - 1] in SIZES or w[a - 1] in DEGREES):
                a -= 1
            if a < i:  # "a slight lopsided grin": the size is the grin's strength (mood_degree.py), not a phrase
                sizes.append((a, i - 1))
        elif u in _LOPSIDED_ADVERBS and i > 0 and w[i - 1] in _SMILES:  # "grinning lopsidedly"
            found.append(("lopsided", i - 1, i))
        elif u in ("grimacing", "grimace", "grimaces", "grimaced") or u in _PAIN:
            k = i if u in _PAIN else _near(w, i, _PAIN, 3)
            if k is not None:
                found.append(("wince", i, k))
            elif u not in _PAIN:  # "a grimacing man": the stretched, teeth-baring mouth without the pain's squint
                found.append(("grimace", i, i))
        elif u in ("winking", "wink", "winks", "winked", "smirking", "smirk", "smirks", "smirked"):
            side = _side(w, i, i) or _side_later(w, i)
            if side is not None:  # the span takes the side's words too ("winking his left eye": no 'left eye')
                stop = next((k for k in range(i + 1, min(len(w), i + 9)) if w[k] in (",", ";", ".", "and", "but")),
                            min(len(w), i + 9))  # not into the next clause ("..., blue eyes")
                end = max([k for k in range(i, stop) if w[k] in _SIDES or w[k] in ("eyes", "side")] or [i])
                if w[end] == "side" and end + 3 < len(w) and w[end + 1] == "of" and w[end + 3] in ("mouth", "lips",
                                                                                                  "face"):
                    end += 3  # "on the right side of his mouth": no 'mouth' phrase
                found.append(("wink" if u.startswith("wink") else "smirk", i, end))
    gestures: dict[str, dict] = {}
    spans, notes = [], []
    for name, a, b in found:
        if _negated(w, a):
            continue
        spans.append((a, b))
        if name in NOT_SHOWN:
            notes.append(f"not shown: {NOT_SHOWN[name]}")
            continue
        how: dict = {}
        side = _side(w, a, b) if name in ("brow_raise", "lopsided", "smirk", "wink", "skeptical", "confused") else None
        if side is not None:
            how["side"] = side
        degree = _degree(w, a)
        if degree is not None and degree != 1.0:
            how["degree"] = degree
        gestures[name] = how
    return gestures, spans + sizes, notes


def _next_to_smile(w: list[str], i: int) -> int | None:
    """Index of the smile word right after a lopsided word, past size words ("a lopsided broad grin")."""
    k = i + 1
    while k < len(w) and (w[k] in SIZES or w[k] in DEGREES):
        k += 1
    return k if k < len(w) and w[k] in _SMILES else None


# words that, beside a gesture's, say nothing more for CLIP: the phrase they leave is dropped
_PLAIN = frozenset({"a", "an", "the", "his", "her", "their", "one", "single", "left", "right", "out", "up", "with",
                    "in", "on", "to", "of", "side", "look", "looking", "looks", "face", "expression", "smirk",
                    "smile", "grin", "man", "woman", "boy", "girl", "person", "guy", "lady", "eyebrow", "brow",
                    "eyebrows", "eye", "eyes", "lip", "lips", "lower", "upper", "cheeks", "cheek", "kiss", "tongue",
                    "pain", "agony", "frown", "very", "slightly", "somewhat", "a bit", "little", "bit"})


def drop_phrases(abstract: list[str], tokens, cleaned: str, spans) -> list[str]:
    """The CLIP phrases left when those made only of gesture words and plain words go ("raising one eyebrow",
    "skeptical smirk", "confused man"): the gesture draws them."""
    read = {cleaned[tokens[k].start:tokens[k].end].lower() for a, b in spans for k in range(a, b + 1)}
    if not read:
        return abstract
    out = []
    for phrase in abstract:
        words = [x for x in "".join(c if c.isalnum() or c in "'-" else " " for c in phrase.lower()).split()]
        if words and all(x in read or x in _PLAIN or VARIANTS.get(x, x) in PERSONS or x in ROLES for x in words) and any(x in read for x in words):
            continue
        if any(p in read for x in words for p in x.split("-")):  # "she bit her lip nervously": 'nervously', not 'lip nervously'
            phrase = _less_read(phrase, read)
        if phrase:
            out.append(phrase)
    return out


_EDGES = frozenset({"a", "an", "the", "his", "her", "their", "with", "in", "on", "to", "of", "and", ","})


def _less_read(phrase: str, read: set[str]) -> str:
    """`phrase` less its gesture words (a hyphened word goes when its parts are read or plain: "bored-looking"), and
    the function words then left at its edges."""
    def gone(x: str) -> bool:
        parts = [p for p in x.lower().strip(",.;").split("-") if p]
        return all(p in read or p in _PLAIN for p in parts) and any(p in read for p in parts)
    keep = [x for x in phrase.split() if not gone(x)]
    while keep and keep[0].lower().strip(",.;") in _EDGES:
        keep = keep[1:]
    while keep and keep[-1].lower().strip(",.;") in _EDGES:
        keep = keep[:-1]
    return " ".join(keep)
