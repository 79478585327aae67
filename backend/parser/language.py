"""Telling non-English text apart: mostly non-Latin letters, or more foreign function words than English ones."""
from __future__ import annotations

from .result import ParseError
from .tokens import Token
from .vocabulary import dictionary, english_words, foreign_words

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
    # the words judge, not the emoji: an emoji's tokens are English ("😊" -> "smiling"), so "sieht freundlich und
    # weise aus 😊" passed while the same words alone were refused
    tokens = [t for t in tokens if any(c.isalpha() for c in text[t.start:t.end])]
    english, foreign = english_words(), foreign_words()
    en = sum(t.w in english for t in tokens)
    fo = sum(t.w in foreign for t in tokens)
    if fo >= 2 and fo > en or (fo >= 1 and en == 0):
        return MESSAGE
    if en == 0 and sum(t.w.isalpha() for t in tokens) >= 2 and not _plain_english(text, tokens):
        return NO_WORDS  # gibberish ("zzzz qqqq"), not an abstract description
    return None


# words that say nothing, even as English: a prompt of them only ("blah blah", "test test", "lorem ipsum") is refused
# with the clear message, not sent to CLIP as a phrase
EMPTY_WORDS = frozenset("blah bla yada yadda lorem ipsum dolor etc etcetera whatever stuff things thing something "
                        "test testing tests asdf foo bar baz qux hmm hmmm umm uhh meh lol idk dunno nothing anything "
                        "placeholder sample example dummy random".split())


def _plain_english(text: str, tokens: list[Token]) -> bool:
    """English words the rules do not use ("painful sunburn": was refused as no English): at least half the words
    are lower-case words of the English dictionary (CLIP's vocabulary, vocabulary.dictionary) with a vowel and three
    different letters (its vocabulary holds "zzzz" too), none a foreign function word.  Capitalised words do not
    count, so a name alone ("Elvis Presley") is still refused; without the dictionary nothing counts."""
    words = dictionary()
    if not words:
        return False
    foreign = foreign_words()
    alpha = [t for t in tokens if t.w.isalpha()]

    def english(t: Token) -> bool:
        return (t.w in words and t.w not in foreign and t.w not in EMPTY_WORDS and len(set(t.w)) >= 3
                and any(c in "aeiouy" for c in t.w))

    lower = sum(english(t) and text[t.start:t.end].islower() for t in alpha)
    # a sentence's capital ("Painful toothache": was refused) counts beside a word written in lower case, so a name
    # alone ("Elvis Presley": every word capitalised) is still refused
    opening = any(text[t.start:t.end].islower() for t in alpha) and sum(
        english(t) and _opens_sentence(text, t) and text[t.start:t.end].istitle() for t in alpha)
    return 2 * (lower + opening) >= len(alpha)


def _opens_sentence(text: str, t: Token) -> bool:
    before = text[:t.start].rstrip(" \t\"'*-(")
    return not before or before[-1] in ".!?:;\n"
