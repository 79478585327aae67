"""Telling non-English text apart: mostly non-Latin letters, or more foreign function words than English ones."""
from __future__ import annotations

from .result import ParseError
from .tokens import Token
from .vocabulary import english_words, foreign_words

MESSAGE = "the description does not look like English; nothing could be read from it (write it in English)"
NO_WORDS = ("no English words were recognised in the description; nothing could be read from it (describe the face "
            "in English; a name alone as 'looks like NAME')")


class NotEnglish(ParseError):
    """Text with nothing the parser can read (another language, gibberish): an error, not a warning, since a head
    made from it would be a random face that a script checking exit codes takes for the one described."""


def looks_foreign(text: str, tokens: list[Token]) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    if sum(ord(c) > 0x24F for c in letters) > 0.5 * len(letters):
        return MESSAGE
    english, foreign = english_words(), foreign_words()
    en = sum(t.w in english for t in tokens)
    fo = sum(t.w in foreign for t in tokens)
    if fo >= 2 and fo > en or (fo >= 1 and en == 0):
        return MESSAGE
    if en == 0 and sum(t.w.isalpha() for t in tokens) >= 2:
        return NO_WORDS  # gibberish ("zzzz qqqq"), not an abstract description
    return None
