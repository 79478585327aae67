"""Looks the parser reads into one schema value, told apart from the prompt's words for params version 17's draw.

The parser reads "silver hair", "white hair" and "grey hair" all as hair_color gray, "dark berry lipstick" and "red
lipstick" as lip_color red, "nude lipstick" as natural, and "freckles all over" as freckles (backend/parser/features.py).
The texture draws them apart (params.py LOOKS): a shade word counts only where the parser's code says the same thing
(silver only with hair_color gray, a lipstick shade only with a stated lip colour, "all over" only with freckles), so a
denial or another reading of the words stays the parser's ("no silver hair" has no gray to shade).
"""
from __future__ import annotations

import re

_NOUN = r"(?:[- ]+[a-z]+){0,2}?[- ]+"  # up to two words between ("silver curly hair", "snow-white long hair")
_HAIR = r"(?:hair(?:ed)?|curls|locks|mane|bob|braids?|ponytail|bun|pompadour|crop)\b"
_SILVER = re.compile(r"\b(?:silver|silvery|steel|platinum)" + _NOUN + _HAIR)
_WHITE = re.compile(r"\b(?:white|snow[- ]?white|snowy|pure white)" + _NOUN + _HAIR)
_LIP = r"(?:lipstick|lips|lip colou?r|lip)\b"
_DARK = re.compile(r"\b(?:dark|deep|berry|plum|wine|burgundy|oxblood|maroon|vampy|mulberry|bordeaux|merlot|"
                   r"black cherry)" + _NOUN + _LIP)
_NUDE = re.compile(r"\b(?:nude|beige|neutral|barely[- ]there|peachy|peach)" + _NOUN + _LIP)
_SCAR = r"scar(?:s|red)?\b"  # "a pale scar", "a thin white scar", "dark scars" (the parser's scar says where, not the tone)
# (not the skin's, hair's or eyes' word: "a dark-skinned scarred man")
_SCAR_NOUN = r"(?:[- ]+(?!skin|hair|eye|complex)[a-z]+){0,2}?[- ]+"
_PALE_SCAR = re.compile(r"\b(?:pale|white|whitish|silvery|silver|faded|light)" + _SCAR_NOUN + _SCAR)
_DARK_SCAR = re.compile(r"\b(?:dark|darker|brown|brownish|hyperpigmented)" + _SCAR_NOUN + _SCAR)
_ALL_OVER = re.compile(r"freckle[sd]? (?:all over|everywhere|from head to toe)|freckled all over|"
                       r"freckles? on (?:his|her|their) (?:neck|shoulders|chest|body|arms)|freckled (?:body|shoulders)")


def stated_looks(prompt: str | None, hair: dict | None = None, eyeliner: dict | None = None) -> dict[str, str]:
    """The prompt's words -> {"hair": "silver" | "white", "lipstick": "dark" | "nude", "freckles": "all_over",
    "scar": "pale" | "dark"} where
    said (an empty dict for none), and {"covered": "yes"} where the parser's `hair` (ParseResult.hair) has the head
    covered (a turban, hijab, hat).  params_from_code uses each only where the parser's code agrees.  `eyeliner`: the
    parser's ParseResult.eyeliner ({"amount", "color"?}) -> {"eyeliner": amount, "eyeliner_color": colour} (version 18)."""
    text = " ".join(str(prompt or "").lower().replace("grey", "gray").split())
    out = {}
    if _SILVER.search(text):
        out["hair"] = "silver"
    elif _WHITE.search(text):
        out["hair"] = "white"
    if _DARK.search(text):
        out["lipstick"] = "dark"
    elif _NUDE.search(text):
        out["lipstick"] = "nude"
    if _DARK_SCAR.search(text):  # version 19: the scars' tone (params uses it only with a stated scar)
        out["scar"] = "dark"
    elif _PALE_SCAR.search(text):
        out["scar"] = "pale"
    if _ALL_OVER.search(text):
        out["freckles"] = "all_over"
    if (hair or {}).get("covered"):
        out["covered"] = "yes"
    if (eyeliner or {}).get("amount"):
        out["eyeliner"] = eyeliner["amount"]
        if eyeliner.get("color"):
            out["eyeliner_color"] = eyeliner["color"]
    return out
