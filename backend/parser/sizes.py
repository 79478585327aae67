"""Overall size words: a nose's size, and the degree a size word carries in itself.

The schema has no nose size, only `nose_length` (short, medium, long) and `nose_width` (narrow, medium, wide); a
small nose is short and narrow, a big one long and wide (`NOSE_SIZES`, merged into `features.NOSE`).  A button nose
is a small round nose (short and narrow; a snub or pug nose stays short and upturned).  Before, "a small nose", "a
big nose", "a huge nose" were abstract phrases only and "a little nose" was read as nothing at all.

A size word names one dimension less exactly than a word of that dimension, so what a length or width word says of
the same feature wins, quietly: "a small but wide nose" is short and wide, "a big flat nose" long, wide and low
(`yield_to_dimension_words`, run before resolve).

Size words that are degrees in themselves (`INHERENT`: "tiny" is "very small", "huge" "very big") give a strength as
a degree word before them would ("huge eyes" -> eye_size big, strength 2.0), multiplied with degree words before
them ("a very tiny nose": 2.5 at most) and only for sizes (`SIZE_ATTRIBUTES`; "a huge smile" or "a massive beard"
carry none).
"""
from __future__ import annotations

_SMALL = ("small", "little", "tiny", "smaller", "petite", "dainty", "minuscule", "teeny", "tiny_little")
_BIG = ("big", "large", "huge", "bigger", "larger", "enormous", "giant", "gigantic", "massive", "oversized",
        "hefty", "honking", "humongous", "immense")
NOSE_SIZES = {**{w: (("nose_length", "short"), ("nose_width", "narrow")) for w in _SMALL},
              **{w: (("nose_length", "long"), ("nose_width", "wide")) for w in _BIG}}
SIZE_WORDS = frozenset(NOSE_SIZES)

# The degree a size word holds ("tiny" = "very small"): the factors of lexicon.DEGREE_FACTORS (2.0 "very",
# 2.5 "extremely").
INHERENT = {"tiny": 2.0, "huge": 2.0, "massive": 2.0, "giant": 2.0, "teeny": 2.0, "immense": 2.0,
            "enormous": 2.5, "gigantic": 2.5, "minuscule": 2.5, "humongous": 2.5, "tiny_little": 2.0}
# Attributes that are a size, so that a size word's own degree grades them.
SIZE_ATTRIBUTES = frozenset({"eye_size", "nose_length", "nose_width", "mouth_width", "lip_thickness", "chin"})


def inherent(attr: str, word: str) -> float | None:
    """The degree a size word carries for a size attribute ("huge", eye_size -> 2.0), or None."""
    if attr not in SIZE_ATTRIBUTES:
        return None
    return INHERENT.get(word.lower().replace("-", "_").replace(" ", "_"))


def yield_to_dimension_words(statements):
    """Drop what a nose size word says of a dimension that a length or width word of the nose also states
    ("a small but wide nose": the width is wide, the length short; no contradiction)."""
    def size_word(s):
        return s.source == "nose" and s.text.lower() in SIZE_WORDS and s.attr in ("nose_length", "nose_width")

    stated = {s.attr for s in statements if s.source == "nose" and s.explicit and s.value is not None
              and s.attr in ("nose_length", "nose_width") and not size_word(s)}
    return [s for s in statements if not (size_word(s) and s.attr in stated)]


def little_is_degree(words: list[str], j: int, later: list[int], table: dict, lookup) -> bool:
    """Whether "little" at j, after "a", is the degree "a little" rather than the size "little": when the modifier
    after it names the same attribute ("a little long nose" is slightly long, not short; "a little wide mouth"
    slightly wide), while "a little upturned nose" is a small one and upturned."""
    if words[j] != "little" or j == 0 or words[j - 1] != "a" or not later:
        return False
    mine = {a for a, _ in lookup(table, "little") or ()}
    nxt = {a for a, _ in lookup(table, words[min(later)]) or ()}
    return bool(mine & nxt)
