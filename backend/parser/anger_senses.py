""""cross" and "mad" as anger, where they are adjectives of a face or a person: "a cross old woman", "a mad-looking
man", "he looks mad", "she is very cross with him".  The token is read as "angry" (its text stays "cross" or "mad", so
warnings and phrases quote the user's word); degrees and negations follow as for "angry" ("a bit cross" 0.5, "not
mad" neutral).  Before, both were phrases only, or unknown words of the person's phrase.

Left alone (no anger): a cross the object ("a cross necklace", "wearing a silver cross", "a cross between Brad Pitt
and Tom Hanks") and hyphen compounds ("cross-eyed", "cross-legged", "criss-cross"); "crossbow" is another word.
"mad" before a role noun is the archetype, not a mood: "a mad scientist", "a mad professor", "the mad king" stay a
phrase for CLIP, which knows the look (wild hair, a wild stare) better than an angry face would draw it.  "went mad",
"mad about her" (insane, fond) are no anger either.  "mad" after a copula is the US sense, angry ("he is mad at
her").
"""
from __future__ import annotations

from .lexicon import COPULAS, DEGREES, INTENSIFIERS, NEGATIONS, PERSON_MODIFIERS, PERSONS, ROLES
from .tokens import Token

WORDS = frozenset({"cross", "mad"})
ANGRY = "angry"
# verbs that link the subject to the adjective ("looks mad", "got cross"); "went mad" is insanity, not anger
_LINKS = (COPULAS - {"with", "has", "have", "had", "and", "but", "yet", "whose", "also", "both", "kept", "that",
                     "which"}) | frozenset(
    {"get", "gets", "getting", "become", "becomes", "feel", "feels", "felt", "grew", "grows", "sounded", "seemed",
     "appeared", "look", "looked",
     "he", "she", "they", "we", "you", "i", "who"})  # "he's mad", "they're cross": the contraction is dropped
_BEFORE = DEGREES | INTENSIFIERS | NEGATIONS | frozenset({"hopping", "not_very"})  # "very cross", "hopping mad"
_SENTENCE_ENDS = frozenset(".!?:;,|-(\"")
_COMPOUND_ENDS = frozenset({"looking", "faced"})  # "mad-looking", "cross-faced"
# "mad" before these is the archetype, not a mood ("the mad king", "a mad hatter")
_ARCHETYPES = ROLES | frozenset({"king", "queen", "emperor", "empress", "hatter", "genius", "inventor", "alchemist",
                                 "prince", "princess", "monk", "hermit", "bomber", "titan"})
_NOT_ANGER_NEXT = frozenset({"about", "for", "keen", "between", "as"})  # "mad about her", "a cross between"
# face words "angry" describes as a look ("a cross face", "a mad glare", "a cross frown")
_LOOK_NOUNS = frozenset({"face", "expression", "look", "looks", "glare", "stare", "frown", "scowl", "eyes", "gaze",
                         "demeanor", "demeanour", "countenance", "mood"})


def _joined(text: str, a: Token, b: Token) -> bool:
    return text[a.end:b.start] == "-"


def _predicate(words: list[str], i: int) -> bool:
    """After a linking verb, past degree words and negations: "he looks mad", "she isn't a bit cross"."""
    k = i - 1
    while k >= 0 and i - k <= 4 and (words[k] in _BEFORE or (words[k] == "a" and words[k + 1] in ("bit", "little",
                                                                                              "tad"))):
        k -= 1  # "a bit cross"; not "is a cross" (the object)
    return k >= 0 and words[k] in _LINKS


def _before_person(words: list[str], i: int) -> str | None:
    """The person noun or look noun this adjective reaches past other person adjectives ("a cross old woman")."""
    k = i + 1
    while k < len(words) and (words[k] in PERSON_MODIFIERS or words[k] in (",", "looking")):
        k += 1
    if k < len(words) and (words[k] in PERSONS or words[k] in ROLES or words[k] in _LOOK_NOUNS):
        return words[k]
    return None


def is_anger(tokens: list[Token], i: int, text: str, words: list[str] | None = None) -> bool:
    """Whether tokens[i] ("cross" or "mad") is the adjective of anger in its place (`words`: the tokens' words)."""
    if tokens[i].w not in WORDS or (i and _joined(text, tokens[i - 1], tokens[i])):
        return False  # "criss-cross"
    words = [t.w for t in tokens] if words is None else words
    if text[tokens[i].start].isupper() and i and words[i - 1] not in _SENTENCE_ENDS and not text[
            tokens[i - 1].start:tokens[i - 1].end].isupper() and not _predicate(words, i):
        return False  # a name inside a sentence: "a character from Mad Men", "Mad Max" (a shouted text is no name)
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt in _COMPOUND_ENDS:
        return True  # "a mad-looking man", "cross looking"
    if nxt is not None and (_joined(text, tokens[i], tokens[i + 1]) or nxt in _NOT_ANGER_NEXT):
        return False  # "cross-eyed", "mad about", "a cross between"
    if _predicate(words, i):
        return True
    noun = _before_person(words, i)
    if noun is None:
        return False
    return not (words[i] == "mad" and noun in _ARCHETYPES)  # "a mad scientist": the archetype, a phrase


def read(tokens: list[Token], text: str) -> list[Token]:
    """`tokens` with "cross" and "mad" read as "angry" where they are anger."""
    words = [t.w for t in tokens]
    anger = {i for i, w in enumerate(words) if w in WORDS and is_anger(tokens, i, text, words)}
    # "hopping mad" is very angry
    return [Token(ANGRY, t.start, t.end) if i in anger else
            Token("very", t.start, t.end) if t.w == "hopping" and i + 1 in anger else t for i, t in enumerate(tokens)]
