"""The brow ridge (the bone above the eyes): "a heavy brow" (one brow, no "eyebrows") and "a heavy / prominent brow
ridge" say the bone juts, not that the eyebrows are thick; "heavy eyebrows" / "heavy brows" stay thick brows.  The
shape has no brow-ridge control the parser can set yet, so it is said in a note (not silence) and kept as a CLIP
phrase; a thick-brows reading that came only from "a heavy brow" is taken back."""
from __future__ import annotations

import re

_JUTTING = ("heavy|heavier|prominent|pronounced|jutting|protruding|beetling|overhanging|massive|strong|thick-boned|"
            "neanderthal")
# one brow after a jutting word, not "brows", "browed" or "brow ridge" (the `\b` after "brow" rules out the plurals)
_SINGULAR = re.compile(rf"\b({_JUTTING})[\s-]+brow\b(?![\s-]*(?:ridges?|bones?)\b)", re.IGNORECASE)
_RIDGE = re.compile(r"\b(?:(\w+)[\s-]+)?brow[\s-]*(?:ridges?|bones?)\b|\bsupraorbital ridges?\b", re.IGNORECASE)
_OTHER_BROWS = re.compile(r"\b(?:eyebrows?|brows|unibrow|monobrow|\w+-browed)\b", re.IGNORECASE)
NOTE = "not modelled: {} (the shape has no brow-ridge control yet; kept as a phrase for CLIP)"


def read(cleaned: str, concrete: dict, strength: dict, abstract: list[str]) -> tuple[dict, dict, list[str], list[str]]:
    """-> (concrete, strength, abstract, notes) with a lone "heavy brow" read as the brow ridge."""
    singular = list(_SINGULAR.finditer(cleaned))
    ridge = list(_RIDGE.finditer(cleaned))
    if not singular and not ridge:
        return concrete, strength, abstract, []
    said = [m.group(0) for m in ridge]
    if singular:
        said += [f"{m.group(1).lower()} brow ridge" for m in singular]
        rest = cleaned
        for m in reversed(singular):
            rest = rest[:m.start()] + rest[m.end():]
        if not _OTHER_BROWS.search(rest) and concrete.get("eyebrow_density") == "thick":
            # the thick brows came from "a heavy brow" alone: the bone, not the hair
            concrete = {k: v for k, v in concrete.items() if k != "eyebrow_density"}
            strength = {k: v for k, v in strength.items() if k != "eyebrow_density"}
        abstract = [p for p in abstract if not _SINGULAR.fullmatch(p.strip())] + [
            f"{m.group(1).lower()} brow ridge" for m in singular]
        abstract = list(dict.fromkeys(abstract))
    return concrete, strength, abstract, [NOTE.format(", ".join(dict.fromkeys(s.lower() for s in said)))]
