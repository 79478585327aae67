"""A shade word before a lip colour moves it along the texture's lip tints (pale < natural < red).

`lip_color` holds pale, natural and red (backend/texture/params.py LIPS: tint 0.1, 0.45, 0.95).  A shade word right
before a pink or red colour word of the lips or a lipstick says how light or deep that colour is, so the two words are
one colour, not two statements ("pale pink lips" was pale, then natural, a contradiction won by natural):
- pale, light, pastel lower it one step: "pale pink lips", "light pink lipstick", "pale peach" -> pale; "pale red",
  "light red", "pale crimson" -> natural (a washed-out red is nearer the natural pink than the painted red);
- deep, dark, hot raise it one step: "deep pink", "dark rose", "hot pink" -> red (as berry, fuchsia, plum are red);
  "deep red", "dark red" stay red.  A nude is a skin shade, not a lighter or deeper pink: "deep nude" stays natural,
  "light nude" is pale.
Other colours keep their own reading ("pale purple lips" pale, "dark purple lipstick" not drawn: undrawn.py), and so
do a shade word alone ("pale lips" pale, "dark lipstick" red, "dark lips" a phrase) and shades not right before the
colour ("pale, pink lips" stays two statements, a contradiction).  Hyphen-joined shades read the same ("pale-pink").
"""
from __future__ import annotations

from dataclasses import replace

_STEPS = ("pale", "natural", "red")
LIGHTER = frozenset({"pale", "light", "pastel", "paler", "lighter"})
DEEPER = frozenset({"deep", "dark", "hot", "darker", "deeper"})
# the colour words a shade grades: the pink (natural) and red families of features._LIP_COLORS and
# undrawn.LIPSTICK_COLORS; "nude" (and its kin) only lightens
_HUES = frozenset({"pink", "pinkish", "rose", "rosy", "peach", "peachy", "mauve", "blush", "nude", "neutral",
                   "red", "crimson", "scarlet", "ruby", "cherry", "wine", "burgundy", "berry", "plum", "maroon",
                   "coral", "fuchsia", "magenta", "raspberry", "oxblood", "reddish", "redder"})
_NOT_DEEPER = frozenset({"nude", "neutral"})


def shade(tokens, statements):
    """Before resolve: a lip colour with a shade word right before it -> the colour one step lighter or deeper, and
    the shade word's own lip colour statement ("pale" -> pale, "dark" lipstick -> red) dropped."""
    words = [t.w for t in tokens]
    moved, drop = {}, set()
    for s in statements:
        if s.attr != "lip_color" or s.value not in _STEPS or not 0 < s.pos < len(words) or words[s.pos] not in _HUES:
            continue
        before = words[s.pos - 1]
        step = -1 if before in LIGHTER else 1 if before in DEEPER and words[s.pos] not in _NOT_DEEPER else 0
        if before not in LIGHTER and before not in DEEPER:
            continue
        i = min(max(_STEPS.index(s.value) + step, 0), len(_STEPS) - 1)
        moved[id(s)] = _STEPS[i]
        drop.add(s.pos - 1)
    if not moved:
        return statements
    out = []
    for s in statements:
        if s.attr == "lip_color" and s.pos in drop and id(s) not in moved:
            continue  # the shade word's own colour: it is the colour's shade now
        if id(s) in moved:
            s = replace(s, value=moved[id(s)])
        out.append(s)
    return out
