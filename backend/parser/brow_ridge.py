"""The brow ridge (the bone above the eyes): "a heavy brow" (one brow, no "eyebrows") and "a heavy / prominent brow
ridge" say the bone juts, not that the eyebrows are thick; "heavy eyebrows" / "heavy brows" stay thick brows.  A
thick-brows reading that came only from "a heavy brow" is taken back.  `ridge_value` reads the bone's size: "heavy",
"prominent", "strong" ... brow (ridge) -> "heavy"; "a flat / weak / slight brow (ridge)" -> "flat"; facial_shapes.py
puts it in `facial_hair["brow_ridge"]` and the shape draws it (backend/shape/face_bones.py), so it has no note; the
phrase stays for CLIP.  A ridge said with no size word ("a brow ridge") is said in a note and kept as a CLIP phrase."""
from __future__ import annotations

import re

_JUTTING = ("heavy|heavier|prominent|pronounced|jutting|protruding|beetling|overhanging|massive|strong|thick-boned|"
            "neanderthal")
# one brow after a jutting word, not "brows", "browed" or "brow ridge" (the `\b` after "brow" rules out the plurals)
_SINGULAR = re.compile(rf"\b({_JUTTING})[\s-]+brow\b(?![\s-]*(?:ridges?|bones?)\b)", re.IGNORECASE)
_RIDGE = re.compile(r"\b(?:(\w+)[\s-]+)?brow[\s-]*(?:ridges?|bones?)\b|\bsupraorbital ridges?\b", re.IGNORECASE)
_FLAT = "flat|flatter|weak|slight|faint|shallow|small|minimal"  # ("a smooth brow": the unlined forehead)
# "a flat brow", "a flat brow ridge": the bone's size; not "brows" (eyebrows) nor "-browed"
_SIZED = re.compile(rf"\b(?:(?P<heavy>{_JUTTING})|(?P<flat>{_FLAT}))[\s-]+(?:brow\b(?:[\s-]*(?:ridges?|bones?)\b)?|"
                    r"supraorbital ridges?\b)", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|not|without|never)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_OTHER_BROWS = re.compile(r"\b(?:eyebrows?|brows|unibrow|monobrow|\w+-browed)\b", re.IGNORECASE)
NOTE = "not modelled: {} (the shape draws a heavy or a flat brow ridge; kept as a phrase for CLIP)"


def ridge_value(text: str) -> str | None:
    """"heavy" or "flat" where the text sizes the brow ridge (the first said wins; a negated one says nothing)."""
    for m in _SIZED.finditer(text):
        if not _NEGATED.search(text[:m.start()]):
            return "heavy" if m.group("heavy") else "flat"
    return None


def read(cleaned: str, concrete: dict, strength: dict, abstract: list[str]) -> tuple[dict, dict, list[str], list[str]]:
    """-> (concrete, strength, abstract, notes) with a lone "heavy brow" read as the brow ridge."""
    singular = list(_SINGULAR.finditer(cleaned))
    ridge = list(_RIDGE.finditer(cleaned))
    sized = ridge_value(cleaned)
    if not singular and not ridge and not sized:
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
    if sized:  # the shape draws it (facial_shapes.py's brow_ridge): no note; the phrase stays for CLIP's look
        return concrete, strength, abstract, []
    return concrete, strength, abstract, [NOTE.format(", ".join(dict.fromkeys(s.lower() for s in said)))]

