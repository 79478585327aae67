"""Input checks and text clean-up: control characters, Unicode forms, quotes and dashes."""
from __future__ import annotations

import re
import unicodedata

from .lexicon import DEGREES, DETERMINERS, INTENSIFIERS, NEGATIONS
from .result import ParseError
from .words import STOP

_GLUE = STOP | DETERMINERS | DEGREES | INTENSIFIERS | NEGATIONS  # words a phrase cannot end with

MAX_CHARS = 2000

# Typographic variants folded to ASCII so the rule tables need one spelling.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": " - ", "\u2212": "-",
    "\u00a0": " ", "\u2026": "...",
})
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[ \t]*[\u2028\u2029]\s*")
_LAST_WORD = re.compile(r"(?:^|\s)([^\W\d_]+)$")
# Terminal escape sequences (ECMA-48), pasted from a coloured terminal or a log: CSI "ESC [ 31 m" (or the 8-bit CSI
# U+009B), OSC "ESC ] ... BEL / ESC \\" (a window title, a hyperlink), and two-character escapes ("ESC c").  Removed
# whole, not spaced: a terminal shows none of it, so "\x1b[31mred\x1b[0m hair" is what the user saw, "red hair".
# Before, only ESC became a space and "[31m" stayed: "number not understood as an age, left out: '31'".
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
                      r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[!-/]*[0-~]")


def _lines(text: str) -> str:
    """Line breaks separate the fields of a sheet ("Male\n40s\nGrey hair"), so each becomes a comma; one
    after a word that cannot end a phrase ("a man with\nbrown hair", "a very\nbig nose") is a wrapped line."""
    def repl(m: re.Match) -> str:
        before = text[max(0, m.start() - 40):m.start()].rstrip()  # a bounded look back: no O(n^2)
        if not before or not m.end() < len(text) or before[-1] in ",;:.!?-/|(":
            return " "
        last = _LAST_WORD.search(before)
        glue = last is not None and last.group(1).lower() in _GLUE
        return " " if glue else ", "
    return _LINE_BREAK.sub(repl, text) if "\u2028" in text or "\u2029" in text else text


# "Hair - short, curly", "Eyes – blue": a sheet's field with a dash for its colon, at a line's or item's start
_DASH_FIELD = re.compile(r"(^|[,;|.\u2028]\s*(?:[-*\u2022]\s*)?|^\s*[-*\u2022]\s*)([A-Za-z]+(?: [A-Za-z]+)?) [-\u2013\u2014] (?=\S)")


def _dash_fields(text: str) -> str:
    """A field's dash is its colon, so the value reads as a sheet field ("Hair - short, curly": the hair's length,
    not the body's height); only where the label is a feature noun or a form label."""
    from .features import FEATURES
    from .labels import LABELS

    def colon(m: re.Match) -> str:
        label = m.group(2).lower().split()[-1]
        return f"{m.group(1)}{m.group(2)}: " if label in FEATURES or label in LABELS else m.group(0)

    return _DASH_FIELD.sub(colon, text)


def clean(text: object) -> str:
    """Validate and clean user text.  Raises ParseError for non-text, empty or over-long input."""
    if not isinstance(text, str):
        raise ParseError(f"the description must be text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ParseError(f"the description is {len(text)} characters long; the limit is {MAX_CHARS} "
                         "(shorten it: the parser does not truncate)")
    # A NUL is refused, as the HTTP service refuses it (422 naming the field) and a command line cannot carry one: it
    # marks binary or truncated text, not a description; removing it here alone would make parse() accept what the
    # service refuses.
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError(f"the description contains a NUL character (\\x00) at character {nul + 1}; "
                         "remove it (a description is plain text)")
    text = _ESCAPES.sub("", text)
    # Other control and format characters (category C*) become spaces: they carry no meaning and
    # would otherwise glue or split words unpredictably.  Lone surrogates are dropped too.
    # line breaks (control characters) are kept as U+2028, a line separator, for _lines
    text = text.replace("\r", "\u2028").replace("\n", "\u2028")
    chars = [" " if unicodedata.category(c).startswith("C") else c for c in text]
    out = _lines(unicodedata.normalize("NFKC", "".join(chars)).translate(_FOLD))
    out = _SPACES.sub(" ", out).strip()
    out = _dash_fields(out)
    if not out:
        raise ParseError("the description is empty; describe a face, e.g. \"a young woman with green eyes\"")
    return out
