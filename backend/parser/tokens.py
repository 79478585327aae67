"""Words with their places in the cleaned text, spelling variants folded and phrases merged."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .emoji import BEARDED, BEARDED_WOMAN, EMOJI, PERSON_EMOJI, SKIN_TONES
from .lexicon import MWE, VARIANTS, compound_person

# Words (letters with inner apostrophes), numbers with an optional "s" ("40s", "40's"), or one punctuation
# mark.
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+'?[sS]\b|\d+|[^\w\s]")  # "30s", "30'S" (a shouted decade)
_NEGATED_AUX = re.compile(r"^(?:is|are|was|were|do|does|did|has|have|had|ca|can|could|would|should|wo|"
                          r"must|need|ai)n't$|^(?:isnt|arent|wasnt|werent|dont|doesnt|didnt|hasnt|havent|"
                          r"hadnt|cant|couldnt|wouldnt|shouldnt|wont|aint|cannot)$")
_MWE_MAX = max(len(k) for k in MWE)
BOUNDARY = frozenset(".;!?()[]{}\"")
SEPARATORS = frozenset(",:")
ITEM_MARKS = frozenset({",", ";", "/", ".", ":", "!"})  # what ends a list item ("young woman, pale, freckled")
_LIST_MARKS = frozenset("|\u2022\u00b7\u25aa\u25cf")  # | • · ▪ ●


@dataclass
class Token:
    w: str      # canonical word (lower case, variant folded, maybe typo-corrected or merged)
    start: int  # span in the cleaned text
    end: int

    @property
    def punct(self) -> bool:
        return not (self.w[0].isalnum() or self.w[0] == "_")


def _canonical(raw: str) -> str:
    w = raw.lower()
    if w[0].isdigit():
        return w.replace("'", "")  # "30's" is the decade "30s", not "30" + a possessive
    if _NEGATED_AUX.match(w):
        return "not"
    for suffix in ("'s", "'re", "'ve", "'ll", "'d", "'m"):
        if w.endswith(suffix):  # "she's", "they're", "he'd": the pronoun is what matters
            w = w[: -len(suffix)]
            break
    w = w.replace("'", "")
    w = VARIANTS.get(w, w)
    return compound_person(w) or w  # "a Viking shieldmaiden": a maiden (the phrase keeps the word as written)


def _spaced_dash(text: str, i: int) -> bool:
    """A dash with spaces around it separates; one between digits is a range ("30 - 40")."""
    if not (0 < i < len(text) - 1 and text[i - 1] == " " and text[i + 1] == " "):
        return False
    return not (i > 1 and text[i - 2].isdigit() and i + 2 < len(text) and text[i + 2].isdigit())


def tokenize(text: str) -> list[Token]:
    """Cleaned text -> tokens; hyphens and apostrophes vanish (they only join words)."""
    out, after_person = [], False
    for m in _TOKEN.finditer(text):
        raw = m.group()
        person, after_person = after_person, raw in PERSON_EMOJI
        if raw in EMOJI or (person and raw in SKIN_TONES):  # "a woman 😡", "👴🏿": the words in the emoji's place
            words = EMOJI.get(raw) or f"with {SKIN_TONES[raw]} skin"
            if raw == BEARDED and text[m.end():].lstrip(" \ufe0f\U0001F3FB\U0001F3FC\U0001F3FD\U0001F3FE\U0001F3FF")[:1] == "\u2640":
                words = BEARDED_WOMAN
            out += [Token(_canonical(w), m.start(), m.end()) for w in words.split()]
            continue
        if raw in ("\ufe0f", "\ufe0e"):  # emoji / text presentation selectors: no character of their own
            after_person = person
            continue
        if raw == "-" and _spaced_dash(text, m.start()):
            out.append(Token(",", m.start(), m.end()))  # "Male - 40s - grey hair": a list mark
            continue
        if raw in ("-", "'", "_", "*", "#", "~", "^", "`"):
            continue
        # a bar or bullet separates the fields of a list ("AGE: 30 | GENDER: F", "• brown hair")
        w = "," if raw in _LIST_MARKS else _canonical(raw)
        if w:
            out.append(Token(w, m.start(), m.end()))
    return out


def merge_phrases(tokens: list[Token]) -> list[Token]:
    """Greedy longest match of the multi-word table; the merged token spans all its words."""
    out, i = [], 0
    while i < len(tokens):
        for size in range(min(_MWE_MAX, len(tokens) - i), 1, -1):
            key = tuple(t.w for t in tokens[i:i + size])
            if key in MWE:
                out.append(Token(MWE[key], tokens[i].start, tokens[i + size - 1].end))
                i += size
                break
        else:
            single = MWE.get((tokens[i].w,))
            out.append(Token(single, tokens[i].start, tokens[i].end) if single else tokens[i])
            i += 1
    return out
