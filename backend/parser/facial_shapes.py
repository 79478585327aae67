"""Beard length, mustache shape and eyebrow colour (`ParseResult.facial_hair`): what the texture's draw of params
version 11 takes beside the code (backend/texture/params.py `_shapes`); the code's size is fixed by the trained shape
regressor, so these are an extra field, as the hairstyle is (hairstyle.py).

Only what the text states: {"beard_length": "short" | "long", "mustache": "thin" | "thick", "brow_color": a
hair_color value}.  "a long white beard", "a flowing beard", "a wizard-like beard", "a beard down to his chest":
long; "a short beard", "a neatly trimmed beard", "a close-cropped beard": short.  "a thin / pencil / pencil-thin
mustache": thin; "a thick / bushy / walrus / handlebar mustache": thick.  "dark eyebrows", "blond brows": the brows'
colour, no longer the hair's (`brow_statements` takes them out of what resolve.py reads, so "blond hair and dark
eyebrows" keeps the hair blond with no contradiction).  A negated word ("not a long beard") says nothing.

The face's bones, drawn by the shape (backend/shape/face_bones.py), ride in the same dict: {"cheekbones": "high" |
"flat", "brow_ridge": "heavy" | "flat"}.  "high / prominent / pronounced / chiselled cheekbones": high; "flat / low
cheekbones": flat.  "a heavy / prominent / strong brow", "a heavy brow ridge": heavy; "a flat brow (ridge)": flat
(brow_ridge.py `ridge_value`, which also takes its note and phrase away).
"""
from __future__ import annotations

from .brow_ridge import ridge_value
from .hairstyle import negated_before
from .tokens import Token

BEARD_NOUNS = frozenset({"beard", "bearded", "beards", "goatee", "goatees"})  # (a goatee's length: the beard mesh's)
MUSTACHE_NOUNS = frozenset({"mustache", "mustached", "mustaches", "tache", "stache", "mustachioed"})
BROW_SOURCES = frozenset({"brows", "unibrow"})  # the features whose colour words are the brows' (features.py)
# word before a beard noun -> its length
BEARD_LENGTH_WORDS = {
    "long": "long", "flowing": "long", "wizard": "long", "wizardly": "long", "lengthy": "long", "huge": "long",
    "enormous": "long", "biblical": "long", "patriarchal": "long", "waist_length": "long", "chest_length": "long",
    "short": "short", "trimmed": "short", "cropped": "short", "close_cropped": "short", "clipped": "short",
    "neat": "short", "neatly": "short", "tidy": "short", "tidily": "short", "groomed": "short", "close": "short",
}
# "a beard down to his chest": where it ends -> its length
BEARD_DOWN_TO = {"chest": "long", "belly": "long", "stomach": "long", "waist": "long", "navel": "long",
                 "knees": "long", "collarbone": "long", "collar": "long", "neck": "long", "chin": "short",
                 "jaw": "short", "jawline": "short"}
# word before a mustache noun -> its shape
MUSTACHE_WORDS = {
    "thin": "thin", "pencil": "thin", "pencil_thin": "thin", "narrow": "thin", "fine": "thin", "wispy": "thin",
    "skinny": "thin", "slim": "thin", "faint": "thin",
    "thick": "thick", "bushy": "thick", "walrus": "thick", "handlebar": "thick", "heavy": "thick", "big": "thick",
    "huge": "thick", "large": "thick", "droopy": "thick", "drooping": "thick", "horseshoe": "thick",
    "full": "thick", "luxuriant": "thick", "magnificent": "thick",
}
CHEEKBONE_NOUNS = frozenset({"cheekbones", "cheekbone", "cheek_bones", "cheekbone_s"})
# word before "cheekbones" -> the cheekbones' prominence
CHEEKBONE_WORDS = {
    "high": "high", "prominent": "high", "pronounced": "high", "chiselled": "high", "chiseled": "high",
    "sculpted": "high", "sharp": "high", "strong": "high", "striking": "high", "angular": "high", "defined": "high",
    "jutting": "high", "razor_sharp": "high", "model": "high",
    "flat": "flat", "low": "flat", "weak": "flat", "soft": "flat", "flattened": "flat",
}
_STOP = frozenset({",", ".", ";", "!", "?", "with", "and", "but", "or", "who", "has", "is", "in", "a", "an"})
_WINDOW = 4  # words looked back from a noun for its adjectives


def read(tokens: list[Token], statements=()) -> dict:
    """Tokens (after merge_phrases) and the extracted statements -> {beard_length?, mustache?, brow_color?,
    cheekbones?, brow_ridge?}."""
    words = [t.w for t in tokens]
    out: dict = {}
    ridge = ridge_value(_brow_text(tokens))
    if ridge:
        out["brow_ridge"] = ridge
    for k, w in enumerate(words):
        if w in CHEEKBONE_NOUNS or (w in ("cheeks", "cheek") and words[k + 1:k + 2] == ["bones"]):
            _before(words, k, CHEEKBONE_WORDS, "cheekbones", out)
            _field_value(words, k, CHEEKBONE_WORDS, "cheekbones", out)
        if w in BEARD_NOUNS:
            _before(words, k, BEARD_LENGTH_WORDS, "beard_length", out)
            _after(words, k, out)
        if w in MUSTACHE_NOUNS:
            _before(words, k, MUSTACHE_WORDS, "mustache", out)
    colours = [s.value for s in statements
               if s.attr == "hair_color" and s.source in BROW_SOURCES and s.value is not None and s.denied is None]
    if colours:
        out["brow_color"] = colours[-1]  # the last said, as resolve.py keeps the last statement
    return out


def _brow_text(tokens: list[Token]) -> str:
    """The words again as text for brow_ridge.py's reading, a lone "brow" as said (the tokenizer folds it into
    "brows", the eyebrows' word; its span still has 4 letters)."""
    return " ".join("brow" if t.w == "brows" and t.end - t.start == 4 else t.w.replace("_", " ") for t in tokens)


def brow_statements(statements: list) -> list:
    """The statements without the brows' colour words: a brow colour is the brows' own (read's `brow_color`), not
    the hair's ("blond hair and dark eyebrows": blond hair, dark brows, no contradiction)."""
    return [s for s in statements if not (s.attr == "hair_color" and s.source in BROW_SOURCES)]


def _before(words: list[str], k: int, table: dict, field: str, out: dict) -> None:
    for j in range(k - 1, max(k - 1 - _WINDOW, -1), -1):
        if words[j] in _STOP:
            return
        if words[j] in table and not negated_before(words, j):
            out.setdefault(field, table[words[j]])  # the first said wins
            return


_FIELD_LINKS = frozenset({":", "-", "are", "is", "were", "was", "look", "looked", "very", "quite", "rather", "really",
                          "extremely", "fairly", "pretty", "so"})


def _field_value(words: list[str], k: int, table: dict, field: str, out: dict) -> None:
    """A value after the noun, as a sheet's field or a predicate: "Cheekbones: high", "her cheekbones are very high"
    (before, only "high cheekbones" reached the field, and the field form was a phrase alone)."""
    j = k + 1
    while j < len(words) and j - k <= 3 and words[j] in _FIELD_LINKS:
        j += 1
    if j > k + 1 and j < len(words) and words[j] in table and not negated_before(words, j):
        out.setdefault(field, table[words[j]])


def _after(words: list[str], k: int, out: dict) -> None:
    """'a beard down to his chest', 'his beard is long', 'a beard reaching his belly'."""
    tail = words[k + 1:k + 7]
    for j, w in enumerate(tail):
        if w in _STOP - {"is", "a", "an"}:
            return
        if w in BEARD_DOWN_TO and j and tail[j - 1] in ("to", "his", "her", "their", "the", "past", "below",
                                                         "reaching", "over"):
            out.setdefault("beard_length", BEARD_DOWN_TO[w])
            return
        if w in ("long", "short", "trimmed") and j <= 2 and not negated_before(tail, j):
            out.setdefault("beard_length", BEARD_LENGTH_WORDS[w])
            return
