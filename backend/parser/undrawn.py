"""Colours the texture cannot draw, said instead of drawn wrong or dropped in silence.

Lipstick: `lip_color` holds natural, pale and red (backend/texture/params.py LIPS: lip tint 0.45, 0.1, 0.95, red also
at least half a lipstick layer).  What fits is read (`LIPSTICK_COLORS`):
- red: the red family and the saturated, warm or dark lipsticks whose nearest drawn tint is red: crimson, scarlet,
  ruby, cherry, wine, burgundy, berry, plum, maroon, coral, fuchsia, magenta, raspberry, "dark", "bold";
- natural: pink, rose, nude, peach, mauve: a natural lip is pink, and the texture's natural tint is that pink;
- pale: pale, white.
Black, purple, violet, blue, green, yellow, orange, brown, grey, silver and gold lipstick (`UNDRAWN["lip_color"]`)
are no lip colour of the texture: the lip colour is left unstated (the lips keep their natural tint; lipstick still
implies light make-up), a warning says so, and the words stay a phrase for refinement.  Before, black lipstick was
drawn red and purple lipstick pale with no word, pink lipstick natural with no word.

Hair, beards and eyes: blue, green, pink, purple (and kin) hair or beards, purple or violet eyes are no value of
`hair_color`, `beard_color` or `eye_color`: warned as not drawn, and when the same feature also has a drawn colour
("brown hair and blue hair") as a contradiction, as two drawn colours are; the drawn one is kept.  Before, "blue
hair" was a phrase beside brown hair, with no warning.
"""
from __future__ import annotations

from ..schema import BY_NAME
from .lexicon import NEGATIONS

_LIPSTICK = {
    "red": ("red", "crimson", "scarlet", "ruby", "cherry", "bright_red", "blood", "wine", "burgundy", "berry",
            "plum", "maroon", "coral", "fuchsia", "magenta", "raspberry", "oxblood", "reddish", "redder"),
    "natural": ("natural", "pink", "pinkish", "nude", "rosy", "rose", "peach", "peachy", "mauve", "blush",
                "neutral", "bare"),
    "pale": ("pale", "white", "paler", "whitish"),
}
LIPSTICK_COLORS = {w: (("lip_color", v),) for v, words in _LIPSTICK.items() for w in words}

_NEON = ("blue", "green", "pink", "purple", "violet", "lavender", "lilac", "teal", "turquoise", "magenta", "cyan",
         "aqua", "indigo", "navy", "rainbow", "neon", "fuchsia", "pastel", "mint", "emerald", "cobalt", "electric")
UNDRAWN = {
    "lip_color": ("black", "purple", "violet", "lavender", "lilac", "indigo", "blue", "navy", "teal", "turquoise",
                  "cyan", "green", "mint", "emerald", "yellow", "orange", "gold", "golden", "silver", "gray",
                  "brown", "chocolate", "metallic", "rainbow", "neon"),
    "hair_color": _NEON + ("multicolored",),
    "beard_color": _NEON + ("multicolored",),
    "eye_color": ("purple", "violet", "lavender", "lilac", "pink", "yellow", "orange", "magenta", "indigo", "red",
                  "crimson", "scarlet", "ruby"),  # "dark red eyes" (a vampire's) was brown
    # lips' own colour ("purple lips", "Lips: purple"): a lip colour the texture has not, as a lipstick's; blue and
    # grey lips stay pale (cold, ill), brown lips a natural lip
    "lips": ("black", "purple", "violet", "lavender", "lilac", "green", "mint", "emerald", "teal", "turquoise",
             "cyan", "yellow", "orange", "gold", "golden", "silver", "metallic", "rainbow", "neon"),
}
_NOUNS = {
    **{w: "lip_color" for w in ("lipstick", "lipsticks", "lipgloss", "gloss")},
    **{w: "hair_color" for w in ("hair", "haired", "locks", "mane", "bob", "curls", "ponytail", "braids", "mohawk",
                                 "dreadlocks", "dreads", "afro", "mullet", "pixie", "bun", "fringe", "bangs")},
    **{w: "beard_color" for w in ("beard", "bearded", "stubble", "mustache", "goatee", "whiskers")},
    **{w: "eye_color" for w in ("eyes", "eyed", "irises")},
    **{w: "lips" for w in ("lips", "lip", "lipped")},
}
# words that may stand between an undrawn colour and its noun, or before it ("dark purple", "bright blue and green")
_GLUE = frozenset({"dark", "deep", "bright", "light", "pale", "hot", "matte", "glossy", "shiny", "metallic", "dyed",
                   "vivid", "neon", "electric", "pastel", "-", "and", "or", ",", "&", "/", "colored", "tinted"})
_SHADES = frozenset({"dark", "deep", "bright", "light", "pale", "hot"})  # what they say goes with the colour
_AFTER = frozenset({"is", "was", "are", "were", ":", "in", "dyed", "colored", "painted"})
_ATTR_NAME = {"lip_color": "lipstick colour", "hair_color": "hair colour", "beard_color": "beard colour",
              "eye_color": "eye colour", "lips": "lip colour"}


def _colour_span(words: list[str], i: int, undrawn: tuple[str, ...]) -> tuple[list[int], list[str]]:
    """Positions of the words around noun i that colour it, and the undrawn colours among them."""
    span, found = [], []
    k = i - 1
    label = i + 1 < len(words) and words[i + 1] == ":"  # "Eyes: blue, Hair: long": a sheet's label, coloured after
    while k >= 0 and not label and (words[k] in undrawn or words[k] in _GLUE or words[k] in LIPSTICK_COLORS):
        span.append(k)
        k -= 1
    if k >= 0 and words[k] == ":" and "," in (words[j] for j in span):
        # "Eyes: blue, green hair": what comes before the comma is the label's field, not this noun's colour
        span = [j for j in span if j > next(j for j in span if words[j] == ",")]
    found = [words[j] for j in span if words[j] in undrawn]
    k = i + 1
    if k < len(words) and words[k] in _AFTER:  # "her lipstick is black", "hair dyed blue", "lipstick in plum"
        k += 1
        while k < len(words) and (words[k] in undrawn or words[k] in _GLUE):
            span.append(k)
            if words[k] in undrawn:
                found.append(words[k])
            k += 1
    return span, list(dict.fromkeys(reversed(found)))


def _denied(words: list[str], first: int) -> bool:
    k = first - 1
    while k >= 0 and words[k] in ("a", "an", "any", "the"):
        k -= 1
    return k >= 0 and words[k] in NEGATIONS


def find(tokens, statements):
    """Before resolve: -> (statements without what an undrawn colour replaces, findings for `notes`).

    A lipstick of an undrawn colour says no lip colour (not the lipstick's own red), and shade words on an undrawn
    colour ("dark purple lipstick", "light blue hair") say no drawn colour either."""
    words = [t.w for t in tokens]
    findings, drop = [], set()
    for i, w in enumerate(words):
        attr = _NOUNS.get(w)
        if attr is None:
            continue
        span, found = _colour_span(words, i, UNDRAWN[attr])
        if not found or attr == "lips" and any(words[k] in ("pale", "light") for k in span):
            continue  # "pale purple lips": pale (lip_shades.py)
        end = max(span + [i]) + 1
        if attr == "eye_color" and found == ["red"] and end < len(words) and words[end] in ("from", "with"):
            continue  # "her eyes were red from crying": bloodshot, not an iris colour
        if _denied(words, min(span + [i])):
            # "no blue hair", "without purple lipstick": nothing to draw, the negation is warned already; "no blue
            # hair" denies a colour, not the hair (bald, as "no hair" is)
            if attr == "hair_color":
                drop.add(("scalp_hair", i))
            continue
        findings.append((attr, found))
        drop |= {(attr, k) for k in span if words[k] in _SHADES}
        if attr == "lip_color":
            drop.add((attr, i))  # the lipstick's own red
        if attr == "lips":  # "lips painted purple" was red: no drawn colour of them
            drop |= {("lip_color", k) for k in span if words[k] in _SHADES} | {("lip_color", i + 1)}
    kept = [s for s in statements if (s.attr, s.pos) not in drop]
    return kept, findings


def notes(findings, concrete: dict[str, str]) -> list[str]:
    """After resolve: what each undrawn colour gives instead, or the contradiction with a drawn one."""
    out = []
    for kind, found in findings:
        attr = "lip_color" if kind == "lips" else kind
        name, colours = _ATTR_NAME[kind], " and ".join(repr(c) for c in found)
        values = ", ".join(BY_NAME[attr].values)
        drawn = concrete.get(attr)
        if drawn is not None:
            out.append(f"contradiction: {name} is stated as {drawn} and {colours}; {colours} cannot be drawn "
                       f"({attr}: {values}), using {drawn}")
        elif attr == "lip_color":
            out.append(f"{name} {colours} is not drawn ({attr}: {values}): the lips keep their natural colour "
                       f"(the phrase is kept for refinement)")
        else:
            out.append(f"{name} {colours} is not drawn ({attr}: {values}): the colour is left to the texture "
                       f"(the phrase is kept for refinement)")
    return list(dict.fromkeys(out))
