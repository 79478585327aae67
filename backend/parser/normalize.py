"""Input checks and text clean-up: control characters, Unicode forms, quotes and dashes."""
from __future__ import annotations

import re
import unicodedata

from .result import ParseError

MAX_CHARS = 2000

# Typographic variants folded to ASCII so the rule tables need one spelling.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": " - ", "\u2212": "-",
    "\u00a0": " ", "\u2026": "...",
})
_SPACES = re.compile(r"\s+")


def clean(text: object) -> str:
    """Validate and clean user text.  Raises ParseError for non-text, empty or over-long input."""
    if not isinstance(text, str):
        raise ParseError(f"the description must be text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ParseError(f"the description is {len(text)} characters long; the limit is {MAX_CHARS} "
                         "(shorten it: the parser does not truncate)")
    # Control and format characters (category C*) become spaces: they carry no meaning and
    # would otherwise glue or split words unpredictably.  Lone surrogates are dropped too.
    chars = [" " if unicodedata.category(c).startswith("C") else c for c in text]
    out = unicodedata.normalize("NFKC", "".join(chars)).translate(_FOLD)
    out = _SPACES.sub(" ", out).strip()
    if not out:
        raise ParseError("the description is empty; describe a face, e.g. \"a young woman with green eyes\"")
    return out
