"""How strong the stated expression is: `ParseResult.strength["expression"]`, read from the words of the statement
that made it (shape/expression_degree.py makes the face that strong).

- degree words right before the expression word, as for any graded value (degree.run_factor): "slightly annoyed",
  "a bit angry", "very angry", "a little sad", "extremely happy";
- intensity words, degrees in themselves (`INTENSITY`): "furious", "enraged", "livid", "seething", "raging" are very
  angry (2.0), "annoyed", "irritated", "miffed", "peeved" a little (0.5); "beaming", "grinning", "a grin" a broad
  smile; "heartbroken", "devastated", "grief-stricken" very sad; "astonished", "shocked", "stunned" very surprised;
  "terrified", "petrified", "horrified" very scared;
- the size of a smile, frown or grin (`SIZES`, before the noun, with their own degree words): "a faint / slight /
  small smile" 0.5, "a big / broad / wide smile" 2.0, "a very big smile" 2.5; an adverb after a verb (`ADVERBS`):
  "smiling broadly" 2.0, "smiling faintly" 0.5.

The factors multiply within DEGREE_RANGE ("slightly furious" is 1.0, as "angry"; "slightly annoyed" stays 0.5).
Only an explicit statement of the final value counts (an implied anger, "yelling", has none).  Above 1 only for the
expressions with a strong face (`STRONG_EXPRESSIONS`, as shape/expression_degree.STRONG; tests check they agree):
"a deep frown", "a strong frown" are a frown (the frown's drawing is its full one already: browDown 1), the size
words understood (features.py gives the nouns every size word), not left as a phrase.
"""
from __future__ import annotations

from .blends import SAD_SMILE
from .degree import run_factor
from .lexicon import DEGREE_RANGE, DEGREES, SOFT, VERY
from .mood_words import WORRY

# a smile's side words (gestures.py _LOPSIDED): no size of it
LOPSIDED = frozenset({"lopsided", "crooked", "one_sided", "wonky", "uneven", "asymmetric", "asymmetrical",
                      "sideways", "skewed", "off_kilter"})

STRONG_EXPRESSIONS = frozenset({"anger", "smile", "sad", "surprise", "fear"})

INTENSITY = {
    **{w: VERY for w in ("furious", "enraged", "livid", "seething", "raging", "fuming", "irate", "wrathful", "rage",
                         "incensed", "infuriated", "outraged")},
    **{w: SOFT for w in ("annoyed", "irritated", "irked", "vexed", "miffed", "peeved")},
    **{w: SOFT for w in WORRY},  # "a nervous man": the mild fear (mood_words.py)
    **{w: VERY for w in ("beaming", "grinning", "grin", "radiant", "elated", "ecstatic", "overjoyed")},
    **{w: VERY for w in ("heartbroken", "devastated", "distraught", "anguished", "inconsolable", "grief_stricken",
                         "sobbing", "despairing", "grieving")},
    **{w: VERY for w in ("astonished", "shocked", "stunned", "astounded", "flabbergasted", "dumbfounded",
                         "thunderstruck", "gobsmacked", "astonishment", "shock")},
    **{w: VERY for w in ("terrified", "petrified", "horrified", "panicked", "panicky", "terror", "panic_stricken",
                         "terror_stricken")},
}
# the size of a smile, grin, frown or scowl (a modifier of the noun)
SIZES = {
    **{w: SOFT for w in ("faint", "slight", "small", "little", "gentle", "soft", "thin", "tiny", "subtle", "mild",
                         "weak", "half", "hint")},
    **{w: VERY for w in ("big", "broad", "wide", "huge", "enormous", "beaming", "deep", "ear_to_ear", "ears_to_ears",
                         "massive", "giant", "strong", "intense", "heavy", "fierce")},
}
NOUNS = frozenset({"smile", "grin", "frown", "scowl", "laugh", "sneer", "smirk", "pout", "grimace", "glare",
                   SAD_SMILE})  # "a slight sad smile" as "a slight smile"
ADVERBS = {**{w: VERY for w in ("broadly", "widely", "hugely")},
           **{w: SOFT for w in ("slightly", "faintly", "softly", "gently", "mildly", "weakly", "a_little")}}


def _before(words: list[str], i: int) -> int:
    """Start of the run of degree words just before index i ("a little" included)."""
    k = i
    while k > 0 and (words[k - 1] in DEGREES or (words[k - 1] == "a" and k < len(words) and words[k] == "little")):
        k -= 1
    return k


def factor_at(words: list[str], i: int) -> float | None:
    """Strength of the expression word at index i of `words`, within DEGREE_RANGE; None for 1.0."""
    f = INTENSITY.get(words[i], 1.0)
    k = _before(words, i)
    f *= run_factor(words[k:i], False) or 1.0
    if words[i] in NOUNS:  # "a very big smile": its sizes, each with its own degree words
        if k > 0 and words[k - 1] in LOPSIDED and k - 1 == _before(words, k - 1):  # "a slight lopsided grin": the
            k -= 1  # gesture's word (gestures.py) is no size; "a very lopsided grin" keeps the grin's own 2.0
        while k > 0 and words[k - 1] in SIZES:
            size = k - 1
            k = _before(words, size)
            f *= SIZES[words[size]] * (run_factor(words[k:size], False) or 1.0)
    if i + 1 < len(words) and words[i + 1] in ADVERBS:  # "smiling broadly", "she smiles broadly" (the verb)
        f *= ADVERBS[words[i + 1]]
    lo, hi = DEGREE_RANGE
    f = min(max(f, lo), hi)
    return None if f == 1.0 else f


def expression_strength(words: list[str], statements, concrete: dict[str, str]) -> float | None:
    """The factor of the final expression's last explicit statement (None: as made, 1.0)."""
    value = concrete.get("expression")
    if value is None or value == "neutral":
        return None
    said = [s for s in statements if s.attr == "expression" and s.value == value and s.explicit and s.denied is None
            and 0 <= s.pos < len(words)]
    if not said:
        return None
    f = factor_at(words, max(said, key=lambda s: s.pos).pos)
    if f is not None and f > 1.0 and value not in STRONG_EXPRESSIONS:
        return None
    return f


def with_expression(strength: dict[str, float], words: list[str], statements, concrete: dict[str, str]) -> dict:
    """`strength` (degree.strengths) with the expression's factor added, in the order of `concrete`."""
    f = expression_strength(words, statements, concrete)
    if f is None:
        return strength
    out = {**strength, "expression": f}
    return {a: out[a] for a in concrete if a in out}
