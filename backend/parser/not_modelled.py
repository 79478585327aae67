"""Things a description asks for that TextFace cannot make: glasses, scars, piercings, tattoos, hats, pointy ears,
moles.  They are said once ("not modelled: glasses, a scar (...)") and kept away from CLIP.

Why not CLIP phrases: refinement moves the shape code and the texture's global parameters (skin pigments, hair
colour, make-up amounts, ...; backend/texture/params.py), none of which can draw a lens, a scar line or a hat; a
phrase CLIP cannot satisfy only pulls those parameters somewhere else (a darker eye area for "glasses"), and its
"not refined" note suggested CLIP would add it.  What the texture does draw stays: freckles, age spots (with age),
make-up, beards, stubble, under-eye shadows.
"""
from __future__ import annotations

import re

# word (as written, lower case; plurals listed) -> how the warning names it
ITEMS = {
    "glasses": "glasses", "spectacles": "glasses", "specs": "glasses", "eyeglasses": "glasses",
    "sunglasses": "sunglasses", "monocle": "a monocle", "goggles": "goggles",
    "eyepatch": "an eyepatch", "scar": "a scar", "scars": "scars", "piercing": "a piercing", "piercings": "piercings",
    "earring": "an earring", "earrings": "earrings", "tattoo": "a tattoo", "tattoos": "tattoos",
    "hat": "a hat", "hats": "a hat", "cap": "a cap", "helmet": "a helmet", "beanie": "a beanie", "beret": "a beret",
    "bandana": "a bandana", "headscarf": "a headscarf", "hijab": "a hijab", "turban": "a turban", "veil": "a veil",
    "tiara": "a tiara", "headband": "a headband",  # not "crown" (of the head), "hood", "shades" (of grey)
    "mole": "a mole", "moles": "moles", "birthmark": "a birthmark", "birthmarks": "birthmarks",
    "braces": "braces", "eyepatches": "an eyepatch", "stitches": "stitches", "bruise": "a bruise",
    "bruises": "bruises", "warts": "warts", "wart": "a wart",
    # a mark or a worn thing the skin texture does not paint, a stretched ear lobe the mesh has no hole for
    "bindi": "a bindi", "bindis": "a bindi", "gauges": "ear gauges", "gauge": "an ear gauge",
    "plugs": "ear gauges", "stretchers": "ear gauges",
}
# two words that name one item ("nose ring"); the pair wins over its words
PAIRS = {("nose", "ring"): "a nose ring", ("nose", "stud"): "a nose stud", ("lip", "ring"): "a lip ring",
         ("eyebrow", "ring"): "an eyebrow ring", ("brow", "ring"): "an eyebrow ring", ("septum", "ring"): "a septum ring",
         ("ear", "ring"): "an earring", ("tongue", "ring"): "a tongue ring",
         ("beauty", "mark"): "a beauty mark", ("beauty", "spot"): "a beauty mark", ("black", "eye"): "a black eye",
         ("pointy", "ears"): "pointy ears", ("pointed", "ears"): "pointy ears", ("elf", "ears"): "pointy ears",
         ("elven", "ears"): "pointy ears", ("elfin", "ears"): "pointy ears", ("cat", "ears"): "pointy ears",
         # the head is one intact, nearly symmetric face: an injury's or a strong asymmetry's shape is not in it
         ("broken", "nose"): "a broken nose", ("cauliflower", "ears"): "cauliflower ears",
         ("cauliflower", "ear"): "a cauliflower ear", ("missing", "eye"): "a missing eye",
         ("asymmetric", "face"): "an asymmetric face", ("asymmetrical", "face"): "an asymmetric face",
         ("ear", "gauges"): "ear gauges", ("stretched", "earlobes"): "ear gauges", ("stretched", "ears"): "ear gauges"}
# "missing one eye", "missing an eye", "missing his left eye": the eye is gone (a pair with a word between)
_MISSING_BETWEEN = frozenset({"one", "an", "a", "his", "her", "their", "left", "right"})
# adjectives that say the person has one: the word goes, the rest of the phrase stays ("bespectacled professor")
ADJECTIVES = {"bespectacled": "glasses", "tattooed": "tattoos", "pierced": "a piercing", "scarred": "a scar",
              "scar-faced": "a scar", "pointy-eared": "pointy ears", "hatted": "a hat", "helmeted": "a helmet",
              "veiled": "a veil"}
# what is left of a phrase once the item's words are gone that says nothing on its own ("scarred face" -> "face")
_EMPTY = frozenset("""a an the his her their its my with and on of in over above below under across from to near
by at face skin cheek cheeks ear ears eyebrow eyebrows brow lip lips nose neck chin forehead jaw temple temples eye
eyes arm arms hand hands head body man woman person guy girl boy lady men women heavily lightly slightly very small big large little tiny deep faint one two
covered all
""".split())
# "piercing blue eyes", "a piercing gaze": a look, not a ring
_LOOKS = frozenset("eyes eye eyed gaze stare look glare blue green grey gray brown black hazel dark pale icy ice cold "
                   "steely light".split())
_WORD = re.compile(r"[\w'-]+")
_JOINERS = frozenset({"and", "or", "but", "yet", "nor"})


def _found(words: list[str]) -> tuple[list[str], set[int], bool]:
    """-> (names in order, indices of the item's words, whether an item noun (not only an adjective) is there)."""
    names, used, noun = [], set(), False
    for i, w in enumerate(words):
        if i in used:
            continue
        pair = PAIRS.get((w, words[i + 1])) if i + 1 < len(words) else None
        if w == "missing" and i + 2 < len(words) and words[i + 1] in _MISSING_BETWEEN and words[i + 2] == "eye":
            names.append("a missing eye")
            used |= {i, i + 1, i + 2}
            noun = True
        elif pair:
            names.append(pair)
            used |= {i, i + 1}
            noun = True
        elif w in ITEMS and not (w == "piercing" and i + 1 < len(words) and words[i + 1] in _LOOKS):
            names.append(ITEMS[w])
            used.add(i)
            noun = True
        elif w in ADJECTIVES or w.rsplit("-", 1)[-1] in ("rimmed", "framed") and i + 1 < len(words) and words[
                i + 1] in ITEMS:
            if w in ADJECTIVES:
                names.append(ADJECTIVES[w])
            used.add(i)
    return names, used, noun


def read(phrases: list[str], warnings: list[str], text: str = "") -> tuple[list[str], str | None, list[str]]:
    """(phrases, warnings) -> (the phrases kept for CLIP, the one not-modelled warning or None, the other warnings):
    items in phrases and in phrases left out as clothing ("lip ring") alike.  `text`: the cleaned description, where
    a phrase ending in a body part right before an item is the item's place ("a tribal face tattoo")."""
    left, warnings = from_left_out(warnings)
    kept, said = sort_out(phrases, left)
    if said and text:
        kept = [p for p in kept if not _places_an_item(p, text)]
    return kept, said, warnings


# body parts that name an item's place ("a tribal face tattoo": "tribal face" is no face for CLIP)
_PLACES = frozenset("face skin cheek cheeks ear ears eyebrow eyebrows brow lip lips nose neck chin forehead jaw temple "
                    "temples eye eyes arm arms hand hands head scalp throat".split())


def _places_an_item(phrase: str, text: str) -> bool:
    """Whether `phrase` ends in a body part that the text follows with an item word ("tribal face" + "tattoo")."""
    words = _WORD.findall(phrase)
    if not words or words[-1].lower() not in _PLACES:
        return False
    for m in re.finditer(re.escape(phrase) + r"[\s-]+([\w']+)", text, re.IGNORECASE):
        if m.group(1).lower() in ITEMS:
            return True
    return False


def sort_out(phrases: list[str], names: list[str] | None = None) -> tuple[list[str], str | None]:
    """Abstract phrases -> (those kept for CLIP, the one warning naming what is not modelled, or None).  A phrase about
    an item ("scar on his cheek", "wire-rimmed glasses") goes; an adjective of one leaves its word only
    ("bespectacled professor" -> "professor"); a bare body part beside one ("neck" of "a neck tattoo") goes too."""
    kept, names = [], list(names or [])
    for phrase in phrases:
        words = [w.lower() for w in _WORD.findall(phrase)]
        found, used, noun = _found(words)
        if not found:
            kept.append(phrase)
            continue
        names += found
        # a joiner beside an item's word goes with it ("a knight, scarred and weary" left "and weary")
        rest = [w for i, w in enumerate(_WORD.findall(phrase)) if i not in used
                and not (w.lower() in _JOINERS and (i - 1 in used or i + 1 in used))]
        if not noun and any(w.lower() not in _EMPTY for w in rest):
            kept.append(" ".join(rest))
    if not names:
        return phrases, None
    # a lone body part left beside an item is its place ("a neck tattoo" reads as "neck" + "tattoo")
    kept = [p for p in kept if not all(w.lower() in _EMPTY for w in _WORD.findall(p))]
    # a scar is painted on the skin (the texture's params version 19: backend/texture/scars.py, from ParseResult.scar)
    said = [n for n in dict.fromkeys(names) if n not in PAINTED]
    if not said:
        return kept, None
    # a mark is skin, so "TextFace makes the head and skin only" contradicted itself for a scar: marks are said apart,
    # first (hair_cuts.covering_note edits the last group's ending, which names the worn things)
    marks, worn = [n for n in said if n in SKIN_MARKS], [n for n in said if n not in SKIN_MARKS]
    groups = ([", ".join(marks) + " (not painted on the skin yet; add " + _it(marks) + " in Blender)"] if marks else []) \
        + ([", ".join(worn) + " (TextFace makes the head and skin only; add " + _it(worn) + " in Blender)"] if worn else [])
    return kept, "not modelled: " + "; ".join(groups)


PAINTED = frozenset({"a scar", "scars"})  # marks the texture paints: no longer called not modelled
# marks on the skin (how ITEMS and PAIRS name them): the texture could paint them, it does not yet
SKIN_MARKS = frozenset({"a scar", "scars", "a tattoo", "tattoos", "a mole", "moles", "a birthmark", "birthmarks",
                        "a beauty mark", "a bruise", "bruises", "a wart", "warts", "a black eye", "a bindi",
                        "stitches"})


def _it(names: list[str]) -> str:
    return "it" if len(names) == 1 and not names[0].endswith("s") else "these"


_WORN = frozenset({"glasses", "sunglasses", "spectacles", "specs", "eyeglasses", "frames", "shades"})


def styles_off(tokens: list) -> list:
    """Tokens without a face word that only styles a worn item: "cat-eye glasses" are no upturned eyes (the word
    stays in the text; the item is named by sort_out)."""
    return [t for i, t in enumerate(tokens)
            if not (t.w in ("eyes", "eye") and i + 1 < len(tokens) and tokens[i + 1].w in _WORN)]


_LEFT_OUT = "not about the face, left out: "


def from_left_out(warnings: list[str]) -> tuple[list[str], list[str]]:
    """Items inside phrases left out as clothing or objects ("lip ring": a ring) -> (their names, the warnings with
    those phrases' notes replaced, since the not-modelled warning names them)."""
    names, kept = [], []
    for w in warnings:
        said = w[len(_LEFT_OUT):].strip("'\"") if w.startswith(_LEFT_OUT) else ""  # the phrase, as repr() quoted it
        found = _found([x.lower() for x in _WORD.findall(said)])[0]
        if found:
            names += found
        else:
            kept.append(w)
    return names, kept
