"""What the texture draws in place of what was asked, said: two eye colours (heterochromia), a pink or nude
lipstick, a face covered in freckles.

- The texture has one iris colour for both eyes.  "one blue eye and one brown", "his left eye is blue and his right
  eye is brown", "heterochromia" -> "both eyes are drawn in one colour (blue): ...", naming the colour used (the
  first stated, so "one blue eye and one brown eye" no longer warns a contradiction and keeps the last); a bare
  colour left as a phrase ("brown") goes.  Before, the second colour was dropped or warned as a contradiction.
- Lip colours are pale, natural and red (lip_shades.py); make-up paints a light lipstick layer.  A pink, rose,
  nude, peach or mauve lipstick is drawn as that light lipstick over natural lips (lip_color natural), and the note
  says so; before, `lip_color: natural` read as if the lipstick was ignored.
- How many freckles is read beside the code (freckle_amount.py) and drawn by the texture (no note).
"""
from __future__ import annotations

import re

_COLOURS = ("blue", "brown", "green", "hazel", "grey", "gray", "amber", "black", "violet", "dark", "light")
_EYE_COLOUR = {"blue": "blue", "brown": "brown", "green": "green", "hazel": "hazel", "grey": "gray", "gray": "gray",
               "amber": "hazel", "black": "brown"}
_C = "|".join(_COLOURS)
_TWO = re.compile(r"heterochrom|odd[- ]eyed|mismatched eyes|different[- ]colou?red eyes|eyes (?:of|in) (?:two )?"
                  r"different colou?rs|two different eye colou?rs|(?:two|2) different colou?red eyes")
# "one blue eye and one brown", "one eye blue, the other green", "left eye is blue and his right eye is brown"
_ONE = re.compile(rf"\b(?:one|left|right)\b(?:\s+(?:{_C}))?\s+eye\b")
_OTHER = re.compile(rf"\b(?:one|other|left|right)\b[^.;]{{0,30}}?\b({_C})\b")
_COLOUR_WORD = re.compile(rf"\b({'|'.join(_EYE_COLOUR)})\b")
_PINK = re.compile(r"\b(pink|rose|rosy|nude|peach|peachy|mauve|blush)(?:[- ](?:pink|coloured|colored|toned))?\s+"
                   r"lip(?:stick|gloss|s? ?gloss)\b")

_MUTTON = re.compile(r"\bmutton[\s-]*chops?\b")


def _two_eye_colours(text: str) -> bool:
    if _TWO.search(text):
        return True
    m = _ONE.search(text)
    if not m:
        return False
    colours = {_EYE_COLOUR[c] for c in _COLOUR_WORD.findall(text[max(0, m.start() - 20):])}
    return len(colours) >= 2 and bool(_OTHER.search(text, m.end()))


def notes(text: str, concrete: dict, abstract: list[str], warnings: list[str]) -> tuple[dict, list[str], list[str]]:
    """-> (concrete, abstract, warnings) with these notes; a contradiction of two eye colours becomes the note."""
    low = text.lower()
    if _two_eye_colours(low):
        one = _ONE.search(low)
        named = _COLOUR_WORD.findall(low[max(0, one.start() - 20):] if one else low)
        if named and any(w.startswith("contradiction: eye_color ") for w in warnings):
            concrete = {**concrete, "eye_color": _EYE_COLOUR[named[0]]}  # the first named, as "one blue eye and one
            # brown" already reads: not the contradiction's last
        warnings = [w for w in warnings if not w.startswith("contradiction: eye_color ")]
        used = concrete.get("eye_color")
        warnings.append("both eyes are drawn in one colour" + (f" ({used})" if used else " (drawn from the seed)")
                        + ": the texture has one iris colour, so two eye colours (heterochromia) are not drawn")
        # "brown" of "one blue eye and one brown", "heterochromia": no CLIP phrase draws two iris colours
        abstract = [p for p in abstract if not (_COLOUR_WORD.fullmatch(p.lower().strip()) or _TWO.search(p.lower()))]
    m = _PINK.search(low)
    if m and concrete.get("lip_color") == "natural":
        warnings.append(f"lipstick colour {m.group(1)!r} is drawn as the nearest the texture has: a light lipstick "
                        "over natural lips (lip_color natural; its lip colours are pale, natural and red)")
    if _MUTTON.search(low) and concrete.get("beard") == "full":
        warnings.append("mutton chops are drawn as the nearest facial hair the texture has: a full beard (beard full; "
                        "it has no sideburns-and-moustache style with a shaved chin)")
    return concrete, abstract, warnings
